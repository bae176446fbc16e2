package app

import (
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// debounce is how long the parameters must rest before simulations start;
// theory curves are requested at once.
const debounce = 150 * time.Millisecond

// denseTheory is the number of x points of the theory curves.
const denseTheory = 120

// Page is the root component. It owns the parameters (kept in the page
// address), the worker pool and the state of the current sweep: on every
// change it bumps a generation, cancels the running simulations, asks the
// theory worker for a new plan and, once the parameters rest, queues the
// plan's simulations.
type Page struct {
	app.Compo

	params  params.Set
	notices []string
	seen    map[string]bool
	embed   bool
	// preset is the figure shown instead of the phase diagram (?preset=).
	preset  string
	mounted bool

	ctx  app.Context
	pool *Pool
	gen  int

	planPending bool // a plan request is in flight
	planDirty   bool // parameters changed while it was
	plan        *protocol.Plan
	planGen     int
	planErr     string

	results []JobResult
	jobOf   map[int]int // simulation request id → job index
	rev     int
	changed time.Time
	started time.Time
	elapsed time.Duration
	running bool
	ticking bool
	note    string

	live LiveStart

	// sharing (share.go)
	pushed       string // address of the last history entry the page settled
	imported     int    // generation of an imported run file
	importMsg    string
	copied       bool
	copyFallback string
	hide         []string // ?hide=: controls left out
	present      bool     // presenter mode (?present=1 or the toggle)
	tour         int      // open tour step (1-based), 0 closed
	shareURL     string   // the share dialog is open on this address
	shareCopied  string

	// diag is the mounted Diagram (DiagramHost): batches of results and
	// the elapsed-time tick redraw it alone rather than the whole page.
	diag    *Diagram
	diagCtx app.Context

	gotPlan atomic.Bool // a plan (or its error) has arrived: warm-up stops

	inboxMu  sync.Mutex
	inbox    []protocol.Response // results waiting for the next update
	flushing bool
}

// OnInit reads the parameters from the page address (in the browser) and
// prepares the worker pool; no worker starts before OnMount.
func (p *Page) OnInit() {
	p.params = params.Defaults()
	p.seen = map[string]bool{}
	p.pool = NewPool("web/worker.js", 1)
	if app.IsClient {
		search := app.Window().Get("location").Get("search").String()
		s, notices := ParseSearch(search)
		p.params = s
		p.addNotices(notices)
		if q, err := url.ParseQuery(strings.TrimPrefix(search, "?")); err == nil {
			p.embed = q.Get("embed") != "" && q.Get("embed") != "0"
			p.preset = q.Get("preset")
			p.hide = ParseHide(q.Get("hide"))
			p.present = q.Get("present") != "" && q.Get("present") != "0"
		}
	}
}

// OnMount starts the workers and the default experiment, and sets the
// markers browser tests wait for.
func (p *Page) OnMount(ctx app.Context) {
	p.ctx = ctx
	if !app.IsClient {
		return
	}
	win := app.Window()
	hc := 2
	if v := win.Get("navigator").Get("hardwareConcurrency"); v.Truthy() {
		hc = v.Int()
	}
	// One simulation worker per core, leaving one core to the page thread:
	// on a 2-core machine a second worker halves the sweep time but starves
	// the page (frame gaps of 150–300 ms measured in headless Chromium).
	p.pool.maxSims = max(1, min(hc-1, 4))
	p.pool.SetHost(ctx)
	// A plan is applied a frame after it was decoded, so the browser can
	// paint between the two pieces of work.
	p.pool.OnPlan = func(r protocol.Response) {
		p.gotPlan.Store(true)
		ctx.After(16*time.Millisecond, func(ctx app.Context) { p.onPlan(ctx, r) })
	}
	p.pool.OnResult = p.queueResult
	p.pool.OnFailure = func(msg string) {
		ctx.Dispatch(func(ctx app.Context) {
			p.note = msg
			p.addNotices([]string{msg})
		})
	}
	p.mounted = true
	p.pushed = win.Get("location").Get("href").String()
	if p.present {
		p.setPresent(true)
	}
	// go-app ignores Back to the address it last navigated to (the
	// controls change the address without it): listen as well.
	win.Call("addEventListener", "popstate", app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { p.onPopState(ctx) })
		return nil
	}))
	if p.preset == "" {
		p.note = "starting workers…"
		p.pool.EnsureSims(expectedJobs(p.params))
		p.requestPlan()
	}
	p.reportHeight()
	// The workers boot in parallel; meanwhile compile the page's hot code.
	w := newWarmer()
	w.first()
	if p.preset == "" {
		go p.keepWarm(w)
	}
	win.Get("document").Get("body").Get("dataset").Set("ready", "1")
}

