package app

import (
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// Diagram is the phase-diagram section: one PhasePanel per series value
// (small multiples sharing their axes), the RatioPanel, a legend and the
// Readout. It carries the markers browser tests wait for: data-sims-done,
// data-sims-total and data-theory on its root.
type Diagram struct {
	app.Compo

	Params  params.Set
	Plan    *protocol.Plan
	Stale   bool        // Plan belongs to older parameters; a new one is coming
	Results []JobResult // indexed like Plan.Jobs
	Rev     int         // changes whenever Plan or Results change
	Elapsed time.Duration
	Running bool
	Note    string // status line while nothing can be drawn yet
	Error   string // why there is no plan
	Picker  Picker // told when a marker is clicked

	// Simulated points, cached per (Plan, Rev); a series keeps its slice
	// while its points are unchanged, so its panel is not re-rendered.
	cachePlan   *protocol.Plan
	cacheRev    int
	cacheBudget float64
	sims        []SimPoint
	bySeries    [][]SimPoint
	yDomain     [2]float64 // phase panels
	rDomain     [2]float64 // ratio panel

	// A new plan reaches the panels one per frame (applied of them so
	// far; the others keep the curves they showed), so no single frame
	// redraws the whole figure.
	ctx        app.Context
	mounted    bool
	adoptPlan  *protocol.Plan
	prevCurves []protocol.Curve
	applied    int
	stepping   bool

	showTable bool // the data table under the figure is open
}

// DiagramHost is implemented by the component that owns a Diagram's data
// (the Page). The mounted Diagram registers with it, so that results and
// the elapsed-time tick redraw the Diagram alone, and asks it to skip its
// own redraw when only the Diagram changed.
type DiagramHost interface {
	// DiagramMounted is called with the mounted Diagram and its context,
	// and with nil when it is dismounted.
	DiagramMounted(d *Diagram, ctx app.Context)
	// KeepHost cancels the host's redraw in the current update cycle.
	KeepHost()
}

// OnMount records the context used to pace the panel updates.
func (c *Diagram) OnMount(ctx app.Context) {
	c.ctx, c.mounted = ctx, true
	if h, ok := c.Picker.(DiagramHost); ok {
		h.DiagramMounted(c, ctx)
	}
	c.adopt()
}

// OnDismount unregisters from the host.
func (c *Diagram) OnDismount() {
	c.mounted = false
	if h, ok := c.Picker.(DiagramHost); ok {
		h.DiagramMounted(nil, app.Context{})
	}
}

// OnUpdate starts showing a new plan.
func (c *Diagram) OnUpdate(ctx app.Context) {
	c.adopt()
}

// adopt begins the panel-by-panel update when the plan changed.
func (c *Diagram) adopt() {
	if c.Plan == c.adoptPlan || c.Plan == nil {
		return
	}
	c.prevCurves = c.curvesShown()
	c.adoptPlan, c.applied = c.Plan, 1
	c.step()
}

// curvesShown returns the curve each panel currently draws.
func (c *Diagram) curvesShown() []protocol.Curve {
	if c.adoptPlan == nil {
		return nil
	}
	out := make([]protocol.Curve, len(c.adoptPlan.Curves))
	for i := range out {
		out[i] = c.panelCurve(i)
	}
	return out
}

// panelCurve is the curve panel i draws while a plan is being adopted.
func (c *Diagram) panelCurve(i int) protocol.Curve {
	plan := c.adoptPlan
	if !c.mounted || plan == nil {
		plan = c.Plan
	}
	if plan == nil || i >= len(plan.Curves) {
		return protocol.Curve{Series: i}
	}
	if !c.mounted || i < c.applied {
		return plan.Curves[i]
	}
	if i < len(c.prevCurves) {
		return c.prevCurves[i]
	}
	return protocol.Curve{Series: i}
}

// adopting reports whether some panels still show an older plan.
func (c *Diagram) adopting() bool {
	return c.mounted && c.adoptPlan != nil && c.applied <= len(c.adoptPlan.Curves)
}

func (c *Diagram) step() {
	if c.stepping || !c.adopting() {
		return
	}
	c.stepping = true
	c.ctx.After(16*time.Millisecond, func(ctx app.Context) {
		// Only this Diagram changes: the host need not redraw.
		if h, ok := c.Picker.(DiagramHost); ok {
			h.KeepHost()
		}
		c.stepping = false
		c.applied++
		c.step()
	})
}

// simPoints returns all simulated points and the points of each series,
// reusing the slices of series whose points did not change.
func (c *Diagram) simPoints() ([]SimPoint, [][]SimPoint) {
	budget := c.Params.Float("steps")
	if c.cachePlan == c.Plan && c.cacheRev == c.Rev && c.cacheBudget == budget && c.sims != nil {
		return c.sims, c.bySeries
	}
	preferODE := c.Params.Get("initscheme") == "aligned"
	all := SimPoints(c.Plan, c.Results, preferODE)
	n := 0
	if c.Plan != nil {
		n = max(len(c.Plan.Curves), len(c.Plan.SeriesValues))
	}
	by := make([][]SimPoint, n)
	for _, s := range all {
		if s.Series >= 0 && s.Series < n {
			by[s.Series] = append(by[s.Series], s)
		}
	}
	if c.cachePlan == c.Plan && len(c.bySeries) == n {
		for i := range by {
			if len(by[i]) == len(c.bySeries[i]) {
				by[i] = c.bySeries[i] // results only accumulate within a plan
			}
		}
	}
	if all == nil {
		all = []SimPoint{}
	}
	c.cachePlan, c.cacheRev, c.cacheBudget, c.sims, c.bySeries = c.Plan, c.Rev, budget, all, by
	plan := c.Plan
	if plan == nil {
		plan = skeletonPlan(c.Params)
	}
	c.yDomain[0], c.yDomain[1] = PhaseYDomain(plan, all, budget)
	c.rDomain[0], c.rDomain[1] = RatioYDomain(plan, all)
	return all, by
}

// Render draws the section.
func (c *Diagram) Render() app.UI {
	sims, bySeries := c.simPoints()
	plan := c.Plan
	if plan == nil {
		// Until the theory arrives, draw empty panels with the axes the
		// plan will have: the layout is final at once, and the figure is
		// mounted before any work starts, so the first plan only updates it.
		plan = skeletonPlan(c.Params)
	}
	done, failed := 0, 0
	for _, s := range sims {
		done++
		if s.Failed() {
			failed++
		}
	}
	total := len(plan.Jobs)
	theory := c.Plan != nil && len(c.Plan.Curves) > 0 && !c.adopting()
	dev := Deviations(sims)
	ref := ""
	for _, s := range sims {
		if s.TheoryName != "" {
			ref = s.TheoryName
			break
		}
	}

	var panels []app.UI
	var ratio *RatioPanel
	{
		xlo, xhi, xlog := XDomain(plan)
		budget := c.Params.Float("steps")
		ylo, yhi := c.yDomain[0], c.yDomain[1]
		xlabel := AxisLabel(plan.X)
		depth := c.Params.Int("depth")
		var series []RatioSeries
		for i, curve := range plan.Curves {
			if c.Plan != nil {
				curve = c.panelCurve(i)
			}
			sv := math.NaN()
			if curve.Series < len(plan.SeriesValues) {
				sv = plan.SeriesValues[curve.Series]
			}
			title := SeriesLabel(plan.Series, sv, depth)
			if title == "" {
				title = describeQuery(c.Params.Encode())
			}
			var mine []SimPoint
			if curve.Series >= 0 && curve.Series < len(bySeries) {
				mine = bySeries[curve.Series]
			}
			panels = append(panels, app.Div().Class("panel").Body(&PhasePanel{
				ID:      "phase-" + strconv.Itoa(i),
				Title:   title,
				XName:   plan.X,
				XLabel:  xlabel,
				XLog:    xlog,
				XDomain: [2]float64{xlo, xhi},
				YDomain: [2]float64{ylo, yhi},
				Eta:     c.Params.Float("lr"),
				Budget:  budget,
				Curve:   curve,
				Sims:    mine,
				Picker:  c.Picker,
			}))
			// The ratio panel changes once, when every phase panel has.
			rc := curve
			if c.adopting() {
				rc = protocol.Curve{Series: i}
				if i < len(c.prevCurves) {
					rc = c.prevCurves[i]
				}
			}
			series = append(series, RatioSeries{Label: SeriesLabelShort(plan.Series, sv, depth), Curve: rc})
		}
		rlo, rhi := c.rDomain[0], c.rDomain[1]
		ratio = &RatioPanel{
			ID:      "ratio",
			XName:   plan.X,
			XLabel:  xlabel,
			XLog:    xlog,
			XDomain: [2]float64{xlo, xhi},
			YDomain: [2]float64{rlo, rhi},
			Series:  series,
			Sims:    sims,
			Picker:  c.Picker,
		}
	}

	theoryFlag := "0"
	if theory {
		theoryFlag = "1"
	}
	note := c.Note
	switch {
	case c.Stale:
		note = "updating theory…"
	case c.Plan == nil && note == "" && c.Error == "":
		note = "computing theory…"
	}
	return app.Section().ID("diagram").Class("diagram").
		DataSet("sims-done", done).DataSet("sims-total", total).DataSet("theory", theoryFlag).
		Aria("labelledby", "diagram-title").
		Body(
			app.H2().ID("diagram-title").Text("Phase diagram: when is each modality learned?"),
			app.P().Class("lede").Text(c.lede(plan)),
			&Readout{Done: done, Total: total, Failed: failed, Dev: dev, Reference: ref, Elapsed: c.Elapsed, Running: c.Running, Note: note},
			app.If(c.Error != "", func() app.UI {
				return app.P().Class("error").Role("alert").Text("No diagram for these parameters: " + c.Error)
			}),
			phaseLegend(),
			app.Div().Class("fig-tools").Body(
				app.Span().Class("muted").Text("Download: phase diagram"),
				figureButtons("diagram", "#diagram-panels", "the phase diagram"),
				app.Span().Class("muted").Text("ratio panel"),
				figureButtons("ratio", "#ratio", "the ratio panel"),
			),
			app.Div().Class("figures").Body(
				app.Div().ID("diagram-panels").Class("panels").Body(panels...),
				app.Div().Class("side").Body(
					app.Div().Class("panel ratio-wrap").Body(
						app.H3().Text("Time ratio t_B / t_A"),
						ratio,
					),
					readingGuide(),
				),
			),
			app.Button().Type("button").ID("data-table-toggle").Class("small").
				Aria("expanded", map[bool]string{true: "true", false: "false"}[c.showTable]).Aria("controls", "data-table").
				Text(map[bool]string{true: "Hide data table", false: "Data table"}[c.showTable]).
				OnClick(func(ctx app.Context, e app.Event) { c.showTable = !c.showTable }),
			app.If(c.showTable, func() app.UI { return dataTable(plan, sims) }),
		)
}

// dataTable lists the simulated and theory values of the diagram.
func dataTable(plan *protocol.Plan, sims []SimPoint) app.UI {
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "—"
		}
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	head := []string{AxisLabel(plan.X), "seed", "t_A simulated", "t_A theory", "t_B simulated", "t_B theory", "t_B/t_A simulated", "t_B/t_A theory", "status"}
	if plan.Series != "" {
		head = append([]string{AxisLabel(plan.Series)}, head...)
	}
	rows := make([]app.UI, 0, len(sims))
	for _, s := range sims {
		var cells []app.UI
		if plan.Series != "" {
			sv := math.NaN()
			if s.Series < len(plan.SeriesValues) {
				sv = plan.SeriesValues[s.Series]
			}
			cells = append(cells, app.Th().Scope("row").Text(f(sv)), app.Td().Text(f(s.X)))
		} else {
			cells = append(cells, app.Th().Scope("row").Text(f(s.X)))
		}
		cells = append(cells, app.Td().Text(s.Seed), app.Td().Text(f(s.TA)), app.Td().Text(f(s.TheoryTA)),
			app.Td().Text(f(s.TB)), app.Td().Text(f(s.TheoryTB)), app.Td().Text(f(s.Ratio)), app.Td().Text(f(s.TheoryRatio)),
			app.Td().Text(s.Status))
		rows = append(rows, app.Tr().Body(cells...))
	}
	ths := make([]app.UI, len(head))
	for i, h := range head {
		ths[i] = app.Th().Scope("col").Text(h)
	}
	return app.Div().Class("table-wrap").Body(
		app.Table().ID("data-table").Class("data-table").Body(
			app.Caption().Text("Simulated and predicted times (steps) of the phase diagram, one row per simulation"),
			app.THead().Body(app.Tr().Body(ths...)),
			app.TBody().Body(rows...),
		),
	)
}

