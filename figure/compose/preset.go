package compose

import (
	"math"
	"sort"
	"strconv"

	"unibias/figure"
	"unibias/protocol"
)

// PresetFrame is the geometry of a preset figure's panels.
var PresetFrame = figure.Frame{W: 560, H: 340, L: 62, R: 16, T: 14, B: 46}

// PanelCounts says how many theory and simulated elements a preset panel
// holds (the page's browser tests read them).
type PanelCounts struct{ Theory, Sim int }

// layer is what a panel draws from simulations: markers and lines.
type layer struct {
	marks []figure.Marker
	lines []figure.Curve
}

// PresetFigure composes a preset figure with the reports received so far
// (reports[i] belongs to fig.Jobs[i]; nil while pending).
func PresetFigure(fig *protocol.Figure, reports []*protocol.Report) *figure.Figure {
	out := &figure.Figure{Name: fig.Name, Title: fig.Title, Caption: fig.Caption + " (docs/theory.md " + fig.Section + ")", Legend: PresetLegend(fig)}
	for i := range fig.Panels {
		p, _ := PresetPanel(fig, reports, &fig.Panels[i])
		out.Panels = append(out.Panels, p)
	}
	return out
}

// PresetLegend is the legend of a preset's series: one colour each.
func PresetLegend(fig *protocol.Figure) []figure.LegendEntry {
	var out []figure.LegendEntry
	for i, s := range fig.Legend {
		out = append(out, figure.LegendEntry{Label: s, Color: figure.SeriesColor(i), Shape: "square", NoLine: true})
	}
	return out
}

