package app

import (
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// frame is the geometry of a figure: the viewBox size and the margins
// around the plot area.
type frame struct {
	W, H       float64
	L, R, T, B float64
}

func (f frame) left() float64   { return f.L }
func (f frame) right() float64  { return f.W - f.R }
func (f frame) top() float64    { return f.T }
func (f frame) bottom() float64 { return f.H - f.B }

// xScale and yScale map data domains onto the plot area.
func (f frame) xScale(d0, d1 float64, log bool) Scale {
	return Scale{D0: d0, D1: d1, R0: f.left(), R1: f.right(), Log: log}
}

func (f frame) yScale(d0, d1 float64, log bool) Scale {
	return Scale{D0: d0, D1: d1, R0: f.bottom(), R1: f.top(), Log: log}
}

func (f frame) viewBox() string {
	return "0 0 " + px(f.W) + " " + px(f.H)
}

// clipRect is a clipPath that keeps drawing inside the plot area.
func (f frame) clipRect(id string) app.UI {
	return svg("defs").Body(
		svg("clipPath").ID(id).Body(
			svg("rect").Attr("x", px(f.left())).Attr("y", px(f.top())).
				Attr("width", px(f.right()-f.left())).Attr("height", px(f.bottom()-f.top())),
		),
	)
}

// axes draws the grid, ticks, tick labels and axis titles of a plot.
func (f frame) axes(sx, sy Scale, xticks, yticks []Tick, xtitle, ytitle string) app.UI {
	// All grid lines of a kind form one path: fewer DOM nodes to mount.
	var major, minor strings.Builder
	var labels []app.UI
	line := func(b *strings.Builder, d string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d)
	}
	for _, t := range xticks {
		x := sx.Map(t.V)
		if math.IsNaN(x) {
			continue
		}
		d := "M" + px(x) + " " + px(f.top()) + " V" + px(f.bottom())
		if t.Label == "" {
			line(&minor, d)
			continue
		}
		line(&major, d)
		labels = append(labels, svg("text").Class("tick").Attr("x", px(x)).Attr("y", px(f.bottom()+16)).Attr("text-anchor", "middle").Text(t.Label))
	}
	for _, t := range yticks {
		y := sy.Map(t.V)
		if math.IsNaN(y) {
			continue
		}
		d := "M" + px(f.left()) + " " + px(y) + " H" + px(f.right())
		if t.Label == "" {
			line(&minor, d)
			continue
		}
		line(&major, d)
		labels = append(labels, svg("text").Class("tick").Attr("x", px(f.left()-6)).Attr("y", px(y+4)).Attr("text-anchor", "end").Text(t.Label))
	}
	var grid []app.UI
	if minor.Len() > 0 {
		grid = append(grid, svg("path").Class("grid minor").Attr("d", minor.String()))
	}
	if major.Len() > 0 {
		grid = append(grid, svg("path").Class("grid").Attr("d", major.String()))
	}
	cy := (f.top() + f.bottom()) / 2
	return svg("g").Class("axes").Body(
		svg("g").Class("grids").Body(grid...),
		svg("rect").Class("frame").Attr("x", px(f.left())).Attr("y", px(f.top())).
			Attr("width", px(f.right()-f.left())).Attr("height", px(f.bottom()-f.top())),
		svg("g").Class("ticks").Body(labels...),
		svg("text").Class("axis-title").Attr("x", px((f.left()+f.right())/2)).Attr("y", px(f.H-8)).Attr("text-anchor", "middle").Text(xtitle),
		svg("text").Class("axis-title").Attr("x", "0").Attr("y", "0").Attr("text-anchor", "middle").
			Attr("transform", "translate("+px(15)+" "+px(cy)+") rotate(-90)").Text(ytitle),
	)
}

// hline draws a horizontal reference line across the plot area at data
// value v, with an optional label above its right end.
func (f frame) hline(sy Scale, v float64, class, label string) app.UI {
	return f.hlineAt(sy, v, class, label, false, math.NaN())
}

// hlineAt is hline with the label above (below = false) or below the line,
// centred at pixel x lx (NaN: right-aligned at the right end).
func (f frame) hlineAt(sy Scale, v float64, class, label string, below bool, lx float64) app.UI {
	y := sy.Map(v)
	if math.IsNaN(y) || y < f.top()-0.5 || y > f.bottom()+0.5 {
		return nil
	}
	line := svg("line").Class(class).Attr("x1", px(f.left())).Attr("x2", px(f.right())).Attr("y1", px(y)).Attr("y2", px(y))
	if label == "" {
		return line
	}
	ly := y - 4
	if below || ly < f.top()+10 {
		ly = y + 13
	}
	if ly > f.bottom()-3 {
		ly = y - 4
	}
	anchor, x := "end", f.right()-4
	if !math.IsNaN(lx) {
		w := textWidth(label, 11.5)
		anchor, x = "middle", math.Max(f.left()+w/2+2, math.Min(f.right()-w/2-2, lx))
	}
	return svg("g").Body(line,
		svg("text").Class("ref-label").Attr("x", px(x)).Attr("y", px(ly)).Attr("text-anchor", anchor).Text(label))
}

// vline draws a vertical line across the plot area at data value v, with
// an optional label written upwards along its left side, near the top.
func (f frame) vline(sx Scale, v float64, class, label string) app.UI {
	x := sx.Map(v)
	if math.IsNaN(x) || x < f.left()-0.5 || x > f.right()+0.5 {
		return nil
	}
	line := svg("line").Class(class).Attr("x1", px(x)).Attr("x2", px(x)).Attr("y1", px(f.top())).Attr("y2", px(f.bottom()))
	if label == "" {
		return line
	}
	return svg("g").Body(line,
		svg("text").Class("ref-label").Attr("x", "0").Attr("y", "0").Attr("text-anchor", "end").
			Attr("transform", "translate("+px(x-4)+" "+px(f.top()+4)+") rotate(-90)").Text(label))
}

// textWidth estimates the rendered width of s at a font size, for layout
// of labels and legends (system sans-serif fonts average ≈ 0.55 em).
func textWidth(s string, size float64) float64 {
	n := 0
	for range s {
		n++
	}
	return float64(n) * size * 0.56
}
