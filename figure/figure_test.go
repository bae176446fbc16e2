package figure

import (
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"
)

// xnode is a parsed XML element.
type xnode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []xnode    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *xnode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *xnode) hasClass(cls string) bool {
	return slices.Contains(strings.Fields(n.attr("class")), cls)
}

func (n *xnode) walk(f func(*xnode)) {
	f(n)
	for i := range n.Kids {
		n.Kids[i].walk(f)
	}
}

// find returns the elements with the tag ("" any) and class ("" any).
func (n *xnode) find(tag, class string) []*xnode {
	var out []*xnode
	n.walk(func(k *xnode) {
		if (tag == "" || k.XMLName.Local == tag) && (class == "" || k.hasClass(class)) {
			out = append(out, k)
		}
	})
	return out
}

// parseSVG parses a document, failing the test if it is not well-formed.
func parseSVG(t *testing.T, doc string) *xnode {
	t.Helper()
	var root xnode
	if err := xml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	return &root
}

// testPanel is a small known panel: linear x [0, 10], log y [1, 1000] in a
// 400×300 frame whose plot area is x 50…380, y 20…260.
func testPanel() *Panel {
	nan, inf := math.NaN(), math.Inf(1)
	return &Panel{ID: "p1", Title: "Test panel", Desc: "A test.", Frame: Frame{W: 400, H: 300, L: 50, R: 20, T: 20, B: 40},
		X: Axis{Label: "x value", Min: 0, Max: 10},
		Y: Axis{Label: "y value", Min: 1, Max: 1000, Log: true},
		Under: []Item{
			Heat{Label: "z", Xs: []float64{0, 5, 10}, Ys: []float64{1, 10, 100, 1000},
				Z: [][]float64{{nan, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, inf, 10}}},
			Band{Xs: []float64{0, 2, 4, 6, 10}, Lo: []float64{1, 2, -1, 5, 10}, Hi: []float64{10, 20, 30, 50, 100}, Class: "band"},
		},
		Items: []Item{
			Curve{Xs: []float64{0, 2, 5, 10}, Ys: []float64{1, 10, 100, 1000}, Class: "good", Tip: "a curve"},
			Curve{Xs: []float64{0, 1, 2, 3, 4, 5}, Ys: []float64{nan, 10, inf, -5, 100, 0}, Class: "bad"},
			Curve{Xs: []float64{1, 2}, Ys: []float64{-1, nan}, Class: "none"},
			HLine{At: 100, Class: "ref", Label: `ref & <line> "100"`},
			HLine{At: nan, Class: "nan-line"},
			VLine{At: 5, Class: "vref", Label: "five"},
			VLine{At: inf, Class: "inf-line"},
			Text{X: inf, Y: 10, Text: "lost", Class: "lost"},
		},
		Over: []Item{
			Marker{X: 5, Y: 100, Shape: "circle", R: 5, Class: "mark sim-ta", Pick: true, Job: 3, Tip: "run 3\nclick to watch"},
			Marker{X: 2, Y: 10, Shape: "square", Class: "sq"},
			Marker{X: 8, Y: 10, Shape: "triangle", Class: "tri", Fill: "#123456"},
			Marker{X: 4, Y: 10, Shape: "diamond", Class: "dia"},
			Marker{X: 6, Y: 100, Shape: "dot", Class: "dot", Label: "fixed"},
			Marker{X: 3, Y: -1, Shape: "circle", Class: "neg"},
			Marker{X: nan, Y: 10, Shape: "circle", Class: "nanx"},
			Marker{X: 7, Y: inf, Shape: "circle", Class: "infy"},
			Text{X: 200, Y: 10, Pixel: true, Text: "note", Class: "note", Anchor: "middle"},
		},
	}
}

