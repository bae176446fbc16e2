// Package data generates the two-modality data sets of docs/theory.md §2: the scalar
// toy, the fixed and random multi-dimensional Gaussians, and XOR + Gaussian,
// either as exact population moments or as N samples with their empirical
// moments. Randomness is always passed in explicitly.
package data

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"unibias/engine/stats"
)

// Set is a generated data set.
type Set struct {
	// Kind names the generator ("toy", "multi", "random", "xor").
	Kind string
	// Train are the moments gradient descent sees: population moments when
	// N = 0, otherwise the empirical moments of X, Y (docs/theory.md §2.4).
	Train stats.Moments
	// Pop are the population moments, used by the theory and for the
	// generalisation error.
	Pop stats.Moments
	// Teacher is w*, the target map y = w*·x (nil for XOR data).
	Teacher []float64
	// X (N×D row-major, A's coordinates first) and Y hold the samples; both
	// are nil for population moments.
	X, Y []float64
	// N is the number of samples (0 = population moments).
	N int
}

// D is the input dimension.
func (s *Set) D() int { return s.Pop.D() }

// Toy is the generalised scalar toy of docs/theory.md §2.1: σ_B = 1, σ_A = ratio,
// correlation rho, y = wA x_A + wB x_B + ε, ε ~ N(0, noise²). With n = 0 the
// training moments are the population ones; otherwise n samples are drawn.
func Toy(ratio, rho, wA, wB, noise float64, n int, rng *rand.Rand) (*Set, error) {
	pop, err := stats.ScalarToy(ratio, 1, rho, wA, wB, noise)
	if err != nil {
		return nil, err
	}
	s := &Set{Kind: "toy", Pop: pop, Teacher: []float64{wA, wB}, N: n}
	if n == 0 {
		s.Train = pop
		return s, nil
	}
	// Cholesky of the 2×2 covariance [[r², ρr], [ρr, 1]].
	l11 := ratio
	l21 := rho
	l22 := math.Sqrt(1 - rho*rho)
	s.X = make([]float64, 2*n)
	s.Y = make([]float64, n)
	for i := 0; i < n; i++ {
		z1, z2 := rng.NormFloat64(), rng.NormFloat64()
		xa := l11 * z1
		xb := l21*z1 + l22*z2
		s.X[2*i], s.X[2*i+1] = xa, xb
		s.Y[i] = wA*xa + wB*xb
		if noise > 0 {
			s.Y[i] += noise * rng.NormFloat64()
		}
	}
	s.Train = Empirical(s.X, s.Y, 1, 1)
	return s, nil
}

