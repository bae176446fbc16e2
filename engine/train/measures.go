package train

import (
	"math"

	"unibias/engine/nn"
	"unibias/engine/remedy"
	"unibias/engine/stats"
)

// Measures are the related work's quantities at one state of a run
// (docs/theory.md §10): NaN where a quantity is undefined (the utilisation
// rates before the network explains anything) or not computed at that point
// (the sample-based ones are read on a coarser grid).
type Measures struct {
	// Explained fractions of the target P(f), P(f_A′), P(f_B′) (§10.0;
	// P(f_m′) is modality m's unimodal capability of §10.3); under the
	// logistic loss, accuracies.
	PF, PA, PB float64
	// UAB = u(A|B), UBA = u(B|A): conditional utilisation rates (§10.1).
	UAB, UBA float64
	// D = log10(M_B/M_A): conditional learning-speed imbalance (§10.1).
	D float64
	// SA, SB: per-modality scores; KA, KB: OGM's coefficients at the run's α
	// (applied when OGM is on, §10.4).
	SA, SB, KA, KB float64
	// FeatA, FeatB: RMS norm of what enters the fusion layer; ContA, ContB:
	// RMS of the output contributions ŷ_A, ŷ_B (§10.3).
	FeatA, FeatB, ContA, ContB float64
}

// NaNMeasures is the value of a point where nothing was measured.
func NaNMeasures() Measures {
	n := math.NaN()
	return Measures{n, n, n, n, n, n, n, n, n, n, n, n, n, n}
}

// accumulateSpeed adds one regular step's μ_m = ‖∇_{θ_m}ℒ‖²/‖θ_m‖² to the
// conditional learning speeds M_A, M_B (§10.1; with a memory below 1 the sum
// decays, an option that is not in the paper).
func (r *Runner) accumulateSpeed(gA, tA, gB, tB float64) {
	dec := r.rem.Decay
	if !(dec > 0) || dec > 1 || r.rem.Wu == "" || r.rem.Wu == remedy.WuOff {
		dec = 1
	}
	r.speedA = dec*r.speedA + ratio(gA, tA)
	r.speedB = dec*r.speedB + ratio(gB, tB)
}

func ratio(g, t float64) float64 {
	if t == 0 {
		return 0
	}
	return g / t
}

// SpeedImbalance is d = log10(M_B/M_A) of the steps so far (§10.1).
func (r *Runner) SpeedImbalance() float64 { return remedy.SpeedImbalance(r.speedA, r.speedB) }

// scores returns the modalities' scores at the current weights (without
// capability gains: the capability of each encoder on its own).
func (r *Runner) scores() (sA, sB float64) {
	a := r.Net.Arch()
	wa, wb := make([]float64, a.DA), make([]float64, a.DB)
	r.Net.Total(wa, wb)
	return r.scoresAt(wa, wb)
}

// scoresAt returns the scores s_A, s_B of §10.0: for linear nets the
// Gaussian-moment form (1 + v_m)^(−½) with v_m = E(y − W_m x_m)², from the
// total maps wa, wb; otherwise the mean of exp(−½(y − ŷ_m)²) over the
// training samples with the partial outputs ŷ_m of the current network.
func (r *Runner) scoresAt(wa, wb []float64) (sA, sB float64) {
	if r.Net.Arch().MomentForm() {
		la, lb := r.unimodalLosses(wa, wb)
		return remedy.GaussianScore(2 * la), remedy.GaussianScore(2 * lb)
	}
	p := r.partials()
	var a, b float64
	for i, y := range r.Data.Y {
		a += r.sampleScore(y, p.A[i])
		b += r.sampleScore(y, p.B[i])
	}
	n := float64(len(r.Data.Y))
	return a / n, b / n
}

// sampleScore is one sample's contribution to a modality's score (§10.0):
// σ(y ŷ_m) under the logistic loss (OGM's two-class softmax probability),
// exp(−½(y − ŷ_m)²) under the squared loss.
func (r *Runner) sampleScore(y, ym float64) float64 {
	if r.Net.Arch().Loss == nn.Logistic {
		return 1 / (1 + math.Exp(-y*ym))
	}
	return math.Exp(-0.5 * sq(y-ym))
}

// unimodalLosses are ℒ(W_A, 0) and ℒ(0, W_B) on the training moments.
func (r *Runner) unimodalLosses(wa, wb []float64) (la, lb float64) {
	w := r.wbuf[:0]
	w = append(append(w, wa...), make([]float64, len(wb))...)
	la = r.Data.Train.Loss(w)
	w = append(append(w[:0], make([]float64, len(wa))...), wb...)
	lb = r.Data.Train.Loss(w)
	r.wbuf = w
	return la, lb
}

// partials runs nn.Partials over the training samples into the runner's
// buffers.
func (r *Runner) partials() *nn.PartialOut {
	n := len(r.Data.Y)
	if r.part == nil || len(r.part.Full) != n {
		r.part = &nn.PartialOut{Full: make([]float64, n), A: make([]float64, n), B: make([]float64, n),
			OnlyA: make([]float64, n), OnlyB: make([]float64, n)}
	}
	r.Net.Partials(r.Data.X, r.part)
	return r.part
}

// snap is what a trajectory point reads from the weights themselves, taken
// before the step's update so that it belongs to the same state as the
// step's loss and total maps.
type snap struct {
	decA, decB float64
	full       bool       // the costly measures are due at this point
	feat       [2]float64 // E‖h_A‖², E‖h_B‖² (linear nets, when full)
	sample     Measures   // every measure of a nonlinear net (when full)
	xor, lin   float64
}

