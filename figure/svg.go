package figure

import (
	_ "embed"
	"io"
	"math"
	"strings"
)

// CSS is the figure style sheet: the page links it (web/figure.css, copied
// by `make build`) and every standalone SVG embeds it, so a figure looks the
// same in the tab, in an export and from the command line.
//
//go:embed figure.css
var CSS string

// gap is the space between panels of a standalone figure; panelTitleH the
// height of the line of a panel's title above it.
const (
	gap         = 18.0
	panelTitleH = 18.0
)

// Node renders the whole figure as one standalone <svg>: the title, the
// shared legend, the panels in a grid (each a nested <svg> with its own
// viewBox) and the caption, with the style sheet embedded.
func (f *Figure) Node() *Node {
	cols := f.Columns
	if cols <= 0 {
		cols = min(2, max(1, len(f.Panels)))
	}
	// Column widths: the widest panel of each column; row heights likewise.
	type cell struct {
		n     *Node
		w, h  float64
		title string // drawn above the panel (panels without TitleInside)
	}
	cells := make([]cell, len(f.Panels))
	colW := make([]float64, cols)
	rows := (len(f.Panels) + cols - 1) / cols
	rowH := make([]float64, rows)
	rowT := make([]float64, rows) // height of the row's panel titles
	for i, p := range f.Panels {
		fr := p.layoutFrame()
		cells[i] = cell{n: p.Node(), w: fr.W, h: fr.H}
		if p.Title != "" && !p.TitleInside {
			cells[i].title = p.Title
			rowT[i/cols] = panelTitleH
		}
		colW[i%cols] = math.Max(colW[i%cols], fr.W)
		rowH[i/cols] = math.Max(rowH[i/cols], fr.H)
	}
	width := gap
	for _, w := range colW {
		width += w + gap
	}
	width = math.Max(width, 480)
	y := 14.0
	root := El("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "figure", "role", "img", "aria-label", f.Title)
	root.Add(El("title").SetText(f.Title))
	if f.Caption != "" {
		root.Add(El("desc").SetText(f.Caption))
	}
	root.Add(El("style").SetText(CSS))
	bg := El("rect", "width", "100%", "height", "100%", "fill", "#fff")
	root.Add(bg)
	if f.Title != "" {
		y += 18
		root.Add(El("text", "class", "figure-title", "x", Px(gap), "y", Px(y)).SetText(f.Title))
		y += 8
	}
	if len(f.Legend) > 0 {
		pos, h := legendLayout(f.Legend, width-2*gap)
		g := El("g", "class", "fig legend", "transform", "translate("+Px(gap)+" "+Px(y+4)+")")
		for i, e := range f.Legend {
			g.Add(legendEntry(e, pos[i][0], pos[i][1]))
		}
		root.Add(g)
		y += h + 4
	}
	for r := 0; r < rows; r++ {
		x := gap
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= len(cells) {
				break
			}
			if t := cells[i].title; t != "" {
				root.Add(El("text", "class", "panel-title", "x", Px(x+4), "y", Px(y+13)).SetText(t))
			}
			n := cells[i].n
			n.Set("x", Px(x)).Set("y", Px(y+rowT[r])).Set("width", Px(cells[i].w)).Set("height", Px(cells[i].h))
			root.Add(n)
			x += colW[c] + gap
		}
		y += rowT[r] + rowH[r] + gap
	}
	if f.Caption != "" {
		for _, line := range wrap(f.Caption, width-2*gap, 12.5) {
			y += 16
			root.Add(El("text", "class", "figure-caption", "x", Px(gap), "y", Px(y)).SetText(line))
		}
		y += 8
	}
	h := math.Ceil(y + 6)
	root.Set("width", Px(width)).Set("height", Px(h)).Set("viewBox", "0 0 "+Px(width)+" "+Px(h))
	return root
}

// SVG returns the standalone SVG document of the figure.
func (f *Figure) SVG() string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + f.Node().XML() + "\n"
}

// WriteSVG writes the standalone SVG document of the figure.
func (f *Figure) WriteSVG(w io.Writer) error {
	_, err := io.WriteString(w, f.SVG())
	return err
}

// wrap breaks text into lines of at most width user units at a font size.
func wrap(text string, width, size float64) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && TextWidth(cur.String()+" "+w, size) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
