package app

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// PresetView shows one preset figure (docs/theory.md §7, §9): the
// controller asks a worker for the figure's theory content and runs its
// simulations; the view draws theory and simulation side by side with the
// agreement stated as a number. Results redraw it alone (Host).
type PresetView struct {
	app.Compo

	Name  string
	Sweep *sweepctl.Controller
	Rev   int
	Host  interface {
		Host
		figureMounted(figureView)
	}

	ctx    app.Context
	reveal reveal // how far the panels have come in (presetreveal.go)
	memo   panelMemo
}

// panelMemo keeps each panel's description with what it was made of: a
// redraw (a batch of results, a panel coming in) composes again only the
// panels whose simulations changed. The others keep their description, so
// their PanelView neither writes its SVG again nor is compared element by
// element: a result of one panel used to recompose and rewrite every panel.
type panelMemo struct {
	fig    *protocol.Figure // the figure described; a new one starts afresh
	panels map[string]memoPanel
}

type memoPanel struct {
	reps   []*protocol.Report // the reports of the panel's jobs, in job order
	desc   *figure.Panel
	counts compose.PanelCounts
}

// describe returns panel p's description and counts, composed again only
// when the figure or the reports of the panel's jobs changed.
func (m *panelMemo) describe(fig *protocol.Figure, reps []*protocol.Report, p *protocol.Panel) (*figure.Panel, compose.PanelCounts) {
	if m.fig != fig {
		m.fig, m.panels = fig, map[string]memoPanel{}
	}
	var mine []*protocol.Report
	for i, j := range fig.Jobs {
		if j.Panel == p.ID && i < len(reps) {
			mine = append(mine, reps[i])
		}
	}
	if e, ok := m.panels[p.ID]; ok && slices.Equal(e.reps, mine) {
		return e.desc, e.counts
	}
	desc, counts := compose.PresetPanel(fig, reps, p)
	m.panels[p.ID] = memoPanel{reps: mine, desc: desc, counts: counts}
	return desc, counts
}

// OnMount registers the view as the figure on screen. Its first render
// stands: go-app would redraw the view and the whole page after the mount.
func (v *PresetView) OnMount(ctx app.Context) {
	ctx.PreventUpdate()
	v.ctx = ctx
	v.Host.figureMounted(v)
	v.reveal.start(func(f func(app.Context)) { redrawAlone(v.ctx, v.Host, f) })
}

// OnDismount unregisters it.
func (v *PresetView) OnDismount() { v.Host.figureMounted(nil) }

// redrawResults redraws the view alone (figureView).
func (v *PresetView) redrawResults() { redrawAlone(v.ctx, v.Host, nil) }

// follow implements figureView: a preset has no sliders of its own.
func (v *PresetView) follow(params.Set) {}

// reports returns the report of every job (nil while pending or failed)
// and the errors.
func (v *PresetView) reports(fig *protocol.Figure) ([]*protocol.Report, []string) {
	res := v.Sweep.Results()
	reps := make([]*protocol.Report, len(fig.Jobs))
	var errs []string
	for i := range fig.Jobs {
		if i < len(res) {
			reps[i] = res[i].Report
			if res[i].Err != "" {
				errs = append(errs, "run "+strconv.Itoa(i+1)+": "+res[i].Err)
			}
		}
	}
	return reps, errs
}

// Render draws the caption, progress, agreement and panels.
func (v *PresetView) Render() app.UI {
	title := PresetTitle(v.Name)
	fig := v.Sweep.Figure()
	switch {
	case title == "":
		v.reveal.all = true // no figure to come in
		return app.Section().Class("preset").Body(app.H2().Text("Unknown figure"), app.P().Text("There is no figure called “"+v.Name+"”. Pick one from the list."))
	case v.Sweep.Err() != "" && (fig == nil || fig.Name != v.Name):
		v.reveal.all = true
		return app.Section().Class("preset").Body(app.H2().Text(title), app.P().Class("error").Text(v.Sweep.Err()))
	case fig == nil || fig.Name != v.Name:
		return app.Section().Class("preset").Body(app.H2().Text(title), app.P().Text("Computing the theory…"))
	}
	reps, errs := v.reports(fig)
	done, total := v.Sweep.Counts()
	rel, abs := compose.PresetAgreement(fig, reps)
	status := strconv.Itoa(done) + "/" + strconv.Itoa(total) + " simulations"
	if done == total && total > 0 && !v.Sweep.Running() {
		status += " · done in " + strconv.FormatFloat(v.Sweep.Elapsed().Seconds(), 'f', 1, 64) + " s"
	}
	panels := make([]app.UI, len(fig.Panels))
	drawn := v.reveal.limit(len(fig.Panels), done == total && total > 0 && !v.Sweep.Running())
	for i := range fig.Panels {
		if i < drawn {
			panels[i] = v.panel(fig, reps, &fig.Panels[i])
		} else {
			panels[i] = panelSlot(&fig.Panels[i])
		}
	}
	var demand app.UI
	for _, j := range fig.Jobs {
		if j.OnDemand {
			demand = app.Button().Class("btn").ID("ondemand").Disabled(v.Sweep.OnDemandRequested()).Text("Simulate the coarse grid").
				OnClick(func(ctx app.Context, e app.Event) { v.Sweep.RunOnDemand() })
			break
		}
	}
	var errList app.UI
	if len(errs) > 0 {
		items := make([]app.UI, len(errs))
		for i, e := range errs {
			items[i] = app.Li().Text(e)
		}
		errList = app.Ul().Class("errors").Body(items...)
	}
	return app.Section().Class("preset").ID("preset").DataSet("name", v.Name).DataSet("sims-done", done).DataSet("sims-total", total).
		DataSet("within", rel.Within+abs.Within).DataSet("withtol", rel.WithTol+abs.WithTol).Body(
		app.H2().Text(fig.Title),
		app.P().Class("caption").Body(app.Text(fig.Caption), app.Span().Class("sec").Text(" (docs/theory.md "+fig.Section+")")),
		app.Div().Class("progress-row").Body(
			app.Progress().Max(max(total, 1)).Value(done).Aria("label", "simulations done"),
			app.Span().Class("status").Text(status),
			demand,
			app.A().Class("btn").Href("?"+fig.Query).Text("Open these settings in the phase diagram"),
			&FigureButtons{ID: "preset", Label: "the whole figure", Figure: func() *figure.Figure { f := v.Sweep.Figure(); r, _ := v.reports(f); return compose.PresetFigure(f, r) }},
		),
		app.Div().Body(agreementLine("relative", rel), agreementLine("absolute", abs)),
		legendUI(compose.PresetLegend(fig), "fig-legend"),
		app.Div().Class("fig-grid").Body(panels...),
		errList,
	)
}

