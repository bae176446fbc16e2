package figure

import (
	"math"
	"strconv"
	"strings"
)

// canvas is what items need to draw themselves: the frame and the scales.
type canvas struct {
	f      Frame
	sx, sy Scale
	id     string
	heat   *Heat // the panel's heat map, for its colour bar
}

// Node renders the panel as an <svg> element.
func (p *Panel) Node() *Node { return p.render(nil) }

// Layers renders the panel as two <svg> elements of the same size: the base
// (everything but the interactive markers) and the interactive markers
// (Marker.Pick) alone, to be laid over it. A page that redraws as results
// arrive then replaces only the small layer of markers; the base, unchanged,
// is left as it is.
func (p *Panel) Layers() (base, marks *Node) {
	return p.render(func(it Item) bool { return !picked(it) }), p.MarksNode(p.Picks())
}

// Picks are the panel's interactive markers (Marker.Pick).
func (p *Panel) Picks() []Item {
	var out []Item
	for _, it := range p.Over {
		if picked(it) {
			out = append(out, it)
		}
	}
	return out
}

// picked reports whether an item is an interactive marker.
func picked(it Item) bool {
	m, ok := it.(Marker)
	return ok && m.Pick
}

// MarksNode draws items as a layer of the panel's size, in its data
// coordinates: the markers' layer of Layers, for markers kept apart from
// the panel's description.
func (p *Panel) MarksNode(items []Item) *Node {
	f := p.layoutFrame()
	sx, sy := p.Scales()
	c := &canvas{f: f, sx: sx, sy: sy, id: p.ID}
	g := El("g", "class", "marks")
	for _, it := range items {
		g.Add(it.node(c))
	}
	return El("svg", "class", "fig fig-marks", "viewBox", "0 0 "+Px(f.W)+" "+Px(f.H), "role", "group", "aria-label", "Simulated runs: "+p.Title).Add(g)
}

// render draws the panel as one <svg>, leaving out the Over items keep
// rejects (keep nil: none).
func (p *Panel) render(keep func(Item) bool) *Node {
	f := p.layoutFrame()
	sx, sy := p.Scales()
	c := &canvas{f: f, sx: sx, sy: sy, id: p.ID}
	label := p.Label
	if label == "" {
		label = p.Title
	}
	cls := "fig"
	if p.Class != "" {
		cls += " " + p.Class
	}
	clip := p.ID + "-clip"
	clipURL := "url(#" + clip + ")"
	root := El("svg", "class", cls, "id", p.ID, "viewBox", "0 0 "+Px(f.W)+" "+Px(f.H), "role", "img", "aria-label", label)
	root.Add(El("title").SetText(p.Title))
	if p.Desc != "" {
		root.Add(El("desc").SetText(p.Desc))
	}
	root.Add(El("defs").Add(El("clipPath", "id", clip).Add(
		El("rect", "x", Px(f.Left()), "y", Px(f.Top()), "width", Px(f.Right()-f.Left()), "height", Px(f.Bottom()-f.Top())))))
	for _, it := range append(append(append([]Item{}, p.Under...), p.Items...), p.Over...) {
		if h, ok := it.(Heat); ok {
			c.heat = &h
		}
	}
	if len(p.Under) > 0 {
		root.Add(c.group(p.Under, "clip-path", clipURL))
	}
	root.Add(c.axes(p.X, p.Y))
	if len(p.Items) > 0 {
		root.Add(c.group(p.Items, "clip-path", clipURL))
	}
	over := p.Over
	if keep != nil {
		over = nil
		for _, it := range p.Over {
			if keep(it) {
				over = append(over, it)
			}
		}
	}
	if len(over) > 0 {
		root.Add(c.group(over, "class", "marks"))
	}
	if c.heat != nil {
		root.Add(c.colourBar(c.heat))
	}
	if p.TitleInside {
		root.Add(El("text", "class", "panel-title", "x", Px(f.Left()), "y", "20").SetText(p.Title))
	}
	if len(p.Legend) > 0 {
		root.Add(p.legendNode(f))
	}
	return root
}

