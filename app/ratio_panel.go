package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// RatioSeries is one series of the ratio panel: its label and theory curve.
type RatioSeries struct {
	Label string
	Curve protocol.Curve
}

// RatioPanel is the companion of the phase diagram: the time ratio t_B/t_A
// against the sweep axis (log y) for every series in one plot, each with its
// colour and marker shape (Okabe–Ito), theory lines (closed form solid,
// reduced ODE dashed) and simulated markers, with a legend.
type RatioPanel struct {
	app.Compo

	ID      string
	XName   string
	XLabel  string
	XLog    bool
	XDomain [2]float64
	YDomain [2]float64
	Series  []RatioSeries
	Sims    []SimPoint
	Picker  Picker

	lineCache []styledPath // cached theory lines

	linesKey ratioKey
	hasLines bool
}

// styledPath is a path with its class and stroke colour.
type styledPath struct{ class, color, d string }

// ratioKey identifies the inputs of the theory lines.
type ratioKey struct {
	first   string // identities of the curves' point arrays
	n       int
	xdomain [2]float64
	ydomain [2]float64
	xlog    bool
	h       float64
}

// lineData returns the "d" and colour of each theory line, computed only
// when the curves or the domains change.
func (c *RatioPanel) lineData(sx, sy Scale, h float64) []styledPath {
	key := ratioKey{n: len(c.Series), xdomain: c.XDomain, ydomain: c.YDomain, xlog: c.XLog, h: h}
	for _, s := range c.Series {
		if len(s.Curve.Points) > 0 {
			key.first += fmt.Sprintf("%p/%d;", &s.Curve.Points[0], len(s.Curve.Points))
		} else {
			key.first += "-;"
		}
	}
	if c.hasLines && key == c.linesKey {
		return c.lineCache
	}
	var out []styledPath
	for i, s := range c.Series {
		n := len(s.Curve.Points)
		xs, r, o := make([]float64, n), make([]float64, n), make([]float64, n)
		for k, p := range s.Curve.Points {
			xs[k], r[k], o[k] = p.X, num(p.Ratio), num(p.ODERatio)
		}
		col := SeriesColor(i)
		if d := LinePath(xs, o, sx, sy); d != "" {
			out = append(out, styledPath{"ratio-ode", col, d})
		}
		if d := LinePath(xs, r, sx, sy); d != "" {
			out = append(out, styledPath{"ratio-theory", col, d})
		}
	}
	c.lineCache, c.linesKey, c.hasLines = out, key, true
	return out
}

// ratioFrame is the ratio panel's geometry before the legend is added on top.
var ratioFrame = frame{W: 440, H: 290, L: 56, R: 10, T: 12, B: 44}

// Render draws the panel.
func (c *RatioPanel) Render() app.UI {
	legend, legendH := c.legend(ratioFrame.W - ratioFrame.L - ratioFrame.R)
	f := ratioFrame
	f.H += legendH
	f.T += legendH
	sx := f.xScale(c.XDomain[0], c.XDomain[1], c.XLog)
	sy := f.yScale(c.YDomain[0], c.YDomain[1], true)
	clip := c.ID + "-clip"

	var lines []app.UI
	for _, l := range c.lineData(sx, sy, f.H) {
		lines = append(lines, svg("path").Class(l.class).Attr("d", l.d).Attr("stroke", l.color))
	}

	var marks []app.UI
	for _, s := range c.Sims {
		x, y := sx.Map(s.X), sy.Map(s.Ratio)
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		y = math.Max(f.top(), math.Min(f.bottom(), y))
		label := ""
		if s.Series < len(c.Series) {
			label = c.Series[s.Series].Label
		}
		tip := Symbol(c.XName) + " = " + FormatNum(s.X)
		if label != "" {
			tip += ", " + label
		}
		tip += " (seed " + s.Seed + ")\nsimulated t_B/t_A = " + FormatSig(s.Ratio, 4)
		if !math.IsNaN(s.TheoryRatio) {
			tip += "\npredicted " + FormatSig(s.TheoryRatio, 4) + " (" + s.TheoryName + "), deviation " + FormatPercent(RelDev(s.Ratio, s.TheoryRatio))
		}
		tip += "\nclick to watch this run"
		marks = append(marks, svg("path").Class("mark ratio-sim").
			Attr("d", markerPath(SeriesShape(s.Series), x, y, 5.5)).
			Attr("fill", SeriesColor(s.Series)).DataSet("job", s.Job).
			TabIndex(0).Aria("label", strings.ReplaceAll(tip, "\n", "; ")).
			OnClick(func(ctx app.Context, e app.Event) { c.pickElement(ctx) }).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if k := e.Get("key").String(); k == "Enter" || k == " " {
					e.PreventDefault()
					c.pickElement(ctx)
				}
			}).
			Body(svg("title").Text(tip)))
	}

	xticks := sx.Ticks(7, FormatNum)
	yticks := sy.Ticks(6, FormatNum)
	return svg("svg").Class("fig ratio-panel").ID(c.ID).
		Attr("viewBox", f.viewBox()).Attr("role", "img").
		Aria("label", "Time ratio t_B/t_A against "+c.XLabel+", one theory curve and one marker shape per series").
		Body(
			svg("title").Text("Time ratio t_B/t_A"),
			svg("desc").Text("Log-scale ratio of the time at which B is learned to the time at which A is learned, against "+c.XLabel+
				". Lines: theory (solid closed form, dashed reduced ODE); markers: simulations. A ratio of 1 means both modalities are learned together."),
			f.clipRect(clip),
			f.axes(sx, sy, xticks, yticks, c.XLabel, "time ratio t_B / t_A"),
			f.hlineAt(sy, 1, "ref-one", "learned together", true, math.NaN()),
			svg("g").Attr("clip-path", "url(#"+clip+")").Body(lines...),
			svg("g").Class("marks").Body(marks...),
			svg("g").Class("legend").Attr("transform", "translate("+px(f.left())+" 6)").Body(legend...),
		)
}

// pickElement picks the simulation of the marker that fired the event.
func (c *RatioPanel) pickElement(ctx app.Context) {
	if job, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("job").String()); err == nil {
		pickJob(ctx, c.Picker, c.Sims, job)
	}
}

// legend lays the series entries out in rows within width and returns them
// with the height they take.
func (c *RatioPanel) legend(width float64) ([]app.UI, float64) {
	if len(c.Series) == 0 {
		return nil, 0
	}
	const row = 20.0
	var out []app.UI
	x, y := 0.0, 0.0
	entries := make([]string, 0, len(c.Series)+1)
	for _, s := range c.Series {
		l := s.Label
		if l == "" {
			l = "theory / simulation"
		}
		entries = append(entries, l)
	}
	for i, l := range entries {
		w := 34 + textWidth(l, 12.5) + 18
		if x > 0 && x+w > width {
			x, y = 0, y+row
		}
		col := SeriesColor(i)
		out = append(out, svg("g").Class("legend-entry").Attr("transform", "translate("+px(x)+" "+px(y)+")").Body(
			svg("line").Class("legend-line").Attr("x1", "0").Attr("x2", "28").Attr("y1", "10").Attr("y2", "10").Attr("stroke", col),
			svg("path").Class("legend-mark").Attr("d", markerPath(SeriesShape(i), 14, 10, 5)).Attr("fill", col),
			svg("text").Attr("x", "34").Attr("y", "14").Text(l),
		))
		x += w
	}
	return out, y + row + 4
}
