package cost_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"

	"unibias/engine/cost"
	"unibias/engine/data"
	"unibias/engine/experiment"
	"unibias/engine/nn"
	"unibias/engine/params"
	"unibias/engine/train"
	"unibias/protocol"
)

func set(t *testing.T, kv ...string) params.Set {
	t.Helper()
	p := params.Defaults()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := p.Set(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

// Weights counts what nn allocates, for every kind of fusion.
func TestWeightsMatchNN(t *testing.T) {
	for _, L := range []int{1, 2, 3, 5, 8} {
		for Lf := 1; Lf <= L; Lf++ {
			for _, h := range []int{1, 7, 100} {
				for _, d := range [][2]int{{1, 1}, {2, 1}, {50, 50}, {3, 4}} {
					a := nn.Arch{L: L, Lf: Lf, H: h, DA: d[0], DB: d[1], Slope: 1}
					s := cost.Shape{L: L, Lf: Lf, H: h, DA: d[0], DB: d[1]}
					if got, want := s.Weights(), float64(a.NumWeights()); got != want {
						t.Errorf("%+v: Weights %g, nn.Arch.NumWeights %g", s, got, want)
					}
				}
			}
		}
	}
}

// ShapeOf reads the dimensions every kind of data set really has.
func TestShapeOfMatchesData(t *testing.T) {
	for _, kind := range []string{"toy", "multi", "random", "xor"} {
		p := set(t, "data", kind, "samples", "64", "dim", "12")
		s, err := experiment.Build(p)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		sh := cost.ShapeOf(p)
		if sh.DA != s.Arch.DA || sh.DB != s.Arch.DB || sh.L != s.Arch.L || sh.Lf != s.Arch.Lf || sh.H != s.Arch.H || sh.Samples != s.Data.N {
			t.Errorf("%s: ShapeOf %+v, engine arch %+v with %d samples", kind, sh, s.Arch, s.Data.N)
		}
	}
	// Every data kind of the parameter table is covered above (a new kind
	// needs its dimensions in cost.dims).
	p, _ := params.Lookup("data")
	for _, c := range p.Choices {
		switch c {
		case "toy", "multi", "random", "xor":
		default:
			t.Logf("data=%s: not covered by cost.dims (estimated as a scalar pair)", c)
		}
	}
}

// Worked values: the configuration of issue 14 and the default job.
func TestWorkedValues(t *testing.T) {
	// width 1000, depth 8, late fusion, ReLU on 200000 samples:
	// W = h·(1+1) + 2·(8−2)·h² + 1·2h = 12 004 000 weights; a step is
	// 3·W·P = 7.2024e12 multiply-adds.
	big := cost.ShapeOf(set(t, "width", "1000", "depth", "8", "fusion", "8", "samples", "200000", "act", "relu"))
	if w := big.Weights(); w != 12004000 {
		t.Fatalf("weights %g, want 12004000", w)
	}
	if w := big.WorkPerStep(); math.Abs(w-7.2024e12) > 1 {
		t.Fatalf("work per step %g, want 7.2024e12", w)
	}
	r := cost.RunOf(big, math.NaN(), math.NaN(), 20000)
	if r.Steps != 20000 || r.Predicted {
		t.Fatalf("no prediction: steps %g (predicted %v), want the budget 20000", r.Steps, r.Predicted)
	}
	var tot cost.Total
	tot.Add(r)
	if over, why := tot.Over(cost.PageLimit); !over || why == "" {
		t.Fatalf("issue 14's configuration is not over the page limit")
	}
	if over, _ := tot.Over(cost.CLILimit); !over {
		t.Fatalf("issue 14's configuration is not over the command line's limit")
	}

	// The default job (L = 4 late fusion, h = 100, scalar toy): W = 2h + 2·2h² + 2h = 40 400,
	// a moment step 2W + D² + D = 80 806 multiply-adds.
	def := cost.ShapeOf(params.Defaults())
	if w := def.Weights(); w != 40400 {
		t.Fatalf("default weights %g, want 40400", w)
	}
	if w := def.WorkPerStep(); w != 80806 {
		t.Fatalf("default work per step %g, want 80806", w)
	}
	// StopStep: 1.5 × the later time, capped by the budget.
	if s, p, b := cost.StopStep(103.5, 468.9, 20000); s != 704 || !p || b {
		t.Fatalf("StopStep(103.5, 468.9) = %g %v %v, want 704 true false", s, p, b)
	}
	if s, p, b := cost.StopStep(100, 3e6, 20000); s != 20000 || !p || !b {
		t.Fatalf("StopStep beyond the budget = %g %v %v, want 20000 true true", s, p, b)
	}
	if s, p, _ := cost.StopStep(100, math.Inf(1), 500); s != 500 || p {
		t.Fatalf("StopStep(∞) = %g %v, want the budget", s, p)
	}
}

// predicted returns a configuration's predicted times in steps, as the
// page and the command line pick them (the reduced ODE for aligned init).
func predicted(t *testing.T, p params.Set) (ta, tb float64) {
	t.Helper()
	s, err := experiment.BuildTheory(p)
	if err != nil {
		t.Fatal(err)
	}
	tr := s.TheoryReport()
	first := func(ns ...protocol.Num) float64 {
		for _, n := range ns {
			if n != nil && *n > 0 {
				return *n
			}
		}
		return math.NaN()
	}
	if p.Get("initscheme") == "aligned" {
		return first(tr.ODETASteps, tr.TASteps), first(tr.ODETBSteps, tr.TBSteps)
	}
	return first(tr.TASteps, tr.ODETASteps), first(tr.TBSteps, tr.ODETBSteps)
}

// The estimated steps bound what real runs take, within a factor of two.
func TestStepsAgainstRuns(t *testing.T) {
	cases := [][]string{
		{"depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "rho", "0.5"}, // README's worked example
		{"rho", "0.6"}, // a default sweep job
		{"rho", "-0.6", "fusion", "2"},
		{"depth", "3", "fusion", "3", "ratio", "3"},
	}
	for _, kv := range cases {
		p := set(t, kv...)
		ta, tb := predicted(t, p)
		r := cost.RunOf(cost.ShapeOf(p), ta, tb, p.Int("steps"))
		rep, err := experiment.Simulate(context.Background(), p, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: predicted t_A %.4g, t_B %.4g; estimated %g steps, ran %d (%s)", kv, ta, tb, r.Steps, rep.StepsRun, rep.Status)
		if !r.Predicted {
			t.Errorf("%v: no predicted times", kv)
			continue
		}
		if float64(rep.StepsRun) > r.Steps || r.Steps > 2*float64(rep.StepsRun) {
			t.Errorf("%v: estimated %g steps, the run took %d (want run ≤ estimate ≤ 2·run)", kv, r.Steps, rep.StepsRun)
		}
	}
}

// The record bounds hold for a run that uses its whole budget.
func TestRecordBounds(t *testing.T) {
	if got := int(unsafe.Sizeof(train.Point{})); got > cost.PointBytes {
		t.Fatalf("train.Point is %d bytes, more than cost.PointBytes = %d", got, cost.PointBytes)
	}
	for _, budget := range []int{50, 1000, 150000} {
		d, err := data.Toy(2, 0, 1, 1, 0, 0, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		net, err := nn.New(nn.Arch{L: 2, Lf: 2, H: 4, DA: 1, DB: 1, Slope: 1}, nn.Aligned, 1e-12, rand.New(rand.NewPCG(1, 3)))
		if err != nil {
			t.Fatal(err)
		}
		// A tiny init and rate: nothing is learned within the budget.
		r := train.NewRunner(net, d, train.Options{LR: 1e-5, Steps: budget, Tol: 1e-12})
		for !r.Advance(4096) {
		}
		r.InsertPoints(1, 2, 3)
		if n, bound := len(r.Trajectory()), cost.TrajectoryPoints(budget); n > bound {
			t.Errorf("budget %d: %d trajectory points, bound %d", budget, n, bound)
		} else {
			t.Logf("budget %d: %d trajectory points (bound %d), %d dense entries (bound %d), record bound %s",
				budget, n, bound, len(r.Dense().Loss), cost.DenseEntries, cost.Bytes(cost.RecordBytes(budget, 2, false)))
		}
		if n := len(r.Dense().Loss); n > cost.DenseEntries {
			t.Errorf("budget %d: %d dense entries, bound %d", budget, n, cost.DenseEntries)
		}
	}
	// The bound at the largest budget the parameters allow.
	if b := cost.RecordBytes(5000000, 2, false); b > 4<<20 {
		t.Errorf("records of a 5e6-step run bounded by %s, want under 4 MiB", cost.Bytes(b))
	}
}

// TestRates measures the engine's throughput in multiply-adds per second
// (logged, not asserted): the basis of NativeRate.
func TestRates(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	p := params.Defaults()
	s, err := experiment.Build(p)
	if err != nil {
		t.Fatal(err)
	}
	net, err := s.NewNet()
	if err != nil {
		t.Fatal(err)
	}
	n, start := 0, time.Now()
	for time.Since(start) < 200*time.Millisecond {
		net.StepMoments(&s.Data.Train, 0.04)
		n++
	}
	mom := float64(n) * cost.ShapeOf(p).WorkPerStep() / time.Since(start).Seconds()
	q := set(t, "act", "relu", "samples", "2048", "depth", "2", "fusion", "2")
	s2, err := experiment.Build(q)
	if err != nil {
		t.Fatal(err)
	}
	net2, err := s2.NewNet()
	if err != nil {
		t.Fatal(err)
	}
	n, start = 0, time.Now()
	for time.Since(start) < 200*time.Millisecond {
		net2.StepSamples(s2.Data.X, s2.Data.Y, 0.04)
		n++
	}
	smp := float64(n) * cost.ShapeOf(q).WorkPerStep() / time.Since(start).Seconds()
	t.Logf("moments %.3g multiply-adds/s, samples %.3g multiply-adds/s (NativeRate %.3g)", mom, smp, cost.NativeRate)
}
