// Package train runs full-batch gradient descent on a fusion network
// (docs/theory.md §3) and records what a run did with bounded memory: a thinned
// trajectory for plots and a decimated per-step record for the measurements
// of docs/theory.md §6. It detects convergence and divergence.
package train

import (
	"fmt"
	"math"

	"unibias/engine/data"
	"unibias/engine/measure"
	"unibias/engine/nn"
	"unibias/engine/remedy"
)

// Options control a run.
type Options struct {
	LR    float64 // learning rate η
	Steps int     // step budget
	// Tol: the run has converged once ℒ − LossMin < Tol (docs/theory.md §3: the
	// reference stops at ℒ < 1e-4 on noiseless data).
	Tol     float64
	LossMin float64
	// MaxDense bounds the per-step record; past it the record is decimated
	// by two (default 1<<16 entries).
	MaxDense int
	// Vectors keeps the full W_A^tot, W_B^tot vectors in trajectory points.
	Vectors bool
	// Remedy configures the remedies of docs/theory.md §10; with none active
	// the plain step runs and the run is bit-identical to one without them.
	Remedy remedy.Config
	// Samples makes a linear network with remedies train on the samples, by
	// backpropagation, instead of on their moments: the check that both
	// forms of the gradient stage agree (docs/theory.md §10.0).
	Samples bool
}

// Point is one recorded state (the state before the update of that step).
type Point struct {
	Step  int       `json:"step"`
	T     float64   `json:"t"` // theory time η·step
	Loss  float64   `json:"loss"`
	WA    float64   `json:"w_a"` // signed W_A^tot (scalar modality) or ‖W_A^tot‖
	WB    float64   `json:"w_b"`
	NormA float64   `json:"norm_a"`
	NormB float64   `json:"norm_b"`
	Eg    float64   `json:"eg"` // generalisation error (0 without a linear teacher)
	VecA  []float64 `json:"vec_a,omitempty"`
	VecB  []float64 `json:"vec_b,omitempty"`
	DecA  float64   `json:"dec_a"` // ‖F_A‖: decision-layer weight norm (§10.3)
	DecB  float64   `json:"dec_b"`
	// Xor and Lin are the coefficients of the network's output projected on
	// [xor(x_A), x_B] over the training samples (XOR data only, §9.2).
	Xor float64 `json:"xor,omitempty"`
	Lin float64 `json:"lin,omitempty"`
	// Measures of the related work (docs/theory.md §10) at this state; NaN
	// where undefined or not read at this point.
	Measures `json:"-"`
}

// Status of a run.
type Status string

// Run states.
const (
	Running   Status = "training"
	Converged Status = "converged"
	Diverged  Status = "diverged"
	Budget    Status = "budget"
)

// Runner advances a network step by step. It is not safe for concurrent use.
type Runner struct {
	Net    *nn.Net
	Data   *data.Set
	Opt    Options
	step   int
	status Status
	reason string
	loss0  float64
	last   float64

	dense    measure.Series
	denseCnt int // steps since the last dense entry
	traj     []Point
	nextLog  int
	linEvery int
	wa, wb   []float64

	rem            remedy.Config
	st             *stage // nil when no remedy is active
	speedA, speedB float64
	nextMeasure    int
	wbuf           []float64
	part           *nn.PartialOut
	sm             *nn.SignMoments // sign-conditioned moments of the samples (SignMomentForm nets)
	xorPred        []float64       // the network's outputs on the samples (xorProjection)
}

// NewRunner prepares a run of net on d.
func NewRunner(net *nn.Net, d *data.Set, opt Options) *Runner {
	if opt.MaxDense <= 0 {
		opt.MaxDense = 1 << 16
	}
	a := net.Arch()
	r := &Runner{Net: net, Data: d, Opt: opt, status: Running,
		dense: measure.Series{Stride: 1},
		wa:    make([]float64, a.DA),
		wb:    make([]float64, a.DB),
	}
	r.linEvery = opt.Steps / 600
	if r.linEvery < 1 {
		r.linEvery = 1
	}
	r.loss0 = math.NaN()
	r.rem = opt.Remedy
	if opt.Remedy.Active() {
		r.st = newStage(r, opt.Remedy)
	} else {
		net.TrackNorms()
	}
	return r
}

