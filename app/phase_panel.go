package app

import (
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// PhasePanel is one small multiple of the phase diagram (THEORY.md §7): for
// one series value, the predicted times t_A(x) and t_B(x) at which modality
// A and then B is learned (closed form solid, reduced ODE dashed), the plane
// shaded into "nothing learned", "unimodal: only A" and "both learned", and
// the simulated times as markers (circle t_A, triangle t_B). Clicking a
// marker calls OnPick with its simulation.
type PhasePanel struct {
	app.Compo

	ID      string // unique id prefix (clip path, aria)
	Title   string // e.g. "Lf = 2 · intermediate"
	XName   string // sweep parameter name
	XLabel  string
	XLog    bool
	XDomain [2]float64
	YDomain [2]float64 // steps, log scale
	Eta     float64    // learning rate: theory time t = η·steps
	Budget  float64    // step budget of each simulation
	Curve   protocol.Curve
	Sims    []SimPoint // this series only
	// Picker is told when a marker is clicked (a Picker rather than a func
	// field, so an unchanged panel is not re-rendered with its parent).
	Picker Picker

	geom    phaseGeom // theory geometry, cached: it changes only with the plan
	geomKey phaseKey
	hasGeom bool
}

// Picker receives the simulation whose marker was clicked.
type Picker interface {
	PickRun(ctx app.Context, p SimPoint)
}

// PickFunc adapts a function to Picker.
type PickFunc func(ctx app.Context, p SimPoint)

// PickRun calls f.
func (f PickFunc) PickRun(ctx app.Context, p SimPoint) { f(ctx, p) }

// phaseGeom is the drawing of a panel's theory: region and curve paths,
// region label positions and axes. It depends only on the curve and the
// domains.
type phaseGeom struct {
	regions []classed
	labels  []placed
	curves  []classed
	xticks  []Tick
	yticks  []Tick
}

type classed struct{ class, d string }

type placed struct {
	text string
	x, y float64
}

// phaseKey identifies the inputs of a phaseGeom.
type phaseKey struct {
	points  *protocol.CurvePoint
	n       int
	xdomain [2]float64
	ydomain [2]float64
	xlog    bool
}

// phaseFrame is the geometry shared by all phase panels.
var phaseFrame = frame{W: 420, H: 300, L: 56, R: 10, T: 28, B: 44}

// Render draws the panel.
func (c *PhasePanel) Render() app.UI {
	f := phaseFrame
	sx := f.xScale(c.XDomain[0], c.XDomain[1], c.XLog)
	sy := f.yScale(c.YDomain[0], c.YDomain[1], true)
	g := c.geometry(f, sx, sy)
	clip := c.ID + "-clip"
	clipURL := "url(#" + clip + ")"
	var regionUI, labelUI, curves []app.UI
	for _, r := range g.regions {
		regionUI = append(regionUI, svg("path").Class(r.class).Attr("d", r.d))
	}
	for _, l := range g.labels {
		labelUI = append(labelUI, svg("text").Class("region-label").Attr("x", px(l.x)).Attr("y", px(l.y+4)).Attr("text-anchor", "middle").Text(l.text))
	}
	for _, cu := range g.curves {
		curves = append(curves, svg("path").Class(cu.class).Attr("d", cu.d))
	}

	// Simulated markers.
	var marks []app.UI
	for _, s := range c.Sims {
		x := sx.Map(s.X)
		if math.IsNaN(x) {
			continue
		}
		if s.Failed() {
			marks = append(marks, c.marker("sim-fail", "cross", x, f.bottom()-8, 6, s, c.failTip(s)))
			continue
		}
		if y := sy.Map(s.TA); !math.IsNaN(y) {
			marks = append(marks, c.marker("sim-ta", "circle", x, y, 5.5, s, c.tip(s, "A")))
		}
		if y := sy.Map(s.TB); !math.IsNaN(y) {
			marks = append(marks, c.marker("sim-tb", "triangle", x, y, 6.5, s, c.tip(s, "B")))
		} else if c.Budget > 0 {
			// B not learned within the budget: an open triangle at the budget.
			yb := math.Max(f.top()+7, math.Min(sy.Map(c.Budget), f.bottom()-7))
			marks = append(marks, c.marker("sim-tb-censored", "triangle", x, yb, 6.5, s, c.tip(s, "B")))
		}
	}

	ytitle := "time to learn (steps)"
	if c.Eta > 0 {
		ytitle = "steps  (t = η·steps, η = " + FormatNum(c.Eta) + ")"
	}
	label := "Phase diagram panel " + c.Title + ": predicted and simulated times at which modalities A and B are learned, against " + c.XLabel
	return svg("svg").Class("fig phase-panel").ID(c.ID).
		Attr("viewBox", f.viewBox()).Attr("role", "img").Aria("label", label).
		Body(
			svg("title").Text("Phase diagram, "+c.Title),
			svg("desc").Text(c.describe()),
			f.clipRect(clip),
			svg("g").Attr("clip-path", clipURL).Body(regionUI...),
			f.axes(sx, sy, g.xticks, g.yticks, c.XLabel, ytitle),
			svg("g").Class("region-labels").Body(labelUI...),
			f.hline(sy, c.Budget, "budget", "step budget"),
			svg("g").Attr("clip-path", clipURL).Body(curves...),
			svg("g").Class("marks").Body(marks...),
			svg("text").Class("panel-title").Attr("x", px(f.left())).Attr("y", "20").Text(c.Title),
		)
}

// marker draws one focusable simulation marker with its tooltip. The
// handlers find the simulation by the marker's data-job attribute: go-app
// keeps the first handler of an element, so a closure over s could go stale.
func (c *PhasePanel) marker(class, shape string, x, y, r float64, s SimPoint, tip string) app.UI {
	return svg("path").Class("mark "+class).Attr("d", markerPath(shape, x, y, r)).
		DataSet("job", s.Job).
		TabIndex(0).Aria("label", strings.ReplaceAll(tip, "\n", "; ")).
		OnClick(func(ctx app.Context, e app.Event) { c.pickElement(ctx) }).
		OnKeyDown(func(ctx app.Context, e app.Event) {
			if k := e.Get("key").String(); k == "Enter" || k == " " {
				e.PreventDefault()
				c.pickElement(ctx)
			}
		}).
		Body(svg("title").Text(tip))
}

// pickElement picks the simulation of the marker that fired the event.
func (c *PhasePanel) pickElement(ctx app.Context) {
	if job, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("job").String()); err == nil {
		c.pick(ctx, job)
	}
}

