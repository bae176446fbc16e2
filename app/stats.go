package app

import (
	"math"
	"sort"
)

// Deviation summarises how far simulated time ratios lie from the theory:
// the relative deviation |sim/theory − 1| of each run, its median and its
// largest value.
type Deviation struct {
	N      int     // runs with both a simulated and a theoretical ratio
	Median float64 // median relative deviation (NaN when N = 0)
	Worst  float64 // largest relative deviation (NaN when N = 0)
	// WorstJob is the job index of the worst run (-1 when N = 0).
	WorstJob int
}

// RelDev is the relative deviation |sim/theory − 1|, NaN unless both are
// positive and finite.
func RelDev(sim, theory float64) float64 {
	if !(sim > 0) || !(theory > 0) || math.IsInf(sim, 0) || math.IsInf(theory, 0) {
		return math.NaN()
	}
	return math.Abs(sim/theory - 1)
}

// Deviations computes the deviation statistics of the simulated points that
// have both a measured ratio and a theory ratio.
func Deviations(pts []SimPoint) Deviation {
	d := Deviation{Median: math.NaN(), Worst: math.NaN(), WorstJob: -1}
	var devs []float64
	for _, p := range pts {
		v := RelDev(p.Ratio, p.TheoryRatio)
		if math.IsNaN(v) {
			continue
		}
		devs = append(devs, v)
		if d.WorstJob < 0 || v > d.Worst {
			d.Worst, d.WorstJob = v, p.Job
		}
	}
	d.N = len(devs)
	d.Median = Median(devs)
	return d
}

// Median returns the median of v (NaN for an empty slice); v is not
// modified.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
