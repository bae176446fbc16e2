package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/protocol"
)

// Page is the root component. It holds view state only: the parameters and
// the view keys of the page address, the notices, and what the live run
// shows. The figure on screen — the phase diagram or a preset — lives in a
// sweepctl.Controller (its description, its simulations, their results);
// the worker Pool runs the work for every view.
type Page struct {
	app.Compo

	params  params.Set
	view    View
	notices Notices
	live    LiveStart

	ctx      app.Context
	sched    *uiScheduler
	pool     *Pool
	sweep    *sweepctl.Controller
	figure   figureView // the mounted figure component (redraws alone)
	sliding  int        // counts the values of a moving slider; 0 once it rests (slide.go)
	cores    int        // the browser's hardwareConcurrency (0 before OnMount)
	history  history
	takeover *takeover // while the live page takes the prerendered one over
	staged   func()    // starts the figure after a first render of the page's frame (stage.go)
	bare     bool      // the staged first render: no toolbar, no figure menu yet (stage.go)
}

// figureView is a mounted component that draws the controller's figure and
// can redraw itself alone when only results changed.
type figureView interface {
	redrawResults()
	// follow takes the parameters of a moving slider before a redraw.
	follow(params.Set)
}

// OnInit reads the parameters and view from the page address and prepares
// the figure's controller. At the address the page was prerendered for,
// the live page takes over in steps (takeover); elsewhere the first render
// draws the page's frame only and the figure starts once it is painted
// (stage.go), with a prerendered description of the same figure when there
// is one. No worker starts before OnMount; nothing when Precompile started
// the page.
func (p *Page) OnInit() {
	if precompiling {
		return
	}
	var search string
	if app.IsClient {
		search = app.Window().Get("location").Get("search").String()
	}
	p.init(search)
	if app.IsClient {
		if p.takeover = readPrerendered(search); p.takeover != nil {
			return
		}
	}
	query, fig := prerendered(FigureQuery(search))
	if app.IsClient {
		p.stage(func() { p.start(query, fig) })
		return
	}
	p.start(query, fig)
}

// init sets the page's state up for an address (location.search).
func (p *Page) init(search string) {
	p.sched = &uiScheduler{}
	p.pool = NewPool("web/worker.js", 1)
	p.sweep = sweepctl.New(p.pool, p.sched)
	p.sweep.OnChange = p.onChange
	p.sweep.Gate = costGate
	p.sweep.Preview = p.pool.Preview
	var notices []string
	p.params, notices = ParseSearch(search)
	p.notices.Add(notices...)
	p.view = ParseView(search)
}

// start shows the figure of the address; fig, when not nil, is the known
// description of query.
func (p *Page) start(query string, fig *protocol.Figure) {
	if fig != nil {
		p.pool.Preload(query, fig)
	}
	p.sweep.Restart(p.figureQuery())
}

// figureQuery is what the controller describes: the preset shown, or the
// phase diagram of the parameters.
func (p *Page) figureQuery() string { return figureQueryOf(p.params, p.view) }

func figureQueryOf(s params.Set, v View) string {
	if v.Preset != "" {
		return KeyPreset + "=" + v.Preset
	}
	return s.Encode()
}

// OnMount starts the workers (once its first render is painted) and sets
// the markers browser tests wait for. A staged page (stage.go) sets its
// workers, history and embed height up with its second step.
func (p *Page) OnMount(ctx app.Context) {
	p.ctx = ctx
	if precompiling || !app.IsClient {
		return
	}
	win := app.Window()
	p.sched.mount(ctx)
	if p.view.Present {
		setPresenter(true)
	}
	setup := func() {
		p.startPool(ctx)
		p.history.start(ctx, func(ctx app.Context) { p.onPopState(ctx) })
		reportHeight()
	}
	live := func() {
		p.takeover = nil
		if p.view.Preset == "" {
			// The phase diagram's result path and previews; a preset
			// figure draws with other code.
			startWarmUp(p.pool.ReleaseJobs)
			warmPreviewAfterSweep(p.sweep)
		}
		// Once the frame that draws the live sections has run.
		ctx.Defer(func(app.Context) { win.Get("document").Get("body").Get("dataset").Set("ready", "1") })
	}
	if p.staged != nil {
		ctx.PreventUpdate() // the frame is drawn; unstage draws the rest
		p.unstage(ctx, setup, live)
		return
	}
	setup()
	if p.takeover == nil {
		live()
		return
	}
	p.takeover.run(ctx, func(fig *protocol.Figure) []func() {
		p.start(p.takeover.query, fig)
		return composeSteps(p.params, fig)
	}, live)
}

// OnNav follows in-page navigation (the preset links). go-app also calls
// it once the page is mounted, for the address the page already shows:
// nothing changes then, and the page is not redrawn.
func (p *Page) OnNav(ctx app.Context) {
	if !app.IsClient || p.ctx.Src() == nil {
		return
	}
	if p.history.pushed == "" || app.Window().Get("location").Get("href").String() == p.history.pushed {
		ctx.PreventUpdate() // no history yet (a staged page), or no move
		return
	}
	p.onPopState(ctx)
}

