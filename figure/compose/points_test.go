package compose

import (
	"math"
	"testing"
	"unibias/figure/compose/composetest"

	"unibias/engine/params"
	"unibias/protocol"
)

func TestSimPoints(t *testing.T) {
	pl := composetest.FakePlan(7, 20)
	res := composetest.FakeResults(pl, 10)
	pts := SimPoints(pl, res, true)
	if len(pts) != 10 {
		t.Fatalf("%d points, want 10", len(pts))
	}
	if !pts[0].Failed() || pts[0].Status != "diverged" || pts[0].Reason != "loss became NaN" {
		t.Errorf("job 0 should be a failed (diverged) point: %+v", pts[0])
	}
	p := pts[3]
	if p.Failed() || p.TheoryName != "reduced ODE" || math.Abs(p.Ratio/p.TheoryRatio-1.1) > 1e-12 {
		t.Errorf("point 3: %+v", p)
	}
	if p.Job != 3 || p.Series != 0 || p.XIndex != 3 || p.X != pl.Jobs[3].X {
		t.Errorf("point 3 lost its job: job %d series %d xi %d x %g", p.Job, p.Series, p.XIndex, p.X)
	}
	if p.Seed != "1" {
		t.Errorf("seed %q, want the default 1", p.Seed)
	}
	pl.Jobs[5].Query += "&seed=7"
	if q := SimPoints(pl, res, true)[5]; q.Seed != "7" {
		t.Errorf("seed %q, want the job's 7", q.Seed)
	}
	// Job 7 is the first of series 1 (Lf = 2): t_A = 200(1+0.81)·2 = 724.
	if q := pts[7]; q.Series != 1 || q.XIndex != 0 || math.Abs(q.TA-724*1.05) > 1e-9 || math.Abs(q.TheoryTA-724) > 1e-9 {
		t.Errorf("point 7: %+v", q)
	}
	a := Agreement(pts)
	if a.N != 9 || math.Abs(a.Median-0.1) > 1e-9 || math.Abs(a.Worst-0.1) > 1e-9 || !a.Relative || a.WithTol != 0 {
		t.Errorf("agreement %+v, want 9 runs at 10%%", a)
	}
	// Entrywise init compares with the closed form only.
	res[3].Report.Params["initscheme"] = "entrywise"
	res[3].Report.Theory.Ratio = protocol.N(2)
	if q := SimPoints(pl, res, true)[3]; q.TheoryName != "closed form" || q.TheoryRatio != 2 {
		t.Errorf("entrywise point: %+v", q)
	}
	// Without an initscheme in the report, preferODE decides.
	delete(res[4].Report.Params, "initscheme")
	res[4].Report.Theory.Ratio = protocol.N(3)
	if q := SimPoints(pl, res, false)[4]; q.TheoryName != "closed form" || q.TheoryRatio != 3 {
		t.Errorf("preferODE=false point: %+v", q)
	}
	if q := SimPoints(pl, res, true)[4]; q.TheoryName != "reduced ODE" || q.TheoryRatio == 3 {
		t.Errorf("preferODE=true point: %+v", q)
	}
	// Pending jobs and a nil plan give no points.
	if n := len(SimPoints(pl, composetest.FakeResults(pl, 0), true)); n != 0 {
		t.Errorf("%d points without results", n)
	}
	if SimPoints(nil, res, true) != nil {
		t.Error("SimPoints(nil plan) should be nil")
	}
}

func TestSimPointFailures(t *testing.T) {
	pl := composetest.FakePlan(7, 5)
	res := composetest.FakeResults(pl, 3)
	res[1] = protocol.JobResult{Done: true, Err: "worker crashed"} // no report
	res[2].Report.Ratio = nil                                      // ratio from the times
	pts := SimPoints(pl, res, true)
	if !pts[1].Failed() || pts[1].Err != "worker crashed" || !math.IsNaN(pts[1].TA) || !math.IsNaN(pts[1].TheoryRatio) {
		t.Errorf("failed run: %+v", pts[1])
	}
	if want := pts[2].TB / pts[2].TA; pts[2].Failed() || math.Abs(pts[2].Ratio-want) > 1e-12 {
		t.Errorf("ratio %g, want t_B/t_A = %g", pts[2].Ratio, want)
	}
}