// OnNav follows in-page navigation (the preset links): switching to a
// preset stops the sweep's simulations; coming back restarts the diagram.
func (p *Page) OnNav(ctx app.Context) {
	if !app.IsClient || !p.mounted {
		return
	}
	// Links to presets and Back/Forward both arrive here.
	p.onPopState(ctx)
}

// expectedJobs estimates the number of simulations of a parameter set
// before its plan is known (to start the right number of workers early).
func expectedJobs(s params.Set) int {
	n := max(1, s.Int("points")) * max(1, s.Int("repeats"))
	if s.Get("series") != "" {
		n *= max(1, len(s.List("values")))
	}
	return n
}

func (p *Page) addNotices(ns []string) {
	for _, n := range ns {
		if n != "" && !p.seen[n] {
			p.seen[n] = true
			p.notices = append(p.notices, n)
		}
	}
}

// requestPlan asks for the plan of the current parameters, or, while a
// request is in flight, remembers to ask again when it is answered: plans
// never queue up, and the newest parameters are always computed next.
func (p *Page) requestPlan() {
	if p.planPending {
		p.planDirty = true
		return
	}
	p.planPending, p.planDirty = true, false
	p.pool.Plan(p.gen, p.params.Encode(), denseTheory)
}

// ParamsChanged applies new parameters from the controls: the Page is the
// Controls' ParamsHandler.
func (p *Page) ParamsChanged(ctx app.Context, next params.Set) {
	p.params = next
	writeURL(next)
	p.gen++
	p.changed = time.Now()
	p.pool.Cancel(p.gen)
	p.results, p.jobOf = nil, nil
	p.running = false
	p.rev++
	p.requestPlan()
	p.scheduleSettle(ctx)
}

func (p *Page) onPlan(ctx app.Context, r protocol.Response) {
	p.planPending = false
	switch {
	case r.Type == protocol.RespError:
		if r.Gen == p.gen {
			p.planErr, p.plan, p.results, p.note = r.Error, nil, nil, ""
			p.rev++
		}
	case r.Plan != nil && p.imported > 0 && p.imported == p.gen:
		// an imported run file is shown: older plans must not replace it
	case r.Plan != nil:
		// A plan for older parameters still shows its theory while the
		// newest one is computed: the curves follow a moving slider.
		p.plan, p.planGen = r.Plan, r.Gen
		p.rev++
		p.addNotices(r.Plan.Notices)
		if r.Gen == p.gen {
			p.planErr, p.note = "", ""
			p.results = make([]JobResult, len(r.Plan.Jobs))
			p.jobOf = map[int]int{}
			p.scheduleJobs(ctx, r.Gen)
		}
	}
	if p.planDirty {
		p.requestPlan()
	}
}

// scheduleJobs queues the plan's simulations once the parameters have
// rested for the debounce time.
func (p *Page) scheduleJobs(ctx app.Context, gen int) {
	if wait := debounce - time.Since(p.changed); wait > 0 {
		ctx.After(wait, func(ctx app.Context) {
			if p.gen == gen && p.planGen == gen && len(p.jobOf) == 0 {
				p.startJobs(ctx, gen)
			}
		})
		return
	}
	p.startJobs(ctx, gen)
}

