package compose

import (
	"math"
	"strconv"

	"unibias/engine/remedy"
	"unibias/figure"
	"unibias/protocol"
)

// extractRemedy draws the measures of the related work (docs/theory.md §10)
// for the extracts of the remedy figures and reports whether j.Extract was
// one of them:
//
//	"utilisation"  lines u(A|B) (solid) and u(B|A) (dashed) vs step, with the
//	               detected t_A, t_B marked on u(A|B)
//	"speed"        line d = log10(M_B/M_A) vs step, t_A and t_B marked
//	"decision"     the three ratios A/B of §10.3 (decision weights, features,
//	               contributions; colour = quantity) measured (solid) and
//	               their closed forms on the same run's W (dashed)
//	"share"        marker (X, W_B/(W_A + W_B)) at the end of the run
func extractRemedy(j protocol.FigJob, r *protocol.Report, l *layer) bool {
	switch j.Extract {
	case "utilisation", "speed", "decision", "share":
	default:
		return false
	}
	lab := j.Label
	if lab != "" {
		lab += ": "
	}
	col := figure.SeriesColor(j.Series)
	line := func(get func(p protocol.TrajPoint) float64, colour string, dash bool, tip string) {
		var xs, ys []float64
		for _, p := range r.Trajectory {
			if v := get(p); figure.IsFinite(v) {
				xs, ys = append(xs, float64(p.Step)), append(ys, v)
			}
		}
		if len(xs) < 2 {
			return
		}
		cls := "fig-sim sim-line"
		if dash {
			cls += " dashed"
		}
		l.lines = append(l.lines, figure.Curve{Xs: xs, Ys: ys, Class: cls, Stroke: colour, Tip: lab + tip})
	}
	mark := func(x, y float64, shape, tip string) {
		if figure.IsFinite(x) && figure.IsFinite(y) {
			l.marks = append(l.marks, figure.Marker{X: x, Y: y, Shape: shape, Fill: col, Class: "fig-sim sim-mark", Tip: lab + tip, Group: true})
		}
	}
	// nearest is the value of get at the recorded point closest to step.
	nearest := func(step float64, get func(p protocol.TrajPoint) float64) float64 {
		best, v := math.Inf(1), math.NaN()
		for _, p := range r.Trajectory {
			if g := get(p); figure.IsFinite(g) && math.Abs(float64(p.Step)-step) < best {
				best, v = math.Abs(float64(p.Step)-step), g
			}
		}
		return v
	}
	times := func(get func(p protocol.TrajPoint) float64, what string) {
		for _, t := range []struct {
			at    protocol.Num
			shape string
			name  string
		}{{r.TA, "circle", "t_A"}, {r.TB, "triangle", "t_B"}} {
			if s := num(t.at); figure.IsFinite(s) {
				v := nearest(s, get)
				mark(s, v, t.shape, "detected "+t.name+" = "+figure.FormatSteps(s)+", "+what+" = "+figure.FormatSig(v, 3))
			}
		}
	}
	switch j.Extract {
	case "utilisation":
		uAB := func(p protocol.TrajPoint) float64 { return num(p.UAB) }
		line(uAB, col, false, "u(A|B)")
		line(func(p protocol.TrajPoint) float64 { return num(p.UBA) }, col, true, "u(B|A)")
		times(uAB, "u(A|B)")
	case "speed":
		d := func(p protocol.TrajPoint) float64 { return num(p.D) }
		line(d, col, false, "d = log10(M_B/M_A)")
		times(d, "d")
	case "decision":
		sA, sB := 1.0, 1.0
		if v, err := strconv.ParseFloat(r.Params["ratio"], 64); err == nil && v > 0 {
			sA = v
		}
		L, _ := strconv.Atoi(r.Params["depth"])
		if L < 1 {
			L = 1
		}
		ratio := func(a, b protocol.Num) float64 {
			if x, y := num(a), num(b); y != 0 {
				return x / y
			}
			return math.NaN()
		}
		closed := func(k int) func(p protocol.TrajPoint) float64 {
			return func(p protocol.TrajPoint) float64 {
				if num(p.WB) == 0 {
					return math.NaN()
				}
				d, f, c := remedy.DecisionRatios(num(p.WA), num(p.WB), sA, sB, L)
				return [3]float64{d, f, c}[k]
			}
		}
		names := []string{"‖F_A‖/‖F_B‖", "RMS h_A / RMS h_B", "RMS ŷ_A / RMS ŷ_B"}
		measured := []func(p protocol.TrajPoint) float64{
			func(p protocol.TrajPoint) float64 { return ratio(p.DecA, p.DecB) },
			func(p protocol.TrajPoint) float64 { return ratio(p.FeatA, p.FeatB) },
			func(p protocol.TrajPoint) float64 { return ratio(p.ContA, p.ContB) },
		}
		for k := range names {
			c := figure.SeriesColor(k)
			line(measured[k], c, false, names[k]+", measured")
			line(closed(k), c, true, names[k]+", closed form (§10.3)")
		}
	case "share":
		a, b := vecNorm(r.FinalWA), vecNorm(r.FinalWB)
		if a+b > 0 {
			mark(j.X, b/(a+b), "circle", "W_B/(W_A + W_B) = "+figure.FormatSig(b/(a+b), 3)+" (W_A = "+figure.FormatSig(a, 3)+", W_B = "+figure.FormatSig(b, 3)+")")
		}
	}
	return true
}