// Gaussian draws y = w*·x + ε with x ~ N(0, sigma) in D = dA+dB dimensions
// (docs/theory.md §2.2), sigma row-major D×D symmetric positive definite. With n = 0
// only population moments are produced.
func Gaussian(kind string, sigma, teacher []float64, dA, dB int, noise float64, n int, rng *rand.Rand) (*Set, error) {
	d := dA + dB
	if len(sigma) != d*d || len(teacher) != d {
		return nil, errors.New("data: covariance or teacher size does not match the dimensions")
	}
	pop := stats.Moments{DA: dA, DB: dB, Sxx: append([]float64(nil), sigma...), Syx: make([]float64, d)}
	for j := 0; j < d; j++ {
		for i := 0; i < d; i++ {
			pop.Syx[j] += teacher[i] * sigma[i*d+j]
		}
	}
	for i := 0; i < d; i++ {
		pop.Eyy += teacher[i] * pop.Syx[i]
	}
	pop.Eyy += noise * noise
	if err := pop.Validate(); err != nil {
		return nil, err
	}
	s := &Set{Kind: kind, Pop: pop, Teacher: append([]float64(nil), teacher...), N: n}
	if n == 0 {
		s.Train = pop
		return s, nil
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(mat.NewSymDense(d, append([]float64(nil), sigma...))); !ok {
		return nil, errors.New("data: covariance is not positive definite")
	}
	var l mat.TriDense
	chol.LTo(&l)
	s.X = make([]float64, n*d)
	s.Y = make([]float64, n)
	z := make([]float64, d)
	for k := 0; k < n; k++ {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		row := s.X[k*d : (k+1)*d]
		for i := 0; i < d; i++ {
			v := 0.0
			for j := 0; j <= i; j++ {
				v += l.At(i, j) * z[j]
			}
			row[i] = v
		}
		y := 0.0
		for i, w := range teacher {
			y += w * row[i]
		}
		if noise > 0 {
			y += noise * rng.NormFloat64()
		}
		s.Y[k] = y
	}
	s.Train = Empirical(s.X, s.Y, dA, dB)
	return s, nil
}

// Fixed is the "fixed" multi-dimensional data of docs/theory.md §2.2: D = 100,
// Σ = diag(3·I_50, I_50), w* = 0.1·(1, …, 1), used with noise 0.5 and P ∈ {70, 700}.
func Fixed(noise float64, n int, rng *rand.Rand) (*Set, error) {
	const d = 100
	sigma := make([]float64, d*d)
	teacher := make([]float64, d)
	for i := 0; i < d; i++ {
		if i < d/2 {
			sigma[i*d+i] = 3
		} else {
			sigma[i*d+i] = 1
		}
		teacher[i] = 0.1
	}
	return Gaussian("multi", sigma, teacher, d/2, d/2, noise, n, rng)
}

// InverseWishart draws Σ ~ Inverse-Wishart(df, Ψ) for a diagonal scale Ψ
// (docs/theory.md §2.2 Go note: inv(GᵀG) with G a df×D matrix whose rows are
// N(0, Ψ⁻¹)). It returns Σ row-major.
func InverseWishart(df int, psiDiag []float64, rng *rand.Rand) ([]float64, error) {
	d := len(psiDiag)
	if df < d {
		return nil, fmt.Errorf("data: inverse-Wishart needs df ≥ D (df=%d, D=%d)", df, d)
	}
	g := mat.NewDense(df, d, nil)
	for r := 0; r < df; r++ {
		for c := 0; c < d; c++ {
			g.Set(r, c, rng.NormFloat64()/math.Sqrt(psiDiag[c]))
		}
	}
	var w mat.SymDense
	w.SymOuterK(1, g.T())
	var chol mat.Cholesky
	if !chol.Factorize(&w) {
		return nil, errors.New("data: Wishart draw is singular")
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil, err
	}
	out := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			out[i*d+j] = inv.At(i, j)
		}
	}
	return out, nil
}

// Random is the "random" multi-dimensional data of docs/theory.md §2.2: D = dim
// (even), Ψ = diag(2·I, I), Σ ~ Inverse-Wishart(D + 2, Ψ), w* ~ U(−1, 1)^D, no
// noise unless given. Draws are repeated (at most 1000 times) until accept
// returns true; docs/theory.md keeps draws whose predicted time ratio lies in [1, 20].
// A nil accept takes the first draw.
func Random(dim int, noise float64, n int, rng *rand.Rand, accept func(stats.Moments) bool) (*Set, error) {
	if dim < 2 || dim%2 != 0 {
		return nil, fmt.Errorf("data: random data need an even dimension ≥ 2 (got %d)", dim)
	}
	psi := make([]float64, dim)
	for i := range psi {
		if i < dim/2 {
			psi[i] = 2
		} else {
			psi[i] = 1
		}
	}
	for try := 0; try < 1000; try++ {
		sigma, err := InverseWishart(dim+2, psi, rng)
		if err != nil {
			continue
		}
		teacher := make([]float64, dim)
		for i := range teacher {
			teacher[i] = 2*rng.Float64() - 1
		}
		s, err := Gaussian("random", sigma, teacher, dim/2, dim/2, noise, 0, rng)
		if err != nil {
			continue
		}
		if accept != nil && !accept(s.Pop) {
			continue
		}
		if n == 0 {
			return s, nil
		}
		return Gaussian("random", sigma, teacher, dim/2, dim/2, noise, n, rng)
	}
	return nil, errors.New("data: no acceptable random covariance in 1000 draws")
}

