package preset

import (
	"fmt"
	"math"

	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/engine/stats"
	"unibias/protocol"
)

// The figures of the related work's measures and remedies (docs/theory.md
// §10.1, §10.3–§10.6), on the toy of §2.1 with the settings of the derived
// checks: aligned init, η = 0.01.
func init() {
	registry["remedies"] = remedies
	registry["greedy"] = greedy
	registry["decision"] = decisionLayer
	registry["critical"] = criticalPeriod
}

// remedySetting is one network of the remedies figure.
type remedySetting struct {
	id, title string
	kv        []string
}

var remedySettings = []remedySetting{
	{"late", "Late fusion (L = Lf = 2, u0 = 0.01)", []string{"depth", "2", "fusion", "2", "init", "0.01"}},
	{"inter", "Intermediate fusion (L = 3, Lf = 2, u0 = 0.1)", []string{"depth", "3", "fusion", "2", "init", "0.1"}},
}

// remedyList is the remedies compared, each as parameter overrides.
var remedyList = []struct {
	name string
	kv   []string
}{
	{"none", nil},
	{"Wu", []string{"wu", "balanced"}},
	{"OGM", []string{"ogm", "ogm", "alpha", "0.8"}},
	{"OGM-GE", []string{"ogm", "ogm-ge", "alpha", "0.8"}},
	{"dropout", []string{"dropa", "0.5"}},
	{"capability", []string{"capw", "true"}},
}

// remedyBase is the common setting of the remedy figures: the toy with
// r = 2, η = 0.01, no early stop, and a sweep-free query. The init is
// aligned, so the dynamics do not depend on the width (docs/theory.md §1.1):
// h = 20 keeps every figure fast.
func remedyBase(kv ...string) params.Set {
	return q(append([]string{"lr", "0.01", "tol", "1e-12", "series", "", "x", "rho", "width", "20"}, kv...)...)
}

// remedies: "Remedies vs the unimodal phase" (§10.6): t_A, t_B and the end
// point under each remedy at ρ = 0 and 0.5, late and intermediate fusion,
// beside the theory of the plain network.
func remedies() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "What the common remedies do to the unimodal phase of a linear network (σ_A/σ_B = 2). " +
			"Slowing the fast modality (Wu et al.'s balanced training, OGM, OGM-GE) delays A but leaves t_B unchanged at ρ = 0: B's plateau comes from its own tiny scale, not from A. " +
			"At ρ = 0.5 the remedies move t_B, but balanced training also moves the end point away from the optimum W = (1, 1). " +
			"Remedies: Wu = balanced training (ε = 0.01, Q = 5), OGM and OGM-GE at α = 0.8 over the first half, dropout of A with p_A = 0.5, capability-weighted fusion (our reading of Ma & Chen's recommendation). " +
			"Dashed lines: the theory's t_A and t_B without a remedy.",
		Query:  remedyBase(append(remedySettings[0].kv, "ogm", "ogm", "alpha", "0.8")...).Encode(),
		Legend: []string{"ρ = 0", "ρ = 0.5"},
	}
	var ticks []protocol.Mark
	for i, r := range remedyList {
		ticks = append(ticks, protocol.Mark{X: float64(i), Label: r.name})
	}
	xmin, xmax := protocol.N(-0.5), protocol.N(float64(len(remedyList))-0.5)
	for _, s := range remedySettings {
		times := protocol.Panel{ID: "times-" + s.id, Title: s.title + ": when each modality is learned", XLabel: "remedy",
			YLabel: "t_A (circles), t_B (triangles), steps", YLog: true, XTicks: ticks, XMin: xmin, XMax: xmax}
		end := protocol.Panel{ID: "end-" + s.id, Title: s.title + ": end point after 6000 steps", XLabel: "remedy",
			YLabel: "W_A (circles), W_B (triangles)", XTicks: ticks, XMin: xmin, XMax: xmax}
		end.Lines = append(end.Lines, protocol.Line{Label: "optimum W_A = W_B = 1", Series: 0, Dash: true, Kind: "hline", At: 1})
		for si, rho := range []float64{0, 0.5} {
			base := remedyBase(append(append([]string(nil), s.kv...), "rho", f(rho), "steps", "6000")...)
			t, err := predict(base)
			if err != nil {
				return nil, err
			}
			ta, tb := t.TASteps, t.TBSteps
			if ta == nil {
				ta, tb = t.ODETASteps, t.ODETBSteps
			}
			if ta != nil && tb != nil {
				times.Lines = append(times.Lines,
					protocol.Line{Label: fmt.Sprintf("theory t_A, no remedy, ρ = %g", rho), Series: si, Dash: true, Kind: "hline", At: *ta},
					protocol.Line{Label: fmt.Sprintf("theory t_B, no remedy, ρ = %g", rho), Series: si, Dash: true, Kind: "hline", At: *tb})
			}
			for ri, r := range remedyList {
				p := with(base, r.kv...)
				x := float64(ri) + 0.15*float64(2*si-1)
				label := fmt.Sprintf("%s, ρ = %g", r.name, rho)
				fig.Jobs = append(fig.Jobs,
					protocol.FigJob{Query: p.Encode(), Panel: times.ID, Series: si, X: x, Extract: "times", Label: label},
					protocol.FigJob{Query: p.Encode(), Panel: end.ID, Series: si, X: x, Extract: "split", Label: label})
			}
		}
		fig.Panels = append(fig.Panels, times, end)
	}
	return fig, nil
}