// PresetPanel describes one panel of a preset figure: its theory content
// and the simulated layers of the jobs drawn in it.
func PresetPanel(fig *protocol.Figure, reports []*protocol.Report, p *protocol.Panel) (*figure.Panel, PanelCounts) {
	var l layer
	for i, j := range fig.Jobs {
		if j.Panel == p.ID && i < len(reports) {
			extract(j, reports[i], &l)
		}
	}
	if p.Connect {
		l.lines = append(l.lines, connect(l.marks)...)
	}
	fp := &figure.Panel{ID: "fig-" + p.ID, Class: "plot", Title: p.Title, Frame: PresetFrame,
		Desc: p.XLabel + " against " + p.YLabel + "; lines and shading are theory, markers and thin lines simulations"}
	if p.Heat != nil {
		fp.Frame.R = 70 // colour bar
	}
	dx, dy := newDomain(p.XLog), newDomain(p.YLog)
	var counts PanelCounts
	for _, ln := range p.Lines {
		switch ln.Kind {
		case "vline":
			dx.add(ln.At)
		case "hline":
			dy.add(ln.At)
		default:
			for _, pt := range ln.Points {
				dx.add(pt[0])
				dy.add(pt[1])
			}
		}
		counts.Theory++
	}
	if h := p.Heat; h != nil {
		dx.add(h.Xs[0])
		dx.add(h.Xs[len(h.Xs)-1])
		dy.add(h.Ys[0])
		dy.add(h.Ys[len(h.Ys)-1])
		counts.Theory++
	}
	for _, a := range p.Arrows {
		dx.add(a.X)
		dy.add(a.Y)
	}
	counts.Theory += len(p.Arrows) + len(p.Marks) + len(p.Bands)
	for _, m := range p.Marks {
		dx.add(m.X)
		dy.add(m.Y)
	}
	for _, m := range l.marks {
		dx.add(m.X)
		dy.add(m.Y)
	}
	for _, ln := range l.lines {
		for i := range ln.Xs {
			dx.add(ln.Xs[i])
			dy.add(ln.Ys[i])
		}
	}
	x0, x1 := dx.resolve(p.XMin, p.XMax)
	y0, y1 := dy.resolve(p.YMin, p.YMax)
	if h := p.Heat; h != nil {
		x0, x1 = h.Xs[0], h.Xs[len(h.Xs)-1]
		y0, y1 = h.Ys[0], h.Ys[len(h.Ys)-1]
		fp.Under = append(fp.Under, figure.Heat{Label: h.Label, Xs: h.Xs, Ys: h.Ys, Z: h.Z, LogColour: h.LogColour, Diverging: h.Diverging, Contours: contours(h.Contours)})
	}
	fp.X = figure.Axis{Label: p.XLabel, Min: x0, Max: x1, Log: p.XLog}
	for _, t := range p.XTicks {
		fp.X.Fixed = append(fp.X.Fixed, figure.Tick{V: t.X, Label: t.Label})
	}
	fp.Y = figure.Axis{Label: p.YLabel, Min: y0, Max: y1, Log: p.YLog}
	for _, b := range p.Bands {
		xs, lo := figure.Split(b.Lower)
		_, hi := figure.Split(b.Upper)
		fp.Items = append(fp.Items, figure.Band{Xs: xs, Lo: lo, Hi: hi, Class: "band tone" + strconv.Itoa(b.Tone), Tip: b.Label})
	}
	if len(p.Arrows) > 0 {
		var as []figure.Arrow
		for _, a := range p.Arrows {
			as = append(as, figure.Arrow{X: a.X, Y: a.Y, DX: a.DX, DY: a.DY, S: a.S})
		}
		fp.Items = append(fp.Items, figure.Arrows{Arrows: as})
	}
	for _, ln := range p.Lines {
		cls := "fig-theory theory-line"
		if ln.Dash {
			cls += " dashed"
		}
		col := figure.SeriesColor(ln.Series)
		switch ln.Kind {
		case "vline":
			fp.Items = append(fp.Items, figure.VLine{At: ln.At, Class: cls, Stroke: col, Tip: ln.Label})
		case "hline":
			fp.Items = append(fp.Items, figure.HLine{At: ln.At, Class: cls, Stroke: col, Tip: ln.Label})
		default:
			xs, ys := figure.Split(ln.Points)
			fp.Items = append(fp.Items, figure.Curve{Xs: xs, Ys: ys, Class: cls, Stroke: col, Tip: ln.Label})
		}
	}
	for _, ln := range l.lines {
		fp.Items = append(fp.Items, ln)
	}
	for _, m := range p.Marks {
		fp.Items = append(fp.Items, figure.Marker{X: m.X, Y: m.Y, Shape: "dot", R: 4, Class: "fig-theory fixed-point", Label: m.Label})
	}
	for _, m := range l.marks {
		fp.Items = append(fp.Items, m)
	}
	counts.Sim = len(l.marks) + len(l.lines)
	return fp, counts
}

func contours(ls []protocol.Line) []figure.Contour {
	out := make([]figure.Contour, len(ls))
	for i, c := range ls {
		out[i] = figure.Contour{Label: c.Label, Points: c.Points}
	}
	return out
}

// vecNorm is the Euclidean norm of a vector of protocol numbers (NaN when
// any is null).
func vecNorm(v []protocol.Num) float64 {
	s := 0.0
	for _, x := range v {
		if x == nil {
			return math.NaN()
		}
		s += *x * *x
	}
	return math.Sqrt(s)
}