// Step is the number of steps taken.
func (r *Runner) Step() int { return r.step }

// Status is the current state of the run.
func (r *Runner) Status() Status { return r.status }

// Reason explains a divergence.
func (r *Runner) Reason() string { return r.reason }

// Done reports whether the run has stopped.
func (r *Runner) Done() bool { return r.status != Running }

// Advance takes up to n more steps and reports whether the run has stopped.
func (r *Runner) Advance(n int) bool {
	a := r.Net.Arch()
	moments := a.MomentForm()
	for i := 0; i < n && r.status == Running; i++ {
		if r.step >= r.Opt.Steps {
			r.finish(Budget)
			break
		}
		// A trajectory point reads the weights before the update, like the
		// loss and the totals of this step.
		rec := r.wantPoint(r.step)
		var sn snap
		if rec {
			sn = r.snapshot(r.step)
		}
		var loss float64
		switch {
		case r.st != nil:
			loss = r.st.step(r)
		case moments:
			loss = r.Net.StepMoments(&r.Data.Train, r.Opt.LR)
			r.Net.LastTotal(r.wa, r.wb)
		case a.SignMomentForm() && r.Data.N > 0:
			// Exact for these samples at a cost independent of their number
			// (docs/theory.md §9.4).
			if r.sm == nil {
				sm := nn.NewSignMoments(r.Data.X, r.Data.Y)
				r.sm = &sm
			}
			r.Net.Total(r.wa, r.wb)
			loss = r.Net.StepSignMoments(r.sm, r.Opt.LR)
		default:
			r.Net.Total(r.wa, r.wb)
			loss = r.Net.StepSamples(r.Data.X, r.Data.Y, r.Opt.LR)
		}
		if r.st == nil {
			if gA, tA, gB, tB, ok := r.Net.LastNorms(); ok {
				r.accumulateSpeed(gA, tA, gB, tB)
			}
		}
		if r.step == 0 {
			r.loss0 = loss
		}
		r.last = loss
		if bad := r.checkDivergence(loss); bad != "" {
			r.reason = bad
			r.status = Diverged
			if !rec {
				sn = r.snapshot(r.step)
			}
			r.recordPoint(r.step, loss, sn)
			break
		}
		r.recordDense(loss)
		if rec {
			r.recordPoint(r.step, loss, sn)
		}
		r.step++
		if loss-r.Opt.LossMin < r.Opt.Tol {
			r.finish(Converged)
		}
	}
	if r.status == Running && r.step >= r.Opt.Steps {
		r.finish(Budget)
	}
	return r.status != Running
}

func (r *Runner) finish(s Status) {
	r.status = s
	// Record the final state (after the last update).
	var loss float64
	r.effective(func() {
		r.Net.Total(r.wa, r.wb)
		loss = r.currentLoss()
	})
	if len(r.traj) == 0 || r.traj[len(r.traj)-1].Step != r.step {
		r.recordPoint(r.step, loss, r.snapshot(r.step))
	}
	r.last = loss
}

// currentLoss evaluates ℒ at the current weights without stepping.
func (r *Runner) currentLoss() float64 {
	if r.Net.Arch().MomentForm() {
		w := append(append([]float64(nil), r.wa...), r.wb...)
		return r.Data.Train.Loss(w)
	}
	return r.Net.LossSamples(r.Data.X, r.Data.Y)
}

func (r *Runner) checkDivergence(loss float64) string {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Sprintf("the loss became %v at step %d", loss, r.step)
	}
	limit := 1e6*math.Max(r.loss0, 1e-12) + 1e3
	if loss > limit {
		return fmt.Sprintf("the loss grew from %.3g to %.3g by step %d", r.loss0, loss, r.step)
	}
	return ""
}

