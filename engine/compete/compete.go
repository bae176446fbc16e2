// Package compete trains one network jointly on both modalities and on each
// modality alone, from the same initial weights and on the same data, and
// reports the competition between the modalities of Huang et al. (ICML 2022)
// as docs/theory.md §10.2 defines it: each encoder's alignment with its
// feature over time, each modality's stand-alone loss and accuracy, and the
// gap between the best unimodal model and the joint one on a held-out test
// set and on the same test set with modality A absent.
//
// "Alone" means the other modality's input is held at its mean (0) for
// training and testing, so its branch receives no gradient and adds
// nothing to the output (φ(0) = 0 for every activation here).
package compete

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"

	"unibias/engine/data"
	"unibias/engine/experiment"
	"unibias/engine/nn"
	"unibias/engine/params"
	"unibias/engine/stats"
	"unibias/protocol"
)

// QueryKey is the query key that turns a simulation job into a
// joint-versus-unimodal comparison (compete=1); it is not an experiment
// parameter, so params ignores it.
const QueryKey = "compete"

// Wanted reports whether a job's query asks for the comparison.
func Wanted(query string) bool {
	q, err := url.ParseQuery(query)
	return err == nil && q.Get(QueryKey) == "1"
}

// testStream is the random stream of the held-out test sets (the training
// data use experiment's data stream of the same seed).
const testStream = 0x7e57

// TestSamples is the size of the held-out test sets.
const TestSamples = 4000

// maxRecords bounds the recorded steps of each run.
const maxRecords = 200

// Progress is called between chunks of steps with the steps done so far
// over all three runs and their total; returning false cancels.
type Progress func(done, total int) bool

// ErrCanceled is returned when Progress cancels the comparison.
var ErrCanceled = errors.New("comparison canceled")

// Run builds the experiment of p (data=insufficient), trains it jointly and
// on each modality alone for p's step budget, and returns the report with
// the comparison in Report.Compete.
func Run(ctx context.Context, p params.Set, progress Progress) (*protocol.Report, error) {
	if p.Get("data") != "insufficient" {
		return nil, fmt.Errorf("the joint-vs-unimodal comparison runs on data=insufficient (docs/theory.md §10.2), not data=%s", p.Get("data"))
	}
	s, err := experiment.Build(p)
	if err != nil {
		return nil, err
	}
	net, err := s.NewNet()
	if err != nil {
		return nil, err
	}
	spec := experiment.InsufficientSpec(p)
	full, noA, err := data.InsufficientTest(spec, TestSamples, rand.New(rand.NewPCG(uint64(p.Int("seed")), testStream)))
	if err != nil {
		return nil, err
	}
	fixed := s.Arch.Act == nn.SmoothReLU && s.Arch.Lf == s.Arch.L && s.Arch.L == 2
	if fixed {
		setReadout(net)
	}
	steps := p.Int("steps")
	every := max(1, (steps+maxRecords-1)/maxRecords)
	cr := &protocol.CompeteReport{FixedReadout: fixed}
	for st := 0; st <= steps; st += every {
		cr.Steps = append(cr.Steps, st)
	}
	if cr.Steps[len(cr.Steps)-1] != steps {
		cr.Steps = append(cr.Steps, steps)
	}
	if fixed {
		cr.Note = "smoothed-ReLU encoders f_m = Σ_j φ(⟨w_j, x_m⟩): the fusion layer is fixed at +1 (docs/theory.md §10.2)"
	}
	tr := trainer{s: s, lr: p.Float("lr"), steps: steps, tol: p.Float("tol"), fixed: fixed, rec: cr.Steps, ctx: ctx, progress: progress}
	tr.prepare()
	for i, mode := range []mode{joint, aloneA, aloneB} {
		tr.done = i * steps
		run, err := tr.run(net.Clone(), mode, full, noA)
		if err != nil {
			return nil, err
		}
		cr.Runs = append(cr.Runs, run)
	}
	j, a, b := cr.Runs[0], cr.Runs[1], cr.Runs[2]
	cr.GapFull = protocol.N(math.Max(protocol.V(a.TestAcc), protocol.V(b.TestAcc)) - protocol.V(j.TestAcc))
	cr.GapNoA = protocol.N(math.Max(protocol.V(a.TestAccNoA), protocol.V(b.TestAccNoA)) - protocol.V(j.TestAccNoA))
	if s.Arch.Loss == nn.Squared { // the plateau of §10.2's closed form
		cr.PlateauStep, cr.DriveRatio = plateauDrive(cr.Steps, j)
		if spec.PB == 0 {
			cr.DriveTheory = protocol.N(DriveTheory(spec.MuA, spec.PA, spec.Noise))
		}
	}
	rep := &protocol.Report{Version: protocol.Version, Params: p.Map(), Theory: s.TheoryReport(), Compete: cr,
		StepsRun: j.StepsRun, Status: j.Status, Reason: j.Reason, Converged: j.Status == "converged", Diverged: j.Status == "diverged",
		InitialLoss: first(j.Loss), FinalLoss: j.TrainLoss}
	return rep, nil
}