// XOR is the XOR + Gaussian data of docs/theory.md §2.3: x_A runs through the four
// corners of {±1}², each exactly n/4 times (n is rounded down to a multiple of
// 4), xor(x_A) = −x_A1·x_A2, x_B ~ N(0, varLin), y = xor(x_A) + x_B + ε.
func XOR(varLin, noise float64, n int, rng *rand.Rand) (*Set, error) {
	if !(varLin > 0) {
		return nil, errors.New("data: the variance of the linear modality must be positive")
	}
	n -= n % 4
	if n < 4 {
		return nil, errors.New("data: XOR data need at least 4 samples")
	}
	// Population: x_A is orthogonal to xor(x_A), so Σ_yA = 0.
	pop := stats.Moments{DA: 2, DB: 1,
		Sxx: []float64{1, 0, 0, 0, 1, 0, 0, 0, varLin},
		Syx: []float64{0, 0, varLin},
		Eyy: 1 + varLin + noise*noise,
	}
	s := &Set{Kind: "xor", Pop: pop, N: n}
	s.X = make([]float64, 3*n)
	s.Y = make([]float64, n)
	corners := [4][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}
	sd := math.Sqrt(varLin)
	for i := 0; i < n; i++ {
		c := corners[i%4]
		xb := sd * rng.NormFloat64()
		s.X[3*i], s.X[3*i+1], s.X[3*i+2] = c[0], c[1], xb
		s.Y[i] = XorTarget(c[0], c[1]) + xb
		if noise > 0 {
			s.Y[i] += noise * rng.NormFloat64()
		}
	}
	s.Train = Empirical(s.X, s.Y, 2, 1)
	return s, nil
}

// XorTarget is xor(x_A) = −x_A1·x_A2 (docs/theory.md §2.3).
func XorTarget(a1, a2 float64) float64 { return -a1 * a2 }

// Empirical returns the empirical moments Sxx = XᵀX/N, Syx = yᵀX/N,
// Eyy = mean(y²) of samples X (N×D row-major) and Y (docs/theory.md §2.4).
func Empirical(x, y []float64, dA, dB int) stats.Moments {
	d := dA + dB
	n := len(y)
	m := stats.Moments{DA: dA, DB: dB, Sxx: make([]float64, d*d), Syx: make([]float64, d)}
	for k := 0; k < n; k++ {
		row := x[k*d : (k+1)*d]
		for i, xi := range row {
			m.Syx[i] += y[k] * xi
			srow := m.Sxx[i*d : (i+1)*d]
			for j := i; j < d; j++ {
				srow[j] += xi * row[j]
			}
		}
		m.Eyy += y[k] * y[k]
	}
	inv := 1 / float64(n)
	for i := 0; i < d; i++ {
		m.Syx[i] *= inv
		for j := i; j < d; j++ {
			m.Sxx[i*d+j] *= inv
			m.Sxx[j*d+i] = m.Sxx[i*d+j]
		}
	}
	m.Eyy *= inv
	return m
}

// GeneralisationError is E_g = ½ (W − w*)ᵀ Σ (W − w*) with the population Σ
// (docs/theory.md §3); it is 0 when there is no linear teacher.
func (s *Set) GeneralisationError(w []float64) float64 {
	if s.Teacher == nil {
		return 0
	}
	d := s.D()
	e := 0.0
	for i := 0; i < d; i++ {
		di := w[i] - s.Teacher[i]
		for j := 0; j < d; j++ {
			e += di * s.Pop.Sxx[i*d+j] * (w[j] - s.Teacher[j])
		}
	}
	return 0.5 * e
}
