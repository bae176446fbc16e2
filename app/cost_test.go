package app

import (
	"math"
	"strings"
	"testing"

	"unibias/engine/cost"
	"unibias/engine/experiment"
	"unibias/figure/compose"
	"unibias/protocol"
	"unibias/worker/serve"
)

// The page's estimate (times read off the plan's curves) agrees with the
// estimate from each job's own theory, as the command line makes it.
func TestFigureCostMatchesJobs(t *testing.T) {
	for _, q := range []string{"", "depth=2&fusion=2&initscheme=entrywise&init=1e-9", "x=ratio&from=1&to=3&series=depth&values=2,3"} {
		fig, _, err := serve.Describe(q, denseTheory)
		if err != nil {
			t.Fatal(err)
		}
		page := FigureCost(fig)
		var exact cost.Total
		for _, j := range fig.Jobs {
			p, _ := serve.Parse(j.Query)
			s, err := experiment.BuildTheory(p)
			if err != nil {
				t.Fatal(err)
			}
			tr := s.TheoryReport()
			ta, tb := compose.PredictedTimes(&tr, p.Get("initscheme"))
			exact.Add(cost.RunOf(cost.ShapeOf(p), ta, tb, p.Int("steps")))
		}
		t.Logf("%q: page %s, exact %s", q, cost.Work(page.Work), cost.Work(exact.Work))
		if page.Runs != len(fig.Jobs) || page.Runs != exact.Runs || math.Abs(page.Work/exact.Work-1) > 0.15 {
			t.Errorf("%q: page estimate %d runs %g, from each job's theory %d runs %g", q, page.Runs, page.Work, exact.Runs, exact.Work)
		}
		if !costGate(fig) {
			t.Errorf("%q: held (%g multiply-adds, limit %g)", q, page.Work, cost.PageLimit)
		}
	}
}

// The configuration of issue 14 is held, with the command line to run it.
func TestCostGateHoldsIssue14(t *testing.T) {
	q := "width=1000&depth=8&fusion=8&samples=200000&act=relu"
	fig, _, err := serve.Describe(q, denseTheory)
	if err != nil {
		t.Fatal(err)
	}
	if costGate(fig) {
		t.Fatalf("not held: %s", FigureCost(fig).Summary(cost.PageRate, 1))
	}
	if h := heldCost(fig); !strings.HasPrefix(h, "28 runs, 2.5e18 multiply-adds (≈ 2") || !strings.Contains(h, " years), up to ") {
		t.Fatalf("held text %q", h)
	}
	s, _ := ParseSearch("?" + q)
	if c := cliCommand(s); c != "unibias sweep --depth 8 --fusion 8 --width 1000 --act relu --samples 200000 --format csv > sweep.csv" {
		t.Fatalf("command %q", c)
	}
	// Presets are never held.
	fig.Plan = nil
	if !costGate(fig) {
		t.Fatal("a figure without a plan (a preset) was held")
	}
}

func TestDivergenceAndNotLearned(t *testing.T) {
	res := []protocol.JobResult{
		{Done: true, Report: &protocol.Report{Diverged: true, Status: "diverged", SuggestedLR: protocol.N(0.03)}},
		{Done: true, Report: &protocol.Report{Diverged: true, Status: "diverged", SuggestedLR: protocol.N(0.02)}},
		{Done: true, Report: &protocol.Report{Status: "budget", TA: protocol.N(100)}},
		{Done: true, Report: &protocol.Report{Status: "converged", TA: protocol.N(100), TB: protocol.N(300)}},
		{},
	}
	if n, lr := Divergence(res); n != 2 || lr != 0.02 {
		t.Fatalf("Divergence = %d, %g; want 2, 0.02", n, lr)
	}
	if n := NotLearned(res); n != 1 {
		t.Fatalf("NotLearned = %d, want 1", n)
	}
}

// LongestFirst puts the deep figure's random-init runs (width 100) before
// its aligned ones (width 10), orders every job by non-increasing estimate,
// and lists each job once.
func TestLongestFirst(t *testing.T) {
	fig, _, err := serve.Describe("preset=deep", denseTheory)
	if err != nil {
		t.Fatal(err)
	}
	order := LongestFirst(fig)
	runs := jobRuns(fig)
	if len(order) != len(fig.Jobs) {
		t.Fatalf("%d of %d jobs ordered", len(order), len(fig.Jobs))
	}
	seen := map[int]bool{}
	for k, i := range order {
		if seen[i] {
			t.Fatalf("job %d listed twice", i)
		}
		seen[i] = true
		if k > 0 && runs[i].Work > runs[order[k-1]].Work {
			t.Fatalf("job %d (%g) after job %d (%g)", i, runs[i].Work, order[k-1], runs[order[k-1]].Work)
		}
	}
	if q := fig.Jobs[order[0]].Query; !strings.Contains(q, "initscheme=scaled") {
		t.Errorf("the longest job is %s, want a random-init one", q)
	}
	if q := fig.Jobs[order[len(order)-1]].Query; strings.Contains(q, "initscheme=scaled") {
		t.Errorf("the shortest job is %s, a random-init one", q)
	}
}