// greedy: "Greedy learning" (§10.1): the conditional utilisation rates and
// the learning-speed imbalance over training, beside the loss and the
// weights, with t_A and t_B marked.
func greedy() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Wu et al.'s measures of greedy learning on a two-layer late-fusion linear network (σ_A/σ_B = 2). " +
			"While the network sits on A's plateau it uses only A: u(A|B) ≈ 1 and u(B|A) ≈ 0; once B is learned they settle at the optimum's 0.8 and 0.2. " +
			"The learning-speed imbalance d = log10(M_B/M_A) starts at log10(Σ_yB²/Σ_yA²) = −1.20 (ρ = 0): A learns sixteen times faster; it climbs once A is learned and M_A stops growing, and freezes when B is learned too. Dashed lines: the theory's t_A and t_B.",
		Query:  remedyBase(append(remedySettings[0].kv, "steps", "1500")...).Encode(),
		Legend: []string{"ρ = 0", "ρ = 0.5"},
	}
	loss := protocol.Panel{ID: "loss", Title: "Loss", XLabel: "step", YLabel: "ℒ / ℒ(0)", YLog: true}
	w := protocol.Panel{ID: "weights", Title: "Total weights", XLabel: "step", YLabel: "W_A^tot (solid), W_B^tot (dashed)"}
	u := protocol.Panel{ID: "util", Title: "Conditional utilisation rates (§10.1)", XLabel: "step", YLabel: "u(A|B) (solid), u(B|A) (dashed)",
		YMin: protocol.N(-0.05), YMax: protocol.N(1.05)}
	d := protocol.Panel{ID: "speed", Title: "Learning-speed imbalance (§10.1)", XLabel: "step", YLabel: "d = log10(M_B / M_A)"}
	u.Lines = append(u.Lines, protocol.Line{Label: "optimum: u(A|B) = 0.8 (ρ = 0)", Series: 0, Dash: true, Kind: "hline", At: 0.8},
		protocol.Line{Label: "optimum: u(B|A) = 0.2 (ρ = 0)", Series: 0, Dash: true, Kind: "hline", At: 0.2})
	for si, rho := range []float64{0, 0.5} {
		p := remedyBase(append(append([]string(nil), remedySettings[0].kv...), "rho", f(rho), "steps", "1500")...)
		t, err := predict(p)
		if err != nil {
			return nil, err
		}
		for _, pan := range []*protocol.Panel{&w, &u, &d} {
			if t.TASteps != nil && t.TBSteps != nil {
				pan.Lines = append(pan.Lines,
					protocol.Line{Label: fmt.Sprintf("theory t_A, ρ = %g", rho), Series: si, Dash: true, Kind: "vline", At: *t.TASteps},
					protocol.Line{Label: fmt.Sprintf("theory t_B, ρ = %g", rho), Series: si, Dash: true, Kind: "vline", At: *t.TBSteps})
			}
		}
		// d₀ = log10(Σ_yB²/Σ_yA²) at initialisation (§10.1, derived).
		m := theoryMoments(p)
		if m != nil && m.Syx[0] != 0 && m.Syx[1] != 0 {
			d.Marks = append(d.Marks, protocol.Mark{X: 0, Y: log10(m.Syx[1] * m.Syx[1] / (m.Syx[0] * m.Syx[0])), Label: fmt.Sprintf("d₀ (ρ = %g)", rho)})
		}
		label := fmt.Sprintf("ρ = %g", rho)
		for _, j := range []struct{ panel, extract string }{{loss.ID, "loss"}, {w.ID, "weights"}, {u.ID, "utilisation"}, {d.ID, "speed"}} {
			fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: j.panel, Series: si, Extract: j.extract, Trajectory: true, Label: label})
		}
	}
	fig.Panels = append(fig.Panels, loss, w, u, d)
	return fig, nil
}