func TestFigureSVGStructure(t *testing.T) {
	p := testPanel()
	f := &Figure{Name: "test", Title: "Test figure", Panels: []*Panel{p}}
	doc := f.SVG()
	if !strings.HasPrefix(doc, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<svg ") {
		t.Errorf("document starts %.60q", doc)
	}
	root := parseSVG(t, doc)
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root %v", root.XMLName)
	}
	// One 400-wide panel: the figure keeps its minimum width of 480; the
	// panel's title line (18) starts under the figure's title (y 40), the
	// panel under it (y 58), and the figure ends 18 + 6 below it.
	if w, h, vb := root.attr("width"), root.attr("height"), root.attr("viewBox"); w != "480" || h != "382" || vb != "0 0 480 382" {
		t.Errorf("root width %q height %q viewBox %q", w, h, vb)
	}
	if root.attr("aria-label") != "Test figure" || root.attr("role") != "img" || root.attr("class") != "figure" {
		t.Errorf("root attributes %v", root.Attrs)
	}
	if ts := root.find("text", "figure-title"); len(ts) != 1 || ts[0].Text != "Test figure" {
		t.Error("figure title missing")
	}
	if ts := root.find("text", "panel-title"); len(ts) != 1 || ts[0].Text != "Test panel" {
		t.Error("panel title missing above the panel")
	}
	// The style sheet is embedded verbatim.
	styles := root.find("style", "")
	if len(styles) != 1 || styles[0].Text != CSS || !strings.Contains(CSS, ".sim-ta") {
		t.Fatalf("embedded style is not figure.CSS")
	}
	// One nested <svg> per panel, placed in the figure.
	panels := root.find("svg", "")[1:]
	if len(panels) != 1 {
		t.Fatalf("%d nested panels, want 1", len(panels))
	}
	ps := panels[0]
	for name, want := range map[string]string{"id": "p1", "class": "fig", "viewBox": "0 0 400 300", "x": "18", "y": "58", "width": "400", "height": "300", "aria-label": "Test panel"} {
		if got := ps.attr(name); got != want {
			t.Errorf("panel %s = %q, want %q", name, got, want)
		}
	}
	if ps.Kids[0].XMLName.Local != "title" || ps.Kids[0].Text != "Test panel" || ps.Kids[1].XMLName.Local != "desc" {
		t.Error("panel title and description missing")
	}
	clips := ps.find("clipPath", "")
	if len(clips) != 1 || clips[0].attr("id") != "p1-clip" {
		t.Fatalf("clip path missing")
	}
	if r := clips[0].Kids[0]; r.attr("x") != "50" || r.attr("y") != "20" || r.attr("width") != "330" || r.attr("height") != "240" {
		t.Errorf("clip rectangle %v", r.Attrs)
	}
	clipped := 0
	ps.walk(func(k *xnode) {
		if k.attr("clip-path") == "url(#p1-clip)" {
			clipped++
		}
	})
	if clipped != 2 {
		t.Errorf("%d clipped groups, want Under and Items", clipped)
	}

	// Tick labels: 1-2-5 steps on x, decades on the log y axis.
	var xt, yt []string
	for _, k := range ps.find("text", "tick") {
		switch k.attr("text-anchor") {
		case "middle":
			xt = append(xt, k.Text)
		case "end":
			yt = append(yt, k.Text)
		}
	}
	if !slices.Equal(xt, []string{"0", "2", "4", "6", "8", "10"}) {
		t.Errorf("x tick labels %q", xt)
	}
	if !slices.Equal(yt, []string{"1", "10", "100", "1000"}) || FormatNum(1000) != "1000" {
		t.Errorf("y tick labels %q, want the decades as FormatNum writes them", yt)
	}
	// Grid: 6 + 4 labelled lines, minor lines at 2…9 of each decade.
	grid := ps.find("path", "grid")
	if len(grid) != 2 || !grid[0].hasClass("minor") {
		t.Fatalf("%d grid paths, want minor and major", len(grid))
	}
	if n := strings.Count(grid[1].attr("d"), "M"); n != 10 {
		t.Errorf("%d major grid lines, want 10", n)
	}
	if n := strings.Count(grid[0].attr("d"), "M"); n != 3*8 {
		t.Errorf("%d minor grid lines, want 24", n)
	}
	if !strings.Contains(grid[1].attr("d"), "M50 100 H380") {
		t.Errorf("no grid line at y = 100: %q", grid[1].attr("d"))
	}
	titles := ps.find("text", "axis-title")
	if len(titles) != 2 || titles[0].Text != "x value" || titles[1].Text != "y value" || !strings.Contains(titles[1].attr("transform"), "rotate(-90)") {
		t.Error("axis titles missing")
	}

	// The curve is the path of its data.
	sx, sy := p.Scales()
	good := ps.find("path", "good")
	if len(good) != 1 {
		t.Fatalf("%d curves of class good", len(good))
	}
	if d := good[0].attr("d"); d != "M50 260 L116 180 L215 100 L380 20" || d != LinePath([]float64{0, 2, 5, 10}, []float64{1, 10, 100, 1000}, sx, sy) {
		t.Errorf("curve d %q", d)
	}
	if good[0].Kids[0].XMLName.Local != "title" || good[0].Kids[0].Text != "a curve" {
		t.Error("curve tooltip missing")
	}
	// Unmappable points break the line: NaN, +Inf, −5 and 0 on the log axis.
	if bad := ps.find("path", "bad"); len(bad) != 1 || bad[0].attr("d") != "M83 180 M182 100" {
		t.Errorf("curve through bad points: %v", bad)
	}
	if len(ps.find("", "none")) != 0 {
		t.Error("a curve without drawable points should leave no element")
	}
	// The band breaks at the negative value into two closed runs.
	band := ps.find("path", "band")
	if len(band) != 1 || strings.Count(band[0].attr("d"), "Z") != 2 {
		t.Fatalf("band %v", band)
	}
	if band[0].attr("d") != BandPath([]float64{0, 2, 4, 6, 10}, []float64{1, 2, -1, 5, 10}, []float64{10, 20, 30, 50, 100}, sx, sy, false, false) {
		t.Error("band path differs from BandPath")
	}

	// Markers: shapes at their data positions, the interactive one with
	// its job, focus and label.
	sim := ps.find("path", "sim-ta")
	if len(sim) != 1 {
		t.Fatalf("%d interactive markers", len(sim))
	}
	m := sim[0]
	for name, want := range map[string]string{"class": "mark sim-ta", "data-job": "3", "tabindex": "0", "aria-label": "run 3; click to watch", "d": MarkerPath("circle", 215, 100, 5)} {
		if got := m.attr(name); got != want {
			t.Errorf("interactive marker %s = %q, want %q", name, got, want)
		}
	}
	if m.Kids[0].Text != "run 3\nclick to watch" {
		t.Errorf("marker tooltip %q", m.Kids[0].Text)
	}
	for cls, want := range map[string]string{"sq": MarkerPath("square", 116, 180, 5), "tri": MarkerPath("triangle", 314, 180, 5), "dia": MarkerPath("diamond", 182, 180, 5)} {
		ms := ps.find("path", cls)
		if len(ms) != 1 || ms[0].attr("d") != want {
			t.Errorf("%s marker %v, want d %q", cls, ms, want)
			continue
		}
		if ms[0].attr("data-job") != "" || ms[0].attr("tabindex") != "" {
			t.Errorf("%s marker is interactive", cls)
		}
	}
	if tri := ps.find("path", "tri"); tri[0].attr("fill") != "#123456" {
		t.Error("marker fill lost")
	}
	dot := ps.find("g", "dot")
	if len(dot) != 1 || len(dot[0].find("circle", "")) != 1 || dot[0].find("text", "mark-label")[0].Text != "fixed" {
		t.Fatalf("labelled dot marker %v", dot)
	}
	if c := dot[0].find("circle", "")[0]; c.attr("cx") != "248" || c.attr("cy") != "100" || c.attr("r") != "5" {
		t.Errorf("dot at %v", c.Attrs)
	}
	for _, cls := range []string{"neg", "nanx", "infy", "nan-line", "inf-line", "lost"} {
		if len(ps.find("", cls)) != 0 {
			t.Errorf("unmappable item %s was drawn", cls)
		}
	}
	// Reference lines with labels (escaped in the text, intact when parsed).
	ref := ps.find("line", "ref")
	if len(ref) != 1 || ref[0].attr("y1") != "100" || ref[0].attr("x1") != "50" || ref[0].attr("x2") != "380" {
		t.Fatalf("hline %v", ref)
	}
	var labels []string
	for _, k := range ps.find("text", "ref-label") {
		labels = append(labels, k.Text)
	}
	if !slices.Equal(labels, []string{`ref & <line> "100"`, "five"}) {
		t.Errorf("reference labels %q", labels)
	}
	if !strings.Contains(doc, `ref &amp; &lt;line&gt; &quot;100&quot;`) {
		t.Error("label not escaped in the SVG text")
	}
	if v := ps.find("line", "vref"); len(v) != 1 || v[0].attr("x1") != "215" || v[0].attr("y1") != "20" || v[0].attr("y2") != "260" {
		t.Errorf("vline %v", v)
	}
	if n := ps.find("text", "note"); len(n) != 1 || n[0].attr("x") != "200" || n[0].attr("text-anchor") != "middle" {
		t.Error("pixel text missing")
	}

	// Heat map: cells at every other grid point, non-finite values skipped;
	// its colour bar spans the finite values 1…10.
	heat := ps.find("g", "heat")
	if len(heat) != 1 {
		t.Fatalf("%d heat maps", len(heat))
	}
	// The cells are rectangle subpaths, one path per colour, the colours
	// in grid order: values 2, 6, 8 (1…10) give three colours.
	cells := heat[0].find("path", "cells")
	var subpaths int
	for _, c := range cells {
		subpaths += strings.Count(c.attr("d"), "M")
		if strings.Count(c.attr("d"), "z") != strings.Count(c.attr("d"), "M") {
			t.Errorf("cell path %q: a subpath is not closed", c.attr("d"))
		}
	}
	if subpaths != 3 || len(cells) != 3 {
		t.Fatalf("%d heat cells in %d paths, want 3 in 3 (one NaN of 4)", subpaths, len(cells))
	}
	// The first cell's value 2 on the 1…10 scale, to the colour scale's step.
	if got, want := cells[0].attr("fill"), HeatColour(math.Round((2.0-1)/9*heatLevels)/heatLevels, false); got != want {
		t.Errorf("cell fill %q, want %q", got, want)
	}
	bar := ps.find("g", "colour-bar")
	if len(bar) != 1 {
		t.Fatal("colour bar missing")
	}
	bars := bar[0].find("rect", "")
	if len(bars) != 24 || bars[0].attr("fill") != HeatColour(0, false) || bars[23].attr("fill") != HeatColour(1, false) || bars[0].attr("x") != "394" {
		t.Errorf("colour bar: %d rects", len(bars))
	}
	var barText []string
	for _, k := range bar[0].find("text", "tick") {
		barText = append(barText, k.Text)
	}
	if !slices.Equal(barText, []string{"1", "10"}) {
		t.Errorf("colour bar labels %q", barText)
	}

	// Nothing unmappable leaks into the text.
	for _, bad := range []string{"NaN", "Inf", "∞"} {
		if strings.Contains(doc, bad) {
			t.Errorf("%q in the SVG", bad)
		}
	}
}

