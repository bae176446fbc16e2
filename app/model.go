package app

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"unibias/engine/params"
	"unibias/protocol"
)

// JobResult is what came back from a worker for one simulation job.
type JobResult struct {
	Done   bool
	Report *protocol.Report
	Err    string
	Millis float64
}

// SimPoint is one finished simulation as the figures draw it. Times are in
// steps; NaN marks a time that was not measured.
type SimPoint struct {
	Job    int // index into Plan.Jobs
	Series int
	XIndex int
	Repeat int
	X      float64
	Query  string
	Seed   string

	TA, TB float64 // measured t_A, t_B (THEORY.md §6)
	Ratio  float64 // measured t_B/t_A

	// TheoryRatio is the ratio the deviation statistic compares with: the
	// reduced ODE (§4) for aligned initialisation when available, else the
	// closed form (§5). TheoryTA, TheoryTB are the matching times.
	TheoryRatio        float64
	TheoryTA, TheoryTB float64
	TheoryName         string

	Status string // converged, diverged, budget
	Reason string
	Err    string // the worker's error, if the run failed
}

// Failed reports whether the run produced no usable times.
func (p SimPoint) Failed() bool {
	return p.Err != "" || p.Status == "diverged" || math.IsNaN(p.TA)
}

// num returns the value of a protocol number, NaN for null.
func num(n protocol.Num) float64 { return protocol.V(n) }

// pick returns the first non-null of the numbers, as a float, and its index
// (-1 when all are null).
func pick(ns ...protocol.Num) (float64, int) {
	for i, n := range ns {
		if n != nil && !math.IsNaN(*n) && !math.IsInf(*n, 0) {
			return *n, i
		}
	}
	return math.NaN(), -1
}

// TheoryTimes returns the predicted t_A and t_B (steps) at a curve point:
// the closed form, falling back to the reduced ODE where it is null.
func TheoryTimes(cp protocol.CurvePoint) (ta, tb float64) {
	ta, _ = pick(cp.TA, cp.ODETA)
	tb, _ = pick(cp.TB, cp.ODETB)
	return ta, tb
}