// pick reports the simulation of job to the Picker.
func (c *PhasePanel) pick(ctx app.Context, job int) {
	pickJob(ctx, c.Picker, c.Sims, job)
}

// pickJob finds job among sims and hands it to the picker.
func pickJob(ctx app.Context, picker Picker, sims []SimPoint, job int) {
	if picker == nil {
		return
	}
	for _, s := range sims {
		if s.Job == job {
			picker.PickRun(ctx, s)
			return
		}
	}
}

// tip is the tooltip of a simulated t_A ("A") or t_B ("B") marker.
func (c *PhasePanel) tip(s SimPoint, which string) string {
	var b strings.Builder
	b.WriteString(Symbol(c.XName) + " = " + FormatNum(s.X))
	if c.Title != "" {
		b.WriteString(", " + c.Title)
	}
	b.WriteString(" (seed " + s.Seed + ")\n")
	meas, pred := s.TA, s.TheoryTA
	if which == "B" {
		meas, pred = s.TB, s.TheoryTB
	}
	if math.IsNaN(meas) {
		b.WriteString("B not learned within " + FormatSteps(c.Budget) + " steps")
	} else {
		b.WriteString("simulated t_" + which + " = " + FormatSig(meas, 5) + " steps")
		if c.Eta > 0 {
			b.WriteString(" (t = " + FormatSig(meas*c.Eta, 4) + ")")
		}
	}
	if !math.IsNaN(pred) {
		b.WriteString("\npredicted t_" + which + " = " + FormatSig(pred, 5) + " steps (" + s.TheoryName + ")")
	}
	if !math.IsNaN(s.Ratio) {
		b.WriteString("\nratio t_B/t_A = " + FormatSig(s.Ratio, 4))
		if !math.IsNaN(s.TheoryRatio) {
			b.WriteString(", theory " + FormatSig(s.TheoryRatio, 4))
		}
	}
	b.WriteString("\nclick to watch this run")
	return b.String()
}

func (c *PhasePanel) failTip(s SimPoint) string {
	why := s.Err
	if why == "" {
		why = s.Status
		if s.Reason != "" {
			why += ": " + s.Reason
		}
	}
	if why == "" {
		why = "A was not learned"
	}
	return Symbol(c.XName) + " = " + FormatNum(s.X) + ", " + c.Title + " (seed " + s.Seed + ")\nno learning times: " + why + "\nclick to watch this run"
}

// describe is the figure's long description for assistive technology.
func (c *PhasePanel) describe() string {
	done, withB := 0, 0
	for _, s := range c.Sims {
		if !s.Failed() {
			done++
			if !math.IsNaN(s.TB) {
				withB++
			}
		}
	}
	return "Log-scale time in steps against " + c.XLabel + ". Solid lines: closed-form predictions of t_A (blue) and t_B (vermillion); dashed: reduced ODE. " +
		"Below t_A nothing is learned, between t_A and t_B only modality A, above t_B both. " +
		itoa(done) + " simulations shown, " + itoa(withB) + " of which learned B."
}

