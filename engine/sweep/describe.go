package sweep

import (
	"math"

	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/protocol"
)

// The phase diagram's plan as the page draws it: the jobs and the dense
// theory curves (docs/theory.md §7).

// Theory says which predictions a plan's curves carry.
type Theory int

const (
	// Full curves carry the closed forms and the reduced ODE (§4–§5).
	Full Theory = iota
	// ClosedForm curves carry the closed forms alone
	// (experiment.BuildClosedForm): a hundred times cheaper, what the page
	// draws at once while a control moves, before the full curves arrive.
	ClosedForm
)

// MakePlan expands the sweep of p and evaluates its theory curves on dense
// points along x (120 when dense < 2). Full curves also pass through the
// simulated xs, so markers sit on them; ClosedForm curves, drawn while no
// simulation is shown, take the dense points alone, so their cost is set
// by dense and the number of series.
func MakePlan(p params.Set, dense int, th Theory) (*protocol.Plan, error) {
	pl, err := NewPlan(p)
	if err != nil {
		return nil, err
	}
	if dense < 2 {
		dense = 120
	}
	out := &protocol.Plan{X: pl.X, Series: pl.Series, SeriesValues: pl.SeriesValues, Xs: pl.Xs, Repeats: pl.Repeats}
	for _, j := range pl.Jobs {
		out.Jobs = append(out.Jobs, protocol.Job{Series: j.Series, XIndex: j.XIndex, Repeat: j.Repeat, X: j.X, Query: j.Query})
	}
	xs, err := DenseAxis(p, dense)
	build := experiment.BuildTheory
	if th == ClosedForm {
		xs, err = Axis(p.Get("x"), p.Float("from"), p.Float("to"), dense)
		build = experiment.BuildClosedForm
	}
	if err != nil {
		return nil, err
	}
	svs := pl.SeriesValues
	if len(svs) == 0 {
		svs = []float64{math.NaN()}
	}
	for si, sv := range svs {
		c := protocol.Curve{Series: si}
		for _, tp := range curve(p, pl.X, xs, pl.Series, sv, build) {
			c.Points = append(c.Points, CurvePoint(tp.X, tp.Theory))
		}
		out.Curves = append(out.Curves, c)
	}
	return out, nil
}

// CurvePoint condenses a theory report to what a curve needs.
func CurvePoint(x float64, t protocol.TheoryReport) protocol.CurvePoint {
	cp := protocol.CurvePoint{X: x, Error: t.Error}
	if !t.OK {
		return cp
	}
	cp.Ratio, cp.TA, cp.TB = t.Ratio, t.TASteps, t.TBSteps
	cp.ODERatio, cp.ODETA, cp.ODETB = t.ODERatio, t.ODETASteps, t.ODETBSteps
	if len(t.Misattribution) > 0 {
		cp.Misattribution = firstOrNorm(t.Misattribution)
	}
	if len(t.Plateau) > 0 {
		cp.Plateau = firstOrNorm(t.Plateau)
	}
	return cp
}

func firstOrNorm(v []protocol.Num) protocol.Num {
	if len(v) == 1 {
		return v[0]
	}
	s := 0.0
	for _, x := range v {
		if x == nil {
			return nil
		}
		s += *x * *x
	}
	return protocol.N(math.Sqrt(s))
}
