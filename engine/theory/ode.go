package theory

import (
	"fmt"
	"math"

	"unibias/engine/stats"
)

// ODEResult is a prediction of the reduced dynamics (docs/theory.md §4): the
// half-times of §6 in theory time (τ = 1), in the data's labelling of A and
// B, and their ratio t_second/t_first.
type ODEResult struct {
	TA, TB, Ratio float64
	// Converged is true when the loss reached its minimum (to 1e-12 of the
	// initial excess) with both modalities learned before the time cap.
	// When false, a time that was not reached is 0 and Ratio is 0.
	Converged bool
}

// allowStiff enables the switch to the Rosenbrock method (tests compare
// against the explicit method alone).
var allowStiff = true

// debugODE, if set (tests), receives the accepted steps.
var debugODE func(pts []odePoint)

// odePoint is an accepted step of the integrator.
type odePoint struct {
	t, h  float64
	y     [3]float64
	stiff bool
}

// Integration settings of ReducedODE.
const (
	odeRtol      = 1e-9   // relative tolerance of the Dormand–Prince step
	odeRtolStiff = 1e-8   // relative tolerance of the Rosenbrock step (stiff phases)
	odeTimeCap   = 1e7    // theory-time cap
	odeMaxSteps  = 200000 // step cap (accepted + rejected)
	gapTol       = 1e-12  // converged: ℒ − ℒ_min ≤ gapTol·(ℒ(0) − ℒ_min)
)

// ReducedODE integrates the reduced dynamics of docs/theory.md §4,
//
//	W_A = v^{L−Lf} u_A^{Lf},  W_B = v^{L−Lf} u_B^{Lf}
//	du_A/dt = v^{L−Lf} u_A^{Lf−1} e_A,  du_B/dt = v^{L−Lf} u_B^{Lf−1} e_B
//	dv/dt   = v^{L−Lf−1} (u_A^{Lf} e_A + u_B^{Lf} e_B)      (no v when Lf = L)
//
// from u_A = u_B = u0, v = √2·u0 (the aligned-balanced init of §1.1), with an
// adaptive Dormand–Prince 5(4) integrator (rtol 1e-9) that hands stiff
// stretches (long plateaus) to an L-stable Rosenbrock–W method (rtol 1e-8;
// see stiff.go). It returns the half-times of §6: the first-learned modality
// when its total weight first reaches half its plateau W^uni, the other when
// it first reaches half of its maximum over the run; crossings are located
// by regula falsi (Illinois) on re-integrated sub-steps. Integration stops
// once ℒ − ℒ_min ≤ 1e-12 (ℒ(0) − ℒ_min), or at t = 1e7 or after 2e5 steps
// (Converged = false). Typical calls take 50–250 µs natively.
//
// The model is written in the orientation of [ScalarSymbols] (Σ_yA > 0,
// g > 0 for the first-learned A), i.e. the initial weights point along the
// directions the data reward. Vector modalities are replaced by the effective
// scalar reduction (wa = ‖Σ_yA‖, wb = ‖Σ_yB‖, g = ‖g⃗‖, W^uni, W_B^∞ matched;
// approximate). relu doubles every time (§5.12: each rate halves).
//
// Domain: L ≥ 1, Lf in 1..L, u0 > 0 finite (any size: the ODE is not an
// asymptotic formula), valid moments with Σ_A positive definite and g ≠ 0.
func ReducedODE(m stats.Moments, L, Lf int, u0 float64, relu bool) (ODEResult, error) {
	return reducedODE(m, L, Lf, u0, relu, false)
}

// reducedODE is ReducedODE, at the preview's looser tolerances when loose.
func reducedODE(m stats.Moments, L, Lf int, u0 float64, relu, loose bool) (ODEResult, error) {
	r, err := newReduced(m, L, Lf, u0)
	if err != nil {
		return ODEResult{}, err
	}
	r.loose = loose
	tf, ts, conv, err := r.solve()
	if err != nil {
		return ODEResult{}, err
	}
	if relu {
		tf, ts = 2*tf, 2*ts
	}
	res := ODEResult{Converged: conv}
	if tf > 0 && ts > 0 {
		res.Ratio = ts / tf
	} else {
		res.Converged = false
	}
	if r.swapped {
		res.TA, res.TB = ts, tf
	} else {
		res.TA, res.TB = tf, ts
	}
	if finite("reduced-ODE times", res.TA, res.TB, res.Ratio) != nil {
		return ODEResult{}, fmt.Errorf("theory: reduced ODE produced a non-finite time")
	}
	return res, nil
}