func TestHeatColour(t *testing.T) {
	cases := []struct {
		t    float64
		div  bool
		want string
	}{
		{0, false, "rgb(255,247,188)"},
		{1, false, "rgb(8,29,88)"},
		{-3, false, "rgb(255,247,188)"},
		{0, true, "rgb(0,114,178)"},
		{0.5, true, "rgb(247,247,247)"},
		{1, true, "rgb(213,94,0)"},
	}
	for _, c := range cases {
		if got := HeatColour(c.t, c.div); got != c.want {
			t.Errorf("HeatColour(%g, %v) = %q, want %q", c.t, c.div, got, c.want)
		}
	}
}

func TestNodeEscaping(t *testing.T) {
	n := El("text", "title", `a"b<c>&d`).SetText(`x < y & z > "w"`)
	want := `<text title="a&quot;b&lt;c&gt;&amp;d">x &lt; y &amp; z &gt; &quot;w&quot;</text>`
	if got := n.XML(); got != want {
		t.Errorf("XML = %s, want %s", got, want)
	}
	var back xnode
	if err := xml.Unmarshal([]byte(n.XML()), &back); err != nil || back.Text != `x < y & z > "w"` || back.attr("title") != `a"b<c>&d` {
		t.Errorf("round trip: %v %q %q", err, back.Text, back.attr("title"))
	}
	var b strings.Builder
	if err := n.WriteXML(&b); err != nil || b.String() != want {
		t.Errorf("WriteXML = %q, %v", b.String(), err)
	}
}

