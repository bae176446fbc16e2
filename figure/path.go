package figure

import (
	"math"
	"strconv"
	"strings"
)

// Px formats a pixel coordinate with one decimal ("12.3", "-4", "0"),
// without strconv's float formatting: figures format thousands of them.
func Px(v float64) string {
	var buf [24]byte
	return string(AppendPx(buf[:0], v))
}

// AppendPx appends Px(v) to b.
func AppendPx(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0')
	}
	v = math.Max(-1e5, math.Min(1e5, v))
	t := int64(math.Round(v * 10))
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if f := t % 10; f != 0 {
		b = append(b, '.', byte('0'+f))
	}
	return b
}

// LinePath builds the "d" attribute of one path through the points
// (sx(xs[i]), sy(ys[i])). Points where either coordinate cannot be mapped
// (NaN, non-positive on a log scale) break the line into separate
// sub-paths, so a curve stays a single path element. An empty string means
// nothing to draw.
func LinePath(xs, ys []float64, sx, sy Scale) string {
	b := make([]byte, 0, 16*len(xs))
	pen := false
	n := min(len(xs), len(ys))
	for i := 0; i < n; i++ {
		x, y := sx.Map(xs[i]), sy.Map(ys[i])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			pen = false
			continue
		}
		switch {
		case pen:
			b = append(b, " L"...)
		case len(b) > 0:
			b = append(b, " M"...)
		default:
			b = append(b, 'M')
		}
		b = AppendPx(b, x)
		b = append(b, ' ')
		b = AppendPx(b, y)
		pen = true
	}
	return string(b)
}

// BandPath builds the "d" attribute of the area between two curves over
// shared xs, in pixel space: lo and hi are data values (NaN where
// undefined); a NaN lo means the bottom edge of the plot (pixel bottom) and
// a NaN hi the top edge (pixel top) when loEdge/hiEdge is set, otherwise a
// gap. Pixel values are clamped to [top, bottom], which leaves the visible
// area unchanged. Each contiguous run becomes one closed sub-path.
func BandPath(xs, lo, hi []float64, sx, sy Scale, loEdge, hiEdge bool) string {
	top, bottom := math.Min(sy.R0, sy.R1), math.Max(sy.R0, sy.R1)
	clamp := func(v float64) float64 { return math.Max(top, math.Min(bottom, v)) }
	type pt struct{ x, y0, y1 float64 }
	var b strings.Builder
	var run []pt
	flush := func() {
		if len(run) >= 2 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("M" + Px(run[0].x) + " " + Px(run[0].y0))
			for _, p := range run[1:] {
				b.WriteString(" L" + Px(p.x) + " " + Px(p.y0))
			}
			for i := len(run) - 1; i >= 0; i-- {
				b.WriteString(" L" + Px(run[i].x) + " " + Px(run[i].y1))
			}
			b.WriteString(" Z")
		}
		run = run[:0]
	}
	for i := range xs {
		x := sx.Map(xs[i])
		var y0, y1 float64
		switch {
		case loEdge:
			y0 = bottom
		case i < len(lo):
			y0 = sy.Map(lo[i])
		default:
			y0 = math.NaN()
		}
		switch {
		case hiEdge:
			y1 = top
		case i < len(hi):
			y1 = sy.Map(hi[i])
		default:
			y1 = math.NaN()
		}
		if math.IsNaN(x) || math.IsNaN(y0) || math.IsNaN(y1) {
			flush()
			continue
		}
		run = append(run, pt{x, clamp(y0), clamp(y1)})
	}
	flush()
	return b.String()
}

// MarkerPath returns the "d" of a marker shape of radius r centred at (x, y):
// "circle" (drawn as a path), "square", "triangle", "diamond", "down"
// (triangle pointing down), "cross", "plus".
func MarkerPath(shape string, x, y, r float64) string {
	p := func(pts ...float64) string {
		var b strings.Builder
		for i := 0; i+1 < len(pts); i += 2 {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteString(" L")
			}
			b.WriteString(Px(x + pts[i]*r))
			b.WriteByte(' ')
			b.WriteString(Px(y + pts[i+1]*r))
		}
		b.WriteString(" Z")
		return b.String()
	}
	switch shape {
	case "square":
		return p(-0.85, -0.85, 0.85, -0.85, 0.85, 0.85, -0.85, 0.85)
	case "triangle":
		return p(0, -1.15, 1.05, 0.75, -1.05, 0.75)
	case "down":
		return p(0, 1.15, 1.05, -0.75, -1.05, -0.75)
	case "diamond":
		return p(0, -1.2, 1.05, 0, 0, 1.2, -1.05, 0)
	case "plus":
		a, w := 1.1, 0.38
		return p(-w, -a, w, -a, w, -w, a, -w, a, w, w, w, w, a, -w, a, -w, w, -a, w, -a, -w, -w, -w)
	case "cross":
		a, w := 0.95, 0.3
		return p(-a, -a+w, -a+w, -a, 0, -w, a-w, -a, a, -a+w, w, 0, a, a-w, a-w, a, 0, w, -a+w, a, -a, a-w, -w, 0)
	}
	// circle: two arcs
	return "M" + Px(x-r) + " " + Px(y) + " a" + Px(r) + " " + Px(r) + " 0 1 0 " + Px(2*r) + " 0 a" + Px(r) + " " + Px(r) + " 0 1 0 " + Px(-2*r) + " 0 Z"
}
