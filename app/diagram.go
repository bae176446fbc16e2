package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// Diagram is the phase-diagram section (docs/theory.md §7): one panel per
// series value (small multiples sharing their axes), the ratio panel, a
// legend and the Readout, all described by package compose from the
// controller's plan and results. It carries the markers browser tests wait
// for: data-sims-done, data-sims-total and data-theory on its root. Results
// redraw it alone (Host).
type Diagram struct {
	app.Compo

	Params params.Set
	Sweep  *sweepctl.Controller
	Rev    int // the controller's revision when the page last rendered
	Host   interface {
		Host
		Picker
		figureMounted(figureView)
	}

	ctx       app.Context
	panels    panelCache
	adopt     adoption
	showTable bool // the data table under the figure is open
}

// OnMount registers the Diagram as the figure on screen.
func (c *Diagram) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.Host.figureMounted(c)
}

// OnDismount unregisters it.
func (c *Diagram) OnDismount() { c.Host.figureMounted(nil) }

// redrawResults redraws the Diagram alone (figureView).
func (c *Diagram) redrawResults() { redrawAlone(c.ctx, c.Host, nil) }

// follow takes the parameters of a moving slider (figureView).
func (c *Diagram) follow(p params.Set) { c.Params = p }

// Render draws the section.
func (c *Diagram) Render() app.UI {
	var plan *protocol.Plan
	if fig := c.Sweep.Figure(); fig != nil {
		plan = fig.Plan
	}
	specs, ratio, sims := compose.PhaseLayout(c.Params, plan, c.Sweep.Results())
	previewing := c.Sweep.Previewing()
	adopting := c.adopt.apply(c.ctx, c.Host, plan, specs, &ratio, previewing)
	done, total := c.Sweep.Counts()
	failed := 0
	for _, s := range sims {
		if s.Failed() {
			failed++
		}
	}
	ref := ""
	for _, s := range sims {
		if s.TheoryName != "" {
			ref = s.TheoryName
			break
		}
	}
	diverged, safeLR := Divergence(c.Sweep.Results())
	panels := make([]app.UI, len(specs))
	for i, s := range specs {
		base, marks := c.panels.phase(i, s)
		panels[i] = app.Div().Class("panel").Body(&PanelView{Panel: base, Marks: marks, Picker: c.Host})
	}
	theory := "0"
	switch {
	case plan == nil || len(plan.Curves) == 0 || adopting:
	case previewing:
		theory = "closed-form"
	default:
		theory = "1"
	}
	note := ""
	switch {
	case previewing:
		note = "closed forms shown; reduced ODE follows…"
	case c.Sweep.Stale():
		note = "updating theory…"
	case plan == nil && c.Sweep.Err() == "":
		note = "computing theory…"
	case c.Sweep.Held():
		note = "waiting for you"
	case total > 0 && done == 0 && !c.Sweep.Running():
		note = "starting workers…"
	}
	shown := plan
	if shown == nil {
		shown = compose.SkeletonPlan(c.Params)
	}
	return app.Section().ID("diagram").Class("diagram").
		DataSet("sims-done", done).DataSet("sims-total", total).DataSet("theory", theory).
		Aria("labelledby", "diagram-title").
		Body(
			app.H2().ID("diagram-title").Text("Phase diagram: when is each modality learned?"),
			app.P().Class("lede").Text(c.lede(shown)),
			&Readout{Done: done, Total: total, Failed: failed, Dev: compose.Agreement(sims), Reference: ref,
				Elapsed: c.Sweep.Elapsed(), Running: c.Sweep.Running(), Note: note,
				Diverged: diverged, LR: c.Params.Float("lr"), SafeLR: safeLR, OnSafeLR: useLR(c.Host, c.Params),
				NotLearned: NotLearned(c.Sweep.Results()), Budget: c.Params.Float("steps"),
				Held: c.Sweep.Held(), Cost: heldCost(c.Sweep.ToSimulate()), Limit: pageLimitText(PageWorkers), Command: cliCommand(c.Params),
				OnApprove: func(ctx app.Context) { c.Sweep.Approve() }},
			app.If(c.Sweep.Err() != "", func() app.UI {
				return app.P().Class("error").Role("alert").Text("No diagram for these parameters: " + c.Sweep.Err())
			}),
			legendUI(compose.PhaseLegend, "phase-legend"),
			app.Div().Class("fig-tools").Body(
				app.Span().Class("muted").Text("Download: phase diagram"),
				&FigureButtons{ID: "diagram", Label: "the phase diagram", Figure: c.figure},
			),
			app.Div().Class("figures").Body(
				app.Div().ID("diagram-panels").Class("panels").Body(panels...),
				app.Div().Class("side").Body(
					app.Div().Class("panel ratio-wrap").Body(
						app.Div().Class("panel-head").Body(
							app.H3().Text("Time ratio t_B / t_A"),
							&FigureButtons{ID: "ratio", Label: "the ratio panel", Figure: c.ratioFigure},
						),
						c.ratioView(ratio),
					),
					readingGuide(),
				),
			),
			app.Button().Type("button").ID("data-table-toggle").Class("small").
				Aria("expanded", boolText(c.showTable)).Aria("controls", "data-table").
				Text(map[bool]string{true: "Hide data table", false: "Data table"}[c.showTable]).
				OnClick(func(ctx app.Context, e app.Event) { c.showTable = !c.showTable }),
			app.If(c.showTable, func() app.UI { return dataTable(shown, sims) }),
		)
}

// ratioView draws the ratio panel.
func (c *Diagram) ratioView(s compose.RatioSpec) app.UI {
	base, marks := c.panels.ratio(s)
	return &PanelView{Panel: base, Marks: marks, Picker: c.Host}
}

// figure is the whole diagram as one figure, for the SVG and PNG export.
func (c *Diagram) figure() *figure.Figure {
	var plan *protocol.Plan
	if fig := c.Sweep.Figure(); fig != nil {
		plan = fig.Plan
	}
	return compose.PhaseFigure(c.Params, plan, c.Sweep.Results())
}

// ratioFigure is the ratio panel alone, for its export.
func (c *Diagram) ratioFigure() *figure.Figure {
	f := c.figure()
	return &figure.Figure{Name: "ratio", Title: "Time ratio t_B/t_A", Caption: f.Caption, Panels: f.Panels[len(f.Panels)-1:], Columns: 1}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