func TestTheoryTimesFallback(t *testing.T) {
	cp := protocol.CurvePoint{TA: nil, TB: protocol.N(500), ODETA: protocol.N(90), ODETB: protocol.N(480)}
	ta, tb := TheoryTimes(cp)
	if ta != 90 || tb != 500 {
		t.Errorf("TheoryTimes = %g, %g; want the ODE t_A 90 and the closed-form t_B 500", ta, tb)
	}
	ta, tb = TheoryTimes(protocol.CurvePoint{TA: protocol.N(math.Inf(1)), ODETA: protocol.N(70)})
	if ta != 70 || !math.IsNaN(tb) {
		t.Errorf("TheoryTimes with an infinite closed form = %g, %g; want 70, NaN", ta, tb)
	}
}

func TestPredictedTimes(t *testing.T) {
	th := &protocol.TheoryReport{TASteps: protocol.N(600), TBSteps: protocol.N(1800), ODETASteps: protocol.N(650), ODETBSteps: nil}
	if ta, tb := PredictedTimes(th, "aligned"); ta != 650 || tb != 1800 {
		t.Errorf("aligned: %g, %g; want the ODE t_A 650 and the closed-form t_B 1800", ta, tb)
	}
	if ta, tb := PredictedTimes(th, "entrywise"); ta != 600 || tb != 1800 {
		t.Errorf("entrywise: %g, %g; want 600, 1800", ta, tb)
	}
	if ta, tb := PredictedTimes(nil, "aligned"); !math.IsNaN(ta) || !math.IsNaN(tb) {
		t.Errorf("no theory: %g, %g", ta, tb)
	}
}

func TestDomains(t *testing.T) {
	pl := composetest.FakePlan(7, 20)
	lo, hi, log := XDomain(pl)
	if math.Abs(lo+0.9) > 1e-12 || math.Abs(hi-0.9) > 1e-12 || log {
		t.Errorf("XDomain = %g, %g, %v", lo, hi, log)
	}
	// Times from ≈204 (ODE, x ≈ 0, Lf = 1) to ≈6824 (ODE t_B, |x| = 0.9,
	// Lf = 4), widened by 1.4 and rounded out to 1-2-5 boundaries.
	ylo, yhi := PhaseYDomain(pl, nil, 20000)
	if ylo != 100 || yhi != 10000 {
		t.Errorf("PhaseYDomain = %g, %g; want 100, 10000", ylo, yhi)
	}
	// Capped near the step budget.
	if _, yhi := PhaseYDomain(pl, nil, 1000); yhi > 2000 {
		t.Errorf("PhaseYDomain ignores the budget: hi %g", yhi)
	}
	// Simulated times widen the domain.
	if _, yhi := PhaseYDomain(pl, []SimPoint{{TA: 100, TB: 30000}}, 1e6); yhi < 30000 {
		t.Errorf("PhaseYDomain ignores simulated times: hi %g", yhi)
	}
	// No times at all: a default decade range up to the budget.
	if lo, hi := PhaseYDomain(nil, nil, 5000); lo != 10 || hi != 5000 {
		t.Errorf("empty PhaseYDomain = %g, %g; want 10, 5000", lo, hi)
	}
	rlo, rhi := RatioYDomain(pl, nil)
	if rlo > 1 || rhi < 1+4*1.81/2 {
		t.Errorf("RatioYDomain = %g, %g", rlo, rhi)
	}
	// The ratio domain always holds 1 and is capped at 1000.
	if lo, hi := RatioYDomain(nil, []SimPoint{{Ratio: 5e6}}); lo > 1 || hi > 2000 {
		t.Errorf("RatioYDomain with a huge ratio = %g, %g", lo, hi)
	}
	// A log-scale parameter sweeps on a log axis.
	pl.X = "init"
	pl.Xs = []float64{0.01, 0.2}
	pl.Curves = nil
	if lo, hi, log := XDomain(pl); !log || lo != 0.01 || hi != 0.2 {
		t.Errorf("init sweep: XDomain = %g, %g, %v; want a log axis 0.01…0.2", lo, hi, log)
	}
	// A single x is widened; no x at all gives [0, 1].
	pl.X, pl.Xs = "rho", []float64{0.5}
	if lo, hi, _ := XDomain(pl); !(lo < 0.5 && hi > 0.5) {
		t.Errorf("single-x XDomain = %g, %g", lo, hi)
	}
	if lo, hi, log := XDomain(nil); lo != 0 || hi != 1 || log {
		t.Errorf("XDomain(nil) = %g, %g, %v", lo, hi, log)
	}
}