// reduced is the scalar reduced model in first-learned-first orientation.
type reduced struct {
	L, Lf          int
	u0             float64
	sA, sB, sAB    float64 // Σ_A, Σ_B, Σ_AB (oriented, effective for vectors)
	yA, yB         float64 // Σ_yA > 0, Σ_yB
	wsA, wsB       float64 // global minimum W*
	levelA, finalB float64 // W^uni/2 and W*_B (> 0)
	gap0           float64 // ℒ(0) − ℒ_min
	swapped        bool    // the data's B is learned first
	hasV           bool
	n              int // state size: 2 (Lf = L) or 3
	// loose scales the relative tolerances up by previewLoosen (a preview,
	// reducedODELoose); false is the accuracy of record.
	loose bool
}

// previewLoosen is the factor by which a preview's ODE tolerances exceed
// the defaults (1e-9 → 1e-5): its half-times agree with the default's to
// about 1e-4, far below what a figure can show, in a sixth of the steps.
const previewLoosen = 1e4

// rtol is the relative tolerance of the Dormand–Prince step.
func (r *reduced) rtol() float64 {
	if r.loose {
		return odeRtol * previewLoosen
	}
	return odeRtol
}

// rtolStiff is the relative tolerance of the Rosenbrock step.
func (r *reduced) rtolStiff() float64 {
	if r.loose {
		return odeRtolStiff * previewLoosen
	}
	return odeRtolStiff
}

func newReduced(m stats.Moments, L, Lf int, u0 float64) (*reduced, error) {
	if err := checkDepth(L, Lf); err != nil {
		return nil, err
	}
	if !(u0 > 0) || math.IsInf(u0, 0) {
		return nil, fmt.Errorf("theory: the initial scale u0 = %g must be positive and finite", u0)
	}
	if err := checkMoments(m); err != nil {
		return nil, err
	}
	r := &reduced{L: L, Lf: Lf, u0: u0, hasV: Lf < L, n: 2}
	if r.hasV {
		r.n = 3
	}
	if !firstIsA(m) {
		m = m.Swap()
		r.swapped = true
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return nil, err
	}
	if s.Scalar {
		r.sA, r.sB = m.Sxx[0], m.Sxx[3]
		r.sAB = 0.5 * (m.Sxx[1] + m.Sxx[2])
		if s.FlipA != s.FlipB {
			r.sAB = -r.sAB
		}
	} else {
		// Effective scalar moments reproducing wa, wb, g, W^uni and W_B^∞.
		r.sA = s.WA / s.WUni
		r.sAB = (s.WB - s.G) / s.WUni
		r.sB = r.sAB*r.sAB/r.sA + s.G/s.WBInf
	}
	r.yA, r.yB = s.WA, s.WB
	det := r.sA*r.sB - r.sAB*r.sAB
	r.wsA = (r.yA*r.sB - r.yB*r.sAB) / det
	r.wsB = (r.yB*r.sA - r.yA*r.sAB) / det
	r.levelA = s.WUni / 2
	r.finalB = r.wsB
	r.gap0 = r.gap(0, 0)
	if err := finite("reduced model", r.sA, r.sB, r.sAB, r.wsA, r.wsB, r.gap0); err != nil {
		return nil, err
	}
	if !(r.gap0 > 0) || !(r.finalB > 0) {
		return nil, ErrNoNewInformation
	}
	return r, nil
}

// gap returns ℒ(W) − ℒ_min = ½ (W − W*) Σ (W − W*)ᵀ.
func (r *reduced) gap(wa, wb float64) float64 {
	da, db := wa-r.wsA, wb-r.wsB
	return 0.5 * (da*da*r.sA + 2*da*db*r.sAB + db*db*r.sB)
}

func ipow(x float64, n int) float64 {
	p := 1.0
	for ; n > 0; n-- {
		p *= x
	}
	return p
}

// weights returns the totals W_A, W_B of a state.
func (r *reduced) weights(y *[3]float64) (wa, wb float64) {
	vp := 1.0
	if r.hasV {
		vp = ipow(y[2], r.L-r.Lf)
	}
	return vp * ipow(y[0], r.Lf), vp * ipow(y[1], r.Lf)
}

// deriv evaluates the right-hand side of §4 (times τ⁻¹ = 1).
func (r *reduced) deriv(y, dy *[3]float64) {
	uA, uB := y[0], y[1]
	vp, vp1 := 1.0, 0.0
	if r.hasV {
		vp1 = ipow(y[2], r.L-r.Lf-1)
		vp = vp1 * y[2]
	}
	a1 := ipow(uA, r.Lf-1)
	b1 := ipow(uB, r.Lf-1)
	aL, bL := a1*uA, b1*uB
	wa, wb := vp*aL, vp*bL
	eA := r.yA - wa*r.sA - wb*r.sAB
	eB := r.yB - wa*r.sAB - wb*r.sB
	dy[0] = vp * a1 * eA
	dy[1] = vp * b1 * eB
	if r.hasV {
		dy[2] = vp1 * (aL*eA + bL*eB)
	}
}