// agreementLine states one kind of agreement, or nothing.
func agreementLine(kind string, a protocol.Agreement) app.UI {
	t := compose.AgreementText(a)
	if t == "" {
		return nil
	}
	return app.P().Class("agreement").Body(app.Strong().Text("Simulation vs theory ("+kind+" deviation): "), app.Text(t))
}

// panel draws one panel with its title and export buttons; a clickable
// plane starts a run of the clicked point.
func (v *PresetView) panel(fig *protocol.Figure, reps []*protocol.Report, p *protocol.Panel) app.UI {
	desc, counts := v.memo.describe(fig, reps, p)
	var body app.UI = &PanelView{Panel: desc}
	if p.Click != nil {
		body = app.Div().Class("clickable").Body(body).OnClick(func(ctx app.Context, e app.Event) {
			if x, y, ok := planeCoords(e, desc); ok {
				v.Sweep.Add(clickJob(p, x, y, len(v.Sweep.Figure().Jobs)))
			}
		})
	}
	one := &figure.Figure{Name: "panel-" + p.ID, Title: p.Title, Legend: compose.PresetLegend(fig), Panels: []*figure.Panel{desc}, Columns: 1}
	return app.Div().Class("fig-panel").DataSet("theory-marks", counts.Theory).DataSet("sim-marks", counts.Sim).ID("panel-"+p.ID).Body(
		app.Div().Class("panel-head").Body(
			app.H3().Class("panel-title").Text(p.Title),
			&FigureButtons{ID: "panel-" + p.ID, Label: "this panel", Figure: func() *figure.Figure { return one }},
		),
		body,
	)
}

// clickJob is the run of a clicked point of a clickable plane.
func clickJob(p *protocol.Panel, x, y float64, n int) protocol.FigJob {
	c := p.Click
	q, _ := url.ParseQuery(c.Query)
	q.Set(c.XParam, strconv.FormatFloat(x, 'g', 4, 64))
	q.Set(c.YParam, strconv.FormatFloat(y, 'g', 4, 64))
	return protocol.FigJob{Query: q.Encode(), Panel: c.Panel, Series: 2 + n%4, Extract: c.Extract, Trajectory: true,
		Label: "clicked σ_A/σ_B = " + figure.FormatSig(x, 3) + ", w_A*/w_B* = " + figure.FormatSig(y, 3)}
}

// planeCoords converts a click on a panel's SVG into data coordinates.
func planeCoords(e app.Event, p *figure.Panel) (x, y float64, ok bool) {
	svgEl := e.Get("currentTarget").Call("querySelector", "svg")
	if !svgEl.Truthy() {
		return 0, 0, false
	}
	rect := svgEl.Call("getBoundingClientRect")
	w, h := rect.Get("width").Float(), rect.Get("height").Float()
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	f := p.Frame
	cx := (e.Get("clientX").Float() - rect.Get("left").Float()) * f.W / w
	cy := (e.Get("clientY").Float() - rect.Get("top").Float()) * f.H / h
	if cx < f.Left() || cx > f.Right() || cy < f.Top() || cy > f.Bottom() {
		return 0, 0, false
	}
	x = p.X.Min + (cx-f.Left())/(f.Right()-f.Left())*(p.X.Max-p.X.Min)
	y = p.Y.Max - (cy-f.Top())/(f.Bottom()-f.Top())*(p.Y.Max-p.Y.Min)
	return x, y, figure.IsFinite(x) && figure.IsFinite(y)
}
