package experiment

import (
	"math"
	"strconv"
	"strings"

	"unibias/protocol"

	"unibias/engine/measure"
	"unibias/engine/theory"
	"unibias/engine/train"
)

// Aliases of the wire types (package protocol), so engine callers need not
// import it.
type (
	// Num is a JSON-safe number (nil for non-finite values).
	Num = protocol.Num
	// TheoryReport is the theory block of a report.
	TheoryReport = protocol.TheoryReport
	// Report is the result of one simulation.
	Report = protocol.Report
	// TrajPoint is one trajectory point.
	TrajPoint = protocol.TrajPoint
)

// N returns a Num for x, nil when x is NaN or infinite.
func N(x float64) Num { return protocol.N(x) }

// V returns the value of a Num, NaN for nil.
func V(n Num) float64 { return protocol.V(n) }

func nums(v []float64) []Num { return protocol.Nums(v) }

// TheoryReport returns the theory block for a setup.
func (s *Setup) TheoryReport() TheoryReport {
	lr := s.Params.Float("lr")
	t := TheoryReport{U0: N(s.Theory.U0), W0: N(s.Theory.W0),
		PlateauFormula: "§5.1 W^uni = Σ_y·Σ⁻¹ of the first-learned modality",
		MisFormula:     "§5.2 W^uni − W*_first (global least squares)"}
	if s.PredErr != nil {
		t.Error = s.PredErr.Error()
		return t
	}
	p := s.Pred
	t.OK = true
	t.First = p.First
	t.Ratio, t.RatioFormula, t.RatioGF = N(p.Ratio), p.RatioFormula, N(p.RatioGradientFlow)
	if p.TimesFormula != "" {
		t.TA, t.TB, t.TimesFormula = N(p.TA), N(p.TB), p.TimesFormula
		t.TASteps, t.TBSteps = N(p.TA/lr), N(p.TB/lr)
	}
	if p.ODE != nil {
		t.ODETA, t.ODETB, t.ODERatio = N(p.ODE.TA), N(p.ODE.TB), N(p.ODE.Ratio)
		t.ODETASteps, t.ODETBSteps = N(p.ODE.TA/lr), N(p.ODE.TB/lr)
	}
	t.Plateau = nums(p.Plateau)
	t.Misattribution = nums(p.Misattribution)
	t.LossZero, t.LossPlateau, t.LossMin = N(p.LossZero), N(p.LossPlateau), N(p.LossMin)
	t.Notes = p.Notes
	if s.Data.N > 0 && s.Arch.Slope == 1 || s.Data.N > 0 && s.Data.Kind == "toy" {
		if e, err := theory.Predict(s.Data.Train, s.Theory); err == nil {
			t.RatioEmpirical = N(e.Ratio)
			if len(e.Misattribution) == 1 {
				t.MisEmpirical = N(e.Misattribution[0])
			}
		}
	}
	return t
}

// Measure reads §6's quantities off a finished (or running) runner.
func (s *Setup) Measure(r *train.Runner) measure.Times {
	return measure.Read(r.Dense(), s.Spec())
}

