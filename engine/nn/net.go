package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Layer is a view of one weight matrix, stored row-major (Rows × Cols, out ×
// in, docs/theory.md §0). W aliases the network's storage: writing to it changes
// the network.
type Layer struct {
	Name       string
	Rows, Cols int
	W          []float64
}

// Net is a two-modality fusion network (docs/theory.md §1) with its scratch
// buffers. Every matrix is a flat row-major []float64 inside one backing
// array. A Net is not safe for concurrent use (even the read-only looking
// methods Total and Predict use scratch space); use Clone for another
// goroutine.
type Net struct {
	arch   Arch
	scheme Scheme

	w      []float64 // backing array of all layers, canonical order
	layers []Layer   // views into w, canonical order (see Layers)

	// Named views (aliases of layers[k].W): the modality-private layers
	// ea[l] = E_A^l, eb[l] = E_B^l for l = 1 … Lf−1 (index 0 unused), the
	// fusion blocks fa = F_A, fb = F_B, the shared layers d[l] = D^l for
	// l = Lf+1 … L (lower indices unused).
	ea, eb [][]float64
	fa, fb []float64
	d      [][]float64

	// Aligned scheme: the unit input directions p_0 of each modality.
	pA0, pB0 []float64

	ms    *momentScratch
	ss    *sampleScratch
	plans []*samplePlan // the structure of the latest samples seen, most recent first (structure.go)
	nt    *normTracker  // see TrackNorms
	sx    []float64     // the pseudo-input of StepSignMoments
	roles []Role        // see Roles
}

// Layer indices in the canonical order.
func (n *Net) idxEA(l int) int { return l - 1 }
func (n *Net) idxEB(l int) int { return n.arch.Lf - 1 + l - 1 }
func (n *Net) idxFA() int      { return 2 * (n.arch.Lf - 1) }
func (n *Net) idxFB() int      { return 2*(n.arch.Lf-1) + 1 }
func (n *Net) idxD(l int) int  { return 2*n.arch.Lf + (l - n.arch.Lf - 1) }

// alloc builds the storage and views for a valid architecture.
func alloc(a Arch, s Scheme) *Net {
	sh := a.shapes()
	n := &Net{arch: a, scheme: s, w: make([]float64, a.NumWeights())}
	n.layers = make([]Layer, len(sh))
	off := 0
	for k, x := range sh {
		sz := x.rows * x.cols
		n.layers[k] = Layer{Name: x.name, Rows: x.rows, Cols: x.cols, W: n.w[off : off+sz : off+sz]}
		off += sz
	}
	n.bindViews()
	return n
}

func (n *Net) bindViews() {
	a := n.arch
	n.ea = make([][]float64, a.Lf)
	n.eb = make([][]float64, a.Lf)
	for l := 1; l < a.Lf; l++ {
		n.ea[l] = n.layers[n.idxEA(l)].W
		n.eb[l] = n.layers[n.idxEB(l)].W
	}
	n.fa = n.layers[n.idxFA()].W
	n.fb = n.layers[n.idxFB()].W
	n.d = make([][]float64, a.L+1)
	for l := a.Lf + 1; l <= a.L; l++ {
		n.d[l] = n.layers[n.idxD(l)].W
	}
}

// New initialises a network (docs/theory.md §1.1) with scale γ (u0 for Aligned).
//
// Random draws, all rng.NormFloat64 and nothing else, in this fixed order, so
// that a seed gives bit-identical weights on every platform:
//
//   - Entrywise, Scaled: one draw per weight, layer by layer in the canonical
//     order of Layers (E_A^1 … E_A^{Lf−1}, E_B^1 … E_B^{Lf−1}, F_A, F_B,
//     D^{Lf+1} … D^L), row-major inside a layer; weight = draw × std.
//   - Aligned: unit vectors (a Gaussian vector divided by its norm), in this
//     order: p_0 of A (only if DA > 1; p_0 = +1 without a draw when DA = 1),
//     p_1 … p_{Lf−1} of A (H draws each), the same for B, then the shared
//     chain q_{Lf} … q_{L−1} (H draws each; q_L = 1 is the output). Layers:
//     E_A^l = u0·p_l p_{l−1}ᵀ, F_A = u0·q_{Lf} p_{Lf−1}ᵀ (likewise B with its
//     own vectors and the same q_{Lf}), D^l = √2·u0·q_l q_{l−1}ᵀ. Every inner
//     product along the chain is 1, so at t = 0 W_A^tot = (√2u0)^{L−Lf}
//     u0^{Lf} p_0ᵀ (> 0 for scalar inputs), exactly the initial state of the
//     reduced dynamics of §4. For DA > 1 the input direction p_0 is random;
//     AlignInputs can point it along a chosen direction (e.g. Σ_yA) instead.
//
// The scale must be finite and non-negative.
func New(a Arch, s Scheme, scale float64, rng *rand.Rand) (*Net, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if math.IsNaN(scale) || math.IsInf(scale, 0) || scale < 0 {
		return nil, fmt.Errorf("nn: initial scale %g must be finite and non-negative", scale)
	}
	if rng == nil {
		return nil, errors.New("nn: nil random source")
	}
	n := alloc(a, s)
	switch s {
	case Entrywise:
		for _, L := range n.layers {
			fill(L.W, scale, rng)
		}
	case Scaled:
		fIn := n.layers[n.idxFA()].Cols + n.layers[n.idxFB()].Cols
		for k, L := range n.layers {
			cnt := float64(L.Rows * L.Cols)
			std := scale / math.Sqrt(cnt)
			if k >= n.idxFA() { // F and the shared layers: variance 2γ²/n
				if k <= n.idxFB() {
					cnt = float64(L.Rows * fIn) // n counts the whole F = [F_A | F_B]
				}
				std = scale * math.Sqrt(2/cnt)
			}
			fill(L.W, std, rng)
		}
	case Aligned:
		n.initAligned(scale, rng)
	default:
		return nil, fmt.Errorf("nn: unknown initialisation scheme %d", int(s))
	}
	return n, nil
}

func fill(w []float64, std float64, rng *rand.Rand) {
	for i := range w {
		w[i] = std * rng.NormFloat64()
	}
}

// unitVector draws a uniformly random unit vector of length d (d = 1 gives
// +1 without a draw when plusOne is set).
func unitVector(d int, plusOne bool, rng *rand.Rand) []float64 {
	v := make([]float64, d)
	if d == 1 && plusOne {
		v[0] = 1
		return v
	}
	for {
		s := 0.0
		for i := range v {
			v[i] = rng.NormFloat64()
			s += float64(v[i] * v[i]) // explicit conversion: no fused multiply-add
		}
		if s > 0 {
			r := math.Sqrt(s)
			for i := range v {
				v[i] /= r
			}
			return v
		}
	}
}

// setOuter writes M = c · u vᵀ.
func setOuter(m []float64, c float64, u, v []float64) {
	cols := len(v)
	for i, ui := range u {
		row := m[i*cols : (i+1)*cols]
		cu := c * ui
		for j, vj := range v {
			row[j] = cu * vj
		}
	}
}

func (n *Net) initAligned(u0 float64, rng *rand.Rand) {
	a := n.arch
	chain := func(d int, E [][]float64) (p0, last []float64) {
		p0 = unitVector(d, true, rng)
		prev := p0
		for l := 1; l < a.Lf; l++ {
			p := unitVector(a.H, false, rng)
			setOuter(E[l], u0, p, prev)
			prev = p
		}
		return p0, prev
	}
	var lastA, lastB []float64
	n.pA0, lastA = chain(a.DA, n.ea)
	n.pB0, lastB = chain(a.DB, n.eb)
	q := []float64{1}
	if a.Lf < a.L {
		q = unitVector(a.H, false, rng)
	}
	setOuter(n.fa, u0, q, lastA)
	setOuter(n.fb, u0, q, lastB)
	s2 := math.Sqrt2 * u0
	for l := a.Lf + 1; l <= a.L; l++ {
		next := []float64{1}
		if l < a.L {
			next = unitVector(a.H, false, rng)
		}
		setOuter(n.d[l], s2, next, q)
		q = next
	}
}

// AlignInputs re-points the input directions p_0 of an Aligned network, right
// after New, along dirA and dirB (normalised; e.g. Σ_yA and Σ_yB, the
// directions in which the totals start to grow, which makes the reduced
// dynamics of docs/theory.md §4 exact whenever the error rows stay parallel to
// them — e.g. isotropic blocks). The first layer of each modality, u0·c p_0ᵀ,
// becomes u0·c p̂ᵀ; nothing else changes.
func (n *Net) AlignInputs(dirA, dirB []float64) error {
	if n.scheme != Aligned || n.pA0 == nil {
		return errors.New("nn: AlignInputs needs a network with the aligned initialisation")
	}
	if len(dirA) != n.arch.DA || len(dirB) != n.arch.DB {
		return fmt.Errorf("nn: AlignInputs: directions of sizes %d, %d for inputs of sizes %d, %d",
			len(dirA), len(dirB), n.arch.DA, n.arch.DB)
	}
	pa, err := normalised(dirA)
	if err != nil {
		return err
	}
	pb, err := normalised(dirB)
	if err != nil {
		return err
	}
	ma, mb := n.fa, n.fb
	if n.arch.Lf > 1 {
		ma, mb = n.ea[1], n.eb[1]
	}
	repoint(ma, n.pA0, pa)
	repoint(mb, n.pB0, pb)
	n.pA0, n.pB0 = pa, pb
	return nil
}

func normalised(dir []float64) ([]float64, error) {
	s := 0.0
	for _, v := range dir {
		s += v * v
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, errors.New("nn: AlignInputs: direction must be non-zero and finite")
	}
	r := math.Sqrt(s)
	p := make([]float64, len(dir))
	for i, v := range dir {
		p[i] = v / r
	}
	return p, nil
}

// repoint replaces the input direction of a rank-one layer m = c p0ᵀ by p.
func repoint(m, p0, p []float64) {
	d := len(p0)
	c := make([]float64, len(m)/d)
	for i := range c {
		c[i] = dot(m[i*d:(i+1)*d], p0)
	}
	setOuter(m, 1, c, p)
}

// Arch returns the architecture.
func (n *Net) Arch() Arch { return n.arch }

// Scheme returns the initialisation scheme the network was built with.
func (n *Net) Scheme() Scheme { return n.scheme }

// Clone returns an independent deep copy (weights only; scratch is fresh).
func (n *Net) Clone() *Net {
	c := alloc(n.arch, n.scheme)
	copy(c.w, n.w)
	c.pA0 = append([]float64(nil), n.pA0...) // nil stays nil
	c.pB0 = append([]float64(nil), n.pB0...)
	return c
}

// Layers returns views of all weight matrices in the canonical order
// E_A^1 … E_A^{Lf−1}, E_B^1 … E_B^{Lf−1}, F_A, F_B, D^{Lf+1} … D^L
// (names "E_A^1", "F_A", "F_B", "D^3", …). The W slices alias the network.
func (n *Net) Layers() []Layer { return append([]Layer(nil), n.layers...) }

// Weights returns the backing array of all weights in the canonical order
// (aliases the network).
func (n *Net) Weights() []float64 { return n.w }

// Total writes the end-to-end maps W_A^tot (len DA) and W_B^tot (len DB) as
// plain matrix products D^L⋯D^{Lf+1}·F_A·E_A^{Lf−1}⋯E_A^1 (docs/theory.md §1);
// like the reference code it ignores φ, so for ReLU nets it is not the
// fitted function (§5.12).
func (n *Net) Total(wa, wb []float64) {
	if len(wa) != n.arch.DA || len(wb) != n.arch.DB {
		panic(fmt.Sprintf("nn: Total: buffers of sizes %d, %d for DA=%d, DB=%d", len(wa), len(wb), n.arch.DA, n.arch.DB))
	}
	s := n.momentScratch()
	n.topDown(s)
	copy(wa, s.wTot[:n.arch.DA])
	copy(wb, s.wTot[n.arch.DA:])
}

// Decision returns the Frobenius norms ‖F_A‖, ‖F_B‖ of the fusion blocks,
// the decision-layer weight norms of docs/theory.md §10.3 (for late fusion F is
// the last layer).
func (n *Net) Decision() (normFA, normFB float64) {
	return math.Sqrt(dot(n.fa, n.fa)), math.Sqrt(dot(n.fb, n.fb))
}

// PrivateGradEnergy returns, per modality, the relative gradient energy
// s_m = Σ‖∇ℒ‖² / Σ‖θ‖² summed over the modality's own parameters — its
// private layers E_m^1 … E_m^{Lf−1} and its column block F_m of the fusion
// layer — the demo analogue of the conditional learning speed of
// docs/theory.md §10.1. grads must be in the order of Layers (as returned by
// GradMoments or GradSamples). A modality whose parameters are all zero
// gets +Inf (or NaN if its gradient is zero too).
func (n *Net) PrivateGradEnergy(grads [][]float64) (sA, sB float64) {
	if len(grads) != len(n.layers) {
		panic("nn: PrivateGradEnergy: gradient list does not match the layers")
	}
	var ga, ta, gb, tb float64
	for l := 1; l < n.arch.Lf; l++ {
		k := n.idxEA(l)
		ga += dot(grads[k], grads[k])
		ta += dot(n.layers[k].W, n.layers[k].W)
		k = n.idxEB(l)
		gb += dot(grads[k], grads[k])
		tb += dot(n.layers[k].W, n.layers[k].W)
	}
	k := n.idxFA()
	ga += dot(grads[k], grads[k])
	ta += dot(n.fa, n.fa)
	k = n.idxFB()
	gb += dot(grads[k], grads[k])
	tb += dot(n.fb, n.fb)
	return ga / ta, gb / tb
}