// Dormand–Prince 5(4) coefficients (Dormand & Prince 1980; Hairer, Nørsett &
// Wanner, Solving ODEs I, Table 5.2).
const (
	dpC2, dpC3, dpC4, dpC5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	dpA21 = 1.0 / 5
	dpA31 = 3.0 / 40
	dpA32 = 9.0 / 40
	dpA41 = 44.0 / 45
	dpA42 = -56.0 / 15
	dpA43 = 32.0 / 9
	dpA51 = 19372.0 / 6561
	dpA52 = -25360.0 / 2187
	dpA53 = 64448.0 / 6561
	dpA54 = -212.0 / 729
	dpA61 = 9017.0 / 3168
	dpA62 = -355.0 / 33
	dpA63 = 46732.0 / 5247
	dpA64 = 49.0 / 176
	dpA65 = -5103.0 / 18656
	dpA71 = 35.0 / 384
	dpA73 = 500.0 / 1113
	dpA74 = 125.0 / 192
	dpA75 = -2187.0 / 6784
	dpA76 = 11.0 / 84

	dpE1 = 71.0 / 57600
	dpE3 = -71.0 / 16695
	dpE4 = 71.0 / 1920
	dpE5 = -17253.0 / 339200
	dpE6 = 22.0 / 525
	dpE7 = -1.0 / 40
)