// Report assembles the report of a finished run.
func (s *Setup) Report(r *train.Runner, trajectory bool) *Report {
	lr := s.Params.Float("lr")
	m := s.Measure(r)
	rep := &Report{Version: protocol.Version, Params: s.Params.Map(), Theory: s.TheoryReport(),
		StepsRun: r.Step(), Status: string(r.Status()), Reason: r.Reason(),
		Converged: r.Status() == train.Converged, Diverged: r.Status() == train.Diverged,
		FinalLoss: N(r.Loss()), InitialLoss: N(r.Loss0()),
		ALearned: m.ALearned, BLearned: m.BLearned,
	}
	if rep.Diverged {
		lmax, sol := s.stability()
		rep.SuggestedLR = N(train.SuggestLR(lr, s.Arch.L, lmax, sol))
		rep.Reason += "; try a learning rate of at most " + fmtG(train.SuggestLR(lr, s.Arch.L, lmax, sol))
		rep.FinalLoss = nil
	}
	if rep.Converged {
		rep.Reason = s.convergedReason(r.Loss(), rep.Reason)
	}
	if !rep.Diverged {
		steps := func(t int) Num {
			if t < 0 {
				return nil
			}
			return N(float64(t))
		}
		rep.TA, rep.TB = steps(m.TA), steps(m.TB)
		rep.TAFirst, rep.TBFirst = steps(m.TAFirst), steps(m.TBFirst)
		if m.TA >= 0 {
			rep.TATime = N(float64(m.TA) * lr)
		}
		if m.TB >= 0 {
			rep.TBTime = N(float64(m.TB) * lr)
		}
		if m.Ratio > 0 {
			rep.Ratio = N(m.Ratio)
		}
		if m.Uni >= 0 {
			rep.TUni = N(float64(m.Uni))
			rep.UniLength = N(math.Abs(float64(m.TB-m.TA)) * lr)
			rep.Misattribution = N(m.Misattribution)
			rep.PlateauValue = N(m.PlateauValue)
			rep.PlateauLoss = N(m.PlateauLoss)
		}
		wa, wb := r.Current()
		rep.FinalWA, rep.FinalWB = nums(wa), nums(wb)
		r.InsertPoints(m.TA, m.TB, m.Uni)
	}
	if rep.Status == string(train.Budget) && s.Data.Kind != "xor" && (rep.TA == nil || rep.TB == nil) && rep.Reason == "" {
		// A run that never left the plateau: say so, never a made-up time.
		var not []string
		if rep.TA == nil {
			not = append(not, "A")
		}
		if rep.TB == nil {
			not = append(not, "B")
		}
		rep.Reason = strings.Join(not, " and ") + " not learned within " + strconv.Itoa(s.Params.Int("steps")) +
			" steps (the step budget): no learning time is reported"
	}
	if s.Data.Kind == "xor" && !rep.Diverged {
		rep.TXor, rep.TLin = xorTimes(r.Trajectory())
	}
	if trajectory {
		for _, p := range r.Trajectory() {
			rep.Trajectory = append(rep.Trajectory, s.TrajPoint(p))
		}
	}
	return rep
}

// stability returns λ_max(Σ) and the norm of the least-squares solution, for
// the learning-rate suggestion after a divergence.
func (s *Setup) stability() (lambdaMax, solution float64) {
	m := s.Data.Train
	d := m.D()
	// Power iteration on Σ (symmetric positive semi-definite).
	v := make([]float64, d)
	for i := range v {
		v[i] = 1 / math.Sqrt(float64(d))
	}
	w := make([]float64, d)
	for it := 0; it < 200; it++ {
		for i := 0; i < d; i++ {
			acc := 0.0
			for j := 0; j < d; j++ {
				acc += m.Sxx[i*d+j] * v[j]
			}
			w[i] = acc
		}
		n := 0.0
		for _, x := range w {
			n += x * x
		}
		n = math.Sqrt(n)
		if n == 0 {
			break
		}
		lambdaMax = n
		for i := range v {
			v[i] = w[i] / n
		}
	}
	ws, _ := m.LeastSquares()
	return lambdaMax, scalarOrNorm(ws)
}

// Ensure theory's prediction type is what this file expects.
var _ = theory.Prediction{}

// xorTimes reads the half-times of §9.2 off the trajectory: the first step at
// which the XOR coefficient reaches half its target 1, and the first at which
// the linear coefficient reaches half its final value.
func xorTimes(tr []train.Point) (tXor, tLin Num) {
	if len(tr) == 0 {
		return nil, nil
	}
	final := tr[len(tr)-1].Lin
	for _, p := range tr {
		if tXor == nil && p.Xor >= 0.5 {
			tXor = N(float64(p.Step))
		}
		if tLin == nil && final > 0 && p.Lin >= final/2 {
			tLin = N(float64(p.Step))
		}
	}
	return tXor, tLin
}

// TrajPoint converts a recorded point to its wire form, the one place the
// report and the live run's progress messages both use.
func (s *Setup) TrajPoint(p train.Point) TrajPoint {
	tp := TrajPoint{Step: p.Step, T: N(p.T), Loss: N(p.Loss), WA: N(p.WA), WB: N(p.WB),
		NormA: N(p.NormA), NormB: N(p.NormB), Eg: N(p.Eg), DecA: N(p.DecA), DecB: N(p.DecB),
		VecA: nums(p.VecA), VecB: nums(p.VecB)}
	if s.Data.Kind == "xor" {
		tp.Xor, tp.Lin = N(p.Xor), N(p.Lin)
	}
	if len(p.VecA) == 0 {
		tp.VecA, tp.VecB = nil, nil
	}
	m := p.Measures
	tp.TrajMeasures = protocol.TrajMeasures{PF: N(m.PF), PA: N(m.PA), PB: N(m.PB), UAB: N(m.UAB), UBA: N(m.UBA), D: N(m.D),
		SA: N(m.SA), SB: N(m.SB), KA: N(m.KA), KB: N(m.KB), FeatA: N(m.FeatA), FeatB: N(m.FeatB), ContA: N(m.ContA), ContB: N(m.ContB)}
	return tp
}
