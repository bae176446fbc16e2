package app

import (
	"math"
	"testing"
)

func TestMedian(t *testing.T) {
	cases := []struct {
		v    []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
	}
	for _, c := range cases {
		if got := Median(c.v); got != c.want {
			t.Errorf("Median(%v) = %g, want %g", c.v, got, c.want)
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) should be NaN")
	}
	v := []float64{3, 1, 2}
	Median(v)
	if v[0] != 3 {
		t.Error("Median modified its input")
	}
}

func TestDeviations(t *testing.T) {
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
	d := Deviations(pts)
	if d.N != 4 {
		t.Fatalf("N = %d, want 4", d.N)
	}
	if math.Abs(d.Median-0.05) > 1e-12 {
		t.Errorf("median %g, want 0.05", d.Median)
	}
	if math.Abs(d.Worst-0.1) > 1e-12 || d.WorstJob != 2 {
		t.Errorf("worst %g (job %d), want 0.1 (job 2)", d.Worst, d.WorstJob)
	}
	e := Deviations(nil)
	if e.N != 0 || !math.IsNaN(e.Median) || e.WorstJob != -1 {
		t.Errorf("empty deviations %+v", e)
	}
}