// group draws items into a <g> with one attribute.
func (c *canvas) group(items []Item, name, value string) *Node {
	g := El("g", name, value)
	for _, it := range items {
		g.Add(it.node(c))
	}
	return g
}

// axes draws the grid, ticks, tick labels and axis titles.
func (c *canvas) axes(x, y Axis) *Node {
	f := c.f
	var major, minor strings.Builder
	line := func(b *strings.Builder, d string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d)
	}
	ticks := El("g", "class", "ticks")
	nx, ny := x.Ticks, y.Ticks
	if nx == 0 {
		nx = 6
	}
	if ny == 0 {
		ny = 6
	}
	xt := c.sx.Ticks(nx, x.Format)
	if len(x.Fixed) > 0 {
		xt = x.Fixed
	}
	for _, t := range xt {
		px := c.sx.Map(t.V)
		if math.IsNaN(px) {
			continue
		}
		d := "M" + Px(px) + " " + Px(f.Top()) + " V" + Px(f.Bottom())
		if t.Label == "" {
			line(&minor, d)
			continue
		}
		line(&major, d)
		ticks.Add(El("text", "class", "tick", "x", Px(px), "y", Px(f.Bottom()+16), "text-anchor", "middle").SetText(t.Label))
	}
	yt := c.sy.Ticks(ny, y.Format)
	if len(y.Fixed) > 0 {
		yt = y.Fixed
	}
	for _, t := range yt {
		py := c.sy.Map(t.V)
		if math.IsNaN(py) {
			continue
		}
		d := "M" + Px(f.Left()) + " " + Px(py) + " H" + Px(f.Right())
		if t.Label == "" {
			line(&minor, d)
			continue
		}
		line(&major, d)
		ticks.Add(El("text", "class", "tick", "x", Px(f.Left()-6), "y", Px(py+4), "text-anchor", "end").SetText(t.Label))
	}
	grids := El("g", "class", "grids")
	if minor.Len() > 0 {
		grids.Add(El("path", "class", "grid minor", "d", minor.String()))
	}
	if major.Len() > 0 {
		grids.Add(El("path", "class", "grid", "d", major.String()))
	}
	cy := (f.Top() + f.Bottom()) / 2
	return El("g", "class", "axes").Add(
		grids,
		El("rect", "class", "frame", "x", Px(f.Left()), "y", Px(f.Top()), "width", Px(f.Right()-f.Left()), "height", Px(f.Bottom()-f.Top())),
		ticks,
		El("text", "class", "axis-title", "x", Px((f.Left()+f.Right())/2), "y", Px(f.H-8), "text-anchor", "middle").SetText(x.Label),
		El("text", "class", "axis-title", "x", "0", "y", "0", "text-anchor", "middle",
			"transform", "translate("+Px(15)+" "+Px(cy)+") rotate(-90)").SetText(y.Label),
	)
}

func (it Curve) node(c *canvas) *Node {
	d := LinePath(it.Xs, it.Ys, c.sx, c.sy)
	if d == "" {
		return nil
	}
	return titled(El("path", "class", it.Class, "stroke", it.Stroke, "d", d), it.Tip)
}

func (it Band) node(c *canvas) *Node {
	d := BandPath(it.Xs, it.Lo, it.Hi, c.sx, c.sy, it.LoEdge, it.HiEdge)
	if d == "" {
		return nil
	}
	return titled(El("path", "class", it.Class, "d", d), it.Tip)
}