func (p *Page) startJobs(ctx app.Context, gen int) {
	if p.plan == nil || len(p.plan.Jobs) == 0 {
		return
	}
	p.pool.EnsureSims(len(p.plan.Jobs))
	for i, j := range p.plan.Jobs {
		p.jobOf[p.pool.Simulate(gen, j.Query)] = i
	}
	p.started, p.elapsed, p.running = time.Now(), 0, true
	p.tick(ctx)
}

// tick refreshes the elapsed time once a second while simulations run.
func (p *Page) tick(ctx app.Context) {
	if p.ticking {
		return
	}
	p.ticking = true
	ctx.After(time.Second, func(ctx app.Context) {
		p.ticking = false
		if p.running {
			p.elapsed = time.Since(p.started)
			p.tick(ctx)
			p.redrawDiagram(ctx)
		}
	})
}

// DiagramMounted records the mounted Diagram (DiagramHost).
func (p *Page) DiagramMounted(d *Diagram, ctx app.Context) { p.diag, p.diagCtx = d, ctx }

// KeepHost cancels the page's redraw in the current update cycle
// (DiagramHost): the Diagram changed alone. It is the pool's Isolate, which
// the live run uses for the same purpose.
func (p *Page) KeepHost() { p.pool.Isolate() }

// redrawDiagram is called from a callback on the page's context (ctx)
// whose changes are all shown by the Diagram: it cancels the page's redraw
// and redraws the Diagram alone with the page's current sweep state. The
// page's other parts (controls, live run, menus) are neither rendered nor
// compared. Without a mounted Diagram the page redraws as usual.
func (p *Page) redrawDiagram(ctx app.Context) {
	d := p.diag
	if d == nil {
		return
	}
	ctx.PreventUpdate()
	p.diagCtx.Dispatch(func(app.Context) {
		p.KeepHost()
		if p.diag != d {
			return
		}
		d.Results, d.Rev, d.Elapsed, d.Running = p.results, p.rev, p.elapsedNow(), p.running
	})
}

// keepWarm repeats warm-up rounds (see warmer) while the page waits for
// its first plan: one every 10 ms, at most warmRounds of them and warmBudget
// of page-thread time, stopping as soon as a plan has arrived.
func (p *Page) keepWarm(w *warmer) {
	var spent time.Duration
	for i := 0; i < warmRounds && spent < warmBudget && !p.gotPlan.Load(); i++ {
		time.Sleep(10 * time.Millisecond)
		t := time.Now()
		w.round()
		spent += time.Since(t)
	}
}

// warmRounds and warmBudget bound the warm-up while the first plan is
// computed.
const (
	warmRounds = 40
	warmBudget = 400 * time.Millisecond
)

// queueResult keeps a simulation result (JavaScript event loop) and
// schedules one update for the results that arrive within resultBatch: the
// page redraws a few times a second however fast simulations finish.
func (p *Page) queueResult(r protocol.Response) {
	p.inboxMu.Lock()
	p.inbox = append(p.inbox, r)
	first := !p.flushing
	p.flushing = true
	p.inboxMu.Unlock()
	if first {
		p.ctx.After(resultBatch, p.flushResults)
	}
}

// resultBatch is the longest a finished simulation waits to be drawn.
const resultBatch = 120 * time.Millisecond

// flushResults applies the queued results in one update.
func (p *Page) flushResults(ctx app.Context) {
	p.inboxMu.Lock()
	in := p.inbox
	p.inbox, p.flushing = nil, false
	p.inboxMu.Unlock()
	for _, r := range in {
		p.onResult(ctx, r)
	}
	p.redrawDiagram(ctx)
}

func (p *Page) onResult(ctx app.Context, r protocol.Response) {
	if r.Gen != p.gen || p.plan == nil {
		return
	}
	i, ok := p.jobOf[r.ID]
	if !ok || i >= len(p.results) || p.results[i].Done {
		return
	}
	p.results[i] = JobResult{Done: true, Report: r.Report, Err: r.Error, Millis: r.Millis}
	p.rev++
	done := 0
	for _, res := range p.results {
		if res.Done {
			done++
		}
	}
	p.elapsed = time.Since(p.started)
	if done == len(p.results) {
		p.running = false
	}
}