// DriveTheory is the squared-loss closed form of docs/theory.md §10.2: on A's
// plateau with p_B = 0 the drive on B, Σ_yB − W_A^uni Σ_AB, is
//
//	(σ_n² + p_A(1−p_A)μ_A²) / (σ_n² + (1−p_A)μ_A²)
//
// of its initial value Σ_yB (W_A^uni = Σ_yA/Σ_A); at σ_n = 1 this is
// (1 + p_A(1−p_A)μ_A²)/(1 + (1−p_A)μ_A²): 1/(1+μ_A²) at p_A = 0, → p_A as
// μ_A → ∞.
func DriveTheory(muA, pA, sigmaN float64) float64 {
	s2, m2 := sigmaN*sigmaN, muA*muA
	return (s2 + pA*(1-pA)*m2) / (s2 + (1-pA)*m2)
}

func first(v []protocol.Num) protocol.Num {
	if len(v) == 0 {
		return nil
	}
	return v[0]
}

// plateauDrive finds the first recorded step at which the joint run's drive
// on A is below 1% of its initial value and returns it with B's drive there
// relative to B's initial drive.
func plateauDrive(steps []int, j protocol.CompeteRun) (step, ratio protocol.Num) {
	if len(j.DriveA) == 0 || j.DriveA[0] == nil || j.DriveB[0] == nil || *j.DriveA[0] == 0 || *j.DriveB[0] == 0 {
		return nil, nil
	}
	a0, b0 := *j.DriveA[0], *j.DriveB[0]
	for i := range j.DriveA {
		if j.DriveA[i] == nil || j.DriveB[i] == nil {
			return nil, nil
		}
		if math.Abs(*j.DriveA[i]) < 1e-3*math.Abs(a0) {
			return protocol.N(float64(steps[i])), protocol.N(*j.DriveB[i] / b0)
		}
	}
	return nil, nil
}

type mode int

const (
	joint mode = iota
	aloneA
	aloneB
)

func (m mode) String() string { return [...]string{"joint", "A alone", "B alone"}[m] }

// trainer holds what the three runs share.
type trainer struct {
	s        *experiment.Setup
	lr       float64
	steps    int
	tol      float64
	fixed    bool
	rec      []int
	ctx      context.Context
	progress Progress
	done     int

	// Training inputs per mode (nil for population moments) and the moments
	// of each mode for the moment-form step.
	X   [3][]float64
	mom [3]stats.Moments
	// The samples of each mode laid out for the blocked passes of nn
	// (nn.Samples): its inputs (S), and with only A's (onlyA) or only B's
	// (onlyB) columns kept, for the modalities' own losses (a unimodal
	// mode's own modality shares S); the outputs of the network on them at
	// a recorded step.
	S, onlyA, onlyB [3]*nn.Samples
	yh, ya, yb, g   []float64 // g: ∂ℓ/∂ŷ of each sample at ŷ = yh
}

