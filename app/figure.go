package app

import (
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// FigureData is a preset figure with the simulation reports received so far
// (Reports[i] belongs to Fig.Jobs[i]; nil while pending) and any extra runs
// started by clicking a plane.
type FigureData struct {
	Fig     *protocol.Figure
	Reports []*protocol.Report
	Errors  []string
}

// layer is what a panel draws from simulations: marker points and lines.
type layer struct {
	marks []simMark
	lines []simLine
}

type simMark struct {
	x, y   float64
	series int
	shape  string
	title  string
	text   string // optional label drawn beside the marker (heat maps)
}

type simLine struct {
	xs, ys []float64
	series int
	dash   bool
	title  string
}

func norm(v []protocol.Num) float64 {
	s := 0.0
	for _, x := range v {
		if x == nil {
			return math.NaN()
		}
		s += *x * *x
	}
	return math.Sqrt(s)
}

// extract turns one report into the marks and lines its job asks for
// (protocol.FigJob.Extract).
func extract(j protocol.FigJob, r *protocol.Report, l *layer) {
	if r == nil {
		return
	}
	shape := j.Shape
	if shape == "" {
		shape = SeriesShape(j.Series)
	}
	lab := j.Label
	if lab != "" {
		lab += ": "
	}
	mark := func(x, y float64, sh, what string) {
		if isFinite(x) && isFinite(y) {
			l.marks = append(l.marks, simMark{x: x, y: y, series: j.Series, shape: sh, title: lab + what})
		}
	}
	traj := func(get func(p protocol.TrajPoint) float64, dash bool, title string) {
		var xs, ys []float64
		for _, p := range r.Trajectory {
			v := get(p)
			if isFinite(v) {
				xs = append(xs, float64(p.Step))
				ys = append(ys, v)
			}
		}
		if len(xs) > 1 {
			l.lines = append(l.lines, simLine{xs: xs, ys: ys, series: j.Series, dash: dash, title: lab + title})
		}
	}
	switch j.Extract {
	case "ratio":
		mark(j.X, num(r.Ratio), shape, "simulated t_B/t_A = "+FormatSig(num(r.Ratio), 4))
	case "times":
		mark(j.X, num(r.TA), "circle", "t_A = "+FormatSteps(num(r.TA))+" steps")
		mark(j.X, num(r.TB), "triangle", "t_B = "+FormatSteps(num(r.TB))+" steps")
	case "misattribution":
		mark(j.X, num(r.Misattribution), shape, "misattribution = "+FormatSig(num(r.Misattribution), 3))
	case "scatter":
		mark(num(r.Theory.RatioGF), num(r.Ratio), shape, "predicted "+FormatSig(num(r.Theory.RatioGF), 3)+", simulated "+FormatSig(num(r.Ratio), 3))
	case "heat-ratio":
		if v := num(r.Ratio); isFinite(v) {
			l.marks = append(l.marks, simMark{x: j.X, y: j.Y, series: j.Series, shape: "circle", title: "simulated t_B/t_A = " + FormatSig(v, 3), text: FormatSig(v, 2)})
		}
	case "loss":
		l0 := num(r.InitialLoss)
		traj(func(p protocol.TrajPoint) float64 { return num(p.Loss) / l0 }, false, "ℒ/ℒ(0)")
	case "weights":
		traj(func(p protocol.TrajPoint) float64 { return num(p.WA) }, false, "W_A^tot")
		traj(func(p protocol.TrajPoint) float64 { return num(p.WB) }, true, "W_B^tot")
		at := func(t protocol.Num) float64 {
			for _, p := range r.Trajectory {
				if float64(p.Step) == num(t) {
					return num(p.WA)
				}
			}
			return math.NaN()
		}
		atB := func(t protocol.Num) float64 {
			for _, p := range r.Trajectory {
				if float64(p.Step) == num(t) {
					return num(p.WB)
				}
			}
			return math.NaN()
		}
		mark(num(r.TA), at(r.TA), "circle", "detected t_A = "+FormatSteps(num(r.TA)))
		mark(num(r.TB), atB(r.TB), "triangle", "detected t_B = "+FormatSteps(num(r.TB)))
	case "eg":
		traj(func(p protocol.TrajPoint) float64 { return num(p.Eg) }, false, "E_g")
	case "portrait":
		var xs, ys []float64
		for _, p := range r.Trajectory {
			if a, b := num(p.WA), num(p.WB); isFinite(a) && isFinite(b) {
				xs, ys = append(xs, a), append(ys, b)
			}
		}
		l.lines = append(l.lines, simLine{xs: xs, ys: ys, series: j.Series, title: lab + "simulated (W_A, W_B)"})
	case "xor":
		traj(func(p protocol.TrajPoint) float64 { return num(p.Xor) }, false, "coefficient on xor(x_A)")
		traj(func(p protocol.TrajPoint) float64 { return num(p.Lin) }, true, "coefficient on x_B")
	case "split":
		mark(j.X, norm(r.FinalWA), "circle", "‖W_A‖ = "+FormatSig(norm(r.FinalWA), 3))
		mark(j.X, norm(r.FinalWB), "triangle", "‖W_B‖ = "+FormatSig(norm(r.FinalWB), 3))
	}
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// domain collects values to size an axis.
type domain struct {
	lo, hi float64
	log    bool
}

func newDomain(log bool) domain { return domain{lo: math.Inf(1), hi: math.Inf(-1), log: log} }

func (d *domain) add(v float64) {
	if !isFinite(v) || (d.log && v <= 0) {
		return
	}
	d.lo = math.Min(d.lo, v)
	d.hi = math.Max(d.hi, v)
}

func (d domain) resolve(min, max protocol.Num) (float64, float64) {
	lo, hi := d.lo, d.hi
	if !isFinite(lo) {
		lo, hi = 0, 1
		if d.log {
			lo, hi = 1, 10
		}
	}
	if d.log {
		lo, hi = NiceLogDomain(lo, hi)
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

// FigurePanel renders one panel of a preset figure with its theory content
// and the simulated layers. The root carries data-theory-marks and
// data-sim-marks counts for the browser tests.
func FigurePanel(fd *FigureData, p *protocol.Panel, idx int) app.UI {
	var l layer
	for i, j := range fd.Fig.Jobs {
		if j.Panel == p.ID && i < len(fd.Reports) {
			extract(j, fd.Reports[i], &l)
		}
	}
	f := frame{W: 560, H: 340, L: 62, R: 16, T: 14, B: 46}
	if p.Heat != nil {
		f.R = 70 // colour bar
	}
	dx, dy := newDomain(p.XLog), newDomain(p.YLog)
	theoryN := 0
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
		theoryN++
	}
	if h := p.Heat; h != nil {
		dx.add(h.Xs[0])
		dx.add(h.Xs[len(h.Xs)-1])
		dy.add(h.Ys[0])
		dy.add(h.Ys[len(h.Ys)-1])
		theoryN++
	}
	for _, a := range p.Arrows {
		dx.add(a.X)
		dy.add(a.Y)
	}
	theoryN += len(p.Arrows) + len(p.Marks) + len(p.Bands)
	for _, m := range p.Marks {
		dx.add(m.X)
		dy.add(m.Y)
	}
	for _, m := range l.marks {
		dx.add(m.x)
		dy.add(m.y)
	}
	for _, ln := range l.lines {
		for i := range ln.xs {
			dx.add(ln.xs[i])
			dy.add(ln.ys[i])
		}
	}
	x0, x1 := dx.resolve(p.XMin, p.XMax)
	y0, y1 := dy.resolve(p.YMin, p.YMax)
	if p.Heat != nil {
		x0, x1 = p.Heat.Xs[0], p.Heat.Xs[len(p.Heat.Xs)-1]
		y0, y1 = p.Heat.Ys[0], p.Heat.Ys[len(p.Heat.Ys)-1]
	}
	sx, sy := f.xScale(x0, x1, p.XLog), f.yScale(y0, y1, p.YLog)
	clip := "clip-" + p.ID
	var body []app.UI
	body = append(body, svg("title").Text(p.Title), svg("desc").Text(p.XLabel+" against "+p.YLabel+"; lines and shading are theory, markers and thin lines simulations"), f.clipRect(clip))
	if p.Heat != nil {
		body = append(body, heatLayer(f, sx, sy, p.Heat))
	}
	body = append(body, f.axes(sx, sy, sx.Ticks(6, nil), sy.Ticks(6, nil), p.XLabel, p.YLabel))
	plot := []app.UI{}
	for _, b := range p.Bands {
		xs := make([]float64, len(b.Lower))
		lo := make([]float64, len(b.Lower))
		hi := make([]float64, len(b.Lower))
		for i := range b.Lower {
			xs[i], lo[i], hi[i] = b.Lower[i][0], b.Lower[i][1], b.Upper[i][1]
		}
		plot = append(plot, svg("path").Class("band tone"+strconv.Itoa(b.Tone)).Attr("d", BandPath(xs, lo, hi, sx, sy, false, false)).Body(svg("title").Text(b.Label)))
	}
	if len(p.Arrows) > 0 {
		plot = append(plot, svg("path").Class("field").Attr("d", arrowsPath(p.Arrows, sx, sy)))
	}
	for _, ln := range p.Lines {
		cls := "fig-theory theory-line"
		if ln.Dash {
			cls += " dashed"
		}
		col := SeriesColor(ln.Series)
		switch ln.Kind {
		case "vline":
			plot = append(plot, svg("g").Attr("style", "stroke:"+col).Body(f.vline(sx, ln.At, cls, "")).Title(ln.Label))
		case "hline":
			plot = append(plot, svg("g").Attr("style", "stroke:"+col).Body(f.hline(sy, ln.At, cls, "")).Title(ln.Label))
		default:
			xs, ys := split(ln.Points)
			plot = append(plot, svg("path").Class(cls).Attr("stroke", col).Attr("d", LinePath(xs, ys, sx, sy)).Body(svg("title").Text(ln.Label)))
		}
	}
	for _, ln := range l.lines {
		cls := "fig-sim sim-line"
		if ln.dash {
			cls += " dashed"
		}
		plot = append(plot, svg("path").Class(cls).Attr("stroke", SeriesColor(ln.series)).Attr("d", LinePath(ln.xs, ln.ys, sx, sy)).Body(svg("title").Text(ln.title)))
	}
	for _, m := range p.Marks {
		x, y := sx.Map(m.X), sy.Map(m.Y)
		plot = append(plot, svg("g").Class("fig-theory fixed-point").Body(
			svg("circle").Attr("cx", px(x)).Attr("cy", px(y)).Attr("r", "4"),
			svg("text").Class("mark-label").Attr("x", px(x+6)).Attr("y", px(y-6)).Text(m.Label)))
	}
	for _, m := range l.marks {
		x, y := sx.Map(m.x), sy.Map(m.y)
		if !isFinite(x) || !isFinite(y) {
			continue
		}
		g := []app.UI{svg("title").Text(m.title), svg("path").Attr("d", markerPath(m.shape, x, y, 5)).Attr("fill", SeriesColor(m.series))}
		if m.text != "" {
			g = append(g, svg("text").Class("mark-label").Attr("x", px(x+7)).Attr("y", px(y+4)).Text(m.text))
		}
		plot = append(plot, svg("g").Class("fig-sim sim-mark").Attr("tabindex", "0").Attr("role", "img").Attr("aria-label", m.title).Body(g...))
	}
	body = append(body, svg("g").Attr("clip-path", "url(#"+clip+")").Body(plot...))
	if p.Heat != nil {
		body = append(body, colourBar(f, p.Heat))
	}
	simN := len(l.marks) + len(l.lines)
	return app.Div().Class("fig-panel").DataSet("theory-marks", theoryN).DataSet("sim-marks", simN).ID("panel-"+p.ID).Body(
		app.Div().Class("panel-head").Body(
			app.H3().Class("panel-title").Text(p.Title),
			figureButtons("panel-"+p.ID, "#panel-"+p.ID, "this panel"),
		),
		svg("svg").Class("fig plot").Attr("viewBox", f.viewBox()).Attr("role", "img").Attr("aria-label", p.Title).Body(append([]app.UI{svg("title").Text(p.Title)}, body...)...),
	)
}

func split(pts [][2]float64) (xs, ys []float64) {
	xs = make([]float64, len(pts))
	ys = make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = p[0], p[1]
	}
	return xs, ys
}

// arrowsPath draws the whole vector field as one path: a shaft and two head
// strokes per arrow, length growing with the relative speed.
func arrowsPath(as []protocol.Arrow, sx, sy Scale) string {
	var b strings.Builder
	for _, a := range as {
		x, y := sx.Map(a.X), sy.Map(a.Y)
		// Direction in pixel space (y axis flipped).
		dx, dy := a.DX, -a.DY
		n := math.Hypot(dx, dy)
		if n == 0 || !isFinite(x) || !isFinite(y) {
			continue
		}
		dx, dy = dx/n, dy/n
		L := 6 + 10*a.S
		x0, y0 := x-dx*L/2, y-dy*L/2
		x1, y1 := x+dx*L/2, y+dy*L/2
		hx, hy := -dx*4, -dy*4
		b.WriteString("M" + px(x0) + " " + px(y0) + " L" + px(x1) + " " + px(y1))
		b.WriteString(" M" + px(x1) + " " + px(y1) + " l" + px(hx-dy*2.5) + " " + px(hy+dx*2.5))
		b.WriteString(" M" + px(x1) + " " + px(y1) + " l" + px(hx+dy*2.5) + " " + px(hy-dx*2.5) + " ")
	}
	return b.String()
}

// heatColour maps t ∈ [0, 1] to a colour-blind-safe sequential ramp (light
// yellow → dark blue) or, when diverging, blue → white → orange.
func heatColour(t float64, diverging bool) string {
	t = math.Max(0, math.Min(1, t))
	var stops [][3]float64
	if diverging {
		stops = [][3]float64{{0, 114, 178}, {247, 247, 247}, {213, 94, 0}}
	} else {
		stops = [][3]float64{{255, 247, 188}, {120, 198, 121}, {34, 94, 168}, {8, 29, 88}}
	}
	pos := t * float64(len(stops)-1)
	i := int(math.Floor(pos))
	if i >= len(stops)-1 {
		i = len(stops) - 2
	}
	u := pos - float64(i)
	c := func(k int) int { return int(math.Round(stops[i][k] + u*(stops[i+1][k]-stops[i][k]))) }
	return "rgb(" + strconv.Itoa(c(0)) + "," + strconv.Itoa(c(1)) + "," + strconv.Itoa(c(2)) + ")"
}

// heatRange returns the colour normalisation of a heat map.
func heatRange(h *protocol.Heat) func(float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		for _, v := range row {
			if isFinite(v) && (!h.LogColour || v > 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	switch {
	case h.Diverging:
		m := math.Max(math.Abs(lo), math.Abs(hi))
		return func(v float64) float64 { return 0.5 + v/(2*m) }
	case h.LogColour:
		a, b := math.Log(lo), math.Log(hi)
		return func(v float64) float64 { return (math.Log(v) - a) / (b - a) }
	default:
		return func(v float64) float64 { return (v - lo) / (hi - lo) }
	}
}

// heatLayer draws the heat map as cells (every other grid point, ≈ 500
// rects) with its contour lines.
func heatLayer(f frame, sx, sy Scale, h *protocol.Heat) app.UI {
	norm := heatRange(h)
	var cells []app.UI
	step := 2
	for j := 0; j+step < len(h.Ys)+step-1 && j < len(h.Ys); j += step {
		j1 := min(j+step, len(h.Ys)-1)
		for i := 0; i < len(h.Xs); i += step {
			i1 := min(i+step, len(h.Xs)-1)
			x0, x1 := sx.Map(h.Xs[i]), sx.Map(h.Xs[i1])
			y0, y1 := sy.Map(h.Ys[j]), sy.Map(h.Ys[j1])
			if i1 == i {
				x1 = x0 + 1
			}
			if j1 == j {
				y1 = y0 - 1
			}
			v := h.Z[j][i]
			cells = append(cells, svg("rect").Attr("x", px(math.Min(x0, x1))).Attr("y", px(math.Min(y0, y1))).
				Attr("width", px(math.Abs(x1-x0)+0.6)).Attr("height", px(math.Abs(y1-y0)+0.6)).Attr("fill", heatColour(norm(v), h.Diverging)))
		}
	}
	var contours []app.UI
	for _, c := range h.Contours {
		xs, ys := split(c.Points)
		contours = append(contours, svg("path").Class("contour").Attr("d", LinePath(xs, ys, sx, sy)).Body(svg("title").Text(h.Label+" = "+c.Label)))
		if n := len(c.Points); n > 0 {
			mid := c.Points[n/2]
			contours = append(contours, svg("text").Class("contour-label").Attr("x", px(sx.Map(mid[0]))).Attr("y", px(sy.Map(mid[1])-3)).Attr("text-anchor", "middle").Text(c.Label))
		}
	}
	return svg("g").Class("fig-theory heat").Body(append(cells, contours...)...)
}

// colourBar draws the heat map's legend on the right of the plot.
func colourBar(f frame, h *protocol.Heat) app.UI {
	norm := heatRange(h)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		for _, v := range row {
			if isFinite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	x := f.right() + 14
	var parts []app.UI
	n := 24
	top, bot := f.top(), f.bottom()
	for k := 0; k < n; k++ {
		t := float64(k) / float64(n-1)
		var v float64
		switch {
		case h.LogColour:
			v = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
		default:
			v = lo + t*(hi-lo)
		}
		y := bot - t*(bot-top)
		parts = append(parts, svg("rect").Attr("x", px(x)).Attr("y", px(y-(bot-top)/float64(n))).Attr("width", "12").
			Attr("height", px((bot-top)/float64(n)+0.6)).Attr("fill", heatColour(norm(v), h.Diverging)))
	}
	parts = append(parts,
		svg("text").Class("tick").Attr("x", px(x+16)).Attr("y", px(bot)).Text(FormatSig(lo, 2)),
		svg("text").Class("tick").Attr("x", px(x+16)).Attr("y", px(top+8)).Text(FormatSig(hi, 2)))
	return svg("g").Class("colour-bar").Body(parts...)
}

// FigureAgreement computes the agreement readout of a figure: deviations of
// every compared simulation from its theory (protocol.Deviation), split
// into relative (ratios) and absolute (misattribution) comparisons.
func FigureAgreement(fd *FigureData) (rel, abs protocol.Agreement) {
	panels := map[string]*protocol.Panel{}
	for i := range fd.Fig.Panels {
		panels[fd.Fig.Panels[i].ID] = &fd.Fig.Panels[i]
	}
	var rd, rt, ad, at []float64
	for i, j := range fd.Fig.Jobs {
		if i >= len(fd.Reports) || fd.Reports[i] == nil {
			continue
		}
		p := panels[j.Panel]
		if p == nil {
			continue
		}
		dev, tol, relative, ok := protocol.Deviation(p, &fd.Fig.Jobs[i], fd.Reports[i])
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
// over 36 runs; 27/27 within THEORY.md §8.6 tolerance".
func AgreementText(a protocol.Agreement) string {
	if a.N == 0 {
		return ""
	}
	f := func(v float64) string {
		if a.Relative {
			return FormatPercent(v)
		}
		return FormatSig(v, 2)
	}
	s := "median " + f(a.Median) + ", worst " + f(a.Worst) + " over " + strconv.Itoa(a.N) + " runs"
	if a.WithTol > 0 {
		s += "; " + strconv.Itoa(a.Within) + "/" + strconv.Itoa(a.WithTol) + " within the THEORY.md §8.6 tolerance"
	}
	return s
}
