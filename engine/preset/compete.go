package preset

import (
	"fmt"
	"math"

	"unibias/engine/compete"
	"unibias/engine/params"
	"unibias/protocol"
)

// The three figures of Huang et al. (ICML 2022) on modality competition,
// docs/theory.md §10.2. Each job is a joint-versus-unimodal comparison
// (engine/compete): its query carries compete=1.

// competeJob is a figure job that runs the comparison of p.
func competeJob(p params.Set, panel, extract string, x float64, label string) protocol.FigJob {
	return protocol.FigJob{Query: p.Encode() + "&" + compete.QueryKey + "=1", Panel: panel, X: x, Extract: extract, Label: label}
}

// spirit is the sentence every caption of these figures carries.
const spirit = "The data model is in the spirit of Huang et al.'s insufficient-data model (no official code exists): " +
	"labels ±1, each modality's feature present in a fraction 1 − p_m of the samples, Gaussian noise σ_n on every input."

// smooth20 is the 20-dimensional smoothed-ReLU setting of §10.2 (20 inputs
// per modality, 10 units per encoder, q = 3, β = 1, μ_A = 1, μ_B = 0.7,
// σ_n = 0.3, init N(0, 0.01²), step 0.5), on 1000 samples for 1500 steps.
func smooth20() params.Set {
	return q("data", "insufficient", "loss", "logistic", "act", "smoothrelu", "q", "3", "beta", "1", "depth", "2", "fusion", "2", "width", "10", "dim", "40",
		"mua", "1", "mub", "0.7", "sigman", "0.3", "pb", "0", "samples", "1000", "lr", "0.5", "init", "0.01", "initscheme", "entrywise", "steps", "1500", "tol", "1e-12")
}

// width1 is the width-1 linear late-fusion setting of §10.2 (600 samples,
// μ_A = 2, μ_B = 1, σ_n = 1, logistic loss, lr 0.05, u0 0.01).
func width1() params.Set {
	return q("data", "insufficient", "loss", "logistic", "act", "linear", "depth", "2", "fusion", "2", "width", "1", "dim", "2",
		"mua", "2", "mub", "1", "sigman", "1", "samples", "600", "lr", "0.05", "init", "0.01", "initscheme", "aligned", "steps", "1500", "tol", "1e-12")
}

// competition: alignment of each encoder over time, joint vs alone, at
// p_A = 0 and p_A = 0.2 (§10.2).
func competition() (*protocol.Figure, error) {
	base := smooth20()
	fig := &protocol.Figure{
		Caption: "Two-layer networks with smoothed-ReLU encoders (20 inputs and 10 units per modality) learn to classify under the logistic loss. " +
			"Top: each encoder's alignment with its feature; bottom: each modality's own loss (the other input at 0). Solid lines: trained jointly; dashed: each modality trained alone from the same initial weights. " +
			"When A's feature is always present (p_A = 0), B's encoder stays within a small factor of its initial scale (dashed line) in joint training — once A fits, the loss stops pushing B — " +
			"while alone it grows by orders of magnitude; when A is missing from 20% of the samples (p_A = 0.2), B is only delayed. " + spirit,
		Query:  base.Encode(),
		Legend: []string{"modality A", "modality B"},
	}
	for _, pa := range []float64{0, 0.2} {
		id := fmt.Sprintf("align-%g", pa)
		p := with(base, "pa", f(pa))
		_, b0, err := compete.InitialAlignment(p)
		if err != nil {
			return nil, err
		}
		fig.Panels = append(fig.Panels, protocol.Panel{ID: id, Title: fmt.Sprintf("p_A = %g: alignment of each encoder", pa),
			XLabel: "step", YLabel: "max_j |w_j[1]| (log)", YLog: true,
			Lines: []protocol.Line{{Label: "B's initial scale", Series: 1, Dash: true, Kind: "hline", At: b0}}})
		fig.Jobs = append(fig.Jobs, competeJob(p, id, "compete-align", pa, fmt.Sprintf("p_A = %g", pa)))
	}
	// Each modality's own loss ℒ(f(x_m, 0)): the indicator §10.2 recommends
	// beside the alignment (the same runs, answered from the workers' cache).
	for _, pa := range []float64{0, 0.2} {
		id := fmt.Sprintf("loss-%g", pa)
		fig.Panels = append(fig.Panels, protocol.Panel{ID: id, Title: fmt.Sprintf("p_A = %g: each modality's own logistic loss", pa),
			XLabel: "step", YLabel: "ℒ with the other input at 0 (log)", YLog: true,
			Lines: []protocol.Line{{Label: "log 2: the output carries nothing", Series: 1, Dash: true, Kind: "hline", At: math.Ln2}}})
		fig.Jobs = append(fig.Jobs, competeJob(with(base, "pa", f(pa)), id, "compete-ownloss", pa, fmt.Sprintf("p_A = %g", pa)))
	}
	return fig, nil
}

