package figure

import (
	"math"
	"strconv"
)

// HeatColour maps t ∈ [0, 1] to a colour-blind-safe sequential ramp (light
// yellow → dark blue) or, when diverging, blue → white → orange.
func HeatColour(t float64, diverging bool) string {
	if math.IsNaN(t) {
		t = 0.5 // a constant map
	}
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

// extent returns the smallest and largest finite values of the map (only
// positive ones on a log colour scale).
func (h *Heat) extent() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		for _, v := range row {
			if IsFinite(v) && (!h.LogColour || v > 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// normaliser returns the colour normalisation of a heat map.
func (h *Heat) normaliser() func(float64) float64 {
	lo, hi := h.extent()
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

// heatLevels is the number of steps of a heat map's colour scale: finer
// than the eye tells apart on these ramps (a step moves a channel by about 2
// of 255), few enough that a map is at most 129 paths.
const heatLevels = 128

// node draws the map as cells (every other grid point) with its contours.
// The cells of one colour are one path (a rectangle subpath each, in grid
// order; the colours in the order they first appear): the heat-map figure's
// two maps are 204 elements instead of 1,008, whose first drawing held a
// frame for ~100 ms of script and 75 ms of style.
func (h Heat) node(c *canvas) *Node {
	norm := h.normaliser()
	g := El("g", "class", "fig-theory heat")
	var fills []string
	cells := map[string][]byte{}
	const step = 2
	for j := 0; j < len(h.Ys); j += step {
		j1 := min(j+step, len(h.Ys)-1)
		for i := 0; i < len(h.Xs); i += step {
			i1 := min(i+step, len(h.Xs)-1)
			x0, x1 := c.sx.Map(h.Xs[i]), c.sx.Map(h.Xs[i1])
			y0, y1 := c.sy.Map(h.Ys[j]), c.sy.Map(h.Ys[j1])
			if i1 == i {
				x1 = x0 + 1
			}
			if j1 == j {
				y1 = y0 - 1
			}
			if j >= len(h.Z) || i >= len(h.Z[j]) || !IsFinite(h.Z[j][i]) {
				continue
			}
			fill := HeatColour(math.Round(norm(h.Z[j][i])*heatLevels)/heatLevels, h.Diverging)
			d, seen := cells[fill]
			if !seen {
				fills = append(fills, fill)
			}
			cells[fill] = appendCell(d, math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1-x0)+0.6, math.Abs(y1-y0)+0.6)
		}
	}
	for _, fill := range fills {
		g.Add(El("path", "class", "cells", "fill", fill, "d", string(cells[fill])))
	}
	for _, ct := range h.Contours {
		xs, ys := Split(ct.Points)
		if d := LinePath(xs, ys, c.sx, c.sy); d != "" {
			g.Add(titled(El("path", "class", "contour", "d", d), h.Label+" = "+ct.Label))
		}
		if n := len(ct.Points); n > 0 {
			mid := ct.Points[n/2]
			if !IsFinite(c.sx.Map(mid[0])) || !IsFinite(c.sy.Map(mid[1])) {
				continue
			}
			g.Add(El("text", "class", "contour-label", "x", Px(c.sx.Map(mid[0])), "y", Px(c.sy.Map(mid[1])-3), "text-anchor", "middle").SetText(ct.Label))
		}
	}
	return g
}

// colourBar draws a heat map's legend in the right margin.
func (c *canvas) colourBar(h *Heat) *Node {
	norm := h.normaliser()
	lo, hi := h.extent()
	g := El("g", "class", "colour-bar")
	if !IsFinite(lo) || !IsFinite(hi) {
		return g
	}
	x := c.f.Right() + 14
	const n = 24
	top, bot := c.f.Top(), c.f.Bottom()
	for k := 0; k < n; k++ {
		t := float64(k) / float64(n-1)
		v := lo + t*(hi-lo)
		if h.LogColour {
			v = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
		}
		y := bot - t*(bot-top)
		g.Add(El("rect", "x", Px(x), "y", Px(y-(bot-top)/n), "width", "12", "height", Px((bot-top)/n+0.6), "fill", HeatColour(norm(v), h.Diverging)))
	}
	return g.Add(
		El("text", "class", "tick", "x", Px(x+16), "y", Px(bot)).SetText(FormatSig(lo, 2)),
		El("text", "class", "tick", "x", Px(x+16), "y", Px(top+8)).SetText(FormatSig(hi, 2)))
}

// appendCell appends the rectangle subpath of a heat cell at (x, y) of
// width w and height h to path data d.
func appendCell(d []byte, x, y, w, h float64) []byte {
	d = append(d, 'M')
	d = AppendPx(d, x)
	d = append(d, ',')
	d = AppendPx(d, y)
	d = append(d, 'h')
	d = AppendPx(d, w)
	d = append(d, 'v')
	d = AppendPx(d, h)
	d = append(d, 'h')
	d = AppendPx(d, -w)
	return append(d, 'z')
}
