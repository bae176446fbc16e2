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
	OnPick  func(ctx app.Context, p SimPoint)
}

// Render draws the section.
func (c *Diagram) Render() app.UI {
	plan := c.Plan
	preferODE := c.Params.Get("initscheme") == "aligned"
	sims := SimPoints(plan, c.Results, preferODE)
	done, failed := 0, 0
	for _, s := range sims {
		done++
		if s.Failed() {
			failed++
		}
	}
	total := 0
	theory := false
	if plan != nil {
		total = len(plan.Jobs)
		theory = len(plan.Curves) > 0
	}
	dev := Deviations(sims)
	ref := ""
	for _, s := range sims {
		if s.TheoryName != "" {
			ref = s.TheoryName
			break
		}
	}

	var panels []app.UI
	var ratio app.UI
	if plan != nil {
		xlo, xhi, xlog := XDomain(plan)
		budget := c.Params.Float("steps")
		ylo, yhi := PhaseYDomain(plan, sims, budget)
		xlabel := AxisLabel(plan.X)
		depth := c.Params.Int("depth")
		var series []RatioSeries
		for i, curve := range plan.Curves {
			sv := math.NaN()
			if curve.Series < len(plan.SeriesValues) {
				sv = plan.SeriesValues[curve.Series]
			}
			title := SeriesLabel(plan.Series, sv, depth)
			if title == "" {
				title = describeQuery(c.Params.Encode())
			}
			var mine []SimPoint
			for _, s := range sims {
				if s.Series == curve.Series {
					mine = append(mine, s)
				}
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
				Rev:     c.Rev,
				OnPick:  c.OnPick,
			}))
			series = append(series, RatioSeries{Label: SeriesLabelShort(plan.Series, sv, depth), Curve: curve})
		}
		rlo, rhi := RatioYDomain(plan, sims)
		ratio = &RatioPanel{
			ID:      "ratio",
			XName:   plan.X,
			XLabel:  xlabel,
			XLog:    xlog,
			XDomain: [2]float64{xlo, xhi},
			YDomain: [2]float64{rlo, rhi},
			Series:  series,
			Sims:    sims,
			Rev:     c.Rev,
			OnPick:  c.OnPick,
		}
	}

	theoryFlag := "0"
	if theory {
		theoryFlag = "1"
	}
	note := c.Note
	if c.Stale {
		note = "updating theory…"
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
			app.Div().Class("panels").Body(panels...),
			app.If(ratio != nil, func() app.UI {
				return app.Div().Class("panels ratio-row").Body(
					app.Div().Class("panel").Body(
						app.H3().Text("Time ratio t_B / t_A"),
						ratio,
					),
					readingGuide(),
				)
			}),
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
