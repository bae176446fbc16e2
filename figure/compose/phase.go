package compose

import (
	"math"
	"strconv"
	"strings"

	"unibias/engine/params"
	"unibias/engine/remedy"
	"unibias/figure"
	"unibias/protocol"
)

// PhaseSpec is everything one small multiple of the phase diagram shows
// (docs/theory.md §7): for one series value, the predicted times t_A(x) and
// t_B(x) at which modality A and then B is learned (closed form solid,
// reduced ODE dashed), the plane shaded into "nothing learned", "unimodal:
// only A" and "both learned", and the simulated times as markers.
type PhaseSpec struct {
	ID      string // unique id (clip path, aria)
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
}

// RatioSeries is one series of the ratio panel: its label and theory curve.
type RatioSeries struct {
	Label string
	Curve protocol.Curve
}

// RatioSpec is the companion panel of the phase diagram: the time ratio
// t_B/t_A against the sweep axis for every series, each with its colour and
// marker shape.
type RatioSpec struct {
	ID      string
	XName   string
	XLabel  string
	XLog    bool
	XDomain [2]float64
	YDomain [2]float64
	Series  []RatioSeries
	Sims    []SimPoint
}

// PhaseFrame and RatioFrame are the geometry of the phase panels and of the
// ratio panel (before its legend is added on top).
var (
	PhaseFrame = figure.Frame{W: 420, H: 300, L: 56, R: 10, T: 28, B: 44}
	RatioFrame = figure.Frame{W: 440, H: 290, L: 56, R: 10, T: 12, B: 44}
)

// PhaseLayout computes the specs of the phase diagram's panels for the
// parameters, the plan (nil: empty panels with the axes the plan will have)
// and the results so far, with the simulated points.
func PhaseLayout(p params.Set, plan *protocol.Plan, results []protocol.JobResult) (panels []PhaseSpec, ratio RatioSpec, sims []SimPoint) {
	if plan == nil {
		plan = SkeletonPlan(p)
	}
	sims = SimPoints(plan, results, p.Get("initscheme") == "aligned")
	budget := p.Float("steps")
	xlo, xhi, xlog := XDomain(plan)
	ylo, yhi := PhaseYDomain(plan, sims, budget)
	rlo, rhi := RatioYDomain(plan, sims)
	xlabel := AxisLabel(plan.X)
	depth := p.Int("depth")
	bySeries := make([][]SimPoint, max(len(plan.Curves), len(plan.SeriesValues)))
	for _, s := range sims {
		if s.Series >= 0 && s.Series < len(bySeries) {
			bySeries[s.Series] = append(bySeries[s.Series], s)
		}
	}
	ratio = RatioSpec{ID: "ratio", XName: plan.X, XLabel: xlabel, XLog: xlog,
		XDomain: [2]float64{xlo, xhi}, YDomain: [2]float64{rlo, rhi}, Sims: sims}
	for i, curve := range plan.Curves {
		sv := math.NaN()
		if curve.Series < len(plan.SeriesValues) {
			sv = plan.SeriesValues[curve.Series]
		}
		title := SeriesLabel(plan.Series, sv, depth)
		if title == "" {
			title = DescribeQuery(p.Encode())
		}
		var mine []SimPoint
		if curve.Series >= 0 && curve.Series < len(bySeries) {
			mine = bySeries[curve.Series]
		}
		panels = append(panels, PhaseSpec{ID: "phase-" + strconv.Itoa(i), Title: title, XName: plan.X, XLabel: xlabel, XLog: xlog,
			XDomain: [2]float64{xlo, xhi}, YDomain: [2]float64{ylo, yhi}, Eta: p.Float("lr"), Budget: budget, Curve: curve, Sims: mine})
		ratio.Series = append(ratio.Series, RatioSeries{Label: SeriesLabelShort(plan.Series, sv, depth), Curve: curve})
	}
	return panels, ratio, sims
}