// lede is the one-paragraph reading guide above the figure.
func (c *Diagram) lede(plan *protocol.Plan) string {
	s := "Each panel shows, against the sweep parameter, the training time at which modality A and then modality B is learned: " +
		"lines are the theory, markers the networks trained in this tab. Click a marker to watch that run."
	if plan != nil && plan.Series != "" {
		s = "One panel per " + AxisLabel(plan.Series) + ". " + s
	}
	return s
}

// phaseLegend explains the encodings shared by all phase panels.
func phaseLegend() app.UI {
	icon := func(body ...app.UI) app.UI {
		return svg("svg").Class("icon").Attr("viewBox", "0 0 28 16").Attr("width", "28").Attr("height", "16").Aria("hidden", "true").Body(body...)
	}
	item := func(ic app.UI, text string) app.UI {
		return app.Li().Body(ic, app.Span().Text(text))
	}
	line := func(class string) app.UI {
		return svg("line").Class(class).Attr("x1", "1").Attr("x2", "27").Attr("y1", "8").Attr("y2", "8")
	}
	swatch := func(class string) app.UI {
		return svg("rect").Class("region "+class).Attr("x", "2").Attr("y", "1").Attr("width", "24").Attr("height", "14")
	}
	return app.Ul().Class("legend phase-legend").Aria("label", "legend").Body(
		item(icon(line("lg-ta")), "t_A predicted"),
		item(icon(line("lg-tb")), "t_B predicted"),
		item(icon(line("lg-ode")), "reduced ODE"),
		item(icon(svg("path").Class("lg-mark-ta").Attr("d", markerPath("circle", 14, 8, 5))), "t_A simulated"),
		item(icon(svg("path").Class("lg-mark-tb").Attr("d", markerPath("triangle", 14, 8.5, 5.5))), "t_B simulated"),
		item(icon(swatch("region-none")), "nothing learned"),
		item(icon(swatch("region-uni")), "unimodal: only A"),
		item(icon(swatch("region-both")), "both learned"),
	)
}