// scalarOrNorm is the signed value for a one-dimensional modality, the norm
// otherwise (what §6 measures).
func scalarOrNorm(v []float64) float64 {
	if len(v) == 1 {
		return v[0]
	}
	return norm(v)
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

func (r *Runner) recordDense(loss float64) {
	if r.denseCnt > 0 {
		r.denseCnt--
		return
	}
	r.dense.Loss = append(r.dense.Loss, loss)
	r.dense.A = append(r.dense.A, scalarOrNorm(r.wa))
	r.dense.B = append(r.dense.B, scalarOrNorm(r.wb))
	r.denseCnt = r.dense.Stride - 1
	if len(r.dense.Loss) >= r.Opt.MaxDense {
		// Keep every other entry and double the stride.
		h := len(r.dense.Loss) / 2
		for i := 0; i < h; i++ {
			r.dense.Loss[i] = r.dense.Loss[2*i]
			r.dense.A[i] = r.dense.A[2*i]
			r.dense.B[i] = r.dense.B[2*i]
		}
		r.dense.Loss, r.dense.A, r.dense.B = r.dense.Loss[:h], r.dense.A[:h], r.dense.B[:h]
		// The next entry belongs to step h·2·stride.
		r.dense.Stride *= 2
		r.denseCnt = h*r.dense.Stride - (r.step + 1)
		if r.denseCnt < 0 {
			r.denseCnt = 0
		}
	}
}

// wantPoint decides the thinned trajectory: every step early on, then both a
// log-spaced grid (≈ 150 points per decade) and a linear grid of ≈ 600 points
// over the budget.
func (r *Runner) wantPoint(step int) bool {
	if step < 100 || step%r.linEvery == 0 {
		return true
	}
	if step >= r.nextLog {
		r.nextLog = int(float64(step)*1.0155) + 1
		return true
	}
	return false
}

// recordPoint appends the point of a state: its loss and total maps (r.wa,
// r.wb) and what snapshot read from its weights.
func (r *Runner) recordPoint(step int, loss float64, sn snap) {
	p := Point{Step: step, T: float64(step) * r.Opt.LR, Loss: loss,
		WA: scalarOrNorm(r.wa), WB: scalarOrNorm(r.wb), NormA: norm(r.wa), NormB: norm(r.wb)}
	w := append(append([]float64(nil), r.wa...), r.wb...)
	p.Eg = r.Data.GeneralisationError(w)
	p.DecA, p.DecB = sn.decA, sn.decB
	p.Measures = r.measure(loss, sn)
	p.Xor, p.Lin = sn.xor, sn.lin
	if r.Opt.Vectors {
		p.VecA = append([]float64(nil), r.wa...)
		p.VecB = append([]float64(nil), r.wb...)
	}
	r.traj = append(r.traj, p)
}

// Trajectory returns the recorded points so far (shared slice; do not modify).
func (r *Runner) Trajectory() []Point { return r.traj }

// Dense returns the decimated per-step record.
func (r *Runner) Dense() *measure.Series { return &r.dense }

// Loss returns the most recent loss.
func (r *Runner) Loss() float64 { return r.last }

// Loss0 returns the initial loss (NaN before the first step).
func (r *Runner) Loss0() float64 { return r.loss0 }

// Current returns the current total maps W_A^tot, W_B^tot (copies; with
// the capability gains of capability-weighted fusion applied).
func (r *Runner) Current() (wa, wb []float64) {
	wa = make([]float64, len(r.wa))
	wb = make([]float64, len(r.wb))
	r.effective(func() { r.Net.Total(wa, wb) })
	return wa, wb
}

// Speeds are the conditional learning speeds M_A, M_B accumulated so far
// (docs/theory.md §10.1).
func (r *Runner) Speeds() (mA, mB float64) { return r.speedA, r.speedB }

// InsertPoints adds trajectory points for the given steps from the dense
// record (for the steps that matter in §6: t_A, t_B, t_uni), keeping the
// trajectory sorted. Steps not in the record are skipped.
func (r *Runner) InsertPoints(steps ...int) {
	for _, s := range steps {
		if s < 0 || s%r.dense.Stride != 0 {
			continue
		}
		i := s / r.dense.Stride
		if i >= len(r.dense.Loss) {
			continue
		}
		p := Point{Step: s, T: float64(s) * r.Opt.LR, Loss: r.dense.Loss[i], WA: r.dense.A[i], WB: r.dense.B[i],
			NormA: math.Abs(r.dense.A[i]), NormB: math.Abs(r.dense.B[i]), Measures: NaNMeasures()}
		// Find the insertion position.
		j := 0
		for j < len(r.traj) && r.traj[j].Step < s {
			j++
		}
		if j < len(r.traj) && r.traj[j].Step == s {
			continue
		}
		// Interpolate quantities not in the dense record from neighbours.
		if j > 0 && j < len(r.traj) {
			a, b := r.traj[j-1], r.traj[j]
			f := float64(s-a.Step) / float64(b.Step-a.Step)
			p.Eg = a.Eg + f*(b.Eg-a.Eg)
			p.DecA = a.DecA + f*(b.DecA-a.DecA)
			p.DecB = a.DecB + f*(b.DecB-a.DecB)
			p.Xor = a.Xor + f*(b.Xor-a.Xor)
			p.Lin = a.Lin + f*(b.Lin-a.Lin)
		} else if j > 0 {
			// Past the last recorded point: carry its values.
			a := r.traj[j-1]
			p.Eg, p.DecA, p.DecB, p.Xor, p.Lin = a.Eg, a.DecA, a.DecB, a.Xor, a.Lin
		}
		r.traj = append(r.traj, Point{})
		copy(r.traj[j+1:], r.traj[j:])
		r.traj[j] = p
	}
}

// SuggestLR proposes a learning rate after a divergence: a quarter of the
// one that diverged, and no more than the stability estimate 1/(L·λ_max·s),
// where s bounds the squared scale of the solution (docs/theory.md §3).
func SuggestLR(lr float64, L int, lambdaMax, solutionNorm float64) float64 {
	s := lr / 4
	if lambdaMax > 0 {
		scale := math.Pow(math.Max(solutionNorm, 1), 2*float64(L-1)/float64(L))
		if est := 1 / (float64(L) * lambdaMax * scale); est < s {
			s = est
		}
	}
	// Round down to one significant digit for a readable suggestion.
	e := math.Floor(math.Log10(s))
	return math.Floor(s/math.Pow(10, e)) * math.Pow(10, e)
}

// xorProjection fits ŷ ≈ c_xor·xor(x_A) + c_lin·x_B by least squares over the
// training samples (docs/theory.md §9.2: "project ŷ on [xor, x_B]").
func (r *Runner) xorProjection() (cXor, cLin float64) {
	x, n := r.Data.X, r.Data.N
	if len(r.xorPred) != n {
		r.xorPred = make([]float64, n)
	}
	// One batch prediction: exact reductions of the forward pass where the
	// data allow (docs/theory.md §9.5, §9.6), instead of a pass per sample.
	r.Net.PredictSamples(x[:3*n], r.xorPred)
	var sxx, sxl, sll, sxy, sly float64
	for i := 0; i < n; i++ {
		row := x[3*i : 3*i+3]
		f := -row[0] * row[1]
		l := row[2]
		y := r.xorPred[i]
		sxx += f * f
		sxl += f * l
		sll += l * l
		sxy += f * y
		sly += l * y
	}
	det := sxx*sll - sxl*sxl
	if det == 0 {
		return 0, 0
	}
	return (sxy*sll - sly*sxl) / det, (sly*sxx - sxy*sxl) / det
}
