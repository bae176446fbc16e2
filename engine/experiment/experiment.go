// Package experiment turns a parameter set (package params) into a data set,
// a network and the theory's predictions, runs the simulation, and reports
// theory and simulation side by side. It is the one place that glues the
// engine together; the command line, the Web Worker and the page's exports all
// produce its Report, so they agree by construction.
package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"unibias/engine/custom"
	"unibias/engine/data"
	"unibias/engine/measure"
	"unibias/engine/nn"
	"unibias/engine/params"
	"unibias/engine/remedy"
	"unibias/engine/stats"
	"unibias/engine/theory"
	"unibias/engine/train"
)

// Seed streams: data and initialisation draw from independent PCG streams
// of the same seed, so changing the init scheme never changes the data.
const (
	streamData = 0x0da7a
	streamInit = 0x01417
)

// Setup is everything built from a parameter set before training.
type Setup struct {
	Params params.Set
	Data   *data.Set
	Arch   nn.Arch
	Scheme nn.Scheme
	Theory theory.Arch
	Pred   theory.Prediction
	// PredErr is set when no prediction applies (e.g. B is never learned).
	PredErr error
}

// Build validates p and constructs the data set and the theory's view of the
// network. It does not allocate the network (see NewNet).
func Build(p params.Set) (*Setup, error) { return build(p, false, true) }

// BuildTheory is Build without drawing samples: the data set holds only
// population moments. It is what the page calls for instant theory curves.
func BuildTheory(p params.Set) (*Setup, error) { return build(p, true, true) }

// BuildClosedForm is BuildTheory with the closed forms alone
// (theory.PredictClosedForm): what a figure shows while a control moves.
func BuildClosedForm(p params.Set) (*Setup, error) { return build(p, true, false) }

func build(p params.Set, theoryOnly, withODE bool) (*Setup, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	seed := uint64(p.Int("seed"))
	rng := rand.New(rand.NewPCG(seed, streamData))
	var (
		d   *data.Set
		err error
	)
	n := p.Int("samples")
	if theoryOnly && p.Get("data") != "xor" {
		n = 0
	}
	noise := p.Float("noise")
	switch p.Get("data") {
	case "toy":
		d, err = data.Toy(p.Float("ratio"), p.Float("rho"), p.Float("wa"), p.Float("wb"), noise, n, rng)
	case "multi":
		d, err = data.Fixed(noise, n, rng)
	case "random":
		d, err = data.Random(p.Int("dim"), noise, n, rng, AcceptRandom)
	case "xor":
		d, err = data.XOR(p.Float("varlin"), noise, n, rng)
	case "insufficient":
		d, err = data.Insufficient(InsufficientSpec(p), n, rng)
	case "custom":
		// docs/theory.md §2.5: the user's moments, learned-first modality as A.
		var c *custom.Data
		if c, err = custom.Decode(p.Get("moments")); err == nil {
			d, err = c.Set(n, rng)
		}
	default:
		err = fmt.Errorf("unknown data %q", p.Get("data"))
	}
	if err != nil {
		return nil, err
	}
	return finish(p, d, withODE)
}

// BuildWith is Build with a data set supplied by the caller (e.g. a custom
// covariance such as docs/theory.md §8.4's); the data parameters of p are ignored.
func BuildWith(p params.Set, d *data.Set) (*Setup, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return finish(p, d, true)
}

func finish(p params.Set, d *data.Set, withODE bool) (*Setup, error) {
	s := &Setup{Params: p, Data: d}
	s.Arch = nn.Arch{L: p.Int("depth"), Lf: p.Int("fusion"), H: p.Int("width"), DA: d.Pop.DA, DB: d.Pop.DB, Slope: 1}
	if p.Get("act") == "relu" {
		s.Arch.Slope = 0
	}
	if err := classifyArch(p, &s.Arch); err != nil {
		return nil, err
	}
	if err := s.Arch.Validate(); err != nil {
		return nil, err
	}
	switch p.Get("initscheme") {
	case "entrywise":
		s.Scheme = nn.Entrywise
	case "scaled":
		s.Scheme = nn.Scaled
	default:
		s.Scheme = nn.Aligned
	}
	s.Theory = EffectiveArch(s.Arch, s.Scheme, p.Float("init"), p.Float("lr"))
	if withODE {
		s.Pred, s.PredErr = theory.Predict(d.Pop, s.Theory)
	} else {
		s.Pred, s.PredErr = theory.PredictClosedForm(d.Pop, s.Theory)
	}
	if s.Arch.Act == nn.SmoothReLU || s.Arch.Loss != nn.Squared {
		s.PredErr = errNoClosedForm
	}
	return s, nil
}

// AcceptRandom keeps inverse-Wishart draws whose predicted time ratio lies in
// [1, 20] (docs/theory.md §2.2 "random").
func AcceptRandom(m stats.Moments) bool {
	r, err := theory.MultiDimRatio(m)
	return err == nil && r >= 1 && r <= 20
}