// readingGuide explains the quantities of the figures (THEORY.md §5, §6).
func readingGuide() app.UI {
	return app.Div().Class("guide").Body(
		app.H3().Text("How to read the diagram"),
		app.P().Body(
			app.Strong().Text("t_A"), app.Text(" and "), app.Strong().Text("t_B"),
			app.Text(" are the training times at which the network's total weight on modality A (the stronger one) and then on B reaches half its final level. "+
				"Between them the network is unimodal: it uses A only, even though B carries information."),
		),
		app.P().Text("The theory assumes small, balanced initial weights and gradient flow; simulations train the actual deep linear network by full-batch gradient descent. "+
			"Solid lines are closed-form predictions, dashed ones integrate the reduced dynamics, which stay exact for larger initialisations."),
		app.P().Text("Late fusion (Lf = L) gives the longest unimodal phase: t_B/t_A = 1 + (w_A − w_B)/g, growing with σ_A/σ_B and with |ρ|. "+
			"Early fusion (Lf = 1) learns both modalities almost together (ratio ≈ 1)."),
	)
}

// skeletonPlan is a plan without theory or jobs that has the axes and series
// of the parameters, for drawing empty panels before the real plan arrives.
func skeletonPlan(p params.Set) *protocol.Plan {
	pl := &protocol.Plan{X: p.Get("x"), Series: p.Get("series")}
	if pl.X == "" {
		pl.X = "rho"
	}
	pl.Xs = []float64{p.Float("from"), p.Float("to")}
	if q, ok := params.Lookup(pl.X); ok {
		for i := range pl.Xs {
			pl.Xs[i] = math.Min(math.Max(pl.Xs[i], q.Min), q.Max)
		}
	}
	n := 1
	if pl.Series != "" {
		pl.SeriesValues = p.List("values")
		n = max(1, len(pl.SeriesValues))
	}
	for i := 0; i < n; i++ {
		pl.Curves = append(pl.Curves, protocol.Curve{Series: i})
	}
	return pl
}
