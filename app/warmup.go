package app

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/engine/sweep"
	"unibias/figure/compose"
	"unibias/protocol"
)

// Warm-up. The browser compiles WebAssembly twice: a quick baseline
// compile on a function's first call (on the page thread), then, once the
// function has run enough, an optimising compile on background threads.
// Those threads also rasterise the page, so a burst of optimising compiles
// when the first simulations arrive would hold frames up. Before the
// sweep's simulations go to the workers, the page runs its result path —
// decode a result, compose the diagram with one more result, render it —
// on made-up data of the default shape, so those compiles happen before
// the sweep, not during it. Nothing it builds is kept.

// warmRounds and warmBudget bound the warm-up.
const (
	warmRounds = 40
	warmBudget = 400 * time.Millisecond
)

// startWarmUp runs warm-up rounds every 10 ms, within warmRounds and
// warmBudget of page-thread time, then calls release (the pool's
// ReleaseJobs: the sweep's simulations wait for the warm-up, Page.OnMount).
func startWarmUp(release func()) {
	pl, res := warmData()
	go func() {
		defer release()
		var spent time.Duration
		for i := 1; i <= warmRounds && spent < warmBudget; i++ {
			time.Sleep(10 * time.Millisecond)
			t := time.Now()
			warmRound(pl, res, i)
			spent += time.Since(t)
		}
	}()
}

// warmRound decodes one result message and draws one panel of the
// diagram with k results, as a batch of a sweep does; a round stays well
// under a frame's budget.
func warmRound(pl *protocol.Plan, res []protocol.JobResult, k int) {
	r := res[k%len(res)]
	if b, err := json.Marshal(protocol.Response{Type: protocol.RespResult, Report: r.Report}); err == nil {
		var back protocol.Response
		_ = json.Unmarshal(b, &back)
	}
	shown := make([]protocol.JobResult, len(res))
	copy(shown, res[:k%(len(res)+1)])
	specs, ratio, _ := compose.PhaseLayout(params.Defaults(), pl, shown)
	if i := k % (len(specs) + 1); i < len(specs) {
		base := compose.PhaseBase(specs[i])
		_ = base.MarksNode(compose.PhaseMarkers(specs[i], base)).XML()
	} else {
		_ = compose.RatioBase(ratio).MarksNode(compose.RatioMarkers(ratio)).XML()
	}
}

// warmData is a made-up plan of the default shape with results.
func warmData() (*protocol.Plan, []protocol.JobResult) {
	pl := &protocol.Plan{X: "rho", Series: "fusion", SeriesValues: []float64{1, 2, 3, 4}, Repeats: 1}
	pl.Xs = []float64{-0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9}
	for si, sv := range pl.SeriesValues {
		c := protocol.Curve{Series: si}
		for i := 0; i < 30; i++ {
			x := -0.9 + 1.8*float64(i)/29
			ta := 200 * (1 + x*x) * sv
			r := 1 + sv*(1+x*x)/2
			c.Points = append(c.Points, protocol.CurvePoint{X: x, TA: protocol.N(ta), TB: protocol.N(ta * r), Ratio: protocol.N(r),
				ODETA: protocol.N(ta), ODETB: protocol.N(ta * r), ODERatio: protocol.N(r), Plateau: protocol.N(1), Misattribution: protocol.N(0)})
		}
		pl.Curves = append(pl.Curves, c)
		for xi, x := range pl.Xs {
			pl.Jobs = append(pl.Jobs, protocol.Job{Series: si, XIndex: xi, X: x, Query: "rho=" + strconv.FormatFloat(x, 'g', -1, 64)})
		}
	}
	res := make([]protocol.JobResult, len(pl.Jobs))
	for i := range res {
		ta := 100 + float64(i)
		res[i] = protocol.JobResult{Done: true, Report: &protocol.Report{Status: "converged", TA: protocol.N(ta), TB: protocol.N(3 * ta), Ratio: protocol.N(3),
			Params: map[string]string{"initscheme": "aligned"},
			Theory: protocol.TheoryReport{OK: true, Ratio: protocol.N(3), ODERatio: protocol.N(3), TASteps: protocol.N(ta), TBSteps: protocol.N(3 * ta)}}}
	}
	return pl, res
}

// composeSteps are the phase diagram's panels of a description composed
// once each, discarding the result: run one per frame before the Diagram's
// first live render, they pay the WebAssembly baseline compiles of that
// code in small pieces.
func composeSteps(p params.Set, fig *protocol.Figure) []func() {
	if fig == nil || fig.Plan == nil {
		return nil
	}
	specs, ratio, _ := compose.PhaseLayout(p, fig.Plan, nil)
	var steps []func()
	for _, s := range specs {
		steps = append(steps, func() { base, _ := compose.PhaseBase(s).Layers(); _ = base.XML() })
	}
	return append(steps, func() { base, _ := compose.RatioBase(ratio).Layers(); _ = base.XML() })
}

// Preview warm-up. The first previews of a moving slider ran at three to
// five times their later cost (baseline-compiled code): 60–150 ms frames
// at the start of a drag. Once the sweep has finished, the page computes
// small previews of its own query (previewWarmDense points per curve, a
// few milliseconds each) previewWarmRounds times, 50 ms apart, so the
// optimising compiles happen while the page is idle.
const (
	previewWarmRounds = 12
	previewWarmDense  = 3
)

// warmPreviewAfterSweep waits (up to two minutes) for the current sweep to
// finish, then runs the preview warm-up once.
func warmPreviewAfterSweep(ctl *sweepctl.Controller) {
	go func() {
		for wait := 0; wait < 1200; wait++ {
			time.Sleep(100 * time.Millisecond)
			if done, total := ctl.Counts(); total > 0 && done == total {
				break
			}
		}
		q, err := url.ParseQuery(ctl.Query())
		if err != nil || q.Get(KeyPreset) != "" {
			return
		}
		p, _ := params.FromQuery(q)
		if p.Get("data") != "toy" {
			return
		}
		for i := 0; i < previewWarmRounds; i++ {
			time.Sleep(50 * time.Millisecond)
			_, _ = sweep.MakePlan(p, previewWarmDense, sweep.ClosedForm)
		}
	}()
}