// PickRun starts a live run of a simulated point (the Page is the Picker
// of the diagram's markers).
func (p *Page) PickRun(ctx app.Context, s SimPoint) {
	p.live = LiveStart{Query: s.Query, Label: "simulation from the diagram", Seq: p.live.Seq + 1}
	ctx.ScrollTo("live")
}

// reportHeight tells an embedding page the document height whenever it
// changes ({"type":"unibias:height","height":N}), so it can size its iframe.
func (p *Page) reportHeight() {
	win := app.Window()
	parent := win.Get("parent")
	if !parent.Truthy() || parent.Equal(win.Get("self")) || !win.Get("ResizeObserver").Truthy() {
		return
	}
	last := 0
	doc := win.Get("document").Get("documentElement")
	cb := app.FuncOf(func(this app.Value, args []app.Value) any {
		h := doc.Get("scrollHeight").Int()
		if h != last {
			last = h
			parent.Call("postMessage", `{"type":"unibias:height","height":`+itoa(h)+`}`, "*")
		}
		return nil
	})
	win.Get("ResizeObserver").New(cb).Call("observe", win.Get("document").Get("body"))
}

// Render draws the page.
func (p *Page) Render() app.UI {
	cls := "page"
	if p.embed {
		cls += " embedded"
	}
	if p.present {
		cls += " presenter"
	}
	return app.Div().Class(cls).Body(
		app.Header().Class("site-header").Body(
			app.H1().Body(
				app.Span().Class("brand").Text("unibias"),
				app.Span().Class("subtitle").Text("when does a multimodal network learn each modality?"),
			),
			app.P().Class("explain").Text("A network fed two modalities learns the stronger one first and may ignore the other for a long time. "+
				"The theory of Zhang, Latham & Saxe (ICML 2024) predicts when each is learned; here it stands beside networks trained live in your browser."),
		),
		app.If(len(p.notices) > 0, func() app.UI {
			return &NoticeBar{Notices: p.notices, OnDismiss: func(ctx app.Context) { p.notices = nil }}
		}),
		app.If(!p.embed, func() app.UI { return p.classroomBar() }),
		app.If(!p.embed, func() app.UI { return PresetMenu(p.preset) }),
		app.If(p.preset != "", func() app.UI {
			return app.Div().Class("layout preset-layout").Body(app.Main().ID("main").Class("main wide").Body(&PresetView{Name: p.preset}))
		}).Else(func() app.UI {
			return p.renderDiagram()
		}),
		app.Footer().Class("site-footer").Body(
			app.P().Text("Everything runs in this tab: Go compiled to WebAssembly, one Web Worker per core; nothing is sent anywhere. "+
				"Times are in gradient steps; theory time t = η·steps. The page address holds the parameters: copy it to share this view."),
		),
	)
}

// renderDiagram is the start page: phase diagram, live run and controls.
func (p *Page) renderDiagram() app.UI {
	return app.Div().Class("layout").Body(
		app.Main().ID("main").Class("main").Body(
			&Diagram{
				Params:  p.params,
				Plan:    p.plan,
				Stale:   p.plan != nil && p.planGen != p.gen,
				Results: p.results,
				Rev:     p.rev,
				Elapsed: p.elapsedNow(),
				Running: p.running,
				Note:    p.note,
				Error:   p.planErr,
				Picker:  p,
			},
			p.dataBar(),
			&LiveRun{Pool: p.pool, Current: p.params.Encode(), Start: p.live},
		),
		app.Aside().ID("controls").Class("sidebar").Aria("label", "Parameters").Body(
			&Controls{Params: p.params, OnChange: p, Hide: p.hide},
		),
	)
}

// elapsedNow is the elapsed sweep time for display.
func (p *Page) elapsedNow() time.Duration {
	if p.running {
		return time.Since(p.started)
	}
	return p.elapsed
}
