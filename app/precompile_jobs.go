package app

import (
	"encoding/json"
	"net/url"
	"regexp"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// precompileJobs runs, for Precompile, what the page runs once a figure's
// description is there: the controller's start of its simulations (the
// cost gate, the longest-first order, each job queued through the pool),
// the arrival of a result and its batch. A trace of a preset page in a
// fresh browser showed the page's thread compiling about 80 such functions
// at their first call, inside its first long frames, each compile waiting
// while background threads published optimised code. Here the controller
// is a throwaway one: its runner describes query as fig at once, queues
// the simulations in the page's pool, which is offline and never runs
// them, and answers the first with an empty report.
func precompileJobs(p *Page, query string, fig *protocol.Figure) {
	if fig == nil || len(fig.Jobs) == 0 {
		return
	}
	// The pool as startPool sets it up (offline: no worker starts).
	p.cores = 2
	p.fitWorkers()
	p.pool.EnsureSims(p.pool.MaxSims())
	p.pool.StartTheory()
	s := &stepScheduler{}
	c := sweepctl.New(&precompileRunner{pool: p.pool, query: query, fig: fig}, s)
	c.Gate = costGate
	c.Preview = p.pool.Preview
	c.Order = LongestFirst
	c.Restart(query)
	s.drain(64)
	c.Results()
	c.Counts()
	c.Running()
	c.Elapsed()
	warmLibrary()
	warmFigure()
	warmCompose(fig)
	reportHeight() // in a worker: no parent page, it returns at once
}

// warmCompose composes fig's first panel and its agreement with a report
// (without values) for every job: the extraction code a result calls,
// which the empty result above, having no report, does not reach.
func warmCompose(fig *protocol.Figure) {
	if len(fig.Panels) == 0 {
		return
	}
	reps := make([]*protocol.Report, len(fig.Jobs))
	for i := range reps {
		reps[i] = &protocol.Report{}
	}
	compose.PresetPanel(fig, reps, &fig.Panels[0])
	compose.PresetAgreement(fig, reps)
}

// warmFigure draws a panel with a marker of each kind, a labelled one,
// lines, a band and reference lines: the figure code a panel's first
// results call (traces of a fresh browser showed the page's thread
// compiling Marker.node alone for 1.1 ms in the task that drew the first
// panel), which the empty result above does not reach.
func warmFigure() {
	p := &figure.Panel{ID: "warm", X: figure.Axis{Min: 0, Max: 1}, Y: figure.Axis{Min: 1, Max: 10, Log: true}}
	for _, sh := range []string{"circle", "triangle", "dot"} {
		p.Items = append(p.Items, figure.Marker{X: 0.5, Y: 2, Shape: sh, Fill: "#000", Tip: "a\nb", Label: "1", Group: true},
			figure.Marker{X: 0.5, Y: 2, Shape: sh, Class: "m", Tip: "t", Pick: true})
	}
	p.Under = []figure.Item{figure.Band{Xs: []float64{0, 1}, Lo: []float64{1, 2}, Hi: []float64{3, 4}}}
	p.Items = append(p.Items, figure.Curve{Xs: []float64{0, 0.5, 1}, Ys: []float64{1, 3, 9}, Tip: "c"},
		figure.HLine{At: 2, Label: "h"}, figure.VLine{At: 0.5, Label: "v"})
	base, marks := p.Layers()
	_ = base.XML() + marks.XML()
}

// warmLibrary calls the library code the same trace showed compiled at
// first call in the page's first frames: timers, tickers and select (the
// page's scheduler, go-app's dispatch), goroutines that park and exit, URL
// resolution, JSON arrays, literals and maps, pattern matching (go-app's
// route), and syscall/js on a document's nodes (here the compile worker's
// stand-in).
func warmLibrary() {
	tk := time.NewTicker(time.Hour)
	tk.Reset(time.Hour)
	tk.Stop()
	ch := make(chan int)
	go func() { ch <- 1 }()
	fire := time.NewTimer(time.Nanosecond)
	for range 2 { // a parked select, woken by a send and by a timer
		select {
		case <-ch:
		case <-fire.C:
		}
	}
	_ = time.Now().Add(time.Second)
	if u, err := url.Parse("https://example.org/a/b/?preset=x#f"); err == nil {
		_ = u.ResolveReference(&url.URL{Path: "./"}).String() + u.EscapedPath() + url.Values{"a": {"1"}}.Encode()
	}
	var v any
	_ = json.Unmarshal([]byte(`[false, true, null, {"a": [1e3, -2]}]`), &v)
	var m map[string]int
	_ = json.Unmarshal([]byte(`{"a": 1}`), &m)
	_, _ = json.Marshal([]int{1, 2})
	_ = regexp.MustCompile("^.*$").MatchString("/index.html")
	if !app.IsClient {
		return
	}
	if nodes := app.Window().Get("document").Get("body").Get("childNodes"); nodes.Truthy() {
		for i := 0; i < nodes.Length(); i++ {
			n := nodes.Index(i)
			_ = n.Type().String() + n.Get("nodeName").String()
			_ = n.Equal(nodes.Index(i))
		}
	}
	f := app.FuncOf(func(app.Value, []app.Value) any { return nil })
	app.ValueOf(f).Invoke()
	f.Release()
}

// precompileRunner is precompileJobs's sweepctl.Runner.
type precompileRunner struct {
	pool     *Pool
	query    string
	fig      *protocol.Figure
	answered bool
}

// Describe answers with the figure it was given.
func (r *precompileRunner) Describe(gen int, query string, done func(protocol.Response)) {
	if query != r.query {
		done(protocol.Response{Type: protocol.RespError, Gen: gen, Error: "not this figure"})
		return
	}
	done(protocol.Response{Type: protocol.RespFigure, Gen: gen, Figure: r.fig})
}

// Simulate queues the job in the offline pool and answers the first job
// with an empty report.
func (r *precompileRunner) Simulate(gen int, job protocol.FigJob, done func(protocol.Response)) {
	r.pool.Simulate(gen, job, func(protocol.Response) {})
	if !r.answered {
		r.answered = true
		done(protocol.Response{Type: protocol.RespResult, Gen: gen, Report: &protocol.Report{}, Millis: 1})
	}
}

// Cancel cancels in the pool.
func (r *precompileRunner) Cancel(gen int) { r.pool.Cancel(gen) }

// stepScheduler is a sweepctl.Scheduler whose callbacks run when drained,
// in order, at once.
type stepScheduler struct{ fns []func() }

func (s *stepScheduler) After(d time.Duration, f func()) { s.fns = append(s.fns, f) }
func (s *stepScheduler) Now() time.Time                  { return time.Now() }

// drain runs at most n scheduled callbacks (the elapsed-time tick
// reschedules itself as long as simulations run).
func (s *stepScheduler) drain(n int) {
	for i := 0; i < n && len(s.fns) > 0; i++ {
		f := s.fns[0]
		s.fns = s.fns[1:]
		f()
	}
}
