package preset

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"unibias/engine/custom"
	"unibias/protocol"
)

// The "your-data" preset is registered here, apart from the figures of the
// paper, so that it stays one file.
func init() { registry["your-data"] = yourData }

// yourData: the bundled example of "your own data" (docs/theory.md §2.5): the
// moments of two noisy views of one latent (tools/mkexample), the
// prediction for every fusion layer of a four-layer network against the
// initial scale u0, and linear networks trained on exactly these moments.
//
// The networks are simulated at width 10 (jobWidth): the aligned
// initialisation (§1.1) makes every layer rank one, u·p_l p_{l−1}ᵀ with
// fixed unit vectors p_l (the first layer's input direction set from the
// data), and gradient descent keeps it so, each layer's gradient being
// (row above)ᵀ(column below) along the same vectors. The dynamics are
// those of the scalars u (§4 for scalar inputs) and do not depend on the
// width: width 10 gives the reference width's run to rounding
// (TestYourDataWidthIndependent: the same steps, times and ratios) at a
// twenty-fifth to a fiftieth of the cost.
func yourData() (*protocol.Figure, error) {
	d := custom.Example()
	s := custom.Summarise(d)
	base := q("data", "custom", "moments", custom.Encode(d), "depth", "4", "initscheme", "aligned", "lr", "0.04", "steps", "50000",
		"x", "init", "from", "0.05", "to", "0.2", "points", "4", "series", "fusion", "values", "1,2,3,4")
	fig := &protocol.Figure{
		Caption: fmt.Sprintf("Your own data, here the bundled example: %d samples of two noisy views of one latent variable (tools/mkexample). %s "+
			"%s alone explains %.0f%% of E[y²], %s alone %.0f%%, both %.0f%%; their best linear predictors correlate at %.2f. "+
			"The deeper the fusion, the longer a four-layer network ignores %s. Lines: theory (solid t_A, dashed t_B); markers: linear networks trained on exactly these moments "+
			"(aligned init, width 10: its dynamics do not depend on the width).",
			d.Samples, s.Sentence, upperFirst(s.NameA), 100*s.R2A, s.NameB, 100*s.R2B, 100*s.R2, s.PredCorr, s.NameB),
		Query: base.Encode(),
	}
	times := protocol.Panel{ID: "times", Title: fmt.Sprintf("When %s (A) and %s (B) are learned", s.NameA, s.NameB), XLabel: "init scale u0", YLabel: "step", XLog: true, YLog: true}
	ratioP := protocol.Panel{ID: "ratio", Title: "Length of the unimodal phase", XLabel: "init scale u0", YLabel: "t_B / t_A", XLog: true, YLog: true, Compare: "ratio-ode"}
	loss := protocol.Panel{ID: "loss", Title: "Normalised loss, u0 = 0.1", XLabel: "step", YLabel: "ℒ / ℒ(0)", YLog: true}
	dense := logspace(0.05, 0.2, 25)
	sim := []float64{0.05, 0.08, 0.12, 0.2}
	for si := 0; si < 4; si++ {
		fig.Legend = append(fig.Legend, fmt.Sprintf("Lf = %d", si+1))
		b := with(base, "fusion", f(float64(si+1)))
		times.Lines = append(times.Lines,
			protocol.Line{Label: "t_A (" + s.NameA + ")", Series: si, Points: curve(b, "init", dense, func(t protocol.TheoryReport) protocol.Num { return t.TASteps })},
			protocol.Line{Label: "t_B (" + s.NameB + ")", Series: si, Dash: true, Points: curve(b, "init", dense, func(t protocol.TheoryReport) protocol.Num { return t.TBSteps })})
		ratioP.Lines = append(ratioP.Lines,
			protocol.Line{Label: "closed form", Series: si, Points: curve(b, "init", dense, ratio)},
			protocol.Line{Label: "reduced ODE", Series: si, Dash: true, Points: curve(b, "init", dense, odeRatio)})
		for _, x := range sim {
			p := with(b, "init", f(x), "width", jobWidth)
			fig.Jobs = append(fig.Jobs,
				protocol.FigJob{Query: p.Encode(), Panel: "times", Series: si, Shape: "circle", X: x, Extract: "times", Label: "linear network"},
				protocol.FigJob{Query: p.Encode(), Panel: "ratio", Series: si, Shape: "circle", X: x, Extract: "ratio", Label: "linear network"})
		}
		p := with(b, "init", "0.1", "steps", "12000", "width", jobWidth)
		fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: "loss", Series: si, Extract: "loss", Trajectory: true})
		if si == 3 {
			if t, err := predict(p); err == nil && t.LossPlateau != nil && t.LossZero != nil && *t.LossZero > 0 {
				loss.Lines = append(loss.Lines, protocol.Line{Label: "plateau ℒ(M_A)/ℒ(0): only " + s.NameA + " learned (§5.1)", Series: si, Dash: true, Kind: "hline", At: *t.LossPlateau / *t.LossZero})
			}
		}
	}
	fig.Panels = []protocol.Panel{times, ratioP, loss}
	return fig, nil
}

// jobWidth is the width of the your-data preset's simulated networks (see
// yourData); the theory does not depend on it.
const jobWidth = "10"

// upperFirst capitalises the first letter of a name that starts a sentence.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