// jointLoses: test accuracy of joint vs each unimodal model as p_A grows, on
// the full test set and where A is missing (§10.2).
func jointLoses() (*protocol.Figure, error) {
	base := width1()
	fig := &protocol.Figure{
		Caption: "Width-1 linear late-fusion networks under the logistic loss, 1500 steps on 600 samples, tested on 4000 held-out samples. " +
			"Circles: the joint network; squares: A alone; triangles: B alone; dashed: the best accuracy any model of one modality can reach. " +
			"The test set is drawn like the training set (A missing with the same p_A); the right panel removes A's feature from every test sample. " +
			"On the full test set the joint network beats each modality alone, but where A is absent it loses to B alone: " +
			"while A explains the training labels, B's weight barely grows. The more often A is missing in training, the smaller the gap. " + spirit,
		Query:  base.Encode(),
		Legend: []string{"joint", "A alone", "B alone"},
		Panels: []protocol.Panel{
			{ID: "acc-full", Title: "Test accuracy, full test set", XLabel: "p_A (A missing in training)", YLabel: "accuracy"},
			{ID: "acc-noA", Title: "Test accuracy, modality A absent", XLabel: "p_A (A missing in training)", YLabel: "accuracy"},
		},
	}
	// Theory: the best accuracy of a model that sees one modality only,
	// (1 − p_m)Φ(μ_m/σ_n) + p_m/2 (the rule sign(x_m[1])).
	dense := linspace(0, 0.6, 61)
	var bestA [][2]float64
	for _, pa := range dense {
		bestA = append(bestA, [2]float64{pa, compete.SignAccuracy(2, pa, 1)})
	}
	bestB := compete.SignAccuracy(1, 0, 1)
	fig.Panels[0].Lines = []protocol.Line{
		{Label: "best with A only: (1 − p_A)Φ(μ_A/σ_n) + p_A/2", Series: 1, Dash: true, Points: bestA},
		{Label: "best with B only: Φ(μ_B/σ_n)", Series: 2, Dash: true, Kind: "hline", At: bestB}}
	fig.Panels[1].Lines = []protocol.Line{
		{Label: "best with A only: chance", Series: 1, Dash: true, Kind: "hline", At: 0.5},
		{Label: "best with B only: Φ(μ_B/σ_n)", Series: 2, Dash: true, Kind: "hline", At: bestB}}
	for _, pa := range linspace(0, 0.6, 7) {
		p := with(base, "pa", f(pa))
		lab := fmt.Sprintf("p_A = %g", pa)
		fig.Jobs = append(fig.Jobs,
			competeJob(p, "acc-full", "compete-acc", pa, lab),
			competeJob(p, "acc-noA", "compete-acc-noA", pa, lab)) // the same run: workers answer it from their cache
	}
	return fig, nil
}

// driveB: the squared-loss closed form for B's drive on A's plateau
// against simulation (§10.2).
func driveB() (*protocol.Figure, error) {
	fig := &protocol.Figure{
		Caption: "Under the squared loss, once A has reached its plateau the pull on B — the part of the residual B's feature still explains — " +
			"falls to (1 + p_A(1−p_A)μ_A²)/(1 + (1−p_A)μ_A²) of its initial value (σ_n = 1): only the samples in which A is missing still drive B. " +
			"Lines: closed form; circles: width-1 linear late-fusion networks on the population moments (μ_B = 0.05, u0 = 1e-4), read where A's own drive has fallen below 0.1%. " + spirit,
		Query: q("data", "insufficient", "depth", "2", "fusion", "2", "width", "1", "dim", "2", "mua", "2", "mub", "0.05", "init", "0.0001", "lr", "0.05", "steps", "3000", "tol", "1e-12").Encode(),
	}
	panel := protocol.Panel{ID: "drive", Title: "B's drive on A's plateau, relative to its initial value", XLabel: "p_A (A missing)", YLabel: "drive ratio",
		Compare: "drive", YMin: protocol.N(0), YMax: protocol.N(1)}
	for si, muA := range []float64{2, 1} {
		fig.Legend = append(fig.Legend, fmt.Sprintf("μ_A = %g", muA))
		var pts [][2]float64
		for _, pa := range linspace(0, 0.9, 91) {
			pts = append(pts, [2]float64{pa, compete.DriveTheory(muA, pa, 1)})
		}
		panel.Lines = append(panel.Lines, protocol.Line{Label: "(1 + p_A(1−p_A)μ_A²)/(1 + (1−p_A)μ_A²)", Series: si, Points: pts})
		base := q("data", "insufficient", "loss", "squared", "act", "linear", "depth", "2", "fusion", "2", "width", "1", "dim", "2",
			"mua", f(muA), "mub", "0.05", "sigman", "1", "pb", "0", "samples", "0", "lr", "0.05", "init", "0.0001", "initscheme", "aligned", "steps", "3000", "tol", "1e-12")
		for _, pa := range linspace(0, 0.8, 9) {
			j := competeJob(with(base, "pa", f(pa)), "drive", "drive", pa, fmt.Sprintf("μ_A = %g", muA))
			j.Series, j.Shape = si, "circle"
			fig.Jobs = append(fig.Jobs, j)
		}
	}
	fig.Panels = []protocol.Panel{panel}
	return fig, nil
}