// decisionLayer: "Decision layer" (§10.3): the decision-weight, feature and
// contribution ratios over training beside their closed forms.
func decisionLayer() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Ma & Chen's decision-layer view of late fusion (σ_A/σ_B = 2, ρ = 0). " +
			"At the end the fusion weights of the two modalities are equal (ratio 1) while their features and output contributions differ by 2: " +
			"the imbalance lives in feature space, not in the decision weights. On A's plateau every ratio peaks, the decision-weight ratio least: it is the L-th root of W_A/W_B. " +
			"Solid: measured in the network; dashed: the closed forms (W_A/W_B)^{1/L}, (σ_A/σ_B)(W_A/W_B)^{(L−1)/L} and σ_A W_A/(σ_B W_B) on the same run.",
		Query:  remedyBase("depth", "2", "fusion", "2", "init", "0.01", "steps", "1500").Encode(),
		Legend: []string{"decision weights ‖F_A‖/‖F_B‖", "features RMS h_A / RMS h_B", "contributions RMS ŷ_A / RMS ŷ_B"},
	}
	for _, L := range []int{2, 4} {
		init := "0.01"
		steps := "1500"
		if L == 4 {
			init, steps = "0.3", "4000"
		}
		p := remedyBase("depth", fmt.Sprint(L), "fusion", fmt.Sprint(L), "init", init, "steps", steps)
		pan := protocol.Panel{ID: fmt.Sprintf("dec-L%d", L), Title: fmt.Sprintf("Late fusion, L = %d (u0 = %s)", L, init), XLabel: "step",
			YLabel: "ratio A / B", YLog: true, YMin: protocol.N(0.7)}
		pan.Lines = append(pan.Lines, protocol.Line{Label: "end: decision weights 1 : 1", Series: 0, Dash: true, Kind: "hline", At: 1},
			protocol.Line{Label: "end: features and contributions 2 : 1", Series: 2, Dash: true, Kind: "hline", At: 2})
		fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: pan.ID, Series: 0, Extract: "decision", Trajectory: true, Label: fmt.Sprintf("L = %d", L)})
		fig.Panels = append(fig.Panels, pan)
	}
	return fig, nil
}

// criticalPeriod: "Critical period" (§10.5): B's final share against the
// length of an initial deficit of B, one line per depth, at ρ = 0.99.
func criticalPeriod() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "A deficit window: modality B is withheld for the first T steps, then both are trained for the rest of 10 000 steps. " +
			"The two modalities are equally strong and almost redundant (ρ = 0.99), so without a deficit each carries half of the shared function. " +
			"After a deficit A has taken it over, and B wins back only what the slow redundant direction returns in time — less the deeper the network (Kleinman et al. 2024). " +
			"Aligned initialisation, h = 20 (the dynamics do not depend on the width).",
		Query: remedyBase("depth", "3", "fusion", "3", "init", "0.1", "lr", "0.02", "ratio", "1", "rho", "0.99", "steps", "10000", "deficit", "300").Encode(),
	}
	pan := protocol.Panel{ID: "share", Title: "B's share of the shared function after 10 000 steps", XLabel: "deficit length T (steps)",
		YLabel: "W_B / (W_A + W_B)", XLog: true, XMin: protocol.N(7), XMax: protocol.N(4500), YMin: protocol.N(-0.02), YMax: protocol.N(0.55), Connect: true}
	pan.Lines = append(pan.Lines, protocol.Line{Label: "no deficit and the optimum: W_B/(W_A + W_B) = 1/2", Series: 0, Dash: true, Kind: "hline", At: 0.5})
	for si, L := range []int{2, 3, 4} {
		fig.Legend = append(fig.Legend, fmt.Sprintf("L = %d (late fusion)", L))
		for _, T := range []int{10, 30, 100, 300, 1000, 3000} {
			p := remedyBase("depth", fmt.Sprint(L), "fusion", fmt.Sprint(L), "init", "0.1", "lr", "0.02", "ratio", "1", "rho", "0.99", "steps", "10000", "deficit", fmt.Sprint(T))
			fig.Jobs = append(fig.Jobs, protocol.FigJob{Query: p.Encode(), Panel: pan.ID, Series: si, X: float64(T), Extract: "share", Label: fmt.Sprintf("L = %d, T = %d", L, T)})
		}
	}
	fig.Panels = append(fig.Panels, pan)
	return fig, nil
}

// theoryMoments are the population moments of p's data (nil on error).
func theoryMoments(p params.Set) *stats.Moments {
	s, err := experiment.BuildTheory(p)
	if err != nil {
		return nil
	}
	return &s.Data.Pop
}

func log10(x float64) float64 { return math.Log10(x) }