func TestEl(t *testing.T) {
	n := El("path", "class", "", "d", "M0 0", "stroke", "", "fill", "red", "odd")
	if len(n.Attrs) != 2 || n.Attrs[0] != (Attr{"d", "M0 0"}) || n.Attrs[1] != (Attr{"fill", "red"}) {
		t.Errorf("attributes %v, want d and fill only", n.Attrs)
	}
	if got := n.XML(); got != `<path d="M0 0" fill="red"/>` {
		t.Errorf("empty element %s, want self-closing", got)
	}
	n.Set("fill", "blue").Set("class", "c")
	if n.Get("fill") != "blue" || n.Get("class") != "c" || n.Get("missing") != "" || len(n.Attrs) != 3 {
		t.Errorf("Set/Get: %v", n.Attrs)
	}
	g := El("g").Add(nil, El("a"), nil, El("b").Add(El("c")))
	var order []string
	g.Walk(func(k *Node) { order = append(order, k.Tag) })
	if !slices.Equal(order, []string{"g", "a", "b", "c"}) {
		t.Errorf("Add/Walk order %v", order)
	}
	if got := g.XML(); got != "<g><a/><b><c/></b></g>" {
		t.Errorf("nested XML %s", got)
	}
}

func TestLegendIcon(t *testing.T) {
	icon := LegendIcon(LegendEntry{Label: "series A", Color: "#123456", Shape: "triangle"})
	if icon.Tag != "svg" || icon.Get("class") != "icon" || icon.Get("viewBox") != "0 0 28 20" || icon.Get("aria-hidden") != "true" {
		t.Errorf("icon %v", icon.Attrs)
	}
	if len(icon.Kids) != 2 || icon.Kids[0].Tag != "line" || icon.Kids[1].Tag != "path" {
		t.Fatalf("icon children %d", len(icon.Kids))
	}
	if l := icon.Kids[0]; l.Get("class") != "legend-line" || l.Get("stroke") != "#123456" {
		t.Errorf("line %v", l.Attrs)
	}
	if m := icon.Kids[1]; m.Get("class") != "legend-mark" || m.Get("fill") != "#123456" || m.Get("d") != MarkerPath("triangle", 14, 10, 5) {
		t.Errorf("mark %v", m.Attrs)
	}
	if strings.Contains(icon.XML(), "series A") {
		t.Error("the icon should not hold the label")
	}
	sw := LegendIcon(LegendEntry{Label: "region", Class: "region region-uni", Swatch: true})
	if len(sw.Kids) != 1 || sw.Kids[0].Tag != "rect" || sw.Kids[0].Get("class") != "region region-uni" {
		t.Errorf("swatch icon %s", sw.XML())
	}
	mk := LegendIcon(LegendEntry{Shape: "circle", MarkClass: "lg-mark-ta", NoLine: true})
	if len(mk.Kids) != 1 || mk.Kids[0].Get("class") != "lg-mark-ta" {
		t.Errorf("marker-only icon %s", mk.XML())
	}
}

