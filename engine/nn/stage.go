package nn

import (
	"fmt"
	"math"

	"unibias/engine/stats"
)

// Role says what a weight matrix is to the two modalities (docs/theory.md
// §10.0): a remedy's "which layers" rule is a set of roles.
type Role int

// Layer roles.
const (
	PrivateA Role = iota // E_A^1 … E_A^{Lf−1}
	PrivateB             // E_B^1 … E_B^{Lf−1}
	FusionA              // F_A, A's column block of the fusion layer
	FusionB              // F_B
	Shared               // D^{Lf+1} … D^L
)

// Of reports which modality a role belongs to: 'A', 'B' or 0 for shared.
func (r Role) Of() byte {
	switch r {
	case PrivateA, FusionA:
		return 'A'
	case PrivateB, FusionB:
		return 'B'
	}
	return 0
}

// Roles returns the role of every layer, in the canonical order of Layers
// (a copy).
func (n *Net) Roles() []Role { return append([]Role(nil), n.layerRoles()...) }

// layerRoles is the cached role list (the step's hot path reads it).
func (n *Net) layerRoles() []Role {
	if n.roles != nil {
		return n.roles
	}
	out := make([]Role, len(n.layers))
	for k := range out {
		switch {
		case k == n.idxFA():
			out[k] = FusionA
		case k == n.idxFB():
			out[k] = FusionB
		case k < n.arch.Lf-1:
			out[k] = PrivateA
		case k < 2*(n.arch.Lf-1):
			out[k] = PrivateB
		default:
			out[k] = Shared
		}
	}
	n.roles = out
	return out
}

// Grad is a gradient of every layer: one flat buffer in the canonical order
// of the weights (Net.Weights) and per-layer views of it.
type Grad struct {
	Flat   []float64
	Layers [][]float64
}

// NewGrad allocates a gradient buffer shaped like the network.
func (n *Net) NewGrad() *Grad {
	g := &Grad{Flat: make([]float64, len(n.w)), Layers: make([][]float64, len(n.layers))}
	off := 0
	for k, L := range n.layers {
		g.Layers[k] = g.Flat[off : off+len(L.W) : off+len(L.W)]
		off += len(L.W)
	}
	return g
}

// GradMomentsInto writes the gradient of ℒ for a linear network on the
// moments m into g and returns ℒ, without changing the weights (docs/theory.md
// §3; the gradient stage of §10.0 sits between this and Apply). The total
// maps of this state are then available from LastTotal. It allocates nothing.
func (n *Net) GradMomentsInto(m *stats.Moments, g *Grad) float64 {
	return n.moments(m, 0, g.Layers)
}

// GradSamplesInto writes the gradient of ℒ on the samples X, Y into g and
// returns ℒ, without changing the weights.
func (n *Net) GradSamplesInto(X, Y []float64, g *Grad) float64 {
	loss := n.samples(X, Y)
	copy(g.Flat, n.ss.grad)
	return loss
}

// Apply takes the step w ← w − lr·g.
func (n *Net) Apply(g *Grad, lr float64) { axpy(n.w, -lr, g.Flat) }

// ModalityNorms returns, for each modality, Σ‖∇ℒ‖² and Σ‖θ‖² over its own
// parameters (private layers and its fusion block): the two sums of the
// conditional learning speed μ_m of docs/theory.md §10.1.
func (n *Net) ModalityNorms(g *Grad) (gA, tA, gB, tB float64) {
	for k, r := range n.layerRoles() {
		gg, tt := dot(g.Layers[k], g.Layers[k]), dot(n.layers[k].W, n.layers[k].W)
		switch r.Of() {
		case 'A':
			gA, tA = gA+gg, tA+tt
		case 'B':
			gB, tB = gB+gg, tB+tt
		}
	}
	return gA, tA, gB, tB
}

// normTracker keeps Σ‖θ_k‖² of every layer current through the fused moment
// step at the cost of a few flops per row (docs/theory.md §10.1: μ_m needs the
// parameter norms before every update). The gradient of layer k is the outer
// product −a_kᵀb_kᵀ, so ‖g_k‖² = ‖a_k‖²‖b_k‖² and the update W += η a bᵀ
// changes ‖W‖² by 2η·aᵀWb + η²‖a‖²‖b‖², with aᵀWb accumulated from the
// row products the pass computes anyway. The norms are recomputed exactly
// every resync steps so rounding cannot accumulate.
type normTracker struct {
	sq    []float64 // ‖W_k‖² of the current weights
	pre   []float64 // ‖W_k‖² before the latest update
	g2    []float64 // ‖g_k‖² of the latest step
	count int
}

