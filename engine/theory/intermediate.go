package theory

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"

	"unibias/engine/stats"
)

// Intermediate returns the intermediate-fusion prediction of docs/theory.md §5.7
// (1 < Lf < L, aligned-balanced init of scale u0; reference
// `sweep.py:lag_depth`, `integrand`):
//
//	u_B(u) = u0^{1−k̃} u^{k̃}                                   (Lf = 2)
//	u_B(u) = (k̃ u^{2−Lf} + (1 − k̃) u0^{2−Lf})^{1/(2−Lf)}       (Lf ≥ 3)
//	I      = ∫_{u0}^{1} du / [wa u^{Lf−1} (u² + u_B(u)²)^{(L−Lf)/2}]   (= t_A)
//	lag    = (1 − k̃) ln(1/u0) (W_A^uni)^{Lf/L−1} / g              (Lf = 2)
//	lag    = (1 − k̃) u0^{2−Lf} (W_A^uni)^{Lf/L−1} / ((Lf − 2) g)  (Lf ≥ 3)
//	ratio  = t_B/t_A = 1 + lag/I                                  (t_B − t_A = lag)
//
// I is computed by Gauss–Legendre quadrature (gonum integrate/quad) in
// s = ln u, refined until two rules agree to 1e-13; a composite Simpson rule
// in s agrees to ≤ 1e-11 (tested). For the standard toy W_A^uni = 1 + ρ/r and
// g = 1 − ρ², as in the reference code. Vector modalities use the effective
// scalar symbols of [ScalarSymbols] (an approximation).
//
// Domain: L ≥ 3, Lf in 2..L−1 (Lf = 1 is early fusion, §5.8; Lf = L is late
// fusion, §5.3), 0 < u0 < 1, plus that of [ScalarSymbols].
func Intermediate(m stats.Moments, L, Lf int, u0 float64) (I, lag, ratio float64, err error) {
	if err := checkIntermediate(L, Lf, u0); err != nil {
		return 0, 0, 0, err
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return 0, 0, 0, err
	}
	return intermediate(s, L, Lf, u0, 0)
}

func checkIntermediate(L, Lf int, u0 float64) error {
	if err := checkDepth(L, Lf); err != nil {
		return err
	}
	if Lf < 2 || Lf > L-1 {
		return fmt.Errorf("theory: §5.7 needs an intermediate fusion layer, Lf must be in 2..L-1 (got Lf = %d, L = %d; Lf = 1 is early fusion §5.8, Lf = L late fusion §5.3)", Lf, L)
	}
	return checkU0(u0)
}

// intermediate evaluates §5.7 from the symbols; simpson > 0 selects the
// composite Simpson rule with that many intervals instead of Gauss–Legendre.
func intermediate(s Symbols, L, Lf int, u0 float64, simpson int) (I, lag, ratio float64, err error) {
	lnu0 := math.Log(u0)
	kt := s.KTilde
	lnwa := math.Log(s.WA)
	half := float64(L-Lf) / 2
	// lnUB returns ln u_B at s = ln u (step 1).
	lnUB := func(x float64) float64 {
		if Lf == 2 {
			return (1-kt)*lnu0 + kt*x
		}
		p := float64(2 - Lf)
		// base = u0^p [k̃ (u/u0)^p + 1 − k̃] with (u/u0)^p ∈ (0, 1]: the
		// bracket is ≥ min(1, 1 − k̃ + k̃ (u/u0)^p) > 0 for |k̃| ≤ 1.
		br := kt*math.Exp(p*(x-lnu0)) + (1 - kt)
		return lnu0 + math.Log(br)/p
	}
	// integrand·u in s = ln u (step 2).
	f := func(x float64) float64 {
		a, b := 2*x, 2*lnUB(x)
		if b > a {
			a, b = b, a
		}
		lse := a + math.Log1p(math.Exp(b-a)) // ln(u² + u_B²)
		return math.Exp(float64(2-Lf)*x - lnwa - half*lse)
	}
	if simpson > 0 {
		I = simpsonRule(f, lnu0, 0, simpson)
	} else {
		I = legendre(f, lnu0, 0)
	}
	// Step 3.
	gain := math.Pow(s.WUni, float64(Lf)/float64(L)-1)
	if Lf == 2 {
		lag = (1 - kt) * (-lnu0) * gain / s.G
	} else {
		lag = (1 - kt) * math.Pow(u0, float64(2-Lf)) * gain / (float64(Lf-2) * s.G)
	}
	if !(I > 0) || !isFinite(I) {
		return 0, 0, 0, fmt.Errorf("theory: §5.7 integral I = %g is not a positive finite number (overflow for these u0, L, Lf)", I)
	}
	ratio = 1 + lag/I
	if err := finite("§5.7 lag or ratio", lag, ratio); err != nil {
		return 0, 0, 0, err
	}
	return I, lag, ratio, nil
}

// legendre integrates f over [a, b] with Gauss–Legendre rules of increasing
// order until two successive ones agree to 1e-13 (the integrand of §5.7 is
// analytic in s, so this happens at a few dozen nodes for ordinary u0).
func legendre(f func(float64) float64, a, b float64) float64 {
	prev := quad.Fixed(f, a, b, 32, quad.Legendre{}, 0)
	for n := 64; n <= 4096; n *= 2 {
		cur := quad.Fixed(f, a, b, n, quad.Legendre{}, 0)
		if math.Abs(cur-prev) <= 1e-13*math.Abs(cur) {
			return cur
		}
		prev = cur
	}
	return prev
}

// simpsonRule is the composite Simpson rule with n (even) intervals.
func simpsonRule(f func(float64) float64, a, b float64, n int) float64 {
	if n%2 == 1 {
		n++
	}
	h := (b - a) / float64(n)
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}
