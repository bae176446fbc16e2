package stats

import "math"

// SPD is the Cholesky factorisation Σ = L Lᵀ of a small symmetric
// positive-definite matrix, such as the input covariance Σ or its block Σ_A
// (docs/theory.md §2). The solves of the least-squares point W* (§3) and of the
// unimodal plateau W_A^uni = Σ_yA Σ_A⁻¹ (§5.1) run for every theory point
// and every simulation report; for the few-by-few blocks of these models a
// direct factorisation is both faster than the general LAPACK path and far
// smaller code, which keeps a browser's optimising compiler out of the hot
// path of a sweep. Larger or rank-deficient problems still go to gonum
// (LeastSquares falls back to the pseudo-inverse).
type SPD struct {
	n    int
	l    []float64 // lower triangle, row-major n×n
	norm float64   // ‖Σ‖₁ of the symmetrised matrix
}

// FactorSPD factorises the symmetric part ½(A + Aᵀ) of the n×n row-major
// matrix a. It reports false when that matrix is not numerically positive
// definite (a non-positive or non-finite pivot).
func FactorSPD(a []float64, n int) (SPD, bool) {
	if n < 1 || len(a) < n*n {
		return SPD{}, false
	}
	l := make([]float64, n*n)
	norm := 0.0
	for j := 0; j < n; j++ {
		col := 0.0
		for i := 0; i < n; i++ {
			col += math.Abs(0.5 * (a[i*n+j] + a[j*n+i]))
		}
		norm = max(norm, col)
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s := 0.5 * (a[i*n+j] + a[j*n+i])
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if !(s > 0) || math.IsInf(s, 0) {
					return SPD{}, false
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return SPD{n: n, l: l, norm: norm}, true
}

// Solve returns x with Σ x = b.
func (c SPD) Solve(b []float64) []float64 {
	n, l := c.n, c.l
	x := append([]float64(nil), b[:n]...)
	for i := 0; i < n; i++ { // L y = b
		s := x[i]
		for k := 0; k < i; k++ {
			s -= l[i*n+k] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	for i := n - 1; i >= 0; i-- { // Lᵀ x = y
		s := x[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x
}

// Cond estimates the 1-norm condition number ‖Σ‖₁‖Σ⁻¹‖₁ with Hager's
// estimator of ‖Σ⁻¹‖₁ (the method of LAPACK's xPOCON): a few solves, a lower
// bound that is usually exact.
func (c SPD) Cond() float64 {
	return c.norm * c.invNorm1()
}

// invNorm1 is Hager's (1984) estimate of ‖Σ⁻¹‖₁ (Σ⁻¹ is symmetric, so its
// transpose needs no separate solve).
func (c SPD) invNorm1() float64 {
	n := c.n
	x := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	est := 0.0
	for iter := 0; iter < 5; iter++ {
		y := c.Solve(x)
		est = 0
		for _, v := range y {
			est += math.Abs(v)
		}
		for i, v := range y {
			y[i] = 1
			if v < 0 {
				y[i] = -1
			}
		}
		z := c.Solve(y)
		j, zx := 0, 0.0
		for i, v := range z {
			zx += v * x[i]
			if math.Abs(v) > math.Abs(z[j]) {
				j = i
			}
		}
		if math.Abs(z[j]) <= zx {
			break
		}
		clear(x)
		x[j] = 1
	}
	return est
}
