package compose

import (
	"math"
	"strconv"

	"unibias/figure"
	"unibias/protocol"
)

// Live is the state of one training run drawn by the live charts.
type Live struct {
	Points     []protocol.TrajPoint
	Theory     *protocol.TheoryReport
	InitScheme string       // the reduced ODE is the reference for "aligned"
	Step       int          // steps run so far
	Budget     float64      // step budget
	TA, TB     protocol.Num // detected times (steps), nil until detected
	LinearLoss bool         // linear loss axis (default log)
	Started    bool         // a run exists (else the charts say "no run yet")
	Measure    string       // the measure chart shown (MeasureKinds), "" for none
}

// LiveFrame is the geometry of the two live charts.
var LiveFrame = figure.Frame{W: 420, H: 270, L: 56, R: 10, T: 14, B: 44}

// Predicted is the run's predicted t_A, t_B in steps.
func (l *Live) Predicted() (ta, tb float64) { return PredictedTimes(l.Theory, l.InitScheme) }

// xAxis is the step axis: it grows with the run and leaves room for the
// predicted t_B, so curves grow into a stable frame.
func (l *Live) xAxis() figure.Axis {
	hi := math.Max(float64(l.Step), 100)
	pta, ptb := l.Predicted()
	if ptb > 0 {
		hi = math.Max(hi, 1.3*ptb)
	} else if pta > 0 {
		hi = math.Max(hi, 3*pta)
	}
	if l.Budget > 0 {
		hi = math.Min(hi, math.Max(l.Budget, float64(l.Step)))
	}
	s := figure.NiceStep(hi / 5)
	return figure.Axis{Label: "steps", Min: 0, Max: math.Ceil(hi/s-1e-9) * s, Ticks: 5, Format: figure.FormatSteps}
}

func (l *Live) series(get func(protocol.TrajPoint) protocol.Num) (xs, ys []float64) {
	xs, ys = make([]float64, len(l.Points)), make([]float64, len(l.Points))
	for i, p := range l.Points {
		xs[i], ys[i] = float64(p.Step), num(get(p))
	}
	return xs, ys
}

// valueAt interpolates a trajectory quantity at a step.
func (l *Live) valueAt(step float64, get func(protocol.TrajPoint) protocol.Num) float64 {
	for i := 1; i < len(l.Points); i++ {
		a, b := l.Points[i-1], l.Points[i]
		if float64(b.Step) >= step {
			fa, fb := num(get(a)), num(get(b))
			if b.Step == a.Step {
				return fb
			}
			f := (step - float64(a.Step)) / float64(b.Step-a.Step)
			return fa + f*(fb-fa)
		}
	}
	if n := len(l.Points); n > 0 {
		return num(get(l.Points[n-1]))
	}
	return math.NaN()
}

// midPhase is the pixel x in the middle of the predicted unimodal phase,
// where the plateau labels go (NaN when unknown).
func (l *Live) midPhase(p *figure.Panel) float64 {
	pta, ptb := l.Predicted()
	if math.IsNaN(pta) || math.IsNaN(ptb) {
		return math.NaN()
	}
	sx, _ := p.Scales()
	return (sx.Map(pta) + sx.Map(ptb)) / 2
}

// decorate adds the predicted (dashed) and detected (solid) learning times
// and, without points, a placeholder.
func (l *Live) decorate(p *figure.Panel) {
	pta, ptb := l.Predicted()
	p.Over = append(p.Over,
		figure.VLine{At: pta, Class: "pred pred-ta", Label: "t_A predicted"},
		figure.VLine{At: ptb, Class: "pred pred-tb", Label: "t_B predicted"},
		figure.VLine{At: num(l.TA), Class: "det det-ta"},
		figure.VLine{At: num(l.TB), Class: "det det-tb"})
	if len(l.Points) == 0 {
		msg := "no run yet"
		if l.Started {
			msg = "waiting for the first steps…"
		}
		f := p.Frame
		p.Over = append(p.Over, figure.Text{X: (f.Left() + f.Right()) / 2, Y: (f.Top() + f.Bottom()) / 2, Pixel: true, Text: msg, Class: "placeholder", Anchor: "middle"})
	}
}