// onChange is the controller's OnChange: a new figure redraws the page,
// results redraw only the figure.
func (p *Page) onChange(ch sweepctl.Change) {
	if !p.sched.mounted {
		return
	}
	if d, ok := p.sweep.Figure(), p.sweep.Figure() != nil; ok && d.Plan != nil && ch == sweepctl.FigureChanged {
		p.notices.Add(d.Plan.Notices...)
	}
	if p.figure != nil && (ch == sweepctl.ResultsChanged || p.sliding > 0) {
		p.figure.redrawResults()
		return
	}
	p.ctx.Update()
}

// holdRedraw implements Host.
func (p *Page) holdRedraw() { p.ctx.PreventUpdate() }

// figureMounted records the figure component that is on screen (nil when
// it leaves).
func (p *Page) figureMounted(v figureView) { p.figure = v }

// ParamsChanged applies new parameters from the controls (the Page is the
// Controls' ParamsHandler).
func (p *Page) ParamsChanged(ctx app.Context, next params.Set) {
	p.params = next
	writeURL(next)
	p.sweep.Restart(p.figureQuery())
	p.history.settleLater(ctx)
}

// onPopState restores the parameters and preset from the address (Back,
// Forward, the preset links).
func (p *Page) onPopState(ctx app.Context) {
	search := app.Window().Get("location").Get("search").String()
	p.history.arrived()
	s, notices := ParseSearch(search)
	p.notices.Add(notices...)
	v := ParseView(search)
	if v.Preset == p.view.Preset && s.Encode() == p.params.Encode() {
		return
	}
	p.params, p.view.Preset = s, v.Preset
	p.fitWorkers()
	p.sweep.Restart(p.figureQuery())
}

// PickJob starts a live run of a simulation of the diagram (the Page is
// the diagram markers' Picker).
func (p *Page) PickJob(ctx app.Context, job int) {
	fig := p.sweep.Figure()
	if fig == nil || job < 0 || job >= len(fig.Jobs) {
		return
	}
	p.live = LiveStart{Query: fig.Jobs[job].Query, Label: "simulation from the diagram", Seq: p.live.Seq + 1}
	ctx.ScrollTo("live")
}

// importRun shows a run file's parameters and results without simulating;
// it returns what to tell the user.
func (p *Page) importRun(ctx app.Context, data []byte) string {
	rf, err := DecodeRunFile(data)
	if err != nil {
		return err.Error()
	}
	s, notices := ParseSearch(rf.Query)
	p.notices.Add(notices...)
	p.params, p.view.Preset = s, ""
	p.fitWorkers()
	writeURL(s)
	p.history.push()
	p.sweep.Show(protocol.DiagramFigure(rf.Plan), rf.JobResults())
	return "loaded run file (" + itoa(len(rf.Results)) + " simulations, version " + rf.Version + ")"
}

// setPresent switches presenter mode.
func (p *Page) setPresent(on bool) {
	p.view.Present = on
	setPresenter(on)
}

// Render draws the page.
func (p *Page) Render() app.UI {
	cls := "page"
	if p.view.Embed {
		cls += " embedded"
	}
	if p.view.Present {
		cls += " presenter"
	}
	var body app.UI
	if p.staged != nil {
		body = p.emptyLayout()
	} else if p.view.Preset != "" {
		body = app.Div().Class("layout preset-layout").Body(app.Main().ID("main").Class("main wide").Body(
			&PresetView{Name: p.view.Preset, Sweep: p.sweep, Rev: p.sweep.Rev(), Host: p}))
	} else {
		body = app.Div().Class("layout").Body(
			app.Main().ID("main").Class("main").Body(
				p.takeover.or("diagram", &Diagram{Params: p.params, Sweep: p.sweep, Rev: p.sweep.Rev(), Host: p}),
				&DataBar{Query: p.params.Encode(), Sweep: p.sweep, OnImport: p.importRun},
				&DataPanel{Params: p.params, OnChange: p},
				p.takeover.or("live", &LiveRun{Pool: p.pool, Current: p.params.Encode(), Start: p.live, Host: p}),
			),
			app.Aside().ID("controls").Class("sidebar").Aria("label", "Parameters").Body(
				p.takeover.or("controls-form", &Controls{Params: p.params, OnChange: p, Hide: p.view.Hide}),
				&CostNote{Figure: p.sweep.Figure(), Workers: p.pool.MaxSims()},
			),
		)
	}
	return app.Div().Class(cls).Body(
		siteHeader(),
		app.If(len(p.notices.List) > 0, func() app.UI {
			return &NoticeBar{Notices: p.notices.List, OnDismiss: func(ctx app.Context) { p.notices.Clear() }}
		}),
		app.If(!p.view.Embed && !p.bare, func() app.UI {
			return &ClassroomBar{Present: p.view.Present, Preset: p.view.Preset, OnPresent: p.setPresent}
		}),
		app.If(!p.view.Embed && !p.bare, func() app.UI { return PresetMenu(p.view.Preset) }),
		body,
		siteFooter(),
	)
}
