package preset

import (
	"fmt"
	"math"

	"unibias/engine/stats"
	"unibias/engine/theory"
	"unibias/protocol"
)

// twoLayer is the reference two-layer setting of docs/theory.md §5.4/§8.5:
// h = 100, entrywise γ = 1e-9, η = 0.04.
func twoLayer(fusion string) []string {
	return []string{"depth", "2", "fusion", fusion, "initscheme", "entrywise", "init", "1e-9", "lr", "0.04", "series", "", "x", "rho"}
}

func rhoLabel(r float64) string { return fmt.Sprintf("ρ = %g", r) }

// earlyLate: §5.1 plateau, §5.4 times, §5.8 early fusion (docs/theory.md §7 intro).
func earlyLate() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Both networks see the same data: modality A (σ_A/σ_B = 2) is the stronger one. " +
			"With late fusion the network first fits A alone and sits on a plateau — the unimodal phase — before it learns B; " +
			"with early fusion both modalities are learned together.",
		Query: q(twoLayer("2")...).Encode(),
	}
	rhos := []float64{-0.5, 0, 0.5}
	for _, r := range rhos {
		fig.Legend = append(fig.Legend, rhoLabel(r))
	}
	for _, fu := range []struct{ id, name, lf string }{{"late", "Late fusion (Lf = L = 2)", "2"}, {"early", "Early fusion (Lf = 1)", "1"}} {
		loss := protocol.Panel{ID: "loss-" + fu.id, Title: fu.name + ": loss", XLabel: "step", YLabel: "ℒ / ℒ(0)", YLog: true}
		w := protocol.Panel{ID: "w-" + fu.id, Title: fu.name + ": total weights", XLabel: "step", YLabel: "W_A^tot (solid), W_B^tot (dashed)"}
		if fu.lf == "2" {
			// §8.6: two-layer late fusion vs §5.10 within 3% on this ρ grid.
			w.Compare, w.Tol = "ratio", 0.03
			loss.Compare, loss.Tol = "plateau", 1e-3 // W_A(t_uni) vs W_A^uni, population moments
		} else {
			w.Compare = "ratio-ode" // early fusion: reduced ODE, no stated tolerance
		}
		for si, r := range rhos {
			p := q(append(twoLayer(fu.lf), "rho", f(r), "steps", "1500")...)
			t, err := predict(p)
			if err != nil {
				return nil, err
			}
			if fu.lf == "2" && t.OK {
				if len(t.Plateau) > 0 && t.Plateau[0] != nil {
					w.Lines = append(w.Lines, protocol.Line{Label: "plateau W_A^uni = 1 + ρ/r (§5.1)", Series: si, Dash: true, Kind: "hline", At: *t.Plateau[0]})
				}
				if t.LossPlateau != nil && t.LossZero != nil {
					loss.Lines = append(loss.Lines, protocol.Line{Label: "ℒ(M_A)/ℒ(0) (§5.1)", Series: si, Dash: true, Kind: "hline", At: *t.LossPlateau / *t.LossZero})
				}
			}
			if t.TASteps != nil {
				w.Lines = append(w.Lines, protocol.Line{Label: "predicted t_A", Series: si, Dash: true, Kind: "vline", At: *t.TASteps})
			}
			if t.TBSteps != nil {
				w.Lines = append(w.Lines, protocol.Line{Label: "predicted t_B", Series: si, Dash: true, Kind: "vline", At: *t.TBSteps})
			}
			fig.Jobs = append(fig.Jobs,
				protocol.FigJob{Query: p.Encode(), Panel: loss.ID, Series: si, Extract: "loss", Trajectory: true, Label: rhoLabel(r)},
				protocol.FigJob{Query: p.Encode(), Panel: w.ID, Series: si, Extract: "weights", Trajectory: true, Label: rhoLabel(r)})
		}
		fig.Panels = append(fig.Panels, loss, w)
	}
	return fig, nil
}