func TestFigureGridLayout(t *testing.T) {
	fr := Frame{W: 300, H: 200, L: 40, R: 10, T: 10, B: 30}
	mk := func(id string) *Panel {
		return &Panel{ID: id, Title: id, Frame: fr, X: Axis{Min: 0, Max: 1}, Y: Axis{Min: 0, Max: 1}}
	}
	f := &Figure{Title: "Grid", Caption: "A caption that explains the figure.", Panels: []*Panel{mk("a"), mk("b"), mk("c")},
		Legend: []LegendEntry{{Label: "one", Color: "#000"}, {Label: "two", Shape: "circle", NoLine: true}}}
	root := f.Node()
	var panels []*Node
	for _, k := range root.Kids {
		if k.Tag == "svg" {
			panels = append(panels, k)
		}
	}
	if len(panels) != 3 {
		t.Fatalf("%d panels", len(panels))
	}
	num := func(n *Node, name string) float64 {
		var v float64
		for _, c := range n.Get(name) {
			if c < '0' || c > '9' {
				t.Fatalf("%s = %q is not an integer", name, n.Get(name))
			}
			v = 10*v + float64(c-'0')
		}
		return v
	}
	a, b, c := panels[0], panels[1], panels[2]
	if num(a, "y") != num(b, "y") || num(b, "x") != num(a, "x")+300+18 {
		t.Errorf("first row: a at (%s, %s), b at (%s, %s)", a.Get("x"), a.Get("y"), b.Get("x"), b.Get("y"))
	}
	// Each row starts with a line of panel titles (18).
	if num(c, "x") != num(a, "x") || num(c, "y") <= num(a, "y")+num(a, "height") || num(c, "y") != num(a, "y")+200+18+18 {
		t.Errorf("second row: c at (%s, %s), a at y %s height %s", c.Get("x"), c.Get("y"), a.Get("y"), a.Get("height"))
	}
	// Two 300-wide columns with gaps: 18 + 2·(300 + 18).
	if root.Get("width") != "654" || !strings.HasPrefix(root.Get("viewBox"), "0 0 654 ") {
		t.Errorf("width %q viewBox %q", root.Get("width"), root.Get("viewBox"))
	}
	if h := num(root, "height"); h < num(c, "y")+200 {
		t.Errorf("height %g ends above the last row", h)
	}
	var legend, caption int
	root.Walk(func(n *Node) {
		if n.Get("class") == "legend-entry" {
			legend++
		}
		if n.Get("class") == "figure-caption" {
			caption++
		}
	})
	if legend != 2 || caption != 1 || root.Kids[1].Tag != "desc" {
		t.Errorf("%d legend entries, %d caption lines", legend, caption)
	}
	// Columns: 1 stacks the panels.
	f.Columns = 1
	root = f.Node()
	var ys []string
	for _, k := range root.Kids {
		if k.Tag == "svg" {
			ys = append(ys, k.Get("x"))
		}
	}
	if !slices.Equal(ys, []string{"18", "18", "18"}) {
		t.Errorf("one column: x %v", ys)
	}
}

