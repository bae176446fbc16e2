package theory

import (
	"fmt"
	"math"

	"unibias/engine/stats"
)

// MapResult is the outcome of [ReducedMap]: discrete half-times in steps, in
// the data's labelling of A and B.
type MapResult struct {
	// StepsA, StepsB are the half-time steps of §6 (−1: not reached).
	StepsA, StepsB int
	// TA, TB are the same in theory time η·steps (0 when not reached).
	TA, TB float64
	// Ratio is steps_second/steps_first (0 when either is missing).
	Ratio float64
	// Converged: the loss reached its minimum (to 1e-12 of the initial
	// excess) with both modalities learned within the step budget.
	Converged bool
}

// ReducedMap steps the reduced model of docs/theory.md §4 with explicit Euler of
// step η: u ← u + η·f(u). This is exactly full-batch gradient descent with
// learning rate η on an aligned-balanced network (§1.1), whose layers stay
// rank one, so it includes the finite-η effects that §5.10 approximates
// (two-layer late fusion at η = 0.04 matches the §5.10 column of §8.1 within
// 3%). Half-times follow §6: the first-learned modality at the step where its
// total weight is closest to half its plateau W^uni (first crossing, then the
// nearer of the two steps around it), the other at half of its maximum over
// the run. Stops once the loss is at its minimum or after steps steps.
// Orientation and vector reduction as in [ReducedODE].
//
// Domain: L ≥ 1, Lf in 1..L, u0 > 0, η > 0, steps ≥ 1, plus the moment
// conditions of [ReducedODE]. A run that overflows (η too large) is an error.
func ReducedMap(m stats.Moments, L, Lf int, u0, eta float64, steps int) (MapResult, error) {
	if !(eta > 0) || math.IsInf(eta, 0) {
		return MapResult{}, fmt.Errorf("theory: learning rate η = %g must be positive and finite", eta)
	}
	if steps < 1 {
		return MapResult{}, fmt.Errorf("theory: step budget %d must be at least 1", steps)
	}
	r, err := newReduced(m, L, Lf, u0)
	if err != nil {
		return MapResult{}, err
	}
	var y, dy [3]float64
	y[0], y[1] = u0, u0
	if r.hasV {
		y[2] = math.Sqrt2 * u0
	}
	wa0, wb0 := r.weights(&y)
	WA := []float64{wa0}
	WB := []float64{wb0}
	converged := false
	for k := 1; k <= steps; k++ {
		r.deriv(&y, &dy)
		for i := 0; i < r.n; i++ {
			y[i] += eta * dy[i]
		}
		wa, wb := r.weights(&y)
		if !isFinite(wa) || !isFinite(wb) {
			return MapResult{}, fmt.Errorf("theory: gradient descent on the reduced model diverged at step %d (learning rate η = %g too large)", k, eta)
		}
		WA = append(WA, wa)
		WB = append(WB, wb)
		if r.gap(wa, wb) <= gapTol*r.gap0 {
			converged = true
			break
		}
	}
	kf := nearestCrossing(WA, r.levelA)
	ks := -1
	maxB := math.Inf(-1)
	for _, v := range WB {
		maxB = math.Max(maxB, v)
	}
	if maxB > 0 && maxB >= r.finalB/2 {
		ks = nearestCrossing(WB, maxB/2)
	}
	res := MapResult{StepsA: kf, StepsB: ks, Converged: converged && kf > 0 && ks > 0}
	if r.swapped {
		res.StepsA, res.StepsB = ks, kf
	}
	if kf > 0 && ks > 0 {
		res.Ratio = float64(ks) / float64(kf)
	}
	if res.StepsA > 0 {
		res.TA = eta * float64(res.StepsA)
	}
	if res.StepsB > 0 {
		res.TB = eta * float64(res.StepsB)
	}
	return res, nil
}

// nearestCrossing returns the first index at which s reaches level, or the
// index before it when that one is closer to level; −1 if never reached.
func nearestCrossing(s []float64, level float64) int {
	for i, v := range s {
		if v >= level {
			if i > 0 && level-s[i-1] < v-level {
				return i - 1
			}
			return i
		}
	}
	return -1
}