// SimPoints turns the finished jobs of a plan into figure points. preferODE
// selects the reduced ODE as the reference theory (aligned initialisation).
func SimPoints(plan *protocol.Plan, results []JobResult, preferODE bool) []SimPoint {
	if plan == nil {
		return nil
	}
	var out []SimPoint
	for i, j := range plan.Jobs {
		if i >= len(results) || !results[i].Done {
			continue
		}
		r := results[i]
		p := SimPoint{Job: i, Series: j.Series, XIndex: j.XIndex, Repeat: j.Repeat, X: j.X, Query: j.Query,
			TA: math.NaN(), TB: math.NaN(), Ratio: math.NaN(), TheoryRatio: math.NaN(), TheoryTA: math.NaN(), TheoryTB: math.NaN(), Err: r.Err}
		if q, err := url.ParseQuery(j.Query); err == nil {
			p.Seed = q.Get("seed")
		}
		if p.Seed == "" {
			if d, ok := params.Lookup("seed"); ok {
				p.Seed = d.Default
			}
		}
		if rep := r.Report; rep != nil {
			p.TA, p.TB = num(rep.TA), num(rep.TB)
			p.Ratio = num(rep.Ratio)
			if math.IsNaN(p.Ratio) && p.TA > 0 && p.TB > 0 {
				p.Ratio = p.TB / p.TA
			}
			p.Status, p.Reason = rep.Status, rep.Reason
			if rep.Diverged && p.Status == "" {
				p.Status = "diverged"
			}
			th := rep.Theory
			ode := preferODE
			if s, ok := rep.Params["initscheme"]; ok {
				ode = s == "aligned"
			}
			var k int
			if ode {
				p.TheoryRatio, k = pick(th.ODERatio, th.Ratio)
				p.TheoryTA, _ = pick(th.ODETASteps, th.TASteps)
				p.TheoryTB, _ = pick(th.ODETBSteps, th.TBSteps)
				switch k {
				case 0:
					p.TheoryName = "reduced ODE"
				case 1:
					p.TheoryName = "closed form"
				}
			} else {
				p.TheoryRatio, k = pick(th.Ratio)
				p.TheoryTA, _ = pick(th.TASteps)
				p.TheoryTB, _ = pick(th.TBSteps)
				if k == 0 {
					p.TheoryName = "closed form"
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// symbols are the short names of sweepable parameters in the paper's words.
var symbols = map[string]string{
	"depth": "L", "fusion": "Lf", "width": "h", "init": "u0", "lr": "η", "rho": "ρ",
	"ratio": "σ_A/σ_B", "wa": "w_A*", "wb": "w_B*", "noise": "noise", "samples": "P", "varlin": "var x_B",
}

// Symbol returns the short symbol of a parameter (ρ, Lf, …), or its name.
func Symbol(name string) string {
	if s, ok := symbols[name]; ok {
		return s
	}
	return name
}

// AxisLabel returns the axis title of a parameter: its label from the table.
func AxisLabel(name string) string {
	if p, ok := params.Lookup(name); ok {
		return p.Label
	}
	return name
}

// fusionRegime names the fusion regime of layer v in a depth-L network:
// "early" (Lf = 1), "late" (Lf = L), "intermediate" (in between) or "".
func fusionRegime(v float64, depth int) string {
	switch {
	case v == 1:
		return "early"
	case int(v) == depth:
		return "late"
	case int(v) < depth:
		return "intermediate"
	}
	return ""
}

// SeriesLabel names one series value, e.g. "Lf = 2", with the fusion regime
// spelled out for the fusion layer ("early", "late" for Lf = L).
func SeriesLabel(name string, v float64, depth int) string {
	if name == "" || math.IsNaN(v) {
		return ""
	}
	s := Symbol(name) + " = " + FormatNum(v)
	if r := fusionRegime(v, depth); name == "fusion" && r != "" {
		s += " · " + r
		if r != "intermediate" {
			s += " fusion"
		}
	}
	return s
}

// SeriesLabelShort is SeriesLabel for legends: "Lf = 1 (early)"; the
// intermediate layers need no word there.
func SeriesLabelShort(name string, v float64, depth int) string {
	if name == "" || math.IsNaN(v) {
		return ""
	}
	s := Symbol(name) + " = " + FormatNum(v)
	if r := fusionRegime(v, depth); name == "fusion" && (r == "early" || r == "late") {
		s += " (" + r + ")"
	}
	return s
}

// XDomain returns the x extent of a plan (theory points and jobs) and
// whether the axis is logarithmic (a log-scale parameter with a positive
// range, as the sweep spaces its points).
func XDomain(plan *protocol.Plan) (lo, hi float64, log bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	add := func(x float64) {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if plan != nil {
		for _, x := range plan.Xs {
			add(x)
		}
		for _, c := range plan.Curves {
			for _, p := range c.Points {
				add(p.X)
			}
		}
	}
	if lo > hi {
		return 0, 1, false
	}
	if p, ok := params.Lookup(planX(plan)); ok && p.Log && lo > 0 && hi/lo > 2 {
		log = true
	}
	if lo == hi {
		if log {
			return lo / 2, hi * 2, log
		}
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		lo, hi = lo-d, hi+d
	}
	return lo, hi, log
}

func planX(plan *protocol.Plan) string {
	if plan == nil {
		return ""
	}
	return plan.X
}

// positive collects the positive finite values of v into out.
func positive(out []float64, v ...float64) []float64 {
	for _, x := range v {
		if x > 0 && !math.IsInf(x, 0) {
			out = append(out, x)
		}
	}
	return out
}

// PhaseYDomain returns the shared log-scale time domain (steps) of the phase
// panels: every predicted and simulated time, widened to 1-2-5 boundaries,
// and capped at a little above the step budget (no simulation can measure a
// later time).
func PhaseYDomain(plan *protocol.Plan, sims []SimPoint, budget float64) (lo, hi float64) {
	var v []float64
	if plan != nil {
		for _, c := range plan.Curves {
			for _, p := range c.Points {
				v = positive(v, num(p.TA), num(p.TB), num(p.ODETA), num(p.ODETB))
			}
		}
	}
	for _, s := range sims {
		v = positive(v, s.TA, s.TB)
	}
	if len(v) == 0 {
		return NiceLogDomain(10, math.Max(100, budget))
	}
	lo, hi = math.Inf(1), 0
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	lo = math.Max(lo/1.4, 1)
	hi = hi * 1.4
	if budget > 0 {
		hi = math.Min(hi, 1.6*budget)
		lo = math.Min(lo, hi/3)
	}
	hi = math.Max(hi, lo*3)
	return NiceLogDomain(lo, hi)
}

// RatioYDomain returns the log-scale domain of the time-ratio panel. It
// always includes 1 (both learned together).
func RatioYDomain(plan *protocol.Plan, sims []SimPoint) (lo, hi float64) {
	v := []float64{1}
	if plan != nil {
		for _, c := range plan.Curves {
			for _, p := range c.Points {
				v = positive(v, num(p.Ratio), num(p.ODERatio))
			}
		}
	}
	for _, s := range sims {
		v = positive(v, s.Ratio)
	}
	lo, hi = math.Inf(1), 0
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	// Ratios beyond 1000 are off any useful scale: cap.
	hi = math.Min(hi, 1000)
	lo = math.Max(lo, 1e-3)
	return NiceLogDomain(lo/1.15, math.Max(hi*1.15, lo*2))
}

// describeQuery summarises a job's parameters for a caption: the values
// that differ from the defaults, as "name=value" pairs.
func describeQuery(q string) string {
	vals, err := url.ParseQuery(q)
	if err != nil {
		return q
	}
	var parts []string
	for _, p := range params.Table {
		if p.Group == "sweep" {
			continue
		}
		if v := vals.Get(p.Name); v != "" && v != p.Default {
			if f, err := strconv.ParseFloat(v, 64); err == nil && (p.Kind == params.Float) {
				v = FormatSig(f, 4)
			}
			parts = append(parts, Symbol(p.Name)+" = "+v)
		}
	}
	if len(parts) == 0 {
		return "default parameters"
	}
	return strings.Join(parts, ", ")
}

// itoa is strconv.Itoa.
func itoa(i int) string { return strconv.Itoa(i) }
