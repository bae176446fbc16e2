package data

import (
	"math"
	"math/rand/v2"
	"testing"
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

func TestToySamplesMatchPopulation(t *testing.T) {
	// docs/theory.md §2.1 reference: P = 8192 samples; empirical moments should be
	// within a few standard errors (≈ σ²·√(2/P) ≈ 0.06 for Σ_A = 4).
	s, err := Toy(2, 0.5, 1, 1, 0, 8192, rng(1))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range s.Pop.Sxx {
		if math.Abs(s.Train.Sxx[i]-want) > 0.2 {
			t.Errorf("Sxx[%d] = %v, population %v", i, s.Train.Sxx[i], want)
		}
	}
	if math.Abs(s.Train.Syx[0]-5) > 0.25 || math.Abs(s.Train.Syx[1]-2) > 0.12 {
		t.Errorf("Syx = %v, population (5, 2)", s.Train.Syx)
	}
}

func TestEmpiricalExact(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	y := []float64{1, -1}
	m := Empirical(x, y, 1, 1)
	want := []float64{5, 7, 7, 10}
	for i := range want {
		if m.Sxx[i] != want[i] {
			t.Fatalf("Sxx %v", m.Sxx)
		}
	}
	if m.Syx[0] != -1 || m.Syx[1] != -1 || m.Eyy != 1 {
		t.Fatalf("Syx %v Eyy %v", m.Syx, m.Eyy)
	}
}

func TestReproducible(t *testing.T) {
	a, _ := Toy(2, 0.3, 1, 1, 0.1, 100, rng(3))
	b, _ := Toy(2, 0.3, 1, 1, 0.1, 100, rng(3))
	c, _ := Toy(2, 0.3, 1, 1, 0.1, 100, rng(4))
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatal("same seed gave different samples")
		}
	}
	if a.X[0] == c.X[0] {
		t.Fatal("different seeds gave the same first sample")
	}
}

func TestFixed(t *testing.T) {
	// §2.2 "fixed": D = 100, Σ = diag(3·I_50, I_50), w* = 0.1; E_g(0) = ½ w*ᵀΣw* = ½·0.01·(150 + 50) = 1.
	s, err := Fixed(0.5, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Pop.DA != 50 || s.Pop.DB != 50 {
		t.Fatal("dimensions")
	}
	if eg := s.GeneralisationError(make([]float64, 100)); math.Abs(eg-1) > 1e-12 {
		t.Fatalf("E_g(0) = %v, want 1", eg)
	}
	if math.Abs(s.Pop.Eyy-(2+0.25)) > 1e-12 {
		t.Fatalf("E[y²] = %v, want 2.25", s.Pop.Eyy)
	}
	s7, err := Fixed(0.5, 70, rng(1))
	if err != nil || len(s7.X) != 7000 {
		t.Fatal("P = 70 sample draw failed", err)
	}
}

func TestInverseWishartMean(t *testing.T) {
	// E[IW(df, Ψ)] = Ψ/(df − D − 1); with df = D + 2 the mean is Ψ (§2.2).
	d := 4
	psi := []float64{2, 2, 1, 1}
	r := rng(11)
	mean := make([]float64, d*d)
	n := 4000
	for k := 0; k < n; k++ {
		s, err := InverseWishart(d+2, psi, r)
		if err != nil {
			t.Fatal(err)
		}
		for i := range s {
			mean[i] += s[i] / float64(n)
		}
	}
	// The inverse-Wishart with df = D + 2 has heavy tails; 25% is a loose but
	// failing-when-wrong bound on the diagonal (a wrong Ψ vs Ψ⁻¹ gives ×4).
	for i := 0; i < d; i++ {
		if math.Abs(mean[i*d+i]-psi[i])/psi[i] > 0.25 {
			t.Errorf("mean diag[%d] = %v, want ≈ %v", i, mean[i*d+i], psi[i])
		}
	}
}

func TestXOR(t *testing.T) {
	s, err := XOR(3, 0, 8192, rng(2))
	if err != nil {
		t.Fatal(err)
	}
	// Each corner exactly P/4 times and xor(1,1) = −1 (§2.3).
	counts := map[[2]float64]int{}
	for i := 0; i < s.N; i++ {
		c := [2]float64{s.X[3*i], s.X[3*i+1]}
		counts[c]++
		if got := s.Y[i] - s.X[3*i+2]; math.Abs(got-XorTarget(c[0], c[1])) > 1e-12 {
			t.Fatal("target is not xor + x_B")
		}
	}
	for c, n := range counts {
		if n != 2048 {
			t.Errorf("corner %v appears %d times", c, n)
		}
	}
	if XorTarget(1, 1) != -1 || XorTarget(1, -1) != 1 {
		t.Fatal("xor sign convention")
	}
	// x_A is orthogonal to the xor feature, so Σ_yA = E[x_B x_A] only: zero
	// in the population, sampling noise ≈ √(v/P) ≈ 0.02 here (4σ bound).
	if s.Pop.Syx[0] != 0 || math.Abs(s.Train.Syx[0]) > 0.08 || math.Abs(s.Train.Syx[1]) > 0.08 {
		t.Fatalf("Σ_yA = %v", s.Train.Syx[:2])
	}
	if _, err := XOR(1, 0, 3, rng(1)); err == nil {
		t.Fatal("fewer than 4 samples must fail")
	}
}