func (it Marker) node(c *canvas) *Node {
	x, y := c.sx.Map(it.X), c.sy.Map(it.Y)
	if !IsFinite(x) || !IsFinite(y) {
		return nil
	}
	if it.Clamp {
		y = math.Max(c.f.Top()+it.Pad, math.Min(c.f.Bottom()-it.Pad, y))
	}
	y += it.DY
	r := it.R
	if r == 0 {
		r = 5
	}
	var shape *Node
	if it.Shape == "dot" {
		shape = El("circle", "cx", Px(x), "cy", Px(y), "r", Px(r))
	} else {
		shape = El("path", "d", MarkerPath(it.Shape, x, y, r))
	}
	var label *Node
	if it.Label != "" {
		label = El("text", "class", "mark-label", "x", Px(x+r+2), "y", Px(y+4)).SetText(it.Label)
		if it.Shape == "dot" {
			label.Set("x", Px(x+6)).Set("y", Px(y-6))
		}
	}
	if it.Group || label != nil {
		shape.Set("fill", it.Fill)
		g := El("g", "class", it.Class)
		if it.Tip != "" {
			g.Set("tabindex", "0").Set("role", "img").Set("aria-label", flat(it.Tip))
		}
		return titled(g.Add(shape, label), it.Tip)
	}
	shape.Attrs = append([]Attr{{"class", it.Class}}, shape.Attrs...)
	if it.Fill != "" {
		shape.Set("fill", it.Fill)
	}
	if it.Pick {
		shape.Set("data-job", strconv.Itoa(it.Job)).Set("tabindex", "0").Set("aria-label", flat(it.Tip))
	}
	return titled(shape, it.Tip)
}