// EffectiveArch maps a network and its initialisation onto the reduced model
// of docs/theory.md §4–§5: the per-layer scale u0 and the initial size W_0 of a
// growing two-layer mode (§5.4).
//
//   - aligned: u0 = γ exactly, W_0 = u0² (§1.1).
//   - scaled: every layer has norm ≈ γ, so u0 ≈ γ; a two-layer mode starts at
//     W_0 ≈ (γ²/dA + γ²)/4 (random first-layer column of norm² γ²/dA and
//     fusion row of norm² γ², orthogonal on average).
//   - entrywise: W_0 ≈ hγ²/2 (§5.4), u0 ≈ √W_0.
//
// The random schemes make the deep predictions approximate (docs/theory.md §8.6).
func EffectiveArch(a nn.Arch, s nn.Scheme, scale, lr float64) theory.Arch {
	t := theory.Arch{L: a.L, Lf: a.Lf, LR: lr, ReLU: a.Slope == 0}
	switch s {
	case nn.Aligned:
		t.U0 = scale
		t.W0 = scale * scale
	case nn.Scaled:
		t.U0 = scale
		t.W0 = (scale*scale/float64(a.DA) + scale*scale) / 4
	default:
		t.W0 = float64(a.H) * scale * scale / 2
		t.U0 = math.Sqrt(t.W0)
	}
	return t
}

// NewNet initialises the network from the seed's init stream.
func (s *Setup) NewNet() (*nn.Net, error) {
	rng := rand.New(rand.NewPCG(uint64(s.Params.Int("seed")), streamInit))
	net, err := nn.New(s.Arch, s.Scheme, s.Params.Float("init"), rng)
	if err != nil {
		return nil, err
	}
	// An aligned net with multi-dimensional inputs starts A along Σ_yA, where
	// W_A^tot begins to grow (docs/theory.md §5.6), and B along its block of the
	// least-squares solution: for Lf ≥ 2 a mode cannot change sign, so B must
	// start on the side it ends on (Σ_yB can point the other way).
	if s.Scheme == nn.Aligned && (s.Arch.DA > 1 || s.Arch.DB > 1) {
		w, _ := s.Data.Train.LeastSquares()
		if err := net.AlignInputs(s.Data.Train.SyA(), w[s.Arch.DA:]); err != nil {
			return nil, err
		}
	}
	return net, nil
}

// LossMin is the minimum training loss a run can reach: the least-squares
// minimum of the training moments for linear networks (docs/theory.md §3), the
// noise floor ½·noise² for nonlinear ones; 0, its infimum, for the logistic
// loss (docs/theory.md §10.2: a run under it stops once ℒ < tol).
func (s *Setup) LossMin() float64 {
	if s.Arch.MomentForm() {
		_, l := s.Data.Train.LeastSquares()
		return l
	}
	nz := s.Params.Float("noise")
	return 0.5 * nz * nz
}

// Options returns the training options of the parameter set.
func (s *Setup) Options() train.Options {
	return train.Options{LR: s.Params.Float("lr"), Steps: s.Params.Int("steps"), Tol: s.Params.Float("tol"), LossMin: s.LossMin(),
		Remedy: remedy.FromParams(s.Params)}
}

// Spec tells the measurement which modality comes first and what levels to
// read (docs/theory.md §6).
func (s *Setup) Spec() measure.Spec {
	sp := measure.Spec{}
	factor := 1.0
	if s.Arch.Slope == 0 {
		factor = 2 // §5.12: product weights converge to twice the coefficient
	}
	first := "A"
	if s.PredErr == nil {
		first = s.Pred.First
	} else if s.Data.Pop.DA == 1 && s.Data.Pop.DB == 1 && math.Abs(s.Data.Pop.Syx[1]) > math.Abs(s.Data.Pop.Syx[0]) {
		first = "B"
	}
	sp.FirstIsB = first == "B"
	pop := s.Data.Pop
	if sp.FirstIsB {
		pop = pop.Swap()
	}
	plateau, err := theory.UnimodalPlateau(pop)
	if err == nil {
		sp.Plateau = factor * scalarOrNorm(plateau)
	}
	w, _ := pop.LeastSquares()
	sp.SecondFinal = factor * scalarOrNorm(w[pop.DA:])
	return sp
}

func scalarOrNorm(v []float64) float64 {
	if len(v) == 1 {
		return v[0]
	}
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// Progress receives a snapshot every few hundred steps; returning false
// cancels the run.
type Progress func(r *train.Runner) bool

// ErrCanceled is returned when a run is cancelled.
var ErrCanceled = errors.New("run canceled")

// Simulate builds and trains the experiment of p and reports theory and
// simulation side by side. trajectory asks for the recorded trajectory in the
// report.
func Simulate(ctx context.Context, p params.Set, trajectory bool, progress Progress) (*Report, error) {
	s, err := Build(p)
	if err != nil {
		return nil, err
	}
	net, err := s.NewNet()
	if err != nil {
		return nil, err
	}
	r := train.NewRunner(net, s.Data, s.Options())
	chunk := 256
	for !r.Advance(chunk) {
		if ctx != nil && ctx.Err() != nil {
			return nil, ErrCanceled
		}
		if progress != nil && !progress(r) {
			return nil, ErrCanceled
		}
	}
	return s.Report(r, trajectory), nil
}

func newRunner(s *Setup, net *nn.Net) *train.Runner { return train.NewRunner(net, s.Data, s.Options()) }
