package compose

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"unibias/engine/params"
	"unibias/figure"
	"unibias/protocol"
)

// Symbol returns the short symbol of a parameter (ρ, Lf, …), or its name.
func Symbol(name string) string { return params.Symbol(name) }

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
	s := Symbol(name) + " = " + figure.FormatNum(v)
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
	s := Symbol(name) + " = " + figure.FormatNum(v)
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
// panels: the predicted times, widened to 1-2-5 boundaries and capped at a
// little above the step budget (no simulation can measure a later time).
// Simulated times widen it only when they fall outside it: the axes, and
// so the panels' frames, stay put while a sweep's results arrive.
func PhaseYDomain(plan *protocol.Plan, sims []SimPoint, budget float64) (lo, hi float64) {
	var v []float64
	if plan != nil {
		for _, c := range plan.Curves {
			for _, p := range c.Points {
				v = positive(v, num(p.TA), num(p.TB), num(p.ODETA), num(p.ODETB))
			}
		}
	}
	var sv []float64
	for _, s := range sims {
		sv = positive(sv, s.TA, s.TB)
	}
	lo, hi = phaseDomain(v, budget)
	for _, x := range sv {
		if len(v) == 0 || x < lo || x > hi {
			return phaseDomain(append(v, sv...), budget)
		}
	}
	return lo, hi
}

// phaseDomain is the padded, capped, rounded domain of the times v.
func phaseDomain(v []float64, budget float64) (lo, hi float64) {
	if len(v) == 0 {
		return figure.NiceLogDomain(10, math.Max(100, budget))
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
	return figure.NiceLogDomain(lo, hi)
}

// RatioYDomain returns the log-scale domain of the time-ratio panel. It
// always includes 1 (both learned together); simulated ratios widen it
// only when they fall outside the theory's domain.
func RatioYDomain(plan *protocol.Plan, sims []SimPoint) (lo, hi float64) {
	v := []float64{1}
	if plan != nil {
		for _, c := range plan.Curves {
			for _, p := range c.Points {
				v = positive(v, num(p.Ratio), num(p.ODERatio))
			}
		}
	}
	var sv []float64
	for _, s := range sims {
		sv = positive(sv, s.Ratio)
	}
	lo, hi = ratioDomain(v)
	for _, x := range sv {
		if x < lo || x > hi {
			return ratioDomain(append(v, sv...))
		}
	}
	return lo, hi
}

// ratioDomain is the padded, capped, rounded domain of the ratios v.
func ratioDomain(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	// Ratios beyond 1000 are off any useful scale: cap.
	hi = math.Min(hi, 1000)
	lo = math.Max(lo, 1e-3)
	return figure.NiceLogDomain(lo/1.15, math.Max(hi*1.15, lo*2))
}

// DescribeQuery summarises a job's parameters for a caption: the values
// that differ from the defaults, as "name=value" pairs.
func DescribeQuery(q string) string {
	vals, err := url.ParseQuery(q)
	if err != nil {
		return q
	}
	var parts []string
	for _, p := range params.Table {
		if p.Group == "sweep" || p.Kind == params.Text {
			continue // a Text value (your data's moments) is no caption
		}
		if v := vals.Get(p.Name); v != "" && v != p.Default {
			if f, err := strconv.ParseFloat(v, 64); err == nil && (p.Kind == params.Float) {
				v = figure.FormatSig(f, 4)
			}
			parts = append(parts, Symbol(p.Name)+" = "+v)
		}
	}
	if len(parts) == 0 {
		return "default parameters"
	}
	return strings.Join(parts, ", ")
}

// SkeletonPlan is a plan without theory or jobs that has the axes and
// series of the parameters, for drawing empty panels before the real plan
// arrives: the layout is final at once.
func SkeletonPlan(p params.Set) *protocol.Plan {
	pl := &protocol.Plan{X: p.Get("x"), Series: p.Get("series")}
	if pl.X == "" {
		pl.X = params.Default("x")
	}
	pl.Xs = []float64{p.Float("from"), p.Float("to")}
	if q, ok := params.Lookup(pl.X); ok {
		for i := range pl.Xs {
			pl.Xs[i] = math.Min(math.Max(pl.Xs[i], q.Min), q.Max)
		}
	}
	n := 1
	if pl.Series != "" {
		pl.SeriesValues = p.List("values")
		n = max(1, len(pl.SeriesValues))
	}
	for i := 0; i < n; i++ {
		pl.Curves = append(pl.Curves, protocol.Curve{Series: i})
	}
	return pl
}
