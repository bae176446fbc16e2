package app

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// warmUp runs the page's rendering and decoding code once on made-up data
// of the default shape, right after mounting and before any work arrives.
// WebAssembly functions are compiled on first call on the page thread; doing
// that here, while the workers start, keeps later frames short when the
// first plan and results arrive. Nothing it builds is kept.
func warmUp() {
	pl := &protocol.Plan{X: "rho", Series: "fusion", SeriesValues: []float64{1, 2, 3, 4}, Repeats: 1}
	pl.Xs = []float64{-0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9}
	for si, sv := range pl.SeriesValues {
		c := protocol.Curve{Series: si}
		for i := 0; i < 30; i++ {
			x := -0.9 + 1.8*float64(i)/29
			ta := 200 * (1 + x*x) * sv
			r := 1 + sv*(1+x*x)/2
			c.Points = append(c.Points, protocol.CurvePoint{X: x, TA: protocol.N(ta), TB: protocol.N(ta * r), Ratio: protocol.N(r),
				ODETA: protocol.N(ta), ODETB: protocol.N(ta * r), ODERatio: protocol.N(r), Plateau: protocol.N(1), Misattribution: protocol.N(0), Formula: "warm-up"})
		}
		pl.Curves = append(pl.Curves, c)
		for xi, x := range pl.Xs {
			pl.Jobs = append(pl.Jobs, protocol.Job{Series: si, XIndex: xi, X: x, Query: "rho=" + strconv.FormatFloat(x, 'g', -1, 64)})
		}
	}
	res := make([]JobResult, len(pl.Jobs))
	for i := range res {
		ta := 100 + float64(i)
		res[i] = JobResult{Done: true, Report: &protocol.Report{Status: "converged", TA: protocol.N(ta), TB: protocol.N(3 * ta), Ratio: protocol.N(3),
			Params: map[string]string{"initscheme": "aligned"},
			Theory: protocol.TheoryReport{OK: true, Ratio: protocol.N(3), ODERatio: protocol.N(3), TASteps: protocol.N(ta), TBSteps: protocol.N(3 * ta)}}}
	}
	// Decode paths: a plan and a result message, as the workers send them.
	for _, r := range []protocol.Response{{Type: protocol.RespPlan, Plan: pl}, {Type: protocol.RespResult, Report: res[0].Report}} {
		if b, err := json.Marshal(r); err == nil {
			var back protocol.Response
			_ = json.Unmarshal(b, &back)
		}
	}
	// Rendering paths: the whole diagram, once without and once with
	// results, and a live chart.
	d := &Diagram{Params: params.Defaults(), Plan: pl, Results: make([]JobResult, len(res)), Rev: 1}
	_ = app.HTMLString(d)
	d = &Diagram{Params: params.Defaults(), Plan: pl, Results: res, Rev: 2}
	_ = app.HTMLString(d)
	l := &LiveRun{status: "training", query: "warm-up"}
	for s := 0; s < 200; s++ {
		v := 1 / (1 + math.Exp(-float64(s-100)/10))
		l.pts = append(l.pts, protocol.TrajPoint{Step: s, Loss: protocol.N(1 - v), WA: protocol.N(v), WB: protocol.N(v / 2)})
	}
	_ = app.HTMLString(l)
}
