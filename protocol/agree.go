package protocol

import "math"

// Deviation compares a simulated figure job with its theory, as the figure's
// agreement readout and the preset tests do. Runs on samples are compared
// with the theory evaluated on their own sample moments when available. It returns the deviation
// (relative for ratios, absolute for the misattribution), the stated
// tolerance of docs/theory.md §8.6 (0 = none), and ok = false when the job is not
// compared or a value is missing.
func Deviation(p *Panel, j *FigJob, rep *Report) (dev, tol float64, relative, ok bool) {
	kind, tol := p.Compare, p.Tol
	if j.Compare != "" {
		kind, tol = j.Compare, j.Tol
	}
	if rep == nil {
		return 0, tol, false, false
	}
	var sim, th Num
	relative = true
	switch kind {
	case "ratio", "ratio-relu":
		sim, th = rep.Ratio, rep.Theory.Ratio
		if rep.Theory.RatioEmpirical != nil {
			th = rep.Theory.RatioEmpirical
		}
	case "ratio-gf", "identity":
		sim, th = rep.Ratio, rep.Theory.RatioGF
	case "ratio-ode":
		sim, th = rep.Ratio, rep.Theory.ODERatio
	case "misattribution":
		sim, relative = rep.Misattribution, false
		if rep.Theory.MisEmpirical != nil {
			th = rep.Theory.MisEmpirical
		} else if len(rep.Theory.Misattribution) == 1 {
			th = rep.Theory.Misattribution[0]
		}
	case "plateau":
		sim, relative = rep.PlateauValue, false
		if len(rep.Theory.Plateau) == 1 {
			th = rep.Theory.Plateau[0]
		}
	case "plateau-loss":
		relative = false
		if rep.PlateauLoss != nil && rep.InitialLoss != nil && *rep.InitialLoss > 0 {
			sim = N(*rep.PlateauLoss / *rep.InitialLoss)
		}
		if rep.Theory.LossPlateau != nil && rep.Theory.LossZero != nil && *rep.Theory.LossZero > 0 {
			th = N(*rep.Theory.LossPlateau / *rep.Theory.LossZero)
		}
	case "drive": // docs/theory.md §10.2, the joint-vs-unimodal report
		if rep.Compete != nil {
			sim, th = rep.Compete.DriveRatio, rep.Compete.DriveTheory
		}
	default:
		return 0, tol, false, false
	}
	if sim == nil || th == nil {
		return 0, tol, relative, false
	}
	if relative {
		if *th == 0 {
			return 0, tol, relative, false
		}
		return math.Abs(*sim-*th) / math.Abs(*th), tol, true, true
	}
	return math.Abs(*sim - *th), tol, false, true
}

// Agreement summarises deviations: median and worst, with how many lie
// within their tolerance.
type Agreement struct {
	N, Within, WithTol int
	Median, Worst      float64
	Relative           bool
}

// Summarise computes an Agreement from deviations and tolerances.
func Summarise(devs, tols []float64, relative bool) Agreement {
	a := Agreement{N: len(devs), Relative: relative}
	if len(devs) == 0 {
		return a
	}
	s := append([]float64(nil), devs...)
	for i := 1; i < len(s); i++ {
		for k := i; k > 0 && s[k] < s[k-1]; k-- {
			s[k], s[k-1] = s[k-1], s[k]
		}
	}
	if len(s)%2 == 1 {
		a.Median = s[len(s)/2]
	} else {
		a.Median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	a.Worst = s[len(s)-1]
	for i, d := range devs {
		if tols[i] > 0 {
			a.WithTol++
			if d <= tols[i] {
				a.Within++
			}
		}
	}
	return a
}
