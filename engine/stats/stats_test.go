package stats

import (
	"math"
	"testing"
)

func TestScalarToyMoments(t *testing.T) {
	// THEORY.md §2.1: Σ_A = r², Σ_B = 1, Σ_AB = ρr, Σ_yA = r² + ρr, Σ_yB = 1 + ρr.
	r, rho := 2.0, 0.5
	m, err := ScalarToy(r, 1, rho, 1, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{4, 1, 1}
	got := []float64{m.SigmaA()[0], m.SigmaB()[0], m.SigmaAB()[0]}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("covariance %v want %v", got, want)
		}
	}
	if m.SyA()[0] != 5 || m.SyB()[0] != 2 {
		t.Fatalf("Σ_y = %v, want wa=5 wb=2 (§8.1 row r=2, ρ=0.5)", m.Syx)
	}
	// E[y²] = r² + 1 + 2ρr = 7, so ℒ(0) = 3.5.
	if m.Loss([]float64{0, 0}) != 3.5 {
		t.Fatalf("ℒ(0) = %v", m.Loss([]float64{0, 0}))
	}
	if l := m.Loss([]float64{1, 1}); math.Abs(l) > 1e-15 {
		t.Fatalf("loss at the teacher = %v", l)
	}
}

func TestScalarToyRejects(t *testing.T) {
	for _, c := range [][3]float64{{2, 1, 1}, {2, 1, -1.2}, {0, 1, 0}, {2, -1, 0}, {math.NaN(), 1, 0}} {
		if _, err := ScalarToy(c[0], c[1], c[2], 1, 1, 0); err == nil {
			t.Errorf("ScalarToy%v should fail", c)
		}
	}
}

func TestLeastSquaresAndPlateauLoss(t *testing.T) {
	m, _ := ScalarToy(2, 1, 0.5, 1, 1, 0.3)
	w, l := m.LeastSquares()
	if math.Abs(w[0]-1) > 1e-12 || math.Abs(w[1]-1) > 1e-12 {
		t.Fatalf("W* = %v, want the teacher (1, 1)", w)
	}
	if math.Abs(l-0.5*0.09) > 1e-12 {
		t.Fatalf("ℒ* = %v, want ½·noise² = 0.045", l)
	}
	// Singular Σ (ρ → duplicate input): the minimum-norm solution still fits.
	s := Moments{DA: 1, DB: 1, Sxx: []float64{1, 1, 1, 1}, Syx: []float64{2, 2}, Eyy: 4}
	w, l = s.LeastSquares()
	if math.Abs(w[0]-1) > 1e-12 || math.Abs(w[1]-1) > 1e-12 || l > 1e-12 {
		t.Fatalf("pseudo-inverse solution %v loss %v", w, l)
	}
}

func TestErrorIsNegativeGradient(t *testing.T) {
	m, _ := ScalarToy(1.5, 1, -0.3, 0.7, 1.2, 0)
	w := []float64{0.3, -0.2}
	e := m.Error(w, nil)
	h := 1e-6
	for i := range w {
		wp := append([]float64(nil), w...)
		wm := append([]float64(nil), w...)
		wp[i] += h
		wm[i] -= h
		g := (m.Loss(wp) - m.Loss(wm)) / (2 * h)
		if math.Abs(g+e[i]) > 1e-8 {
			t.Fatalf("∂ℒ/∂W[%d] = %v, −e = %v", i, g, -e[i])
		}
	}
}

func TestSwap(t *testing.T) {
	m := Moments{DA: 2, DB: 1, Sxx: []float64{1, 2, 3, 2, 4, 5, 3, 5, 6}, Syx: []float64{7, 8, 9}, Eyy: 10}
	s := m.Swap()
	if s.DA != 1 || s.DB != 2 || s.Syx[0] != 9 || s.At(0, 0) != 6 || s.At(0, 1) != 3 || s.At(1, 2) != 2 || s.At(2, 2) != 4 {
		t.Fatalf("swap wrong: %+v", s)
	}
	back := s.Swap()
	for i := range m.Sxx {
		if back.Sxx[i] != m.Sxx[i] {
			t.Fatal("double swap is not the identity")
		}
	}
}
