// Package compose turns what the engine describes — a sweep's plan with
// its theory curves (the phase diagram, docs/theory.md §7) or a preset
// figure (protocol.Figure) — together with the simulation results received
// so far into figure descriptions (package figure). The page draws these
// descriptions, the command line writes them as SVG, and `make build`
// prerenders the default one into index.html: one pipeline for all three.
//
// The package is pure Go (no go-app, no syscall/js) and imports only
// figure, protocol and engine/params.
package compose

import (
	"math"
	"net/url"

	"unibias/engine/params"
	"unibias/protocol"
)

// SimPoint is one finished simulation of the phase diagram as the figures
// draw it. Times are in steps; NaN marks a time that was not measured.
type SimPoint struct {
	Job    int // index into Plan.Jobs
	Series int
	XIndex int
	Repeat int
	X      float64
	Query  string
	Seed   string

	TA, TB float64 // measured t_A, t_B (docs/theory.md §6)
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

// pick returns the first finite of the numbers and its index (-1: none).
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

// PredictedTimes returns a report's predicted t_A and t_B in steps: the
// reduced ODE for aligned initialisation when available (it stays exact for
// larger initialisations, §4), else the closed form (§5).
func PredictedTimes(t *protocol.TheoryReport, initscheme string) (ta, tb float64) {
	if t == nil {
		return math.NaN(), math.NaN()
	}
	if initscheme == "aligned" {
		ta, _ = pick(t.ODETASteps, t.TASteps)
		tb, _ = pick(t.ODETBSteps, t.TBSteps)
		return ta, tb
	}
	ta, _ = pick(t.TASteps, t.ODETASteps)
	tb, _ = pick(t.TBSteps, t.ODETBSteps)
	return ta, tb
}

// SimPoints turns the finished jobs of a plan into figure points. preferODE
// selects the reduced ODE as the reference theory (aligned initialisation).
func SimPoints(plan *protocol.Plan, results []protocol.JobResult, preferODE bool) []SimPoint {
	if plan == nil {
		return nil
	}
	var out []SimPoint
	for i, j := range plan.Jobs {
		if i >= len(results) || !results[i].Done {
			continue
		}
		out = append(out, simPoint(i, j, results[i], preferODE))
	}
	return out
}

func simPoint(i int, j protocol.Job, r protocol.JobResult, preferODE bool) SimPoint {
	p := SimPoint{Job: i, Series: j.Series, XIndex: j.XIndex, Repeat: j.Repeat, X: j.X, Query: j.Query,
		TA: math.NaN(), TB: math.NaN(), Ratio: math.NaN(), TheoryRatio: math.NaN(), TheoryTA: math.NaN(), TheoryTB: math.NaN(), Err: r.Err}
	if q, err := url.ParseQuery(j.Query); err == nil {
		p.Seed = q.Get("seed")
	}
	if p.Seed == "" {
		p.Seed = params.Default("seed")
	}
	rep := r.Report
	if rep == nil {
		return p
	}
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
		p.TheoryName = [...]string{"", "reduced ODE", "closed form"}[k+1]
	} else {
		p.TheoryRatio, k = pick(th.Ratio)
		p.TheoryTA, _ = pick(th.TASteps)
		p.TheoryTB, _ = pick(th.TBSteps)
		if k == 0 {
			p.TheoryName = "closed form"
		}
	}
	return p
}

// RelDev is the relative deviation |sim/theory − 1|, NaN unless both are
// positive and finite.
func RelDev(sim, theory float64) float64 {
	if !(sim > 0) || !(theory > 0) || math.IsInf(sim, 0) || math.IsInf(theory, 0) {
		return math.NaN()
	}
	return math.Abs(sim/theory - 1)
}

// Agreement states how far the simulated time ratios lie from the theory:
// the relative deviation of every run with both ratios, summarised by the
// rule every figure shares (protocol.Summarise).
func Agreement(pts []SimPoint) protocol.Agreement {
	var devs []float64
	for _, p := range pts {
		if v := RelDev(p.Ratio, p.TheoryRatio); !math.IsNaN(v) {
			devs = append(devs, v)
		}
	}
	return protocol.Summarise(devs, make([]float64, len(devs)), true)
}
