// Package composetest holds made-up plans and results shaped like the
// default experiment, for the tests of packages compose and app.
package composetest

import (
	"net/url"
	"strconv"

	"unibias/engine/params"
	"unibias/protocol"
)

// FakePlan builds a plan shaped like the default experiment (x = rho,
// series = fusion 1…4) with made-up theory: t_A = 200(1+x²)·s, ratio
// 1 + s(1+x²)/2 (closed form null for the early-fusion series 0, where only
// the ODE is given).
func FakePlan(points, dense int) *protocol.Plan {
	pl := &protocol.Plan{X: "rho", Series: "fusion", SeriesValues: []float64{1, 2, 3, 4}, Repeats: 1}
	for i := 0; i < points; i++ {
		pl.Xs = append(pl.Xs, -0.9+1.8*float64(i)/float64(points-1))
	}
	for si, sv := range pl.SeriesValues {
		c := protocol.Curve{Series: si}
		for i := 0; i < dense; i++ {
			x := -0.9 + 1.8*float64(i)/float64(dense-1)
			ta := 200 * (1 + x*x) * sv
			r := 1 + sv*(1+x*x)/2
			cp := protocol.CurvePoint{X: x, ODETA: protocol.N(ta * 1.02), ODETB: protocol.N(ta * r * 1.02), ODERatio: protocol.N(r)}
			if si > 0 {
				cp.TA, cp.TB, cp.Ratio = protocol.N(ta), protocol.N(ta*r), protocol.N(r)
			}
			c.Points = append(c.Points, cp)
		}
		pl.Curves = append(pl.Curves, c)
		for xi, x := range pl.Xs {
			q := params.Defaults()
			_ = q.Set("rho", strconv.FormatFloat(x, 'g', 6, 64))
			_ = q.Set("fusion", strconv.FormatFloat(sv, 'g', -1, 64))
			pl.Jobs = append(pl.Jobs, protocol.Job{Series: si, XIndex: xi, X: x, Query: q.Encode()})
		}
	}
	return pl
}

// FakeResults finishes the first n jobs with simulated times 5% above the
// theory and a ratio 10% above it, except job 0, which diverged.
func FakeResults(pl *protocol.Plan, n int) []protocol.JobResult {
	res := make([]protocol.JobResult, len(pl.Jobs))
	for i := 0; i < n && i < len(pl.Jobs); i++ {
		res[i] = protocol.JobResult{Done: true, Report: FakeReport(pl, i)}
	}
	return res
}

// FakeReport is the report of job i of FakeResults.
func FakeReport(pl *protocol.Plan, i int) *protocol.Report {
	j := pl.Jobs[i]
	sv := pl.SeriesValues[j.Series]
	ta := 200 * (1 + j.X*j.X) * sv
	r := 1 + sv*(1+j.X*j.X)/2
	q, _ := url.ParseQuery(j.Query)
	p := map[string]string{"initscheme": "aligned"}
	for k := range q {
		p[k] = q.Get(k)
	}
	if i == 0 {
		return &protocol.Report{Params: p, Status: "diverged", Diverged: true, Reason: "loss became NaN"}
	}
	return &protocol.Report{Params: p, Status: "converged", Converged: true,
		TA: protocol.N(ta * 1.05), TB: protocol.N(ta * r * 1.05 * 1.1), Ratio: protocol.N(r * 1.1),
		Theory: protocol.TheoryReport{OK: true, Ratio: protocol.N(r), ODERatio: protocol.N(r),
			TASteps: protocol.N(ta), TBSteps: protocol.N(ta * r), ODETASteps: protocol.N(ta), ODETBSteps: protocol.N(ta * r)}}
}