// ratioRho: docs/theory.md §7 item 1 with §5.3 and §5.10.
func ratioRho() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "How long the unimodal phase lasts, as the ratio of the times at which B and A are learned. " +
			"It grows with the strength gap σ_A/σ_B and with |ρ|: a correlated B carries little new information. " +
			"Lines: theory (solid: finite learning rate §5.10, dashed: gradient flow §5.3); circles: linear networks; crosses: ReLU networks on 2048 samples, compared with the theory of their own sample moments.",
		Query: q(twoLayer("2")...).Encode(),
	}
	panel := protocol.Panel{ID: "ratio", Title: "Time ratio, two-layer late fusion", XLabel: "correlation ρ", YLabel: "t_B / t_A", YLog: true, Compare: "ratio", Tol: 0.03}
	dense := linspace(-0.92, 0.92, 93)
	sim := linspace(-0.9, 0.9, 9)
	relu := []float64{-0.675, -0.3375, 0, 0.3375, 0.675}
	for si, r := range []float64{3, 2, 1.5, 1} {
		fig.Legend = append(fig.Legend, fmt.Sprintf("σ_A/σ_B = %g", r))
		base := q(append(twoLayer("2"), "ratio", f(r))...)
		panel.Lines = append(panel.Lines,
			protocol.Line{Label: "§5.10", Series: si, Points: curve(base, "rho", dense, ratio)},
			protocol.Line{Label: "§5.3", Series: si, Dash: true, Points: curve(base, "rho", dense, ratioGF)})
		for _, x := range sim {
			j := protocol.FigJob{Query: with(base, "rho", f(x)).Encode(), Panel: "ratio", Series: si, Shape: "circle", X: x, Extract: "ratio", Label: "linear"}
			if math.Abs(x) > 0.5 {
				// §8.6 states 3% on ρ ∈ {−0.5, 0, 0.5}; beyond, the finite
				// init (W_0 = hγ²/2) shifts the ratio further: compared, but
				// without a stated tolerance.
				j.Compare, j.Tol = "ratio", 0
			}
			fig.Jobs = append(fig.Jobs, j)
		}
		if r == 1 {
			continue
		}
		for _, x := range relu {
			p := with(base, "rho", f(x), "act", "relu", "samples", "2048")
			fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: "ratio", Series: si, Shape: "cross", X: x, Extract: "ratio", Label: "ReLU, 2048 samples", Compare: "ratio-relu", Tol: 0.05})
		}
	}
	fig.Panels = []protocol.Panel{panel}
	return fig, nil
}

// misattribution: docs/theory.md §7 item 2, §5.2.
func misattribution() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "While only A is learned, the network credits A with what correlated B explains: W_A overshoots (ρ > 0) or undershoots (ρ < 0) " +
			"its final value by ρ·σ_B/σ_A. Lines: theory §5.2; circles: simulations on 8192 samples.",
		Query: q(append(twoLayer("2"), "samples", "8192")...).Encode(),
	}
	panel := protocol.Panel{ID: "mis", Title: "Misattribution W_A(t_uni) − W_A(∞)", XLabel: "correlation ρ", YLabel: "misattribution", Compare: "misattribution", Tol: 0.015}
	dense := linspace(-0.92, 0.92, 47)
	for si, r := range []float64{3, 2, 1.5} {
		fig.Legend = append(fig.Legend, fmt.Sprintf("σ_A/σ_B = %g", r))
		base := q(append(twoLayer("2"), "ratio", f(r), "samples", "8192")...)
		panel.Lines = append(panel.Lines, protocol.Line{Label: "ρ/r (§5.2)", Series: si, Points: curve(base, "rho", dense, mis)})
		for _, x := range linspace(-0.9, 0.9, 9) {
			j := protocol.FigJob{Query: with(base, "rho", f(x)).Encode(), Panel: "mis", Series: si, Shape: "circle", X: x, Extract: "misattribution"}
			if math.Abs(x) > 0.5 {
				// At |ρ| ≥ 0.675 the run stops (ℒ < 1e-4) while W_A is still
				// ≈ 0.02 from W_A(∞) along Σ's flat direction, which the
				// measured W_A(end) inherits: compared without the §8.6 bound.
				j.Compare, j.Tol = "misattribution", 0
			}
			fig.Jobs = append(fig.Jobs, j)
		}
	}
	fig.Panels = []protocol.Panel{panel}
	return fig, nil
}