// extract turns one report into the markers and lines its job asks for
// (protocol.FigJob.Extract).
func extract(j protocol.FigJob, r *protocol.Report, l *layer) {
	if r == nil {
		return
	}
	shape := j.Shape
	if shape == "" {
		shape = figure.SeriesShape(j.Series)
	}
	lab := j.Label
	if lab != "" {
		lab += ": "
	}
	col := figure.SeriesColor(j.Series)
	mark := func(x, y float64, sh, what, text string) {
		if figure.IsFinite(x) && figure.IsFinite(y) {
			l.marks = append(l.marks, figure.Marker{X: x, Y: y, Shape: sh, Fill: col, Class: "fig-sim sim-mark", Tip: lab + what, Label: text, Group: true})
		}
	}
	line := func(xs, ys []float64, dash bool, title string) {
		cls := "fig-sim sim-line"
		if dash {
			cls += " dashed"
		}
		l.lines = append(l.lines, figure.Curve{Xs: xs, Ys: ys, Class: cls, Stroke: col, Tip: lab + title})
	}
	traj := func(get func(p protocol.TrajPoint) float64, dash bool, title string) {
		var xs, ys []float64
		for _, p := range r.Trajectory {
			if v := get(p); figure.IsFinite(v) {
				xs, ys = append(xs, float64(p.Step)), append(ys, v)
			}
		}
		if len(xs) > 1 {
			line(xs, ys, dash, title)
		}
	}
	at := func(t protocol.Num, get func(protocol.TrajPoint) protocol.Num) float64 {
		for _, p := range r.Trajectory {
			if float64(p.Step) == num(t) {
				return num(get(p))
			}
		}
		return math.NaN()
	}
	if extractCompete(j, r, l) || extractRemedy(j, r, l) {
		return
	}
	switch j.Extract {
	case "ratio":
		mark(j.X, num(r.Ratio), shape, "simulated t_B/t_A = "+figure.FormatSig(num(r.Ratio), 4), "")
	case "times":
		mark(j.X, num(r.TA), "circle", "t_A = "+figure.FormatSteps(num(r.TA))+" steps", "")
		mark(j.X, num(r.TB), "triangle", "t_B = "+figure.FormatSteps(num(r.TB))+" steps", "")
	case "misattribution":
		mark(j.X, num(r.Misattribution), shape, "misattribution = "+figure.FormatSig(num(r.Misattribution), 3), "")
	case "scatter":
		mark(num(r.Theory.RatioGF), num(r.Ratio), shape, "predicted "+figure.FormatSig(num(r.Theory.RatioGF), 3)+", simulated "+figure.FormatSig(num(r.Ratio), 3), "")
	case "heat-ratio":
		if v := num(r.Ratio); figure.IsFinite(v) {
			l.marks = append(l.marks, figure.Marker{X: j.X, Y: j.Y, Shape: "circle", Fill: col, Class: "fig-sim sim-mark", Tip: "simulated t_B/t_A = " + figure.FormatSig(v, 3), Label: figure.FormatSig(v, 2), Group: true})
		}
	case "loss":
		l0 := num(r.InitialLoss)
		traj(func(p protocol.TrajPoint) float64 { return num(p.Loss) / l0 }, false, "ℒ/ℒ(0)")
	case "weights":
		traj(func(p protocol.TrajPoint) float64 { return num(p.WA) }, false, "W_A^tot")
		traj(func(p protocol.TrajPoint) float64 { return num(p.WB) }, true, "W_B^tot")
		mark(num(r.TA), at(r.TA, func(p protocol.TrajPoint) protocol.Num { return p.WA }), "circle", "detected t_A = "+figure.FormatSteps(num(r.TA)), "")
		mark(num(r.TB), at(r.TB, func(p protocol.TrajPoint) protocol.Num { return p.WB }), "triangle", "detected t_B = "+figure.FormatSteps(num(r.TB)), "")
	case "eg":
		traj(func(p protocol.TrajPoint) float64 { return num(p.Eg) }, false, "E_g")
	case "portrait":
		var xs, ys []float64
		for _, p := range r.Trajectory {
			if a, b := num(p.WA), num(p.WB); figure.IsFinite(a) && figure.IsFinite(b) {
				xs, ys = append(xs, a), append(ys, b)
			}
		}
		line(xs, ys, false, "simulated (W_A, W_B)")
	case "xor":
		traj(func(p protocol.TrajPoint) float64 { return num(p.Xor) }, false, "coefficient on xor(x_A)")
		traj(func(p protocol.TrajPoint) float64 { return num(p.Lin) }, true, "coefficient on x_B")
	case "split":
		mark(j.X, vecNorm(r.FinalWA), "circle", "‖W_A‖ = "+figure.FormatSig(vecNorm(r.FinalWA), 3), "")
		mark(j.X, vecNorm(r.FinalWB), "triangle", "‖W_B‖ = "+figure.FormatSig(vecNorm(r.FinalWB), 3), "")
	}
}

