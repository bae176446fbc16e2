package app

import (
	"math"
	"testing"

	"unibias/protocol"
)

func TestSimPoints(t *testing.T) {
	pl := fakePlan(7, 20)
	res := fakeResults(pl, 10)
	pts := SimPoints(pl, res, true)
	if len(pts) != 10 {
		t.Fatalf("%d points, want 10", len(pts))
	}
	if !pts[0].Failed() || pts[0].Status != "diverged" {
		t.Errorf("job 0 should be a failed (diverged) point: %+v", pts[0])
	}
	p := pts[3]
	if p.Failed() || p.TheoryName != "reduced ODE" || math.Abs(p.Ratio/p.TheoryRatio-1.1) > 1e-12 {
		t.Errorf("point 3: %+v", p)
	}
	if p.Seed != "1" {
		t.Errorf("seed %q, want the default 1", p.Seed)
	}
	d := Deviations(pts)
	if d.N != 9 || math.Abs(d.Median-0.1) > 1e-9 {
		t.Errorf("deviations %+v, want 9 runs at 10%%", d)
	}
	// Entrywise init compares with the closed form only.
	res[3].Report.Params["initscheme"] = "entrywise"
	res[3].Report.Theory.Ratio = protocol.N(2)
	if q := SimPoints(pl, res, true)[3]; q.TheoryName != "closed form" || q.TheoryRatio != 2 {
		t.Errorf("entrywise point: %+v", q)
	}
}

func TestTheoryTimesFallback(t *testing.T) {
	cp := protocol.CurvePoint{TA: nil, TB: protocol.N(500), ODETA: protocol.N(90), ODETB: protocol.N(480)}
	ta, tb := TheoryTimes(cp)
	if ta != 90 || tb != 500 {
		t.Errorf("TheoryTimes = %g, %g; want the ODE t_A 90 and the closed-form t_B 500", ta, tb)
	}
}

func TestDomains(t *testing.T) {
	pl := fakePlan(7, 20)
	lo, hi, log := XDomain(pl)
	if lo != -0.9 || hi != 0.9 || log {
		t.Errorf("XDomain = %g, %g, %v", lo, hi, log)
	}
	ylo, yhi := PhaseYDomain(pl, nil, 20000)
	if !(ylo <= 200 && yhi >= 200*1.81*4*3 && ylo > 0) {
		t.Errorf("PhaseYDomain = %g, %g", ylo, yhi)
	}
	// Capped near the step budget.
	if _, yhi := PhaseYDomain(pl, nil, 1000); yhi > 2000 {
		t.Errorf("PhaseYDomain ignores the budget: hi %g", yhi)
	}
	rlo, rhi := RatioYDomain(pl, nil)
	if rlo > 1 || rhi < 1+4*1.81/2 {
		t.Errorf("RatioYDomain = %g, %g", rlo, rhi)
	}
	// A log-scale parameter sweeps on a log axis.
	pl.X = "init"
	pl.Xs = []float64{0.01, 0.2}
	pl.Curves = nil
	if _, _, log := XDomain(pl); !log {
		t.Error("init sweep should use a log x axis")
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
