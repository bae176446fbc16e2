package app

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// panelCache keeps each panel's description while its inputs are
// unchanged: the base (theory, regions, axes) while the theory and the axes
// are, the markers while the simulations are. Results arriving then make
// new markers only, and an unchanged PanelView is not re-rendered.
type panelCache struct {
	phases []cachedPanel
	ratioP cachedPanel
}

// cachedPanel is one panel's description and what it was made from.
type cachedPanel struct {
	baseKey, marksKey panelKey
	base              *figure.Panel
	marks             []figure.Item
}

// panelKey identifies the inputs of a panel description. Within one plan
// results only accumulate, so the simulated points are known by their
// number and the jobs they belong to.
type panelKey struct {
	curves  string // identities of the theory curves
	xdomain [2]float64
	ydomain [2]float64
	title   string
	eta     float64
	budget  float64
	sims    int
	jobs    int // sum of the points' job indices
}

// curvesKey identifies theory curves by their point arrays.
func curvesKey(cs ...protocol.Curve) string {
	var b []byte
	for _, c := range cs {
		if len(c.Points) > 0 {
			b = fmt.Appendf(b, "%p/%d;", &c.Points[0], len(c.Points))
		} else {
			b = append(b, "-;"...)
		}
	}
	return string(b)
}

// simsKey identifies accumulating simulated points.
func simsKey(k panelKey, sims []compose.SimPoint) panelKey {
	k.sims = len(sims)
	for _, sim := range sims {
		k.jobs += sim.Job + 1
	}
	return k
}

// get returns the cached base and markers, making anew what changed.
func (c *cachedPanel) get(baseKey, marksKey panelKey, base func() *figure.Panel, marks func(*figure.Panel) []figure.Item) (*figure.Panel, []figure.Item) {
	if c.base == nil || c.baseKey != baseKey {
		c.base, c.baseKey, c.marks = base(), baseKey, nil
	}
	if c.marks == nil || c.marksKey != marksKey {
		c.marks, c.marksKey = marks(c.base), marksKey
		if c.marks == nil {
			c.marks = []figure.Item{}
		}
	}
	return c.base, c.marks
}

// phase returns the base and markers of phase panel i.
func (pc *panelCache) phase(i int, s compose.PhaseSpec) (*figure.Panel, []figure.Item) {
	for len(pc.phases) <= i {
		pc.phases = append(pc.phases, cachedPanel{})
	}
	k := panelKey{curves: curvesKey(s.Curve), xdomain: s.XDomain, ydomain: s.YDomain, title: s.Title, eta: s.Eta, budget: s.Budget}
	return pc.phases[i].get(k, simsKey(k, s.Sims),
		func() *figure.Panel { return compose.PhaseBase(s) },
		func(base *figure.Panel) []figure.Item { return compose.PhaseMarkers(s, base) })
}

// ratio returns the base and markers of the ratio panel.
func (pc *panelCache) ratio(s compose.RatioSpec) (*figure.Panel, []figure.Item) {
	curves := make([]protocol.Curve, len(s.Series))
	for i, ser := range s.Series {
		curves[i] = ser.Curve
	}
	k := panelKey{curves: curvesKey(curves...), xdomain: s.XDomain, ydomain: s.YDomain}
	return pc.ratioP.get(k, simsKey(k, s.Sims),
		func() *figure.Panel { return compose.RatioBase(s) },
		func(*figure.Panel) []figure.Item { return compose.RatioMarkers(s) })
}

// adoption brings a new plan to the panels one per frame (the others keep
// the curves they showed), so no single frame redraws the whole figure
// while a slider moves.
type adoption struct {
	plan     *protocol.Plan
	prev     []protocol.Curve
	shown    []protocol.Curve
	applied  int
	stepping bool
}

// apply overrides the curves of the panels not yet adopted and schedules
// the next step; it reports whether some panels still show an older plan.
// A plan marked at once (a preview that follows a moving slider, a few
// milliseconds of drawing against the preview's own computation) is adopted
// by every panel in one frame: stepped adoption restarted at each slider
// event would leave the last panels behind until the slider stops.
func (a *adoption) apply(ctx app.Context, h Host, plan *protocol.Plan, specs []compose.PhaseSpec, ratio *compose.RatioSpec, atOnce bool) bool {
	if plan == nil || ctx.Src() == nil {
		return false
	}
	if plan != a.plan {
		a.prev, a.plan, a.applied = a.shown, plan, 1
		if atOnce {
			a.applied = len(specs) + 1
		}
	}
	adopting := a.applied <= len(specs) && len(a.prev) > 0
	a.shown = make([]protocol.Curve, 0, len(specs))
	for i := range specs {
		if adopting && i >= a.applied && i < len(a.prev) {
			specs[i].Curve = a.prev[i]
		}
		a.shown = append(a.shown, specs[i].Curve)
		// The ratio panel changes once, when every phase panel has.
		if adopting && i < len(ratio.Series) && i < len(a.prev) {
			ratio.Series[i].Curve = a.prev[i]
		}
	}
	if adopting && !a.stepping {
		a.stepping = true
		// The Diagram's own dispatch redraws it; the page is held back.
		ctx.After(16*time.Millisecond, func(ctx app.Context) {
			h.holdRedraw()
			a.stepping = false
			a.applied++
		})
	}
	return adopting
}

// dataTable lists the simulated and theory values of the diagram.
func dataTable(plan *protocol.Plan, sims []compose.SimPoint) app.UI {
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "—"
		}
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	head := []string{compose.AxisLabel(plan.X), "seed", "t_A simulated", "t_A theory", "t_B simulated", "t_B theory", "t_B/t_A simulated", "t_B/t_A theory", "status"}
	if plan.Series != "" {
		head = append([]string{compose.AxisLabel(plan.Series)}, head...)
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
		s = "One panel per " + compose.AxisLabel(plan.Series) + ". " + s
	}
	return s
}

// readingGuide explains the quantities of the figures (docs/theory.md §5, §6).
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