// heatmap: docs/theory.md §7 item 3.
func heatmap() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "The whole (ρ, σ_A/σ_B) plane at once. The unimodal phase lengthens with the strength gap and with |ρ|; " +
			"the misattribution changes sign with ρ. Contours mark ratios 1.5, 2, 5 and 10. Simulate the coarse grid to check the theory anywhere.",
		Query: q(twoLayer("2")...).Encode(),
	}
	rhos := linspace(-0.92, 0.92, 47)
	rs := linspace(1, 3, 41)
	hr := &protocol.Heat{Label: "t_B/t_A (§5.3)", Xs: rhos, Ys: rs, LogColour: true}
	hm := &protocol.Heat{Label: "misattribution ρ/r (§5.2)", Xs: rhos, Ys: rs, Diverging: true}
	for _, r := range rs {
		rowR := make([]float64, len(rhos))
		rowM := make([]float64, len(rhos))
		for i, rho := range rhos {
			m, err := stats.ScalarToy(r, 1, rho, 1, 1, 0)
			if err != nil {
				return nil, err
			}
			v, err := theory.LateFusionRatio(m)
			if err != nil {
				return nil, err
			}
			mv, err := theory.Misattribution(m)
			if err != nil {
				return nil, err
			}
			rowR[i], rowM[i] = v, mv[0]
		}
		hr.Z = append(hr.Z, rowR)
		hm.Z = append(hm.Z, rowM)
	}
	// Contours of the ratio: 1 + (r² − 1)/(1 − ρ²) = c ⇔ r² = 1 + (c − 1)(1 − ρ²) (§7 item 3).
	for _, c := range []float64{1.5, 2, 5, 10} {
		var pts [][2]float64
		for _, rho := range linspace(-0.92, 0.92, 93) {
			r := math.Sqrt(1 + (c-1)*(1-rho*rho))
			if r <= 3 {
				pts = append(pts, [2]float64{rho, r})
			}
		}
		hr.Contours = append(hr.Contours, protocol.Line{Label: fmt.Sprintf("%g", c), Points: pts})
	}
	// Contours of the misattribution ρ/r = c ⇔ r = ρ/c.
	for _, c := range []float64{-0.3, -0.15, 0.15, 0.3} {
		var pts [][2]float64
		for _, r := range linspace(1, 3, 41) {
			if rho := c * r; math.Abs(rho) <= 0.92 {
				pts = append(pts, [2]float64{rho, r})
			}
		}
		hm.Contours = append(hm.Contours, protocol.Line{Label: fmt.Sprintf("%+g", c), Points: pts})
	}
	fig.Legend = []string{"simulated"}
	pr := protocol.Panel{ID: "heat-ratio", Title: "Time ratio t_B/t_A (log colour)", XLabel: "correlation ρ", YLabel: "σ_A/σ_B", Heat: hr, Compare: "ratio-gf", Tol: 0.04}
	pm := protocol.Panel{ID: "heat-mis", Title: "Misattribution", XLabel: "correlation ρ", YLabel: "σ_A/σ_B", Heat: hm}
	// The coarse simulated grid runs at η = 0.004 so gradient flow (§5.3)
	// applies (§8.6: 4%).
	for _, r := range []float64{1.5, 2, 2.5, 3} {
		for _, rho := range []float64{-0.8, -0.4, 0, 0.4, 0.8} {
			p := q(append(twoLayer("2"), "ratio", f(r), "rho", f(rho), "lr", "0.004", "steps", "200000")...)
			fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: pr.ID, X: rho, Y: r, Shape: "circle", Extract: "heat-ratio", OnDemand: true})
		}
	}
	fig.Panels = []protocol.Panel{pr, pm}
	return fig, nil
}