const resyncNorms = 1024

// TrackNorms makes every later StepMoments and StepSamples record the
// gradient and parameter norms that LastNorms returns. Weights and losses
// are unchanged bit for bit.
func (n *Net) TrackNorms() {
	if n.nt == nil {
		K := len(n.layers)
		n.nt = &normTracker{sq: make([]float64, K), pre: make([]float64, K), g2: make([]float64, K)}
	}
}

// LastNorms returns, for the state before the latest StepMoments or
// StepSamples, each modality's Σ‖∇ℒ‖² and Σ‖θ‖² (see ModalityNorms). It
// reports ok = false unless TrackNorms was called before that step.
func (n *Net) LastNorms() (gA, tA, gB, tB float64, ok bool) {
	if n.nt == nil || n.nt.count == 0 {
		return 0, 0, 0, 0, false
	}
	t := n.nt
	for k, r := range n.layerRoles() {
		switch r.Of() {
		case 'A':
			gA, tA = gA+t.g2[k], tA+t.pre[k]
		case 'B':
			gB, tB = gB+t.g2[k], tB+t.pre[k]
		}
	}
	return gA, tA, gB, tB, true
}

// fromGrads records the norms of a sample step from its materialised
// gradients, before the update.
func (t *normTracker) fromGrads(n *Net, grads [][]float64) {
	for k, L := range n.layers {
		t.g2[k] = dot(grads[k], grads[k])
		t.pre[k] = dot(L.W, L.W)
	}
	t.count++
}

// resync recomputes the squared norms exactly when due.
func (t *normTracker) resync(n *Net) {
	if t.count%resyncNorms == 0 {
		for k, L := range n.layers {
			t.sq[k] = dot(L.W, L.W)
		}
	}
	t.count++
}

// FeatureMoments returns E‖h_A‖² and E‖h_B‖² of a linear network on the
// moments m: h_m = E_m^{Lf−1}⋯E_m^1 x_m is what enters the fusion layer (x_m
// itself for early fusion), the feature of docs/theory.md §10.3. It carries the
// d_m columns of the product up the stack (one matrix-vector product per
// layer and column), then E‖h‖² = Σ_cc' Σ_cc' p_c·p_c'.
func (n *Net) FeatureMoments(m *stats.Moments) (ea, eb float64) {
	a := n.arch
	feat := func(E [][]float64, idx func(int) int, sig []float64, d int) float64 {
		if a.Lf == 1 {
			tr := 0.0
			for i := 0; i < d; i++ {
				tr += sig[i*d+i]
			}
			return tr
		}
		first := n.layers[idx(1)]
		cols := make([][]float64, d) // column c of the product so far
		for c := range cols {
			cols[c] = make([]float64, first.Rows)
			for r := 0; r < first.Rows; r++ {
				cols[c][r] = E[1][r*d+c]
			}
		}
		for l := 2; l < a.Lf; l++ {
			L := n.layers[idx(l)]
			for c := range cols {
				next := make([]float64, L.Rows)
				matVec(next, cols[c], E[l], L.Rows, false)
				cols[c] = next
			}
		}
		tr := 0.0
		for c := range cols {
			for c2 := range cols {
				if v := sig[c*d+c2]; v != 0 {
					tr += v * dot(cols[c], cols[c2])
				}
			}
		}
		return tr
	}
	return feat(n.ea, n.idxEA, m.SigmaA(), a.DA), feat(n.eb, n.idxEB, m.SigmaB(), a.DB)
}

// PartialOut receives what Partials computes per sample; any slice may be
// nil, the others must have one entry per sample.
type PartialOut struct {
	Full   []float64 // f(x_A, x_B)
	A, B   []float64 // the partial outputs ŷ_A, ŷ_B
	OnlyA  []float64 // f(x_A, 0): the network with B at its mean
	OnlyB  []float64 // f(0, x_B)
	FeatSq [2]float64
}

