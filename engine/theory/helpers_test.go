package theory

import (
	"math"
	"testing"

	"unibias/engine/stats"
)

// printed checks got against a value printed in docs/theory.md with the given
// number of decimals: closed forms are exact arithmetic (§8.6: 1e-9
// relative), so they must agree with every printed digit, i.e. within half a
// unit of the last printed place (plus 1e-9 relative).
func printed(t *testing.T, what string, got, want float64, decimals int) {
	t.Helper()
	tol := 0.5*math.Pow(10, -float64(decimals)) + 1e-9*math.Abs(want)
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.12g, docs/theory.md prints %.*f (tolerance %.2g)", what, got, decimals, want, tol)
	}
}

// quadrature checks a §5.7 value: printed digits or 1e-6 relative (§8.6),
// whichever is looser.
func quadrature(t *testing.T, what string, got, want float64, decimals int) {
	t.Helper()
	tol := math.Max(0.5*math.Pow(10, -float64(decimals)), 1e-6*math.Abs(want))
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.12g, docs/theory.md prints %.*f (tolerance %.2g)", what, got, decimals, want, tol)
	}
}

// within checks a relative tolerance.
func within(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if !(math.Abs(got-want) <= rel*math.Abs(want)) {
		t.Errorf("%s = %.8g, want %.8g within %.3g%%", what, got, want, 100*rel)
	}
}

// toy returns the standard scalar toy of docs/theory.md §2.1: σ_A = r, σ_B = 1,
// correlation ρ, y = x_A + x_B, no noise.
func toy(t testing.TB, r, rho float64) stats.Moments {
	t.Helper()
	m, err := stats.ScalarToy(r, 1, rho, 1, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// example84 returns the population moments of docs/theory.md §8.4.
func example84() stats.Moments {
	sigma := []float64{
		2.0, 0.3, 0.4, 0.0,
		0.3, 1.5, 0.0, 0.2,
		0.4, 0.0, 1.0, 0.1,
		0.0, 0.2, 0.1, 0.8,
	}
	w := []float64{1.0, 0.5, 0.6, -0.4}
	syx := make([]float64, 4)
	eyy := 0.0
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			syx[i] += w[j] * sigma[j*4+i]
			eyy += w[i] * sigma[i*4+j] * w[j]
		}
	}
	return stats.Moments{DA: 2, DB: 2, Sxx: sigma, Syx: syx, Eyy: eyy}
}

// row81 is one row of docs/theory.md §8.1.
type row81 struct {
	r, rho, wa, wb, g, ratio, discrete, wuni, mis, loss float64
}

// table81 is docs/theory.md §8.1 (late fusion, any L, standard toy).
var table81 = []row81{
	{1.5, -0.5, 1.5, 0.25, 0.75, 2.666667, 2.634660, 0.666667, -0.333333, 0.428571},
	{1.5, 0, 2.25, 1, 1, 2.250000, 2.197250, 1.000000, 0, 0.307692},
	{1.5, 0.5, 3.0, 1.75, 0.75, 2.666667, 2.545057, 1.333333, +0.333333, 0.157895},
	{2, -0.5, 3.0, 0, 0.75, 5.000000, 4.834008, 0.750000, -0.250000, 0.250000},
	{2, 0, 4.0, 1, 1, 4.000000, 3.784225, 1.000000, 0, 0.200000},
	{2, 0.5, 5.0, 2, 0.75, 5.000000, 4.564438, 1.250000, +0.250000, 0.107143},
	{3, -0.5, 7.5, -0.5, 0.75, 11.666667, 10.559487, 0.833333, -0.166667, 0.107143},
	{3, 0, 9.0, 1, 1, 9.000000, 7.839855, 1.000000, 0, 0.100000},
	{3, 0.5, 10.5, 2.5, 0.75, 11.666667, 9.638601, 1.166667, +0.166667, 0.057692},
}

func allFinite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