func TestPanelLegendGrowsFrame(t *testing.T) {
	p := &Panel{ID: "l", Frame: Frame{W: 400, H: 300, L: 50, R: 20, T: 20, B: 40}, X: Axis{Min: 0, Max: 1}, Y: Axis{Min: 0, Max: 1},
		Legend: []LegendEntry{{Label: "a", Color: "#111"}, {Label: "b", Color: "#222", Shape: "square"}}, TitleInside: true, Title: "Inside"}
	n := p.Node()
	// One row of legend: 20 + 4 units on top.
	if vb := n.Get("viewBox"); vb != "0 0 400 324" {
		t.Errorf("viewBox %q, want the frame grown by the legend", vb)
	}
	_, sy := p.Scales()
	if sy.R1 != 44 || sy.R0 != 284 {
		t.Errorf("y range [%g, %g], want the plot moved down by the legend", sy.R0, sy.R1)
	}
	var entries, titles int
	n.Walk(func(k *Node) {
		if k.Get("class") == "legend-entry" {
			entries++
		}
		if k.Get("class") == "panel-title" && k.Text == "Inside" {
			titles++
		}
	})
	if entries != 2 || titles != 1 {
		t.Errorf("%d legend entries, %d inside titles", entries, titles)
	}
}

// TestHeatConstantMap draws heat maps without a colour range: a constant
// map, and an all-zero diverging one. They must render (one colour) rather
// than panic or write NaN.
func TestHeatConstantMap(t *testing.T) {
	for _, c := range []struct {
		name string
		h    Heat
	}{
		{"constant", Heat{Xs: []float64{0, 1, 2}, Ys: []float64{0, 1, 2}, Z: [][]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}}},
		{"zero diverging", Heat{Xs: []float64{0, 1, 2}, Ys: []float64{0, 1, 2}, Z: [][]float64{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, Diverging: true}},
		{"constant log", Heat{Xs: []float64{0, 1, 2}, Ys: []float64{0, 1, 2}, Z: [][]float64{{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}, LogColour: true}},
	} {
		p := &Panel{ID: "h", Frame: Frame{W: 300, H: 200, L: 40, R: 70, T: 10, B: 30}, X: Axis{Min: 0, Max: 2}, Y: Axis{Min: 0, Max: 2}, Under: []Item{c.h}}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: rendering panicked: %v", c.name, r)
				}
			}()
			x := p.Node().XML()
			// One colour: the 4 cells are one path of 4 subpaths, beside
			// the colour bar's 24 rectangles.
			cells := parseSVG(t, x).find("path", "cells")
			if strings.Contains(x, "NaN") || len(cells) != 1 || strings.Count(cells[0].attr("d"), "M") != 4 || strings.Count(x, `fill="rgb(`) != 1+24 {
				t.Errorf("%s: %d cell paths, %d coloured elements, NaN %v", c.name, len(cells), strings.Count(x, `fill="rgb(`), strings.Contains(x, "NaN"))
			}
		}()
	}
}