// flat turns a multi-line tooltip into one line for aria-label.
func flat(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func (it HLine) node(c *canvas) *Node {
	f := c.f
	y := c.sy.Map(it.At)
	if math.IsNaN(y) || y < f.Top()-0.5 || y > f.Bottom()+0.5 {
		return nil
	}
	ln := El("line", "class", it.Class, "stroke", it.Stroke, "x1", Px(f.Left()), "x2", Px(f.Right()), "y1", Px(y), "y2", Px(y))
	if it.Label == "" {
		return titled(ln, it.Tip)
	}
	ly := y - 4
	if it.Below || ly < f.Top()+10 {
		ly = y + 13
	}
	if ly > f.Bottom()-3 {
		ly = y - 4
	}
	anchor, x := "end", f.Right()-4
	if IsFinite(it.LabelX) && it.LabelX != 0 {
		w := TextWidth(it.Label, 11.5)
		anchor, x = "middle", math.Max(f.Left()+w/2+2, math.Min(f.Right()-w/2-2, it.LabelX))
	}
	return titled(El("g").Add(ln, El("text", "class", "ref-label", "x", Px(x), "y", Px(ly), "text-anchor", anchor).SetText(it.Label)), it.Tip)
}

func (it VLine) node(c *canvas) *Node {
	f := c.f
	x := c.sx.Map(it.At)
	if math.IsNaN(x) || x < f.Left()-0.5 || x > f.Right()+0.5 {
		return nil
	}
	ln := El("line", "class", it.Class, "stroke", it.Stroke, "x1", Px(x), "x2", Px(x), "y1", Px(f.Top()), "y2", Px(f.Bottom()))
	if it.Label == "" {
		return titled(ln, it.Tip)
	}
	return titled(El("g").Add(ln, El("text", "class", "ref-label", "x", "0", "y", "0", "text-anchor", "end",
		"transform", "translate("+Px(x-4)+" "+Px(f.Top()+4)+") rotate(-90)").SetText(it.Label)), it.Tip)
}

func (it Text) node(c *canvas) *Node {
	x, y := it.X, it.Y
	if !it.Pixel {
		x, y = c.sx.Map(x), c.sy.Map(y)
	}
	if !IsFinite(x) || !IsFinite(y) || it.Text == "" {
		return nil
	}
	return El("text", "class", it.Class, "x", Px(x), "y", Px(y), "text-anchor", it.Anchor).SetText(it.Text)
}

func (it Arrows) node(c *canvas) *Node {
	var b strings.Builder
	for _, a := range it.Arrows {
		x, y := c.sx.Map(a.X), c.sy.Map(a.Y)
		// Direction in pixel space (y axis flipped).
		dx, dy := a.DX, -a.DY
		n := math.Hypot(dx, dy)
		if n == 0 || !IsFinite(x) || !IsFinite(y) {
			continue
		}
		dx, dy = dx/n, dy/n
		L := 6 + 10*a.S
		x0, y0 := x-dx*L/2, y-dy*L/2
		x1, y1 := x+dx*L/2, y+dy*L/2
		hx, hy := -dx*4, -dy*4
		b.WriteString("M" + Px(x0) + " " + Px(y0) + " L" + Px(x1) + " " + Px(y1))
		b.WriteString(" M" + Px(x1) + " " + Px(y1) + " l" + Px(hx-dy*2.5) + " " + Px(hy+dx*2.5))
		b.WriteString(" M" + Px(x1) + " " + Px(y1) + " l" + Px(hx+dy*2.5) + " " + Px(hy-dx*2.5) + " ")
	}
	cls := it.Class
	if cls == "" {
		cls = "field"
	}
	return El("path", "class", cls, "d", strings.TrimSpace(b.String()))
}

// TextWidth estimates the rendered width of s at a font size, for layout
// of labels and legends (system sans-serif fonts average ≈ 0.56 em).
func TextWidth(s string, size float64) float64 {
	n := 0
	for range s {
		n++
	}
	return float64(n) * size * 0.56
}

// legendRow is the height of one legend row.
const legendRow = 20.0

// legendLayout places the entries in rows within width: their offsets and
// the total height.
func legendLayout(entries []LegendEntry, width float64) (pos [][2]float64, height float64) {
	x, y := 0.0, 0.0
	for _, e := range entries {
		w := 34 + TextWidth(e.Label, 12.5) + 18
		if x > 0 && x+w > width {
			x, y = 0, y+legendRow
		}
		pos = append(pos, [2]float64{x, y})
		x += w
	}
	return pos, y + legendRow + 4
}

func (p *Panel) legendHeight() float64 {
	if len(p.Legend) == 0 {
		return 0
	}
	_, h := legendLayout(p.Legend, p.Frame.W-p.Frame.L-p.Frame.R)
	return h
}

func (p *Panel) legendNode(f Frame) *Node {
	pos, _ := legendLayout(p.Legend, p.Frame.W-p.Frame.L-p.Frame.R)
	g := El("g", "class", "legend", "transform", "translate("+Px(f.Left())+" 6)")
	for i, e := range p.Legend {
		g.Add(legendEntry(e, pos[i][0], pos[i][1]))
	}
	return g
}

// legendEntry draws one entry with its top-left corner at (x, y).
func legendEntry(e LegendEntry, x, y float64) *Node {
	g := El("g", "class", "legend-entry", "transform", "translate("+Px(x)+" "+Px(y)+")")
	switch {
	case e.Swatch:
		g.Add(El("rect", "class", e.Class, "x", "2", "y", "3", "width", "24", "height", "14", "fill", e.Color))
	case !e.NoLine:
		cls := e.Class
		if cls == "" {
			cls = "legend-line"
		}
		g.Add(El("line", "class", cls, "x1", "0", "x2", "28", "y1", "10", "y2", "10", "stroke", e.Color))
	}
	if e.Shape != "" {
		cls := e.MarkClass
		if cls == "" {
			cls = "legend-mark"
		}
		g.Add(El("path", "class", cls, "d", MarkerPath(e.Shape, 14, 10, 5), "fill", e.Color))
	}
	return g.Add(El("text", "x", "34", "y", "14").SetText(e.Label))
}

// LegendIcon is a legend entry's drawing alone, as a small SVG icon for an
// HTML legend.
func LegendIcon(e LegendEntry) *Node {
	icon := El("svg", "class", "icon", "viewBox", "0 0 28 20", "width", "28", "height", "20", "aria-hidden", "true")
	g := legendEntry(e, 0, 0)
	g.Kids = g.Kids[:len(g.Kids)-1] // the drawing without its text
	return icon.Add(g.Kids...)
}

func (it Segment) node(c *canvas) *Node {
	return El("line", "class", it.Class, "stroke", it.Stroke, "x1", Px(it.X1), "x2", Px(it.X2), "y1", Px(it.Y1), "y2", Px(it.Y2))
}