func (t *trainer) prepare() {
	d := t.s.Data
	for m := joint; m <= aloneB; m++ {
		t.mom[m] = dropMoments(d.Train, m)
		if d.X == nil {
			continue
		}
		da, db := d.Pop.DA, d.Pop.DB
		t.X[m] = dropInputs(d.X, da, db, m)
		t.S[m] = nn.NewSamples(t.X[m], d.Y, da, db)
		if t.s.Arch.Lf == t.s.Arch.L {
			continue // the outputs split by branch (outputs)
		}
		t.onlyA[m], t.onlyB[m] = t.S[m], t.S[m]
		if m != aloneA {
			t.onlyA[m] = nn.NewSamples(dropInputs(t.X[m], da, db, aloneA), d.Y, da, db)
		}
		if m != aloneB {
			t.onlyB[m] = nn.NewSamples(dropInputs(t.X[m], da, db, aloneB), d.Y, da, db)
		}
	}
	if d.X != nil {
		N := len(d.Y)
		t.yh, t.ya, t.yb, t.g = make([]float64, N), make([]float64, N), make([]float64, N), make([]float64, N)
	}
}

// dropInputs copies X with the other modality's inputs set to 0 (its mean).
func dropInputs(X []float64, da, db int, m mode) []float64 {
	if m == joint {
		return X
	}
	d := da + db
	out := append([]float64(nil), X...)
	lo, hi := da, d // alone A: B's columns
	if m == aloneB {
		lo, hi = 0, da
	}
	for i := 0; i < len(out)/d; i++ {
		clear(out[i*d+lo : i*d+hi])
	}
	return out
}

// dropMoments zeroes the other modality's rows and columns of Σ and its
// entries of Σ_yx (docs/theory.md §10.0: replacing x_m by its mean 0).
func dropMoments(m stats.Moments, md mode) stats.Moments {
	c := stats.Moments{DA: m.DA, DB: m.DB, Sxx: append([]float64(nil), m.Sxx...), Syx: append([]float64(nil), m.Syx...), Eyy: m.Eyy}
	if md == joint {
		return c
	}
	d := m.DA + m.DB
	lo, hi := m.DA, d
	if md == aloneB {
		lo, hi = 0, m.DA
	}
	for i := lo; i < hi; i++ {
		c.Syx[i] = 0
		for j := 0; j < d; j++ {
			c.Sxx[i*d+j], c.Sxx[j*d+i] = 0, 0
		}
	}
	return c
}

// setReadout fixes the fusion blocks at +1: f = Σ_j φ(⟨w_j,x_A⟩) + Σ_j φ(⟨w_j,x_B⟩).
func setReadout(n *nn.Net) {
	for _, L := range n.Layers() {
		if L.Name == "F_A" || L.Name == "F_B" {
			for i := range L.W {
				L.W[i] = 1
			}
		}
	}
}

// alignment returns max_j |w_j[0]| over the rows of modality m's first layer
// (E_m^1, or F_m for early fusion) and the first entries of W_A^tot, W_B^tot.
func alignment(n *nn.Net, wa, wb []float64) (alA, alB float64) {
	a := n.Arch()
	first := map[string]*float64{"E_A^1": &alA, "E_B^1": &alB}
	if a.Lf == 1 {
		first = map[string]*float64{"F_A": &alA, "F_B": &alB}
	}
	for _, L := range n.Layers() {
		if p, ok := first[L.Name]; ok {
			for r := 0; r < L.Rows; r++ {
				*p = math.Max(*p, math.Abs(L.W[r*L.Cols]))
			}
		}
	}
	n.Total(wa, wb)
	return alA, alB
}

