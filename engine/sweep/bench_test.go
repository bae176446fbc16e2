package sweep

import (
	"context"
	"fmt"
	"testing"

	"unibias/engine/experiment"
	"unibias/engine/params"
)

// referenceSweep is the reference code's headline sweep (docs/theory.md §7.6,
// the crosses of §8.6): L = 4, h = 100, the norm-scaled random init with
// γ = 0.1, σ_A/σ_B = 2, 8192 samples, nine values of ρ in [−0.9, 0.9], at the
// reference's η = 0.04 (docs/theory.md §3) and its stopping rule ℒ − ℒ_min <
// 1e-4. The step budget is 100 000: the slowest point, late fusion at
// ρ = −0.9, needs 46 000–61 000 steps to reach t_B over seeds 1–5 (the page's
// default 20 000 would leave B unlearned for Lf = 4 at large |ρ|); runs stop
// at convergence, so the budget costs nothing where it is not needed.
func referenceSweep(tb testing.TB, lf int) params.Set {
	tb.Helper()
	p := params.Defaults()
	for _, kv := range [][2]string{
		{"depth", "4"}, {"fusion", fmt.Sprint(lf)}, {"width", "100"},
		{"initscheme", "scaled"}, {"init", "0.1"}, {"ratio", "2"}, {"samples", "8192"},
		{"lr", "0.04"}, {"steps", "100000"}, {"tol", "0.0001"},
		{"x", "rho"}, {"from", "-0.9"}, {"to", "0.9"}, {"points", "9"},
		{"series", ""}, {"repeats", "1"}, {"seed", "1"},
	} {
		if err := p.Set(kv[0], kv[1]); err != nil {
			tb.Fatal(err)
		}
	}
	return p
}

// BenchmarkReferenceCurve is one 9-point curve (one fusion layer, one seed)
// of the reference sweep, run on one goroutine through the path of the page
// and the command line (params → sweep plan → experiment.Simulate → train).
// The PyTorch reference takes ≈ 365 s per curve at 8192 samples on the
// project's machine. Every point must converge and measure both times, so
// the timing is of valid runs; steps/curve counts the steps taken.
func BenchmarkReferenceCurve(b *testing.B) {
	for lf := 1; lf <= 4; lf++ {
		b.Run(fmt.Sprintf("Lf=%d", lf), func(b *testing.B) {
			pl, err := NewPlan(referenceSweep(b, lf))
			if err != nil {
				b.Fatal(err)
			}
			if len(pl.Jobs) != 9 {
				b.Fatalf("%d jobs, want 9", len(pl.Jobs))
			}
			steps := 0
			for b.Loop() {
				rows, err := Run(context.Background(), pl, 1, nil)
				if err != nil {
					b.Fatal(err)
				}
				steps = 0
				for _, r := range rows {
					if r.Error != "" {
						b.Fatal(r.Error)
					}
					rep := r.Report
					if !rep.Converged || !(experiment.V(rep.Ratio) > 0) {
						b.Fatalf("ρ = %g: status %s, t_A %v, t_B %v: not a valid measurement", r.Job.X, rep.Status, experiment.V(rep.TA), experiment.V(rep.TB))
					}
					steps += rep.StepsRun
				}
			}
			b.ReportMetric(float64(steps), "steps/curve")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/curve")
		})
	}
}