// superficial: docs/theory.md §7 item 4, §5.9.
func superficial() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Being learned first is not the same as being useful. Above the lower curve A is learned first; above the upper curve A is also the more useful modality. " +
			"In the shaded band the network commits first to the less useful modality. Click anywhere to train that point.",
	}
	base := q(append(twoLayer("2"), "wb", "1", "steps", "4000")...)
	fig.Query = base.Encode()
	rs := linspace(0.3, 3, 109)
	var pri, con [][2]float64
	for _, r := range rs {
		a, b, err := theory.SuperficialBoundaries(r)
		if err != nil {
			return nil, err
		}
		pri = append(pri, [2]float64{r, math.Min(a, 3.2)})
		con = append(con, [2]float64{r, math.Min(b, 3.2)})
	}
	lower, upper := make([][2]float64, len(rs)), make([][2]float64, len(rs))
	for i := range rs {
		lower[i] = [2]float64{rs[i], math.Min(pri[i][1], con[i][1])}
		upper[i] = [2]float64{rs[i], math.Max(pri[i][1], con[i][1])}
	}
	plane := protocol.Panel{ID: "plane", Title: "Which modality is learned first, and which matters more", XLabel: "σ_A/σ_B", YLabel: "w_A*/w_B*",
		XMin: num(0.3), XMax: num(3), YMin: num(0), YMax: num(3),
		Lines: []protocol.Line{{Label: "prioritisation w_A*/w_B* = (σ_B/σ_A)²", Series: 0, Points: pri}, {Label: "contribution w_A*/w_B* = σ_B/σ_A", Series: 1, Dash: true, Points: con}},
		Bands: []protocol.Band{{Label: "first-learned modality is the less useful one", Lower: lower, Upper: upper, Tone: 1}},
		Marks: []protocol.Mark{{X: 2, Y: 0.375, Label: "§5.9 example"}},
		Click: &protocol.Click{Query: base.Encode(), XParam: "ratio", YParam: "wa", Panel: "loss", Extract: "loss"},
	}
	// §5.9 example: σ_A = 2, w* = (0.75, 2) ≡ (0.375, 1): ℒ(M_A)/ℒ(0) = 0.64, ℒ(M_B)/ℒ(0) = 0.36.
	ex := with(base, "ratio", "2", "wa", "0.375")
	m, _ := stats.ScalarToy(2, 1, 0, 0.375, 1, 0)
	l0 := 0.5 * m.Eyy
	la, _ := theory.PlateauLoss(m)
	sw := m.Swap()
	lb, _ := theory.PlateauLoss(sw)
	loss := protocol.Panel{ID: "loss", Title: "Loss of the clicked point (example: §5.9)", XLabel: "step", YLabel: "ℒ / ℒ(0)", Compare: "plateau-loss",
		Lines: []protocol.Line{{Label: fmt.Sprintf("ℒ(M_A)/ℒ(0) = %.2f", la/l0), Series: 0, Dash: true, Kind: "hline", At: la / l0},
			{Label: fmt.Sprintf("ℒ(M_B)/ℒ(0) = %.2f", lb/l0), Series: 1, Dash: true, Kind: "hline", At: lb / l0}}}
	fig.Legend = []string{"prioritisation / M_A", "contribution / M_B", "runs"}
	fig.Jobs = []protocol.FigJob{{Query: ex.Encode(), Panel: "loss", Series: 2, Extract: "loss", Trajectory: true, X: 2, Y: 0.375, Label: "§5.9 example"}}
	fig.Panels = []protocol.Panel{plane, loss}
	return fig, nil
}