// measure evaluates the loss, each modality's own loss and the drives on
// the training data of mode m (samples, or moments for the moment form).
func (t *trainer) measure(n *nn.Net, m mode, wa, wb []float64) (loss, ownA, ownB, driveA, driveB float64) {
	a := n.Arch()
	d := t.s.Data
	da := a.DA
	if t.X[m] == nil { // population moments: linear, squared loss
		mom := &t.mom[m]
		w := append(append([]float64(nil), wa...), wb...)
		loss = mom.Loss(w)
		wA := append(append([]float64(nil), wa...), make([]float64, a.DB)...)
		wB := append(make([]float64, a.DA), wb...)
		ownA, ownB = mom.Loss(wA), mom.Loss(wB)
		driveA, driveB = residual(mom, w, 0), residual(mom, w, da)
		return
	}
	X, Y := t.X[m], d.Y
	dim := a.DA + a.DB
	N := len(Y)
	t.outputs(n, m)
	loss = nn.LossGrad(a.Loss, Y, t.yh, t.g)
	ownA, ownB = nn.LossGrad(a.Loss, Y, t.ya, nil), nn.LossGrad(a.Loss, Y, t.yb, nil)
	for i, g := range t.g {
		driveA -= g * X[i*dim]
		driveB -= g * X[i*dim+da]
	}
	inv := 1 / float64(N)
	return loss * inv, ownA * inv, ownB * inv, driveA * inv, driveB * inv
}

// outputs fills t.yh, t.ya, t.yb with the network's outputs on the inputs
// of mode m, with only A's and with only B's. Late fusion splits: ŷ =
// F_A a_A + F_B a_B and each term is the output with the other input at 0
// (φ(0) = 0, docs/theory.md §10.2), so one pass gives all three
// (nn.BranchOutputsOn, the sum in Predict's order). Otherwise three passes
// in blocks (nn.OutputsOn), one fewer for a unimodal mode, whose inputs are
// its modality's own; a modality held at 0 costs nothing there.
func (t *trainer) outputs(n *nn.Net, m mode) {
	if a := n.Arch(); a.Lf == a.L {
		n.BranchOutputsOn(t.S[m], t.ya, t.yb)
		for i := range t.yh {
			t.yh[i] = t.ya[i] + t.yb[i]
		}
		return
	}
	n.OutputsOn(t.S[m], t.yh)
	for _, o := range []struct {
		s *nn.Samples
		y []float64
	}{{t.onlyA[m], t.ya}, {t.onlyB[m], t.yb}} {
		if o.s == t.S[m] {
			copy(o.y, t.yh)
		} else {
			n.OutputsOn(o.s, o.y)
		}
	}
}

// residual is (Σ_yx − W Σ)[i] = −∂ℒ/∂W^tot_i for the squared loss.
func residual(m *stats.Moments, w []float64, i int) float64 {
	d := m.D()
	r := m.Syx[i]
	for j := 0; j < d; j++ {
		r -= w[j] * m.Sxx[j*d+i]
	}
	return r
}