// PhaseLegend is the legend shared by the phase panels.
var PhaseLegend = []figure.LegendEntry{
	{Label: "t_A predicted", Class: "lg-ta"},
	{Label: "t_B predicted", Class: "lg-tb"},
	{Label: "reduced ODE", Class: "lg-ode"},
	{Label: "t_A simulated", Shape: "circle", MarkClass: "lg-mark-ta", NoLine: true},
	{Label: "t_B simulated", Shape: "triangle", MarkClass: "lg-mark-tb", NoLine: true},
	{Label: "nothing learned", Class: "region region-none", Swatch: true},
	{Label: "unimodal: only A", Class: "region region-uni", Swatch: true},
	{Label: "both learned", Class: "region region-both", Swatch: true},
}

// PhaseFigure is the whole phase diagram — one panel per series value and
// the ratio panel — as one figure, for the command line, the prerendered
// page and the page's SVG export.
func PhaseFigure(p params.Set, plan *protocol.Plan, results []protocol.JobResult) *figure.Figure {
	panels, ratio, _ := PhaseLayout(p, plan, results)
	f := &figure.Figure{Name: "phase-diagram", Title: "Phase diagram: when is each modality learned?", Legend: PhaseLegend,
		Caption: "Lines: theory of Zhang, Latham & Saxe (ICML 2024) — closed form solid, reduced ODE dashed; markers: simulated networks (circle t_A, triangle t_B). " +
			"Parameters: " + DescribeQuery(p.Encode()) + "." + remedyNote(p)}
	for _, s := range panels {
		f.Panels = append(f.Panels, PhasePanel(s))
	}
	f.Panels = append(f.Panels, RatioPanel(ratio))
	return f
}

// PhasePanel describes one small multiple: its base (PhaseBase) with the
// simulated markers (PhaseMarkers).
func PhasePanel(s PhaseSpec) *figure.Panel {
	p := PhaseBase(s)
	p.Over = append(p.Over, PhaseMarkers(s, p)...)
	return p
}

// PhaseBase describes a small multiple without its simulated markers: the
// theory, the regions and the axes, which do not change while a sweep's
// results arrive.
func PhaseBase(s PhaseSpec) *figure.Panel {
	ytitle := "time to learn (steps)"
	if s.Eta > 0 {
		ytitle = "steps  (t = η·steps, η = " + figure.FormatNum(s.Eta) + ")"
	}
	p := &figure.Panel{ID: s.ID, Class: "phase-panel", Title: s.Title, TitleInside: true, Frame: PhaseFrame,
		Label: "Phase diagram panel " + s.Title + ": predicted and simulated times at which modalities A and B are learned, against " + s.XLabel,
		Desc: "Log-scale time in steps against " + s.XLabel + ". Solid lines: closed-form predictions of t_A (blue) and t_B (vermillion); dashed: reduced ODE. " +
			"Below t_A nothing is learned, between t_A and t_B only modality A, above t_B both. Markers: simulations (circle t_A, triangle t_B).",
		X: figure.Axis{Label: s.XLabel, Min: s.XDomain[0], Max: s.XDomain[1], Log: s.XLog},
		Y: figure.Axis{Label: ytitle, Min: s.YDomain[0], Max: s.YDomain[1], Log: true, Format: figure.FormatSteps},
	}
	sx, sy := p.Scales()
	pts := s.Curve.Points
	n := len(pts)
	xs := make([]float64, n)
	ta, tb := make([]float64, n), make([]float64, n)   // closed form
	ota, otb := make([]float64, n), make([]float64, n) // reduced ODE
	rta, rtb := make([]float64, n), make([]float64, n) // regions: closed form, else ODE
	for i, cp := range pts {
		xs[i] = cp.X
		ta[i], tb[i] = num(cp.TA), num(cp.TB)
		ota[i], otb[i] = num(cp.ODETA), num(cp.ODETB)
		rta[i], rtb[i] = TheoryTimes(cp)
	}
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
		p.Under = append(p.Under, figure.Band{Xs: xs, Lo: r.lo, Hi: r.hi, LoEdge: r.loEdge, HiEdge: r.hiEdge, Class: "region " + r.class})
		if lx, ly, ok := regionLabelSpot(xs, r.lo, r.hi, r.loEdge, r.hiEdge, sx, sy, figure.TextWidth(r.label, 12.5)); ok {
			p.Over = append(p.Over, figure.Text{X: lx, Y: ly + 4, Pixel: true, Text: r.label, Class: "region-label", Anchor: "middle"})
		}
	}
	for _, cu := range []struct {
		class string
		ys    []float64
	}{{"theory-ode ode-ta", ota}, {"theory-ode ode-tb", otb}, {"theory-ta", ta}, {"theory-tb", tb}} {
		p.Items = append(p.Items, figure.Curve{Xs: xs, Ys: cu.ys, Class: cu.class})
	}
	p.Over = append(p.Over, figure.HLine{At: s.Budget, Class: "budget", Label: "step budget"})
	p.Over = append(p.Over, beyondLabels(rta, rtb, p.Y.Max, s.Budget, sx, sy)...)
	return p
}

