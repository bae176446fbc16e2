package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/protocol"
)

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
