package experiment

import (
	"context"
	"testing"

	"unibias/engine/params"
)

// BenchmarkTwoLayerLateRun is a whole two-layer late-fusion run to
// convergence (docs/theory.md §5.4 example: r = 2, ρ = 0, h = 100, γ = 1e-9,
// η = 0.04, ≈ 560 steps), including set-up and measurement.
func BenchmarkTwoLayerLateRun(b *testing.B) {
	benchRun(b, set(b, "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9"))
}

// BenchmarkDefaultJob is one job of the page's default sweep: L = 4, late
// fusion, aligned u0 = 0.1, ρ = 0.6 (the slowest of the default grid's
// late-fusion points but one), h = 100.
func BenchmarkDefaultJob(b *testing.B) { benchRun(b, set(b, "rho", "0.6")) }

// benchRun simulates p to convergence per iteration and reports steps/s.
func benchRun(b *testing.B, p params.Set) {
	steps := 0
	for b.Loop() {
		rep, err := Simulate(context.Background(), p, false, nil)
		if err != nil || !rep.Converged {
			b.Fatal(err)
		}
		steps = rep.StepsRun
	}
	b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkTheoryPoint is one point of a theory curve (closed forms and
// reduced ODE) for the default experiment: the page evaluates ~500 of these
// per control change.
func BenchmarkTheoryPoint(b *testing.B) {
	p := set(b, "fusion", "3", "rho", "0.3")
	for b.Loop() {
		s, err := BuildTheory(p)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.TheoryReport()
	}
}
