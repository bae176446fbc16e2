package app

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// warmer runs the page's rendering and decoding code on made-up data of the
// default shape, right after mounting and before any work arrives. Nothing
// it builds is kept.
//
// The browser compiles WebAssembly twice: a quick baseline compile on a
// function's first call (on the page thread), then, once the function has
// run enough, an optimising compile on background threads. Those threads
// also rasterise the page, so a burst of optimising compiles when the first
// simulations arrive would hold frames up. first pays the baseline compiles
// while the workers start; round, repeated while the page waits for its
// first plan, makes the redraw paths of a sweep hot enough that their
// optimising compiles happen then rather than during the sweep.
type warmer struct {
	pl  *protocol.Plan
	res []JobResult
	n   int // rounds run
}

// newWarmer builds the made-up plan and results.
func newWarmer() *warmer {
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
	return &warmer{pl: pl, res: res}
}

// first runs every path once: decoding a plan and a result, the diagram
// without and with results, and a live chart.
func (w *warmer) first() {
	pl, res := w.pl, w.res
	// Decode paths: a plan and a result message, as the workers send them.
	roundTrip(protocol.Response{Type: protocol.RespPlan, Plan: pl})
	roundTrip(protocol.Response{Type: protocol.RespResult, Report: res[0].Report})
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

// round decodes one result message and draws the diagram with one more
// result than the last round, as a batch of a sweep does.
func (w *warmer) round() {
	w.n++
	k := w.n % (len(w.res) + 1)
	roundTrip(protocol.Response{Type: protocol.RespResult, Report: w.res[k%len(w.res)].Report})
	shown := make([]JobResult, len(w.res))
	copy(shown, w.res[:k])
	_ = app.HTMLString(&Diagram{Params: params.Defaults(), Plan: w.pl, Results: shown, Rev: 2 + w.n})
}

// roundTrip encodes and decodes a message as the workers and the page do.
func roundTrip(r protocol.Response) {
	if b, err := json.Marshal(r); err == nil {
		var back protocol.Response
		_ = json.Unmarshal(b, &back)
	}
}