// beyondLabels mark predicted times that lie above the plot (past the step
// budget, where the axis stops): an upward arrow with the smallest such
// time, so a panel whose theory lies far beyond the budget says so instead
// of showing an empty plane. A time past the top over only part of the
// axis is marked too, with the smallest value out of view.
func beyondLabels(ta, tb []float64, top, budget float64, sx, sy figure.Scale) []figure.Item {
	var out []figure.Item
	type above struct {
		name    string
		min     float64
		visible bool
	}
	scan := func(name string, v []float64) above {
		a := above{name: name, min: math.Inf(1)}
		for _, t := range v {
			switch {
			case !(t > 0) || math.IsInf(t, 0):
			case t > top:
				a.min = math.Min(a.min, t)
			default:
				a.visible = true
			}
		}
		return a
	}
	var hidden []above
	for _, a := range []above{scan("A", ta), scan("B", tb)} {
		if !math.IsInf(a.min, 1) && !a.visible {
			hidden = append(hidden, a)
		}
	}
	if len(hidden) == 0 {
		return nil
	}
	left, right := math.Min(sx.R0, sx.R1), math.Max(sx.R0, sx.R1)
	y := math.Min(sy.R0, sy.R1) + 20
	x := (left + right) / 2
	var names []string
	low := math.Inf(1)
	for _, h := range hidden {
		names = append(names, "t_"+h.name)
		low = math.Min(low, h.min)
	}
	text := "↑ predicted " + strings.Join(names, ", ") + " ≥ " + figure.FormatSteps(low) + " steps"
	out = append(out, figure.Text{X: x, Y: y, Pixel: true, Text: text, Class: "beyond-budget", Anchor: "middle"})
	if budget > 0 && low > budget {
		out = append(out, figure.Text{X: x, Y: y + 16, Pixel: true, Text: "beyond the step budget of " + figure.FormatSteps(budget), Class: "beyond-budget", Anchor: "middle"})
	}
	return out
}

// PhaseMarkers are the simulated times of a small multiple whose base is p:
// circle t_A, triangle t_B (open at the budget when B was not learned), a
// cross at the bottom for a failed run.
func PhaseMarkers(s PhaseSpec, p *figure.Panel) []figure.Item {
	var out []figure.Item
	diverged := 0
	for _, sim := range s.Sims {
		if sim.Status == "diverged" {
			diverged++
		}
	}
	if diverged > 0 && diverged == len(s.Sims) {
		// Gradient descent diverged: the theory (which assumes it
		// converges, docs/theory.md §3) does not hold at this rate.
		sx, sy := p.Scales()
		x := (sx.R0 + sx.R1) / 2
		y := (sy.R0 + sy.R1) / 2
		out = append(out,
			figure.Text{X: x, Y: y - 8, Pixel: true, Text: "gradient descent diverged at η = " + figure.FormatNum(s.Eta), Class: "diverged-label", Anchor: "middle"},
			figure.Text{X: x, Y: y + 10, Pixel: true, Text: "the theory does not hold at this rate", Class: "diverged-label", Anchor: "middle"})
	}
	for _, sim := range s.Sims {
		if math.IsNaN(sim.X) {
			continue
		}
		if sim.Failed() {
			out = append(out, figure.Marker{X: sim.X, Y: p.Y.Min, DY: -8, Shape: "cross", R: 6, Class: "mark sim-fail", Pick: true, Job: sim.Job, Tip: s.failTip(sim)})
			continue
		}
		if !math.IsNaN(sim.TA) {
			out = append(out, figure.Marker{X: sim.X, Y: sim.TA, Shape: "circle", R: 5.5, Class: "mark sim-ta", Pick: true, Job: sim.Job, Tip: s.tip(sim, "A")})
		}
		switch {
		case !math.IsNaN(sim.TB):
			out = append(out, figure.Marker{X: sim.X, Y: sim.TB, Shape: "triangle", R: 6.5, Class: "mark sim-tb", Pick: true, Job: sim.Job, Tip: s.tip(sim, "B")})
		case s.Budget > 0:
			// B not learned within the budget: an open triangle at the budget.
			out = append(out, figure.Marker{X: sim.X, Y: s.Budget, Clamp: true, Pad: 7, Shape: "triangle", R: 6.5, Class: "mark sim-tb-censored", Pick: true, Job: sim.Job, Tip: s.tip(sim, "B")})
		}
	}
	return out
}