// portrait: docs/theory.md §7 item 5 (σ_A² = 4, σ_B² = 1, ρ = 0).
func portrait() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Each arrow shows where gradient descent moves the total weights (W_A, W_B). Late fusion has a saddle M_A where only A is fitted: " +
			"trajectories from small weights stop there before turning to M_*. Early fusion has no such resting point.",
	}
	eA := func(wa float64) float64 { return 4 - 4*wa }
	eB := func(wb float64) float64 { return 1 - wb }
	late := func(a, b float64) (float64, float64) { return 2 * a * eA(a), 2 * b * eB(b) }
	early := func(a, b float64) (float64, float64) {
		ea, eb := eA(a), eB(b)
		return ea*(2*a*a+b*b) + eb*a*b, ea*a*b + eb*(a*a+2*b*b)
	}
	grid := linspace(-0.1, 1.3, 15)
	field := func(fn func(a, b float64) (float64, float64)) []protocol.Arrow {
		var out []protocol.Arrow
		maxS := 0.0
		for _, a := range grid {
			for _, b := range grid {
				dx, dy := fn(a, b)
				s := math.Hypot(dx, dy)
				if s > maxS {
					maxS = s
				}
				out = append(out, protocol.Arrow{X: a, Y: b, DX: dx, DY: dy, S: s})
			}
		}
		for i := range out {
			if out[i].S > 0 {
				out[i].DX /= out[i].S
				out[i].DY /= out[i].S
				out[i].S = math.Sqrt(out[i].S / maxS)
			}
		}
		return out
	}
	path := func(fn func(a, b float64) (float64, float64), a, b float64) [][2]float64 {
		pts := [][2]float64{{a, b}}
		for i := 0; i < 200000 && math.Hypot(a-1, b-1) > 0.01; i++ {
			dx, dy := fn(a, b)
			s := math.Hypot(dx, dy)
			if s == 0 {
				break
			}
			// Arc-length steps of 1e-3: the path, not the clock, is drawn.
			a += 1e-3 * dx / s
			b += 1e-3 * dy / s
			if i%10 == 0 {
				pts = append(pts, [2]float64{a, b})
			}
		}
		return pts
	}
	lim := []protocol.Num{num(-0.1), num(1.3)}
	// Late fusion's gradient-flow path from (0.01, 0.01): each branch is a
	// logistic curve (§5.4), W(t) = 1/(1 + (1/W0 − 1)e^{−2 w t}).
	var lp [][2]float64
	for t := 0.0; t < 12; t += 0.005 {
		lp = append(lp, [2]float64{1 / (1 + (1/0.01-1)*math.Exp(-8*t)), 1 / (1 + (1/0.01-1)*math.Exp(-2*t))})
	}
	lateP := protocol.Panel{ID: "late", Title: "Two-layer late fusion", Compare: "plateau", Tol: 1e-3, XLabel: "W_A^tot", YLabel: "W_B^tot", XMin: lim[0], XMax: lim[1], YMin: lim[0], YMax: lim[1],
		Arrows: field(late),
		Marks:  []protocol.Mark{{X: 0, Y: 0, Label: "M_0"}, {X: 1, Y: 0, Label: "M_A"}, {X: 0, Y: 1, Label: "M_B"}, {X: 1, Y: 1, Label: "M_*"}},
		Lines:  []protocol.Line{{Label: "gradient flow from (0.01, 0.01)", Series: 0, Points: lp}}}
	earlyP := protocol.Panel{ID: "early", Title: "Two-layer early fusion", XLabel: "W_A^tot", YLabel: "W_B^tot", XMin: lim[0], XMax: lim[1], YMin: lim[0], YMax: lim[1],
		Arrows: field(early),
		Marks:  []protocol.Mark{{X: 0, Y: 0, Label: "M_0"}, {X: 1, Y: 1, Label: "M_*"}},
		Lines:  []protocol.Line{{Label: "gradient flow from (0.01, 0.01)", Series: 0, Points: path(early, 0.01, 0.01)}}}
	fig.Legend = []string{"theory path", "simulation"}
	for _, fu := range []struct{ id, lf string }{{"late", "2"}, {"early", "1"}} {
		p := q(append(twoLayer(fu.lf), "init", "0.001", "steps", "3000")...)
		fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: fu.id, Series: 1, Extract: "portrait", Trajectory: true, Label: "simulated (W_A, W_B)"})
	}
	fig.Query = q(twoLayer("2")...).Encode()
	fig.Panels = []protocol.Panel{lateP, earlyP}
	return fig, nil
}

