package sweep

import (
	"context"
	"math"
	"testing"

	"unibias/engine/params"
)

func TestAxis(t *testing.T) {
	xs, _ := Axis("rho", -0.9, 0.9, 7)
	want := []float64{-0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9}
	for i := range want {
		if math.Abs(xs[i]-want[i]) > 1e-12 {
			t.Fatalf("rho axis %v", xs)
		}
	}
	// Log-scale parameter: geometric spacing.
	xs, _ = Axis("init", 0.01, 0.2, 3)
	if math.Abs(xs[1]-math.Sqrt(0.002)) > 1e-9 {
		t.Fatalf("init axis %v", xs)
	}
	// Integers are rounded and de-duplicated.
	xs, _ = Axis("fusion", 1, 4, 10)
	if len(xs) != 4 {
		t.Fatalf("fusion axis %v", xs)
	}
	// Out-of-range ends are clamped into the parameter's range.
	xs, _ = Axis("rho", -2, 2, 2)
	if xs[0] != -0.99 || xs[1] != 0.99 {
		t.Fatalf("clamped axis %v", xs)
	}
	if _, err := Axis("seed", 0, 1, 2); err == nil {
		t.Fatal("seed is not sweepable")
	}
}

func TestPlanDefault(t *testing.T) {
	pl, err := NewPlan(params.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	// Default: x = ρ (7 points) × series Lf ∈ {1,2,3,4} × 1 repeat.
	if len(pl.Jobs) != 28 || pl.X != "rho" || pl.Series != "fusion" || len(pl.SeriesValues) != 4 {
		t.Fatalf("plan %+v with %d jobs", pl, len(pl.Jobs))
	}
	j := pl.Jobs[9]
	if j.Params.Int("fusion") != 2 || j.Params.Float("rho") != pl.Xs[2] {
		t.Fatalf("job 9: fusion %d rho %v", j.Params.Int("fusion"), j.Params.Float("rho"))
	}
}

func TestPlanRepeatsSeeds(t *testing.T) {
	p := params.Defaults()
	_ = p.Set("repeats", "3")
	_ = p.Set("series", "")
	_ = p.Set("points", "2")
	pl, err := NewPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Jobs) != 6 || pl.Jobs[0].Params.Int("seed") != 1 || pl.Jobs[2].Params.Int("seed") != 3 {
		t.Fatalf("repeats should use seeds 1..3, jobs %d", len(pl.Jobs))
	}
}

func TestDepthSweepKeepsLateFusion(t *testing.T) {
	p := params.Defaults()
	_ = p.Set("x", "depth")
	_ = p.Set("from", "2")
	_ = p.Set("to", "5")
	_ = p.Set("series", "")
	pl, err := NewPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range pl.Jobs {
		if j.Params.Int("fusion") != j.Params.Int("depth") {
			t.Fatalf("depth %d got fusion %d", j.Params.Int("depth"), j.Params.Int("fusion"))
		}
	}
}

func TestRunMatchesTheoryOnGrid(t *testing.T) {
	// A small two-layer late-fusion sweep run concurrently: every row carries
	// theory and simulation, and they agree within §8.6's 3% (§5.10).
	p := params.Defaults()
	for k, v := range map[string]string{"depth": "2", "fusion": "2", "initscheme": "entrywise", "init": "1e-9", "points": "3", "series": "ratio", "values": "1.5,3"} {
		if err := p.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	pl, err := NewPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	rows, err := Run(context.Background(), pl, 2, func(d, n int) { done = d })
	if err != nil || done != len(pl.Jobs) {
		t.Fatalf("err %v, done %d/%d", err, done, len(pl.Jobs))
	}
	for _, r := range rows {
		if r.Report == nil || r.Report.Ratio == nil || r.Report.Theory.Ratio == nil {
			t.Fatalf("row %+v lacks results (%s)", r.Job, r.Error)
		}
		th, sim := *r.Report.Theory.Ratio, *r.Report.Ratio
		if math.Abs(sim-th)/th > 0.03 {
			t.Errorf("x=%v s=%v: sim %.3f vs theory %.3f", r.Job.X, r.Job.S, sim, th)
		}
	}
}

func TestRunCancels(t *testing.T) {
	p := params.Defaults()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pl, _ := NewPlan(p)
	if _, err := Run(ctx, pl, 2, nil); err == nil {
		t.Fatal("a cancelled sweep must report the cancellation")
	}
}

func TestCurve(t *testing.T) {
	p := params.Defaults()
	xs, err := DenseAxis(p, 50)
	if err != nil || len(xs) < 50 {
		t.Fatalf("dense axis %d points: %v", len(xs), err)
	}
	c := Curve(p, "rho", xs, "fusion", 4)
	if len(c) != len(xs) {
		t.Fatalf("curve has %d points for %d xs", len(c), len(xs))
	}
	// Late fusion: t_B/t_A = 1 + (k − 1)/(1 − ρ²) with k = 4 (§5.3) at ρ = 0.
	for _, tp := range c {
		if tp.X == 0 && math.Abs(*tp.Theory.Ratio-4) > 1e-9 {
			t.Fatalf("late-fusion ratio at ρ=0: %v", *tp.Theory.Ratio)
		}
	}
}
