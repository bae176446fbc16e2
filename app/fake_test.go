package app

import (
	"net/url"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/protocol"
)

// fakePlan builds a plan shaped like the default experiment (x = rho,
// series = fusion 1…4) with made-up theory: t_A = 200(1+x²)·s, ratio
// 1 + s(1+x²)/2 (closed form null for the early-fusion series 0, where only
// the ODE is given). It is the same helper as figure/compose/fake_test.go,
// whose tests check the figures drawn from it.
func fakePlan(points, dense int) *protocol.Plan {
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

// fakeResults finishes the first n jobs with simulated times 5% above the
// theory and a ratio 10% above it, except job 0, which diverged.
func fakeResults(pl *protocol.Plan, n int) []protocol.JobResult {
	res := make([]protocol.JobResult, len(pl.Jobs))
	for i := 0; i < n && i < len(pl.Jobs); i++ {
		res[i] = protocol.JobResult{Done: true, Report: fakeReport(pl, i)}
	}
	return res
}

// fakeReport is the report of job i of fakeResults.
func fakeReport(pl *protocol.Plan, i int) *protocol.Report {
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

// fakeRunner is a sweepctl.Runner that records the requests; tests answer
// them through the recorded callbacks.
type fakeRunner struct {
	describes []func(protocol.Response)
	queries   []string
	sims      []func(protocol.Response)
	jobs      []protocol.FigJob
	cancels   []int
}

func (r *fakeRunner) Describe(gen int, query string, done func(protocol.Response)) {
	r.describes = append(r.describes, done)
	r.queries = append(r.queries, query)
}

func (r *fakeRunner) Simulate(gen int, job protocol.FigJob, done func(protocol.Response)) {
	r.sims = append(r.sims, done)
	r.jobs = append(r.jobs, job)
}

func (r *fakeRunner) Cancel(gen int) { r.cancels = append(r.cancels, gen) }

// fakeScheduler runs callbacks due now at once and keeps the later ones
// (the elapsed-time ticks) without running them; its clock stands still.
type fakeScheduler struct{ later int }

func (s *fakeScheduler) After(d time.Duration, f func()) {
	if d <= 0 {
		f()
		return
	}
	s.later++
}

func (s *fakeScheduler) Now() time.Time { return time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC) }

// newController is a controller on fake workers with no debounce or batch
// delay: descriptions and results apply as soon as they are answered.
func newController() (*sweepctl.Controller, *fakeRunner) {
	r := &fakeRunner{}
	c := sweepctl.New(r, &fakeScheduler{})
	c.Debounce, c.Batch = 0, 0
	return c, r
}

// showing is a controller showing the plan's diagram with the results, as
// an imported run does.
func showing(pl *protocol.Plan, res []protocol.JobResult) *sweepctl.Controller {
	c, _ := newController()
	c.Show(protocol.DiagramFigure(pl), res)
	return c
}

// fakeHost is the page as a figure sees it: it records picks, held
// redraws and the mounted figure.
type fakeHost struct {
	picked  []int
	held    int
	mounted figureView
}

func (h *fakeHost) holdRedraw()                      { h.held++ }
func (h *fakeHost) PickJob(ctx app.Context, job int) { h.picked = append(h.picked, job) }
func (h *fakeHost) figureMounted(v figureView)       { h.mounted = v }