// geometry returns the panel's theory drawing, computing it only when the
// curve or the domains changed.
func (c *PhasePanel) geometry(f frame, sx, sy Scale) phaseGeom {
	key := phaseKey{n: len(c.Curve.Points), xdomain: c.XDomain, ydomain: c.YDomain, xlog: c.XLog}
	if key.n > 0 {
		key.points = &c.Curve.Points[0]
	}
	if c.hasGeom && key == c.geomKey {
		return c.geom
	}
	pts := c.Curve.Points
	n := len(pts)
	xs := make([]float64, n)
	ta, tb := make([]float64, n), make([]float64, n)   // closed form
	ota, otb := make([]float64, n), make([]float64, n) // reduced ODE
	rta, rtb := make([]float64, n), make([]float64, n) // regions: closed form, else ODE
	for i, p := range pts {
		xs[i] = p.X
		ta[i], tb[i] = num(p.TA), num(p.TB)
		ota[i], otb[i] = num(p.ODETA), num(p.ODETB)
		rta[i], rtb[i] = TheoryTimes(p)
	}
	var g phaseGeom
	regions := []struct {
		class, label   string
		lo, hi         []float64
		loEdge, hiEdge bool
	}{
		{"region-none", "nothing learned", nil, rta, true, false},
		{"region-uni", "unimodal: only A", rta, rtb, false, false},
		{"region-both", "both learned", rtb, nil, false, true},
	}
	for _, r := range regions {
		if d := BandPath(xs, r.lo, r.hi, sx, sy, r.loEdge, r.hiEdge); d != "" {
			g.regions = append(g.regions, classed{"region " + r.class, d})
		}
		if lx, ly, ok := regionLabelSpot(xs, r.lo, r.hi, r.loEdge, r.hiEdge, sx, sy, textWidth(r.label, 12.5)); ok {
			g.labels = append(g.labels, placed{r.label, lx, ly})
		}
	}
	for _, cu := range []struct {
		class string
		ys    []float64
	}{{"theory-ode ode-ta", ota}, {"theory-ode ode-tb", otb}, {"theory-ta", ta}, {"theory-tb", tb}} {
		if d := LinePath(xs, cu.ys, sx, sy); d != "" {
			g.curves = append(g.curves, classed{cu.class, d})
		}
	}
	g.xticks = sx.Ticks(6, FormatNum)
	g.yticks = sy.Ticks(6, FormatSteps)
	c.geom, c.geomKey, c.hasGeom = g, key, true
	return g
}

// regionLabelSpot finds where a region label of the given pixel width fits:
// the x (among the curve points, keeping the label inside the plot) where
// the region is tallest across the label's width, and the vertical middle
// there. ok is false when the region is nowhere tall enough.
func regionLabelSpot(xs, lo, hi []float64, loEdge, hiEdge bool, sx, sy Scale, width float64) (x, y float64, ok bool) {
	top, bottom := math.Min(sy.R0, sy.R1), math.Max(sy.R0, sy.R1)
	left, right := math.Min(sx.R0, sx.R1), math.Max(sx.R0, sx.R1)
	n := len(xs)
	X, Y0, Y1 := make([]float64, n), make([]float64, n), make([]float64, n)
	at := func(v []float64, i int, edge bool, e float64) float64 {
		if edge {
			return e
		}
		if i >= len(v) {
			return math.NaN()
		}
		y := sy.Map(v[i])
		if math.IsNaN(y) {
			return y
		}
		return math.Max(top, math.Min(bottom, y))
	}
	for i := range xs {
		X[i], Y0[i], Y1[i] = sx.Map(xs[i]), at(lo, i, loEdge, bottom), at(hi, i, hiEdge, top)
	}
	best := math.Inf(-1)
	for i := range xs {
		if math.IsNaN(X[i]) || X[i]-width/2 < left+2 || X[i]+width/2 > right-2 || math.IsNaN(Y0[i]) || math.IsNaN(Y1[i]) {
			continue
		}
		mid := (Y0[i] + Y1[i]) / 2
		h := Y0[i] - Y1[i]
		// The label box must stay between the boundaries across its width.
		for j := 0; j < n && h > 0; j++ {
			if math.IsNaN(X[j]) || math.Abs(X[j]-X[i]) > width/2 {
				continue
			}
			if math.IsNaN(Y0[j]) || math.IsNaN(Y1[j]) {
				h = 0
				break
			}
			h = math.Min(h, 2*math.Min(Y0[j]-mid, mid-Y1[j]))
		}
		// Prefer the middle of the plot slightly.
		score := h - 0.05*math.Abs(X[i]-(left+right)/2)
		if h >= 18 && score > best {
			best, x, y, ok = score, X[i], mid, true
		}
	}
	return x, y, ok
}