// tip is the tooltip of a simulated t_A ("A") or t_B ("B") marker.
func (s PhaseSpec) tip(sim SimPoint, which string) string {
	var b strings.Builder
	b.WriteString(Symbol(s.XName) + " = " + figure.FormatNum(sim.X))
	if s.Title != "" {
		b.WriteString(", " + s.Title)
	}
	b.WriteString(" (seed " + sim.Seed + ")\n")
	meas, pred := sim.TA, sim.TheoryTA
	if which == "B" {
		meas, pred = sim.TB, sim.TheoryTB
	}
	if math.IsNaN(meas) {
		b.WriteString("B not learned within " + figure.FormatSteps(s.Budget) + " steps")
	} else {
		b.WriteString("simulated t_" + which + " = " + figure.FormatSig(meas, 5) + " steps")
		if s.Eta > 0 {
			b.WriteString(" (t = " + figure.FormatSig(meas*s.Eta, 4) + ")")
		}
	}
	if !math.IsNaN(pred) {
		b.WriteString("\npredicted t_" + which + " = " + figure.FormatSig(pred, 5) + " steps (" + sim.TheoryName + ")")
	}
	if !math.IsNaN(sim.Ratio) {
		b.WriteString("\nratio t_B/t_A = " + figure.FormatSig(sim.Ratio, 4))
		if !math.IsNaN(sim.TheoryRatio) {
			b.WriteString(", theory " + figure.FormatSig(sim.TheoryRatio, 4))
		}
	}
	b.WriteString("\nclick to watch this run")
	return b.String()
}

func (s PhaseSpec) failTip(sim SimPoint) string {
	why := sim.Err
	if why == "" {
		why = sim.Status
		if sim.Reason != "" {
			why += ": " + sim.Reason
		}
	}
	if why == "" {
		why = "A was not learned"
	}
	return Symbol(s.XName) + " = " + figure.FormatNum(sim.X) + ", " + s.Title + " (seed " + sim.Seed + ")\nno learning times: " + why + "\nclick to watch this run"
}

