package preset

import (
	"context"
	"net/url"
	"testing"
	"time"

	"unibias/engine/experiment"
	"unibias/engine/params"
)

// BenchmarkDeepFigure runs every simulation of the deep preset
// (docs/theory.md §7.6) one after the other, as a page with one simulation
// worker does, and reports the time and steps of the whole figure and of its
// random-init (norm-scaled, h = 100) jobs, which take nearly all of it. Run
// it with -benchtime 1x: one figure is tens of seconds.
func BenchmarkDeepFigure(b *testing.B) {
	fig, err := Build("deep")
	if err != nil {
		b.Fatal(err)
	}
	jobs := make([]params.Set, len(fig.Jobs))
	for i, j := range fig.Jobs {
		q, err := url.ParseQuery(j.Query)
		if err != nil {
			b.Fatal(err)
		}
		jobs[i], _ = params.FromQuery(q)
	}
	var steps, randomSteps, budget int
	var randomTime time.Duration
	for b.Loop() {
		steps, randomSteps, budget, randomTime = 0, 0, 0, 0
		for i, p := range jobs {
			t0 := time.Now()
			rep, err := experiment.Simulate(context.Background(), p, fig.Jobs[i].Trajectory, nil)
			if err != nil {
				b.Fatal(err)
			}
			steps += rep.StepsRun
			if p.Get("initscheme") == "scaled" {
				randomSteps += rep.StepsRun
				randomTime += time.Since(t0)
			}
			if !rep.Converged {
				budget++
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(b.Elapsed().Seconds()/n, "s/figure")
	b.ReportMetric(float64(steps), "steps/figure")
	b.ReportMetric(randomTime.Seconds()/n, "random-init-s/figure")
	b.ReportMetric(float64(randomSteps), "random-init-steps/figure")
	b.ReportMetric(float64(budget), "runs-at-budget")
}