func TestRelDev(t *testing.T) {
	cases := []struct{ sim, th, want float64 }{
		{1.1, 1, 0.1},
		{0.9, 1, 0.1},
		{6, 4, 0.5},
	}
	for _, c := range cases {
		if got := RelDev(c.sim, c.th); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("RelDev(%g, %g) = %g, want %g", c.sim, c.th, got, c.want)
		}
	}
	for _, c := range [][2]float64{{math.NaN(), 1}, {1, math.NaN()}, {-1, 1}, {1, 0}, {math.Inf(1), 1}, {1, math.Inf(1)}} {
		if got := RelDev(c[0], c[1]); !math.IsNaN(got) {
			t.Errorf("RelDev(%g, %g) = %g, want NaN", c[0], c[1], got)
		}
	}
}

// TestAgreement is the old page's deviation statistic: runs without a
// measured or a valid predicted ratio are skipped.
func TestAgreement(t *testing.T) {
	nan := math.NaN()
	pts := []SimPoint{
		{Job: 0, Ratio: 4.2, TheoryRatio: 4},  // 5%
		{Job: 1, Ratio: 1.9, TheoryRatio: 2},  // 5%
		{Job: 2, Ratio: 3.3, TheoryRatio: 3},  // 10%
		{Job: 3, Ratio: 1.01, TheoryRatio: 1}, // 1%
		{Job: 4, Ratio: nan, TheoryRatio: 2},  // not measured: skipped
		{Job: 5, Ratio: 2, TheoryRatio: nan},  // no theory: skipped
		{Job: 6, Ratio: 0.5, TheoryRatio: -1}, // invalid theory: skipped
	}
	a := Agreement(pts)
	if a.N != 4 {
		t.Fatalf("N = %d, want 4", a.N)
	}
	if math.Abs(a.Median-0.05) > 1e-12 {
		t.Errorf("median %g, want 0.05", a.Median)
	}
	if math.Abs(a.Worst-0.1) > 1e-12 {
		t.Errorf("worst %g, want 0.1", a.Worst)
	}
	if !a.Relative || a.WithTol != 0 || a.Within != 0 {
		t.Errorf("agreement %+v: relative, without tolerances", a)
	}
	if e := Agreement(nil); e.N != 0 || e.WithTol != 0 {
		t.Errorf("empty agreement %+v", e)
	}
	if got := AgreementText(Agreement(nil)); got != "" {
		t.Errorf("AgreementText of no runs = %q, want empty", got)
	}
	rel := protocol.Agreement{N: 3, Median: 0.012, Worst: 0.29, Relative: true, WithTol: 3, Within: 2}
	if got, want := AgreementText(rel), "median 1.2%, worst 29% over 3 runs; 2/3 within the docs/theory.md §8.6 tolerance"; got != want {
		t.Errorf("AgreementText = %q, want %q", got, want)
	}
	abs := protocol.Agreement{N: 2, Median: 0.0123, Worst: 0.5}
	if got, want := AgreementText(abs), "median 0.012, worst 0.5 over 2 runs"; got != want {
		t.Errorf("AgreementText (absolute) = %q, want %q", got, want)
	}
}

// TestAgreementMedian is the old Median test through Agreement: the median
// of an odd and an even number of deviations, in any order.
func TestAgreementMedian(t *testing.T) {
	devs := func(d ...float64) []SimPoint {
		var pts []SimPoint
		for _, v := range d {
			pts = append(pts, SimPoint{Ratio: 1 + v, TheoryRatio: 1})
		}
		return pts
	}
	cases := []struct {
		pts  []SimPoint
		want float64
	}{
		{devs(3, 1, 2), 2},
		{devs(4, 1, 3, 2), 2.5},
		{devs(7), 7},
	}
	for _, c := range cases {
		if got := Agreement(c.pts).Median; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("median of %d deviations = %g, want %g", len(c.pts), got, c.want)
		}
	}
	pts := devs(3, 1, 2)
	Agreement(pts)
	if pts[0].Ratio != 4 {
		t.Error("Agreement modified its input")
	}
	v := []float64{3, 1, 2}
	protocol.Summarise(v, make([]float64, 3), true)
	if v[0] != 3 {
		t.Error("protocol.Summarise modified its input")
	}
}