// deep: docs/theory.md §7 item 6: L = 4, one series per Lf.
func deep() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Four-layer networks fusing at layer Lf = 1 (early) to 4 (late). The deeper the fusion, the longer the network ignores B. " +
			"Lines: theory (solid: closed forms §5.7/§5.3; dashed: reduced ODE §4). Circles: aligned-balanced init (follows the theory closely; width 10, since its dynamics do not depend on the width); " +
			"crosses: the reference random init at the reference's rate η = 0.04 (agrees only qualitatively, docs/theory.md §8.6).",
	}
	// η = 0.01: docs/theory.md §8.6 states the 1% agreement with the reduced ODE
	// for η ≤ 0.01 (at η = 0.04 late fusion drifts by up to 2%).
	base := q("depth", "4", "initscheme", "aligned", "init", "0.1", "lr", "0.01", "ratio", "2", "rho", "0", "series", "", "steps", "60000")
	fig.Query = base.Encode()
	axes := []struct {
		id, name, label string
		dense, sim      []float64
		log             bool
	}{
		{"vs-rho", "rho", "correlation ρ", linspace(-0.9, 0.9, 37), linspace(-0.8, 0.8, 5), false},
		{"vs-ratio", "ratio", "σ_A/σ_B", linspace(1, 3, 41), linspace(1.25, 3, 5), false},
		{"vs-init", "init", "init scale u0", logspace(0.05, 0.2, 30), logspace(0.05, 0.2, 4), true},
	}
	for si := 0; si < 4; si++ {
		fig.Legend = append(fig.Legend, fmt.Sprintf("Lf = %d", si+1))
	}
	for _, ax := range axes {
		panel := protocol.Panel{ID: ax.id, Title: "t_B/t_A vs " + ax.label, XLabel: ax.label, YLabel: "t_B / t_A", YLog: true, XLog: ax.log, Compare: "ratio-ode", Tol: 0.01}
		for si := 0; si < 4; si++ {
			lf := f(float64(si + 1))
			b := with(base, "fusion", lf)
			panel.Lines = append(panel.Lines,
				protocol.Line{Label: "closed form", Series: si, Points: curve(b, ax.name, ax.dense, ratio)},
				protocol.Line{Label: "reduced ODE", Series: si, Dash: true, Points: curve(b, ax.name, ax.dense, odeRatio)})
			for _, x := range ax.sim {
				p := with(b, ax.name, f(x))
				fig.Jobs = append(fig.Jobs,
					// Aligned init stays rank one: its dynamics do not depend on
					// the width (docs/theory.md §1.1), so h = 10 gives the same run
					// at a hundredth of the cost.
					protocol.FigJob{Query: with(p, "width", "10").Encode(), Panel: ax.id, Series: si, Shape: "circle", X: x, Extract: "ratio", Label: "aligned init"},
					// The reference's random init at the reference's rate,
					// η = 0.04 (THEORY.md §3): deep ratios hardly depend on η
					// (at most 0.44% from η = 0.01 over these 56 runs), and at
					// 0.01 two of them end at the step budget before t_B.
					protocol.FigJob{Query: with(p, "initscheme", "scaled", "lr", "0.04").Encode(), Panel: ax.id, Series: si, Shape: "cross", X: x, Extract: "ratio", Label: "random (norm-scaled) init, η = 0.04", Compare: "none"})
			}
		}
		fig.Panels = append(fig.Panels, panel)
	}
	loss := protocol.Panel{ID: "loss", Title: "Normalised loss, u0 = 0.1, ρ = 0", XLabel: "step", YLabel: "ℒ / ℒ(0)", YLog: true}
	for si := 0; si < 4; si++ {
		p := with(base, "fusion", f(float64(si+1)), "lr", "0.04", "steps", "7000")
		fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: "loss", Series: si, Extract: "loss", Trajectory: true})
	}
	fig.Panels = append(fig.Panels, loss)
	return fig, nil
}

