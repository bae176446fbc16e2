package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"unibias/engine/stats"
)

// InsufficientSpec describes the insufficient-data two-modality model of
// docs/theory.md §10.2, in the spirit of Huang et al. (ICML 2022): labels
// y = ±1 with equal probability and, per modality m,
//
//	x_m = y·μ_m·c_m·e₁ + ξ_m,   c_m ~ Bernoulli(1 − p_m),   ξ_m ~ N(0, σ_n² I),
//
// so m's feature (along its first coordinate e₁) is present in a fraction
// 1 − p_m of the samples, independently for A and B.
type InsufficientSpec struct {
	MuA, MuB float64 // feature strengths μ_A, μ_B ≥ 0
	PA, PB   float64 // probabilities p_A, p_B ∈ [0, 1] that the feature is missing
	Noise    float64 // σ_n > 0, the noise on every input coordinate
	DA, DB   int     // input sizes of A and B (≥ 1)
}

// Validate reports a spec outside the model's range, naming the value.
func (sp InsufficientSpec) Validate() error {
	for _, v := range []struct {
		name string
		x    float64
	}{{"μ_A", sp.MuA}, {"μ_B", sp.MuB}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) || v.x < 0 {
			return fmt.Errorf("data: feature strength %s=%g must be finite and ≥ 0", v.name, v.x)
		}
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"p_A", sp.PA}, {"p_B", sp.PB}} {
		if !(v.x >= 0 && v.x <= 1) {
			return fmt.Errorf("data: missing probability %s=%g must lie in [0, 1]", v.name, v.x)
		}
	}
	if !(sp.Noise > 0) || math.IsInf(sp.Noise, 0) {
		return fmt.Errorf("data: input noise σ_n=%g must be positive and finite", sp.Noise)
	}
	if sp.DA < 1 || sp.DB < 1 {
		return fmt.Errorf("data: each modality needs at least one input (DA=%d, DB=%d)", sp.DA, sp.DB)
	}
	return nil
}

// Moments returns the population moments (docs/theory.md §10.2): E y² = 1,
// Σ = σ_n² I plus, on the feature coordinates, Σ_A = (1−p_A)μ_A²,
// Σ_B = (1−p_B)μ_B², Σ_AB = (1−p_A)(1−p_B)μ_Aμ_B, and Σ_yA = (1−p_A)μ_A,
// Σ_yB = (1−p_B)μ_B.
func (sp InsufficientSpec) Moments() stats.Moments {
	d := sp.DA + sp.DB
	m := stats.Moments{DA: sp.DA, DB: sp.DB, Sxx: make([]float64, d*d), Syx: make([]float64, d), Eyy: 1}
	for i := 0; i < d; i++ {
		m.Sxx[i*d+i] = sp.Noise * sp.Noise
	}
	a, b := 0, sp.DA // the feature coordinates
	qa, qb := 1-sp.PA, 1-sp.PB
	m.Sxx[a*d+a] += qa * sp.MuA * sp.MuA
	m.Sxx[b*d+b] += qb * sp.MuB * sp.MuB
	m.Sxx[a*d+b] = qa * qb * sp.MuA * sp.MuB
	m.Sxx[b*d+a] = m.Sxx[a*d+b]
	m.Syx[a] = qa * sp.MuA
	m.Syx[b] = qb * sp.MuB
	return m
}

// Insufficient draws n training samples of the model (n = 0: population
// moments only, for linear networks under the squared loss). Draws, all from
// rng, per sample in this order: the label (rng.IntN(2): 0 → −1, 1 → +1),
// c_A (rng.Float64() ≥ p_A), c_B likewise, then DA and DB NormFloat64 for
// the noise of A and B — so a seed gives the same data on every platform.
func Insufficient(sp InsufficientSpec, n int, rng *rand.Rand) (*Set, error) {
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	s := &Set{Kind: "insufficient", Pop: sp.Moments(), N: n}
	if n == 0 {
		s.Train = s.Pop
		return s, nil
	}
	s.X, s.Y, _ = sp.draw(n, rng)
	s.Train = Empirical(s.X, s.Y, sp.DA, sp.DB)
	return s, nil
}

// InsufficientTest draws a held-out test set of n samples the same way as
// Insufficient (from its own random stream), and the same samples with
// modality A absent: A's feature removed (c_A = 0) and its noise kept, so the
// two sets differ only where A carried the label (docs/theory.md §10.2).
func InsufficientTest(sp InsufficientSpec, n int, rng *rand.Rand) (full, noA *Set, err error) {
	if err := sp.Validate(); err != nil {
		return nil, nil, err
	}
	if n < 1 {
		return nil, nil, fmt.Errorf("data: a test set needs at least one sample (n=%d)", n)
	}
	X, Y, cA := sp.draw(n, rng)
	d := sp.DA + sp.DB
	XnoA := append([]float64(nil), X...)
	for i := 0; i < n; i++ {
		if cA[i] {
			XnoA[i*d] -= Y[i] * sp.MuA
		}
	}
	mk := func(x []float64, kind string) *Set {
		return &Set{Kind: kind, Pop: sp.Moments(), X: x, Y: Y, N: n, Train: Empirical(x, Y, sp.DA, sp.DB)}
	}
	noSpec := sp
	noSpec.PA = 1
	full = mk(X, "insufficient")
	noA = mk(XnoA, "insufficient-no-A")
	noA.Pop = noSpec.Moments()
	return full, noA, nil
}

// draw samples n rows (see Insufficient for the order of the draws) and
// reports which rows carry A's feature.
func (sp InsufficientSpec) draw(n int, rng *rand.Rand) (X, Y []float64, cA []bool) {
	d := sp.DA + sp.DB
	X = make([]float64, n*d)
	Y = make([]float64, n)
	cA = make([]bool, n)
	for i := 0; i < n; i++ {
		y := -1.0
		if rng.IntN(2) == 1 {
			y = 1
		}
		ca := rng.Float64() >= sp.PA
		cb := rng.Float64() >= sp.PB
		row := X[i*d : (i+1)*d]
		for j := range row {
			row[j] = sp.Noise * rng.NormFloat64()
		}
		if ca {
			row[0] += y * sp.MuA
		}
		if cb {
			row[sp.DA] += y * sp.MuB
		}
		Y[i], cA[i] = y, ca
	}
	return X, Y, cA
}