// dpStep advances y by h given k1 = f(y); it writes the 5th-order solution to
// yn and its derivative to k7, and returns the scaled error norm (≤ 1 to
// accept) for tolerances atol + rtol·max(|y|, |yn|) and the stiffness
// estimate h·λ ≈ h‖k7 − k6‖/‖yn − y6‖ (stages 6 and 7 share c = 1).
func (r *reduced) dpStep(y, k1 *[3]float64, h, atol float64, yn, k7 *[3]float64) (float64, float64) {
	var k2, k3, k4, k5, k6, t [3]float64
	n := r.n
	for i := 0; i < n; i++ {
		t[i] = y[i] + h*dpA21*k1[i]
	}
	r.deriv(&t, &k2)
	for i := 0; i < n; i++ {
		t[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
	}
	r.deriv(&t, &k3)
	for i := 0; i < n; i++ {
		t[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
	}
	r.deriv(&t, &k4)
	for i := 0; i < n; i++ {
		t[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
	}
	r.deriv(&t, &k5)
	for i := 0; i < n; i++ {
		t[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
	}
	r.deriv(&t, &k6)
	for i := 0; i < n; i++ {
		yn[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
	}
	r.deriv(yn, k7)
	e, num, den := 0.0, 0.0, 0.0
	for i := 0; i < n; i++ {
		d := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
		sc := atol + r.rtol()*math.Max(math.Abs(y[i]), math.Abs(yn[i]))
		q := d / sc
		e += q * q
		dk, dy := k7[i]-k6[i], yn[i]-t[i]
		num += dk * dk
		den += dy * dy
	}
	hl := 0.0
	if den > 0 {
		hl = h * math.Sqrt(num/den)
	}
	return math.Sqrt(e / float64(n)), hl
}

// solve integrates to convergence and returns the half-times of the first-
// and second-learned modality (0 if not reached) in theory time.
func (r *reduced) solve() (tFirst, tSecond float64, converged bool, err error) {
	var y, k1, yn, k7 [3]float64
	y[0], y[1] = r.u0, r.u0
	if r.hasV {
		y[2] = math.Sqrt2 * r.u0
	}
	atol := 1e-3 * r.rtol() * r.u0 * r.u0
	r.deriv(&y, &k1)
	rate := 0.0
	for i := 0; i < r.n; i++ {
		rate = math.Max(rate, math.Abs(k1[i]/y[i]))
	}
	h := 1e-2
	if rate > 0 {
		h = 0.01 / rate
	}
	// Accepted steps: step i ends at time pts[i].t in state pts[i].y after a
	// step of size pts[i].h taken by the Rosenbrock method if pts[i].stiff.
	pts := make([]odePoint, 1, 512)
	pts[0].y = y
	t := 0.0
	stiff, nStiff, nSoft := false, 0, 0
	for it := 0; it < odeMaxSteps && t < odeTimeCap; it++ {
		if t+h > odeTimeCap {
			h = odeTimeCap - t
		}
		var e, hl float64
		if stiff {
			e, hl = r.rosStep(&y, &k1, h, atol, &yn)
		} else {
			e, hl = r.dpStep(&y, &k1, h, atol, &yn, &k7)
		}
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		if e <= 1 {
			if stiff {
				r.deriv(&yn, &k7)
			}
			t += h
			y, k1 = yn, k7
			pts = append(pts, odePoint{t: t, h: h, y: y, stiff: stiff})
			wa, wb := r.weights(&y)
			if !isFinite(wa) || !isFinite(wb) {
				return 0, 0, false, fmt.Errorf("theory: reduced ODE left the finite range at t = %g", t)
			}
			if r.gap(wa, wb) <= gapTol*r.gap0 {
				converged = true
				break
			}
			if stiff { // back to DOPRI5 once it would be stable
				if hl < 2 {
					if nSoft++; nSoft >= 5 {
						stiff, nStiff, nSoft = false, 0, 0
					}
				} else {
					nSoft = 0
				}
			} else if hl > 3.25 { // stiffness detection of DOPRI5 (Hairer et al.)
				nStiff, nSoft = nStiff+1, 0
				if nStiff >= 15 && allowStiff {
					stiff, nSoft = true, 0
				}
			} else if nSoft++; nSoft >= 6 {
				nStiff = 0
			}
		}
		// Step-size controller h ← h·0.9·err^{−1/k}: k = 4 for DOPRI5 (local
		// error ~ h⁵; the slightly bolder exponent avoids math.Pow, which
		// cost a fifth of the run time), k = 3 for ROS34PW2 (error ~ h³).
		fac := 5.0
		if e > 0 {
			if stiff {
				fac = 0.9 / math.Cbrt(e)
			} else {
				fac = 0.9 / math.Sqrt(math.Sqrt(e))
			}
			fac = math.Min(5, math.Max(0.2, fac))
		}
		if e > 1 {
			fac = math.Min(fac, 0.9)
		}
		h *= fac
		if !(h > 1e-14*math.Max(t, 1e-300)) {
			return 0, 0, false, fmt.Errorf("theory: reduced ODE step size underflow at t = %g", t)
		}
	}
	if debugODE != nil {
		debugODE(pts)
	}
	// Half-time of the first modality: W_A reaches W^uni/2.
	wA := func(y *[3]float64) float64 { a, _ := r.weights(y); return a }
	wB := func(y *[3]float64) float64 { _, b := r.weights(y); return b }
	iA := -1
	for i := range pts {
		if wA(&pts[i].y) >= r.levelA {
			iA = i
			break
		}
	}
	maxB := math.Inf(-1)
	for i := range pts {
		maxB = math.Max(maxB, wB(&pts[i].y))
	}
	iB := -1
	if maxB > 0 && maxB >= r.finalB/2 {
		for i := range pts {
			if wB(&pts[i].y) >= maxB/2 {
				iB = i
				break
			}
		}
	}
	if iA > 0 {
		p := &pts[iA-1]
		tFirst = r.refine(p.t, pts[iA].h, &p.y, pts[iA].stiff, wA, r.levelA, atol)
	}
	if iB > 0 {
		p := &pts[iB-1]
		tSecond = r.refine(p.t, pts[iB].h, &p.y, pts[iB].stiff, wB, maxB/2, atol)
	}
	if iA <= 0 || iB <= 0 {
		converged = false
	}
	return tFirst, tSecond, converged, nil
}

// refine locates, inside the accepted step [t0, t0 + h] that starts at y0,
// the time where w(y(t)) = level (w(y0) < level ≤ w(y(t0 + h))), by the
// Illinois variant of regula falsi on single sub-steps of the method that
// took the step (Dormand–Prince, or Rosenbrock when stiff).
func (r *reduced) refine(t0, h float64, y0 *[3]float64, stiff bool, w func(*[3]float64) float64, level, atol float64) float64 {
	var k1, yn, k7 [3]float64
	r.deriv(y0, &k1)
	at := func(th float64) float64 {
		if th == 0 {
			return w(y0) - level
		}
		if stiff {
			_, _ = r.rosStep(y0, &k1, th*h, atol, &yn)
		} else {
			r.dpStep(y0, &k1, th*h, atol, &yn, &k7)
		}
		return w(&yn) - level
	}
	lo, hi := 0.0, 1.0
	flo, fhi := at(lo), at(hi)
	if flo >= 0 {
		return t0
	}
	if fhi < 0 { // cannot happen for the accepted step; be safe
		return t0 + h
	}
	side := 0
	for it := 0; it < 100 && (hi-lo)*h > 1e-13*(t0+h); it++ {
		th := (lo*fhi - hi*flo) / (fhi - flo)
		if !(th > lo && th < hi) {
			th = 0.5 * (lo + hi)
		}
		f := at(th)
		switch {
		case f == 0:
			return t0 + th*h
		case f < 0:
			lo, flo = th, f
			if side == -1 {
				fhi /= 2
			}
			side = -1
		default:
			hi, fhi = th, f
			if side == 1 {
				flo /= 2
			}
			side = 1
		}
	}
	return t0 + 0.5*(lo+hi)*h
}