// domain collects values to size an axis.
type domain struct {
	lo, hi float64
	log    bool
}

func newDomain(log bool) domain { return domain{lo: math.Inf(1), hi: math.Inf(-1), log: log} }

func (d *domain) add(v float64) {
	if !figure.IsFinite(v) || (d.log && v <= 0) {
		return
	}
	d.lo = math.Min(d.lo, v)
	d.hi = math.Max(d.hi, v)
}

func (d domain) resolve(min, max protocol.Num) (float64, float64) {
	lo, hi := d.lo, d.hi
	if !figure.IsFinite(lo) {
		lo, hi = 0, 1
		if d.log {
			lo, hi = 1, 10
		}
	}
	if d.log {
		lo, hi = figure.NiceLogDomain(lo, hi)
	} else if hi == lo {
		lo, hi = lo-1, hi+1
	} else {
		pad := 0.04 * (hi - lo)
		lo, hi = lo-pad, hi+pad
	}
	if min != nil {
		lo = *min
	}
	if max != nil {
		hi = *max
	}
	return lo, hi
}

// PresetAgreement computes the agreement readout of a preset figure:
// deviations of every compared simulation from its theory
// (protocol.Deviation), split into relative (ratios) and absolute
// (misattribution, plateaus) comparisons.
func PresetAgreement(fig *protocol.Figure, reports []*protocol.Report) (rel, abs protocol.Agreement) {
	panels := map[string]*protocol.Panel{}
	for i := range fig.Panels {
		panels[fig.Panels[i].ID] = &fig.Panels[i]
	}
	var rd, rt, ad, at []float64
	for i, j := range fig.Jobs {
		if i >= len(reports) || reports[i] == nil {
			continue
		}
		p := panels[j.Panel]
		if p == nil {
			continue
		}
		dev, tol, relative, ok := protocol.Deviation(p, &fig.Jobs[i], reports[i])
		if !ok {
			continue
		}
		if relative {
			rd, rt = append(rd, dev), append(rt, tol)
		} else {
			ad, at = append(ad, dev), append(at, tol)
		}
	}
	return protocol.Summarise(rd, rt, true), protocol.Summarise(ad, at, false)
}

// AgreementText states an agreement in words, e.g. "median 1.2%, worst 2.9%
// over 36 runs; 27/27 within the docs/theory.md §8.6 tolerance".
func AgreementText(a protocol.Agreement) string {
	if a.N == 0 {
		return ""
	}
	f := func(v float64) string {
		if a.Relative {
			return figure.FormatPercent(v)
		}
		return figure.FormatSig(v, 2)
	}
	runs := " runs"
	if a.N == 1 {
		runs = " run"
	}
	s := "median " + f(a.Median) + ", worst " + f(a.Worst) + " over " + strconv.Itoa(a.N) + runs
	if a.WithTol > 0 {
		s += "; " + strconv.Itoa(a.Within) + "/" + strconv.Itoa(a.WithTol) + " within the docs/theory.md §8.6 tolerance"
	}
	return s
}

// connect joins the markers of each colour by a line in order of x
// (protocol.Panel.Connect).
func connect(marks []figure.Marker) []figure.Curve {
	var order []string
	by := map[string][]figure.Marker{}
	for _, m := range marks {
		if _, ok := by[m.Fill]; !ok {
			order = append(order, m.Fill)
		}
		by[m.Fill] = append(by[m.Fill], m)
	}
	var out []figure.Curve
	for _, col := range order {
		ms := by[col]
		if len(ms) < 2 {
			continue
		}
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].X < ms[j].X })
		c := figure.Curve{Class: "fig-sim sim-line", Stroke: col}
		for _, m := range ms {
			c.Xs, c.Ys = append(c.Xs, m.X), append(c.Ys, m.Y)
		}
		out = append(out, c)
	}
	return out
}