// random: docs/theory.md §7 item 7, §2.2 "random", §5.6.
func random() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Thirty random 20-dimensional data sets (inverse-Wishart covariances, random teachers). " +
			"Each point is one data set: x is the predicted ratio of §5.6, y the simulated one. Points near the diagonal mean the theory holds beyond the scalar toy.",
	}
	base := q("data", "random", "dim", "20", "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "lr", "0.005", "steps", "100000", "series", "")
	fig.Query = base.Encode()
	panel := protocol.Panel{ID: "scatter", Title: "Theory vs simulation, random covariances", XLabel: "predicted t_B/t_A (§5.6)", YLabel: "simulated t_B/t_A",
		XMin: num(0), XMax: num(20), YMin: num(0), YMax: num(20), Compare: "identity",
		Lines: []protocol.Line{{Label: "identity", Series: 0, Dash: true, Points: [][2]float64{{0, 0}, {20, 20}}}}}
	fig.Legend = []string{"data sets"}
	for seed := 1; seed <= 30; seed++ {
		fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: with(base, "seed", fmt.Sprint(seed)).Encode(), Panel: "scatter", Series: 0, Shape: "circle", Extract: "scatter", Label: fmt.Sprintf("seed %d", seed)})
	}
	fig.Panels = []protocol.Panel{panel}
	return fig, nil
}

// overparam: docs/theory.md §7 item 8, §5.11.
func overparam() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "100-dimensional noisy data with P = 700 or 70 samples. With enough data (P > D) late fusion only loses time: it rests at the unimodal error, then reaches the same solution as early fusion. " +
			"With too few samples (P < D) it commits to A first and ends with a worse, A-heavy solution: a permanent unimodal bias.",
	}
	base := q("data", "multi", "noise", "0.5", "depth", "2", "initscheme", "entrywise", "init", "1e-9", "lr", "0.04", "steps", "1200", "tol", "1e-12", "series", "")
	fig.Query = base.Encode()
	fig.Legend = []string{"late fusion", "early fusion"}
	// E_g^uni: only A fitted, W = (Σ_yA Σ_A⁻¹, 0) with the population moments.
	s, err := predict(with(base, "fusion", "2"))
	if err != nil {
		return nil, err
	}
	egUni := math.NaN()
	if s.OK {
		// Σ_AB = 0 for the fixed data: W_A^uni = w_A*, so E_g^uni = ½ w_B*ᵀ Σ_B w_B* = ½·50·3·0…; computed generally below.
		egUni = egAt(s)
	}
	split := protocol.Panel{ID: "split", Title: "Final weight split", XLabel: "run (1: P=700 late, 2: early, 3: P=70 late, 4: early)", YLabel: "‖W_A‖ (circle), ‖W_B‖ (triangle)", XMin: num(0.5), XMax: num(4.5), YMin: num(0)}
	k := 0
	for _, P := range []string{"700", "70"} {
		panel := protocol.Panel{ID: "eg-" + P, Title: "Generalisation error, P = " + P, XLabel: "step", YLabel: "E_g", Compare: "plateau"}
		if !math.IsNaN(egUni) {
			panel.Lines = append(panel.Lines, protocol.Line{Label: fmt.Sprintf("E_g^uni = %.3f (only A fitted)", egUni), Series: 0, Dash: true, Kind: "hline", At: egUni})
		}
		for si, lf := range []string{"2", "1"} {
			k++
			p := with(base, "samples", P, "fusion", lf)
			fig.Jobs = append(fig.Jobs,
				protocol.FigJob{Query: p.Encode(), Panel: panel.ID, Series: si, Extract: "eg", Trajectory: true},
				protocol.FigJob{Query: p.Encode(), Panel: "split", Series: si, X: float64(k), Extract: "split"})
		}
		fig.Panels = append(fig.Panels, panel)
	}
	fig.Panels = append(fig.Panels, split)
	return fig, nil
}

// egAt is E_g at the unimodal plateau for the fixed multi-dimensional data:
// with Σ_AB = 0 the plateau W_A^uni equals w_A*, so E_g^uni = ½ w_B*ᵀΣ_B w_B*
// = ½·50·0.1² = 0.25 (docs/theory.md §2.2, §5.11).
func egAt(t protocol.TheoryReport) float64 {
	_ = t
	return 0.5 * 50 * 0.01
}