// run trains one copy of the network in mode m.
func (t *trainer) run(n *nn.Net, m mode, full, noA *data.Set) (protocol.CompeteRun, error) {
	a := n.Arch()
	r := protocol.CompeteRun{Name: m.String(), Status: "budget"}
	wa, wb := make([]float64, a.DA), make([]float64, a.DB)
	X, Y := t.X[m], t.s.Data.Y
	ri := 0
	record := func(step int) {
		for ri < len(t.rec) && t.rec[ri] <= step {
			ri++
		}
		alA, alB := alignment(n, wa, wb)
		loss, ownA, ownB, dA, dB := t.measure(n, m, wa, wb)
		r.AlignA, r.AlignB = append(r.AlignA, protocol.N(alA)), append(r.AlignB, protocol.N(alB))
		r.WA, r.WB = append(r.WA, protocol.N(wa[0])), append(r.WB, protocol.N(wb[0]))
		r.Loss = append(r.Loss, protocol.N(loss))
		r.OwnLossA, r.OwnLossB = append(r.OwnLossA, protocol.N(ownA)), append(r.OwnLossB, protocol.N(ownB))
		r.DriveA, r.DriveB = append(r.DriveA, protocol.N(dA)), append(r.DriveB, protocol.N(dB))
	}
	step := 0
	for ; step < t.steps; step++ {
		if ri < len(t.rec) && t.rec[ri] == step {
			record(step)
		}
		var loss float64
		if X == nil {
			loss = n.StepMoments(&t.mom[m], t.lr)
		} else {
			loss = n.StepOn(t.S[m], t.lr) // StepSamples(X, Y, lr), laid out once
		}
		if t.fixed {
			setReadout(n)
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			r.Status, r.Reason = "diverged", fmt.Sprintf("the loss became %v at step %d; try a smaller lr", loss, step)
			break
		}
		if loss < t.tol {
			r.Status, r.Reason = "converged", fmt.Sprintf("stopped on the loss criterion: ℒ = %.3g fell below tol = %g at step %d", loss, t.tol, step)
			step++
			break
		}
		if step%256 == 255 {
			if t.ctx != nil && t.ctx.Err() != nil {
				return r, ErrCanceled
			}
			if t.progress != nil && !t.progress(t.done+step+1, 3*t.steps) {
				return r, ErrCanceled
			}
		}
	}
	r.StepsRun = step
	if r.Status != "diverged" {
		record(step)
	}
	// Pad the series to the shared steps (a run that stopped early keeps
	// its last state; a diverged one has nulls).
	for len(r.Loss) < len(t.rec) {
		k := len(r.Loss) - 1
		if r.Status == "diverged" || k < 0 {
			for _, s := range []*[]protocol.Num{&r.AlignA, &r.AlignB, &r.WA, &r.WB, &r.Loss, &r.OwnLossA, &r.OwnLossB, &r.DriveA, &r.DriveB} {
				*s = append(*s, nil)
			}
			continue
		}
		for _, s := range []*[]protocol.Num{&r.AlignA, &r.AlignB, &r.WA, &r.WB, &r.Loss, &r.OwnLossA, &r.OwnLossB, &r.DriveA, &r.DriveB} {
			*s = append(*s, (*s)[k])
		}
	}
	if len(r.Loss) > len(t.rec) { // the final record of a run that stopped between recorded steps
		for _, s := range []*[]protocol.Num{&r.AlignA, &r.AlignB, &r.WA, &r.WB, &r.Loss, &r.OwnLossA, &r.OwnLossB, &r.DriveA, &r.DriveB} {
			*s = (*s)[:len(t.rec)]
		}
	}
	if r.Status == "diverged" {
		return r, nil
	}
	r.TrainLoss = r.Loss[len(r.Loss)-1]
	if X != nil {
		r.TrainAcc = protocol.N(n.Evaluate(X, Y).Acc)
	}
	ft, nt := evalSet(n, full, m), evalSet(n, noA, m)
	r.TestLoss, r.TestAcc = protocol.N(ft.Loss), protocol.N(ft.Acc)
	r.TestLossNoA, r.TestAccNoA = protocol.N(nt.Loss), protocol.N(nt.Acc)
	return r, nil
}

// evalSet evaluates a network on a test set as mode m sees it (the other
// modality at its mean for the unimodal models).
func evalSet(n *nn.Net, s *data.Set, m mode) nn.Eval {
	return n.Evaluate(dropInputs(s.X, s.Pop.DA, s.Pop.DB, m), s.Y)
}

// SignAccuracy is the accuracy of the rule sign(x_m[1]) on modality m of the
// insufficient-data model, (1 − p_m)·Φ(μ_m/σ_n) + p_m/2: the best any model
// that sees only m can reach, since the likelihood ratio of the labels is
// increasing in x_m[1] and the other coordinates are noise (docs/theory.md
// §10.2).
func SignAccuracy(mu, p, sigmaN float64) float64 {
	return (1-p)*0.5*math.Erfc(-mu/sigmaN/math.Sqrt2) + p/2
}

// InitialAlignment returns each encoder's alignment max_j |w_j[1]| at
// initialisation for p (what the comparison's runs start from).
func InitialAlignment(p params.Set) (alA, alB float64, err error) {
	s, err := experiment.Build(p)
	if err != nil {
		return 0, 0, err
	}
	net, err := s.NewNet()
	if err != nil {
		return 0, 0, err
	}
	alA, alB = alignment(net, make([]float64, s.Arch.DA), make([]float64, s.Arch.DB))
	return alA, alB, nil
}