func TestSeriesLabel(t *testing.T) {
	cases := []struct {
		name string
		v    float64
		want string
	}{
		{"fusion", 1, "Lf = 1 · early fusion"},
		{"fusion", 4, "Lf = 4 · late fusion"},
		{"fusion", 2, "Lf = 2 · intermediate"},
		{"ratio", 1.5, "σ_A/σ_B = 1.5"},
		{"", 3, ""},
		{"fusion", math.NaN(), ""},
	}
	for _, c := range cases {
		if got := SeriesLabel(c.name, c.v, 4); got != c.want {
			t.Errorf("SeriesLabel(%s, %g) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}

func TestSeriesLabelShort(t *testing.T) {
	cases := []struct {
		name string
		v    float64
		want string
	}{
		{"fusion", 1, "Lf = 1 (early)"},
		{"fusion", 2, "Lf = 2"},
		{"fusion", 4, "Lf = 4 (late)"},
		{"", 2, ""},
	}
	for _, c := range cases {
		if got := SeriesLabelShort(c.name, c.v, 4); got != c.want {
			t.Errorf("SeriesLabelShort(%s, %g) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}

func TestDescribeQuery(t *testing.T) {
	if got := DescribeQuery(params.Defaults().Encode()); got != "default parameters" {
		t.Errorf("DescribeQuery(defaults) = %q", got)
	}
	got := DescribeQuery("rho=0.3&fusion=2&x=ratio")
	if got != "ρ = 0.3, Lf = 2" && got != "Lf = 2, ρ = 0.3" {
		t.Errorf("DescribeQuery = %q, want ρ and Lf only (sweep keys left out)", got)
	}
}

func TestSkeletonPlan(t *testing.T) {
	pl := SkeletonPlan(params.Defaults())
	if pl.X != "rho" || pl.Series != "fusion" || len(pl.Curves) != 4 || len(pl.Jobs) != 0 {
		t.Fatalf("skeleton %+v", pl)
	}
	if pl.Xs[0] != -0.9 || pl.Xs[1] != 0.9 {
		t.Errorf("skeleton xs %v, want the default range", pl.Xs)
	}
	for i, c := range pl.Curves {
		if c.Series != i || len(c.Points) != 0 {
			t.Errorf("curve %d: %+v", i, c)
		}
	}
	p := params.Defaults()
	_ = p.Set("series", "")
	if pl := SkeletonPlan(p); len(pl.Curves) != 1 || pl.SeriesValues != nil {
		t.Errorf("no series: %d curves, values %v", len(pl.Curves), pl.SeriesValues)
	}
}

// TestDomainsStayWhileResultsArrive: simulated times inside the theory's
// domain leave the axes as they are (the panels' frames are not redrawn
// during a sweep); one outside widens them.
func TestDomainsStayWhileResultsArrive(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	lo, hi := PhaseYDomain(pl, nil, 20000)
	rlo, rhi := RatioYDomain(pl, nil)
	inside := []SimPoint{{TA: lo * 1.01, TB: hi / 1.01, Ratio: rhi / 1.01}}
	if l, h := PhaseYDomain(pl, inside, 20000); l != lo || h != hi {
		t.Errorf("times inside [%g, %g] moved the domain to [%g, %g]", lo, hi, l, h)
	}
	if l, h := RatioYDomain(pl, inside); l != rlo || h != rhi {
		t.Errorf("a ratio inside [%g, %g] moved the domain to [%g, %g]", rlo, rhi, l, h)
	}
	outside := []SimPoint{{TA: lo / 3, TB: hi / 2, Ratio: rhi * 2}}
	if l, _ := PhaseYDomain(pl, outside, 20000); !(l <= lo/3) {
		t.Errorf("a time below the domain did not widen it: %g > %g", l, lo/3)
	}
	if _, h := RatioYDomain(pl, outside); !(h >= rhi*2) {
		t.Errorf("a ratio above the domain did not widen it: %g < %g", h, rhi*2)
	}
}