// Partials computes, for every sample of X, the network's output and the
// per-modality partial outputs of docs/theory.md §10.0: the two-player Shapley
// split ŷ_A = ½[(f(x_A,x_B) − f(0,x_B)) + (f(x_A,0) − f(0,0))] with 0 the
// mean input (0 for every data set here). The split is exact (W_m^tot x_m
// for linear nets, the fusion block's share for late fusion) whenever f is
// additive. out.FeatSq gets E‖h_A‖² and E‖h_B‖², the mean squared norms of
// what enters the fusion layer (§10.3). Cost: three forward passes a sample,
// or, on the samples of the latest sample step when they have the structure
// of docs/theory.md §9.5 or §9.6, a few passes per atom or group (equal to
// the forward passes to rounding; partials.go).
func (n *Net) Partials(X []float64, out *PartialOut) {
	a := n.arch
	d := a.DA + a.DB
	N := len(X) / d
	if N == 0 || len(X) != N*d {
		panic(fmt.Sprintf("nn: Partials: %d values are not rows of DA+DB = %d", len(X), d))
	}
	if n.partialsReduced(X, out) {
		return
	}
	n.partialsPlain(X, out)
}

// partialsPlain is Partials by three forward passes a sample.
func (n *Net) partialsPlain(X []float64, out *PartialOut) {
	a := n.arch
	d := a.DA + a.DB
	N := len(X) / d
	s := n.sampleScratch()
	x := make([]float64, d)
	xa := make([]float64, a.DA)
	f00 := n.forward(s, make([]float64, d))
	featSq := func(idx func(int) int, xm []float64) float64 {
		if a.Lf == 1 {
			return dot(xm, xm)
		}
		h := s.act[idx(a.Lf-1)]
		return dot(h, h)
	}
	var ea, eb float64
	set := func(dst []float64, i int, v float64) {
		if dst != nil {
			dst[i] = v
		}
	}
	for i := 0; i < N; i++ {
		copy(x, X[i*d:(i+1)*d])
		f := n.forward(s, x)
		ea += featSq(n.idxEA, x[:a.DA])
		eb += featSq(n.idxEB, x[a.DA:])
		copy(xa, x[:a.DA])
		clear(x[:a.DA])
		f0B := n.forward(s, x) // f(0, x_B)
		copy(x[:a.DA], xa)
		clear(x[a.DA:])
		fA0 := n.forward(s, x) // f(x_A, 0)
		set(out.Full, i, f)
		set(out.OnlyA, i, fA0)
		set(out.OnlyB, i, f0B)
		set(out.A, i, 0.5*((f-f0B)+(fA0-f00)))
		set(out.B, i, 0.5*((f-fA0)+(f0B-f00)))
	}
	out.FeatSq = [2]float64{ea / float64(N), eb / float64(N)}
}

// FusionGains scales the fusion blocks F_A ← gA·F_A, F_B ← gB·F_B, runs
// fn, and restores the blocks exactly: the capability-weighted fusion of
// docs/theory.md §10.3 evaluates and differentiates the network with its
// per-modality decision gains in place. save must hold len(F_A)+len(F_B)
// values.
func (n *Net) FusionGains(gA, gB float64, save []float64, fn func()) {
	na := len(n.fa)
	copy(save[:na], n.fa)
	copy(save[na:na+len(n.fb)], n.fb)
	for i := range n.fa {
		n.fa[i] *= gA
	}
	for i := range n.fb {
		n.fb[i] *= gB
	}
	fn()
	copy(n.fa, save[:na])
	copy(n.fb, save[na:na+len(n.fb)])
}

// FusionSize is len(F_A) + len(F_B), the buffer FusionGains needs.
func (n *Net) FusionSize() int { return len(n.fa) + len(n.fb) }

// UnbiasedStd is the unbiased standard deviation of g's entries (0 for fewer
// than two), the noise scale of OGM-GE (docs/theory.md §10.4).
func UnbiasedStd(g []float64) float64 {
	if len(g) < 2 {
		return 0
	}
	mean := 0.0
	for _, v := range g {
		mean += v
	}
	mean /= float64(len(g))
	ss := 0.0
	for _, v := range g {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss / float64(len(g)-1))
}