// snapshot reads the current weights for a trajectory point of step.
func (r *Runner) snapshot(step int) snap {
	sn := snap{sample: NaNMeasures()}
	sn.full = step >= r.nextMeasure || r.status != Running || r.cheapFeatures()
	if sn.full {
		r.nextMeasure = max(int(float64(step)*1.05)+1, step+r.Opt.Steps/150)
	}
	r.effective(func() {
		sn.decA, sn.decB = r.Net.Decision()
		if !sn.full {
			return
		}
		if r.Net.Arch().MomentForm() {
			sn.feat[0], sn.feat[1] = r.Net.FeatureMoments(&r.Data.Train)
		} else if len(r.Data.Y) > 0 {
			sn.sample = r.sampleMeasures(r.partials())
		}
	})
	if r.Data.Kind == "xor" {
		sn.xor, sn.lin = r.xorProjection()
	}
	return sn
}

// cheapFeatures reports whether the feature norms of a moment-form network
// cost little enough (under ~10⁵ flops: scalar or small inputs, modest
// width) to be read at every recorded point instead of on the coarse grid.
func (r *Runner) cheapFeatures() bool {
	a := r.Net.Arch()
	if !a.MomentForm() {
		return false
	}
	h, d := float64(a.H), float64(max(a.DA, a.DB))
	return float64(max(a.Lf-2, 0))*h*h*d+h*d*d < 1e5
}

// sampleMeasures are the §10 measures of a nonlinear network from its partial
// outputs on the training samples (§10.0).
func (r *Runner) sampleMeasures(p *nn.PartialOut) Measures {
	m := NaNMeasures()
	logistic := r.Net.Arch().Loss == nn.Logistic
	var lf, la, lb, sa, sb, ca, cb, l0 float64
	for i, y := range r.Data.Y {
		if logistic { // P is the accuracy (§10.1: "accuracy for logistic tasks")
			lf += hit(y, p.Full[i])
			la += hit(y, p.OnlyA[i])
			lb += hit(y, p.OnlyB[i])
		} else {
			lf += sq(y - p.Full[i])
			la += sq(y - p.OnlyA[i])
			lb += sq(y - p.OnlyB[i])
			l0 += y * y
		}
		sa += r.sampleScore(y, p.A[i])
		sb += r.sampleScore(y, p.B[i])
		ca += sq(p.A[i])
		cb += sq(p.B[i])
	}
	n := float64(len(r.Data.Y))
	if logistic {
		m.PF, m.PA, m.PB = lf/n, la/n, lb/n
	} else {
		m.PF, m.PA, m.PB = 1-lf/l0, 1-la/l0, 1-lb/l0
	}
	m.SA, m.SB = sa/n, sb/n
	m.ContA, m.ContB = math.Sqrt(ca/n), math.Sqrt(cb/n)
	m.FeatA, m.FeatB = math.Sqrt(p.FeatSq[0]), math.Sqrt(p.FeatSq[1])
	return m
}

// measure assembles the §10 measures of a point: the moment-based ones of a
// linear network from the state's loss and total maps r.wa, r.wb, the rest
// from the snapshot.
func (r *Runner) measure(loss float64, sn snap) Measures {
	m := sn.sample
	if a := r.Net.Arch(); a.MomentForm() {
		l0 := 0.5 * r.Data.Train.Eyy
		la, lb := r.unimodalLosses(r.wa, r.wb)
		m.PF, m.PA, m.PB = 1-loss/l0, 1-la/l0, 1-lb/l0
		m.SA, m.SB = remedy.GaussianScore(2*la), remedy.GaussianScore(2*lb)
		da := r.Data.Train.DA
		m.ContA = math.Sqrt(math.Max(quad(r.wa, &r.Data.Train, 0), 0))
		m.ContB = math.Sqrt(math.Max(quad(r.wb, &r.Data.Train, da), 0))
		if sn.full {
			m.FeatA, m.FeatB = math.Sqrt(sn.feat[0]), math.Sqrt(sn.feat[1])
		}
	}
	m.D = r.SpeedImbalance()
	if !math.IsNaN(m.SA) {
		m.UAB, m.UBA = remedy.Utilisation(m.PF, m.PA, m.PB)
		alpha := r.rem.Alpha
		if !(alpha > 0) {
			alpha = 0.1
		}
		m.KA, m.KB = remedy.OGMCoefficients(m.SA, m.SB, alpha, r.rem.Continuous)
	}
	return m
}

// hit is 1 when the sign of ŷ matches the label y ∈ {±1}.
func hit(y, yhat float64) float64 {
	if y*yhat > 0 {
		return 1
	}
	return 0
}

// quad is wᵀΣ_mw for the diagonal block of Σ whose first coordinate is off
// (0 for A, DA for B), read in place.
func quad(w []float64, m *stats.Moments, off int) float64 {
	d, s := m.D(), 0.0
	for i, wi := range w {
		s += wi * dotRow(m.Sxx[(off+i)*d+off:(off+i)*d+off+len(w)], w)
	}
	return s
}

func dotRow(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func sq(x float64) float64 { return x * x }

// effective runs fn with the network as it computes its output: with the
// capability gains of capability-weighted fusion in place.
func (r *Runner) effective(fn func()) {
	if r.st == nil {
		fn()
		return
	}
	r.st.gains(r.Net, fn)
}