// LossChart is the live run's loss against steps (log or linear), with the
// loss of the unimodal plateau (docs/theory.md §5.8).
func (l *Live) LossChart() *figure.Panel {
	xs, ls := l.series(func(p protocol.TrajPoint) protocol.Num { return p.Loss })
	lo, hi := math.Inf(1), 0.0
	for _, v := range ls {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if l.Theory != nil {
		for _, v := range []float64{num(l.Theory.LossPlateau), num(l.Theory.LossZero)} {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	y := figure.Axis{Label: "loss ℒ", Ticks: 5}
	if l.LinearLoss {
		if hi <= 0 {
			hi = 1
		}
		s := figure.NiceStep(hi * 1.05 / 5)
		y.Min, y.Max = 0, math.Ceil(hi*1.05/s-1e-9)*s
	} else {
		if !(lo > 0) {
			lo, hi = 1e-3, 1
		}
		y.Min, y.Max = figure.NiceLogDomain(math.Max(lo, hi*1e-8)/1.5, hi*1.5)
		y.Log = true
	}
	p := &figure.Panel{ID: "live-loss", Class: "live-chart", Title: "Loss of the live run", Frame: LiveFrame,
		Label: "Loss against training steps for the live run",
		Desc:  "Training loss against steps; dashed: the loss of the unimodal plateau, where only modality A is learned.",
		X:     l.xAxis(), Y: y}
	if l.Theory != nil {
		p.Items = append(p.Items, figure.HLine{At: num(l.Theory.LossPlateau), Class: "plateau", Label: "plateau ℒ(M_A)", LabelX: l.midPhase(p)})
	}
	p.Items = append(p.Items, figure.Curve{Xs: xs, Ys: ls, Class: "live-loss"})
	l.decorate(p)
	return p
}

// WeightChart is W_A^tot and W_B^tot against steps with the plateau W_A^uni
// (§5.1) and the learning times.
func (l *Live) WeightChart() *figure.Panel {
	getA := func(p protocol.TrajPoint) protocol.Num { return p.WA }
	getB := func(p protocol.TrajPoint) protocol.Num { return p.WB }
	xs, wa := l.series(getA)
	_, wb := l.series(getB)
	lo, hi := 0.0, 1.0
	for _, v := range append(append([]float64{}, wa...), wb...) {
		if figure.IsFinite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	plateau := math.NaN()
	if l.Theory != nil && len(l.Theory.Plateau) == 1 {
		plateau = num(l.Theory.Plateau[0])
	}
	if figure.IsFinite(plateau) {
		lo, hi = math.Min(lo, plateau), math.Max(hi, plateau)
	}
	span := hi - lo
	p := &figure.Panel{ID: "live-w", Class: "live-chart", Title: "Total weights W_A^tot and W_B^tot of the live run", Frame: LiveFrame,
		Label: "Total weights on modalities A and B against training steps for the live run",
		Desc:  "Blue: W_A^tot; vermillion: W_B^tot. Dashed horizontal: the unimodal plateau W_A^uni. Dashed vertical: predicted t_A and t_B; circle and triangle: detected t_A and t_B (half-height rule).",
		X:     l.xAxis(), Y: figure.Axis{Label: "total weight W^tot", Min: lo - 0.04*span, Max: hi + 0.08*span, Ticks: 5}}
	p.Items = append(p.Items,
		figure.HLine{At: plateau, Class: "plateau", Label: "plateau W_A^uni", LabelX: l.midPhase(p)},
		figure.Curve{Xs: xs, Ys: wa, Class: "live-wa"},
		figure.Curve{Xs: xs, Ys: wb, Class: "live-wb"})
	l.decorate(p)
	if l.TA != nil {
		p.Over = append(p.Over, figure.Marker{X: *l.TA, Y: l.valueAt(*l.TA, getA), Shape: "circle", R: 5.5, Class: "mark live-ta", Tip: "t_A detected at step " + strconv.Itoa(int(*l.TA))})
	}
	if l.TB != nil {
		p.Over = append(p.Over, figure.Marker{X: *l.TB, Y: l.valueAt(*l.TB, getB), Shape: "triangle", R: 6.5, Class: "mark live-tb", Tip: "t_B detected at step " + strconv.Itoa(int(*l.TB))})
	}
	// A small key in the bottom-right corner, where the curves never are
	// (both weights start near zero and end near their targets).
	f := p.Frame
	kx, ky := f.Right()-92, f.Bottom()-30
	p.Over = append(p.Over,
		figure.Text{X: kx + 25, Y: ky + 4, Pixel: true, Text: "W_A^tot", Class: "line-label label-a"},
		figure.Text{X: kx + 25, Y: ky + 21, Pixel: true, Text: "W_B^tot", Class: "line-label label-b"},
		figure.Segment{X1: kx, Y1: ky, X2: kx + 20, Y2: ky, Class: "live-wa"},
		figure.Segment{X1: kx, Y1: ky + 17, X2: kx + 20, Y2: ky + 17, Class: "live-wb"})
	return p
}

// LiveFigure is the live charts as one figure (the page's export): loss,
// weights and, when Measure is set, the measure chart shown.
func (l *Live) LiveFigure(caption string) *figure.Figure {
	ps := []*figure.Panel{l.LossChart(), l.WeightChart()}
	if l.Measure != "" {
		ps = append(ps, l.MeasureChart(l.Measure))
	}
	return &figure.Figure{Name: "live", Title: "Live training run", Caption: caption, Panels: ps}
}

// MeasureKinds are the live run's measure charts (docs/theory.md §10), in menu
// order: Key is the value of Live.Measure, Label the menu text.
var MeasureKinds = []struct{ Key, Label string }{
	{"utilisation", "Utilisation rates u(A|B), u(B|A) (Wu et al.)"},
	{"speed", "Learning-speed imbalance d (Wu et al.)"},
	{"ogm", "Scores and OGM coefficients (Peng et al.)"},
	{"decision", "Decision-layer ratios (Ma & Chen)"},
	{"rms", "Feature and contribution RMS (Ma & Chen)"},
	{"capability", "Explained fractions P(f), P(f_A′), P(f_B′)"},
}

// measureLine is one curve of a measure chart.
type measureLine struct {
	get   func(protocol.TrajPoint) float64
	label string
	color string
	dash  bool
}

// MeasureChart is the live run's chart of one of the related work's measures
// (MeasureKinds; docs/theory.md §10.1, §10.3, §10.4), with the predicted and
// detected learning times.
func (l *Live) MeasureChart(kind string) *figure.Panel {
	g := func(f func(protocol.TrajPoint) protocol.Num) func(protocol.TrajPoint) float64 {
		return func(p protocol.TrajPoint) float64 { return num(f(p)) }
	}
	ratio := func(a, b func(protocol.TrajPoint) protocol.Num) func(protocol.TrajPoint) float64 {
		return func(p protocol.TrajPoint) float64 {
			if y := num(b(p)); y != 0 {
				return num(a(p)) / y
			}
			return math.NaN()
		}
	}
	cA, cB, cC := "#0072B2", "#D55E00", "#009E73" // A, B (the page's colours), both
	var (
		title, ylabel, desc string
		lines               []measureLine
		log                 bool
		lo, hi              = math.NaN(), math.NaN()
	)
	switch kind {
	case "speed":
		title, ylabel = "Learning-speed imbalance d = log10(M_B/M_A)", "d"
		desc = "Conditional learning-speed imbalance of Wu et al. (§10.1): the log ratio of B's and A's accumulated relative gradient energies; negative while A learns faster."
		lines = []measureLine{{g(func(p protocol.TrajPoint) protocol.Num { return p.D }), "d", cA, false}}
	case "ogm":
		title, ylabel, lo, hi = "Scores s_A, s_B and OGM coefficients k_A, k_B", "score (solid), coefficient (dashed)", 0, 1.05
		desc = "Per-modality scores (§10.0) and the coefficients OGM applies at the run's α (§10.4): the modality with the higher score is slowed."
		lines = []measureLine{
			{g(func(p protocol.TrajPoint) protocol.Num { return p.SA }), "s_A", cA, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.SB }), "s_B", cB, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.KA }), "k_A", cA, true},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.KB }), "k_B", cB, true}}
	case "decision":
		title, ylabel, log = "Decision-layer ratios A / B", "ratio A / B", true
		desc = "Ma & Chen's measures (§10.3): decision weights ‖F_A‖/‖F_B‖, feature RMS ratio and output-contribution RMS ratio."
		lines = []measureLine{
			{ratio(func(p protocol.TrajPoint) protocol.Num { return p.DecA }, func(p protocol.TrajPoint) protocol.Num { return p.DecB }), "‖F_A‖/‖F_B‖", cA, false},
			{ratio(func(p protocol.TrajPoint) protocol.Num { return p.FeatA }, func(p protocol.TrajPoint) protocol.Num { return p.FeatB }), "features", cB, false},
			{ratio(func(p protocol.TrajPoint) protocol.Num { return p.ContA }, func(p protocol.TrajPoint) protocol.Num { return p.ContB }), "contributions", cC, false}}
	case "rms":
		title, ylabel = "Feature RMS (solid) and contribution RMS (dashed)", "RMS"
		desc = "RMS norm of what each modality feeds into the fusion layer and of its output contribution ŷ_m (§10.3)."
		lines = []measureLine{
			{g(func(p protocol.TrajPoint) protocol.Num { return p.FeatA }), "h_A", cA, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.FeatB }), "h_B", cB, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.ContA }), "ŷ_A", cA, true},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.ContB }), "ŷ_B", cB, true}}
	case "capability":
		title, ylabel, hi = "Explained fraction of the target", "P", 1.05
		desc = "P(f) = 1 − ℒ/ℒ₀ of the network and P(f_m′) of the network with the other modality at its mean: each modality's unimodal capability (§10.0, §10.3; accuracies under the logistic loss)."
		lines = []measureLine{
			{g(func(p protocol.TrajPoint) protocol.Num { return p.PF }), "P(f)", cC, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.PA }), "P(f_A′)", cA, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.PB }), "P(f_B′)", cB, false}}
	default:
		kind = "utilisation"
		title, ylabel, lo, hi = "Conditional utilisation rates", "u", -0.05, 1.05
		desc = "Wu et al.'s conditional utilisation rates (§10.1): how much the network's fit relies on each modality given the other."
		lines = []measureLine{
			{g(func(p protocol.TrajPoint) protocol.Num { return p.UAB }), "u(A|B)", cA, false},
			{g(func(p protocol.TrajPoint) protocol.Num { return p.UBA }), "u(B|A)", cB, false}}
	}
	fr := LiveFrame
	fr.T = 30 // the key sits in one row above the plot
	p := &figure.Panel{ID: "live-measure-chart", Class: "live-chart live-measure-" + kind, Title: title, Frame: fr,
		Label: title + " against training steps for the live run", Desc: desc, X: l.xAxis()}
	dlo, dhi := math.Inf(1), math.Inf(-1)
	for _, ln := range lines {
		var xs, ys []float64
		for _, pt := range l.Points {
			if v := ln.get(pt); figure.IsFinite(v) && (!log || v > 0) {
				xs, ys = append(xs, float64(pt.Step)), append(ys, v)
				dlo, dhi = math.Min(dlo, v), math.Max(dhi, v)
			}
		}
		cls := "live-measure"
		if ln.dash {
			cls += " dashed"
		}
		p.Items = append(p.Items, figure.Curve{Xs: xs, Ys: ys, Class: cls, Stroke: ln.color, Tip: ln.label})
	}
	if !figure.IsFinite(dlo) {
		dlo, dhi = 0, 1
		if log {
			dlo, dhi = 1, 10
		}
	}
	if figure.IsFinite(lo) {
		dlo = math.Min(dlo, lo)
	}
	if figure.IsFinite(hi) {
		dhi = math.Max(dhi, hi)
	}
	y := figure.Axis{Label: ylabel, Ticks: 5, Log: log}
	if log {
		y.Min, y.Max = figure.NiceLogDomain(dlo/1.3, dhi*1.3)
	} else {
		span := math.Max(dhi-dlo, 1e-9)
		y.Min, y.Max = dlo-0.04*span, dhi+0.06*span
	}
	p.Y = y
	l.decorate(p)
	// The key, in one row above the plot.
	f := p.Frame
	kx := f.Left()
	for _, ln := range lines {
		ky := f.Top() - 14
		cls := "live-measure"
		if ln.dash {
			cls += " dashed"
		}
		p.Over = append(p.Over,
			figure.Segment{X1: kx, Y1: ky, X2: kx + 18, Y2: ky, Class: cls, Stroke: ln.color},
			figure.Text{X: kx + 23, Y: ky + 4, Pixel: true, Text: ln.label, Class: "line-label"})
		kx += 23 + figure.TextWidth(ln.label, 13) + 14
	}
	return p
}