// regionLabelSpot finds where a region label of the given pixel width fits:
// the x (among the curve points, keeping the label inside the plot) where
// the region is tallest across the label's width, and the vertical middle
// there. ok is false when the region is nowhere tall enough.
func regionLabelSpot(xs, lo, hi []float64, loEdge, hiEdge bool, sx, sy figure.Scale, width float64) (x, y float64, ok bool) {
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

// RatioPanel describes the time-ratio panel: its base (RatioBase) with the
// simulated markers (RatioMarkers).
func RatioPanel(s RatioSpec) *figure.Panel {
	p := RatioBase(s)
	p.Over = append(p.Over, RatioMarkers(s)...)
	return p
}

// RatioBase describes the time-ratio panel without its simulated markers.
func RatioBase(s RatioSpec) *figure.Panel {
	p := &figure.Panel{ID: s.ID, Class: "ratio-panel", Title: "Time ratio t_B/t_A", Frame: RatioFrame,
		Label: "Time ratio t_B/t_A against " + s.XLabel + ", one theory curve and one marker shape per series",
		Desc: "Log-scale ratio of the time at which B is learned to the time at which A is learned, against " + s.XLabel +
			". Lines: theory (solid closed form, dashed reduced ODE); markers: simulations. A ratio of 1 means both modalities are learned together.",
		X: figure.Axis{Label: s.XLabel, Min: s.XDomain[0], Max: s.XDomain[1], Log: s.XLog, Ticks: 7},
		Y: figure.Axis{Label: "time ratio t_B / t_A", Min: s.YDomain[0], Max: s.YDomain[1], Log: true},
	}
	for i, ser := range s.Series {
		n := len(ser.Curve.Points)
		xs, r, o := make([]float64, n), make([]float64, n), make([]float64, n)
		for k, cp := range ser.Curve.Points {
			xs[k], r[k], o[k] = cp.X, num(cp.Ratio), num(cp.ODERatio)
		}
		col := figure.SeriesColor(i)
		p.Items = append(p.Items, figure.Curve{Xs: xs, Ys: o, Class: "ratio-ode", Stroke: col}, figure.Curve{Xs: xs, Ys: r, Class: "ratio-theory", Stroke: col})
		label := ser.Label
		if label == "" {
			label = "theory / simulation"
		}
		p.Legend = append(p.Legend, figure.LegendEntry{Label: label, Color: col, Shape: figure.SeriesShape(i)})
	}
	p.Over = append(p.Over, figure.HLine{At: 1, Class: "ref-one", Label: "learned together", Below: true})
	return p
}

// RatioMarkers are the simulated time ratios, one shape and colour per
// series.
func RatioMarkers(s RatioSpec) []figure.Item {
	var out []figure.Item
	diverged := 0
	for _, sim := range s.Sims {
		if sim.Status == "diverged" {
			diverged++
		}
	}
	if diverged > 0 && diverged == len(s.Sims) {
		f := RatioFrame
		x, y := f.L+(f.W-f.L-f.R)/2, f.T+(f.H-f.T-f.B)/2
		out = append(out,
			figure.Text{X: x, Y: y - 8, Pixel: true, Text: "gradient descent diverged:", Class: "diverged-label", Anchor: "middle"},
			figure.Text{X: x, Y: y + 10, Pixel: true, Text: "the theory does not hold at this rate", Class: "diverged-label", Anchor: "middle"})
	}
	for _, sim := range s.Sims {
		if !(sim.Ratio > 0) {
			continue
		}
		label := ""
		if sim.Series < len(s.Series) {
			label = s.Series[sim.Series].Label
		}
		tip := Symbol(s.XName) + " = " + figure.FormatNum(sim.X)
		if label != "" {
			tip += ", " + label
		}
		tip += " (seed " + sim.Seed + ")\nsimulated t_B/t_A = " + figure.FormatSig(sim.Ratio, 4)
		if !math.IsNaN(sim.TheoryRatio) {
			tip += "\npredicted " + figure.FormatSig(sim.TheoryRatio, 4) + " (" + sim.TheoryName + "), deviation " + figure.FormatPercent(RelDev(sim.Ratio, sim.TheoryRatio))
		}
		tip += "\nclick to watch this run"
		out = append(out, figure.Marker{X: sim.X, Y: sim.Ratio, Clamp: true, Shape: figure.SeriesShape(sim.Series), R: 5.5,
			Class: "mark ratio-sim", Fill: figure.SeriesColor(sim.Series), Pick: true, Job: sim.Job, Tip: tip})
	}
	return out
}

// remedyNote says, when a remedy of docs/theory.md §10 is on, that the theory
// lines describe the plain network and the markers what the remedy changes.
func remedyNote(p params.Set) string {
	c := remedy.FromParams(p)
	if !c.Active() && !isRemedyParam(p.Get("x")) && !isRemedyParam(p.Get("series")) {
		return ""
	}
	if !c.Active() {
		return " The remedy parameter swept here has no effect while every remedy is off: switch one on under “Remedies from related work”."
	}
	return " The theory lines are those of the network without remedies; the markers show what " + c.Describe() + " changes."
}

func isRemedyParam(name string) bool {
	q, ok := params.Lookup(name)
	return ok && q.Group == "remedy"
}
