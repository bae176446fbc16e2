package compose

import (
	"unibias/figure"
	"unibias/protocol"
)

// extractCompete draws a joint-versus-unimodal report (protocol.CompeteReport,
// docs/theory.md §10.2) for the extracts of the modality-competition
// figures and reports whether j.Extract was one of them:
//
//	"compete-align"    lines max_j|w_j[1]| vs step: joint A and B (solid),
//	                   A alone and B alone (dashed); colour = modality
//	"compete-ownloss"  lines of each modality's own loss vs step, the same way
//	"compete-acc"      markers (X, test accuracy) of joint, A alone, B alone
//	"compete-acc-noA"  the same on the test set where A is absent
//	"drive"            marker (X, B's drive on A's plateau / initial drive)
func extractCompete(j protocol.FigJob, r *protocol.Report, l *layer) bool {
	switch j.Extract {
	case "compete-align", "compete-ownloss", "compete-acc", "compete-acc-noA", "drive":
	default:
		return false
	}
	c := r.Compete
	if c == nil || len(c.Runs) != 3 {
		return true
	}
	lab := j.Label
	if lab != "" {
		lab += ", "
	}
	mark := func(x, y float64, shape string, series int, tip string) {
		if figure.IsFinite(x) && figure.IsFinite(y) {
			l.marks = append(l.marks, figure.Marker{X: x, Y: y, Shape: shape, Fill: figure.SeriesColor(series), Class: "fig-sim sim-mark", Tip: lab + tip, Group: true})
		}
	}
	line := func(ys []protocol.Num, series int, dash bool, tip string) {
		var xs, vs []float64
		for i, v := range ys {
			if y := num(v); i < len(c.Steps) && figure.IsFinite(y) && y > 0 {
				xs, vs = append(xs, float64(c.Steps[i])), append(vs, y)
			}
		}
		if len(xs) < 2 {
			return
		}
		cls := "fig-sim sim-line"
		if dash {
			cls += " dashed"
		}
		l.lines = append(l.lines, figure.Curve{Xs: xs, Ys: vs, Class: cls, Stroke: figure.SeriesColor(series), Tip: lab + tip})
	}
	joint, a, b := c.Runs[0], c.Runs[1], c.Runs[2]
	switch j.Extract {
	case "compete-align":
		line(joint.AlignA, 0, false, "A's encoder, joint training")
		line(joint.AlignB, 1, false, "B's encoder, joint training")
		line(a.AlignA, 0, true, "A's encoder, A alone")
		line(b.AlignB, 1, true, "B's encoder, B alone")
	case "compete-ownloss":
		line(joint.OwnLossA, 0, false, "A's own loss, joint training")
		line(joint.OwnLossB, 1, false, "B's own loss, joint training")
		line(a.Loss, 0, true, "A alone: loss")
		line(b.Loss, 1, true, "B alone: loss")
	case "compete-acc", "compete-acc-noA":
		get := func(r protocol.CompeteRun) float64 { return num(r.TestAcc) }
		where := "full test set"
		if j.Extract == "compete-acc-noA" {
			get = func(r protocol.CompeteRun) float64 { return num(r.TestAccNoA) }
			where = "A absent"
		}
		for i, run := range []protocol.CompeteRun{joint, a, b} {
			v := get(run)
			mark(j.X, v, [...]string{"circle", "square", "triangle"}[i], i, run.Name+": test accuracy "+figure.FormatSig(v, 3)+" ("+where+")")
		}
	case "drive":
		shape := j.Shape
		if shape == "" {
			shape = "circle"
		}
		mark(j.X, num(c.DriveRatio), shape, j.Series, "simulated "+figure.FormatSig(num(c.DriveRatio), 4)+", closed form "+figure.FormatSig(num(c.DriveTheory), 4)+
			" (plateau at step "+figure.FormatSteps(num(c.PlateauStep))+")")
	}
	return true
}