// relu: docs/theory.md §9.1, §9.2, §5.12.
func relu() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "ReLU networks behave like linear ones on the scalar toy: the same ratios, times doubled. " +
			"On XOR + Gaussian data late fusion learns the XOR modality on its own clock, so which modality comes first depends on the variance v of the linear one; " +
			"early fusion with a strong linear modality never learns XOR. The line is the population prediction; runs on 2048 samples are compared with the theory of their own sample moments, which sits a few percent lower.",
	}
	base := q(append(twoLayer("2"), "ratio", "2")...)
	fig.Query = base.Encode()
	fig.Legend = []string{"linear", "ReLU", "v = 0.25", "v = 1", "v = 3"}
	toy := protocol.Panel{ID: "toy", Title: "Scalar toy, σ_A/σ_B = 2: time ratio", XLabel: "correlation ρ", YLabel: "t_B / t_A", YLog: true, Compare: "ratio-relu", Tol: 0.05,
		Lines: []protocol.Line{{Label: "theory (§5.10)", Series: 0, Points: curve(base, "rho", linspace(-0.8, 0.8, 33), ratio)}}}
	times := protocol.Panel{ID: "times", Title: "Learning times: ReLU ≈ 2 × linear (§5.12)", XLabel: "correlation ρ", YLabel: "steps", YLog: true,
		Lines: []protocol.Line{
			{Label: "theory t_A", Series: 0, Points: curve(base, "rho", linspace(-0.8, 0.8, 33), func(t protocol.TheoryReport) protocol.Num { return t.TASteps })},
			{Label: "theory t_A, ReLU (×2)", Series: 1, Dash: true, Points: curve(with(base, "act", "relu", "samples", "2048"), "rho", linspace(-0.8, 0.8, 33), func(t protocol.TheoryReport) protocol.Num { return t.TASteps })}}}
	for _, x := range []float64{-0.6, -0.3, 0, 0.3, 0.6} {
		lin := with(base, "rho", f(x), "samples", "2048")
		rl := with(lin, "act", "relu")
		fig.Jobs = append(fig.Jobs,
			protocol.FigJob{Query: lin.Encode(), Panel: "toy", Series: 0, Shape: "circle", X: x, Extract: "ratio", Compare: "ratio", Tol: 0.03, Label: "linear, 2048 samples"},
			protocol.FigJob{Query: rl.Encode(), Panel: "toy", Series: 1, Shape: "cross", X: x, Extract: "ratio"},
			protocol.FigJob{Query: lin.Encode(), Panel: "times", Series: 0, Shape: "circle", X: x, Extract: "times"},
			protocol.FigJob{Query: rl.Encode(), Panel: "times", Series: 1, Shape: "cross", X: x, Extract: "times"})
	}
	fig.Panels = []protocol.Panel{toy, times}
	for _, fu := range []struct{ id, name, lf string }{{"xor-late", "XOR + Gaussian, late fusion", "2"}, {"xor-early", "XOR + Gaussian, early fusion", "1"}} {
		panel := protocol.Panel{ID: fu.id, Title: fu.name, XLabel: "step", YLabel: "coefficient of ŷ on xor (solid) and x_B (dashed)",
			Lines: []protocol.Line{{Label: "§9.2 reference: XOR half-time ≈ 1370 steps (late)", Series: 0, Dash: true, Kind: "vline", At: 1370}}}
		for si, v := range []string{"0.25", "1", "3"} {
			p := q("data", "xor", "act", "relu", "varlin", v, "samples", "1024", "depth", "2", "fusion", fu.lf, "initscheme", "entrywise", "init", "1e-9", "lr", "0.04", "steps", "4000", "series", "")
			fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: fu.id, Series: 2 + si, Extract: "xor", Trajectory: true, Label: "v = " + v})
		}
		fig.Panels = append(fig.Panels, panel)
	}
	return fig, nil
}
