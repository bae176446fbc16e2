// Package stats holds the second-order statistics of two-modality regression
// data (docs/theory.md §2.4): for linear networks the full-batch gradient depends on
// the data only through these moments, and every closed form of docs/theory.md §5 is
// a function of them.
package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Moments are the second-order statistics of inputs x = [x_A; x_B] and a
// scalar target y: Sxx = E[x xᵀ], Syx = E[y xᵀ], Eyy = E[y²] (docs/theory.md §0).
// Sxx is stored row-major, D×D with D = DA + DB; coordinates 0..DA-1 are
// modality A and DA..D-1 modality B.
type Moments struct {
	DA, DB int
	Sxx    []float64
	Syx    []float64
	Eyy    float64
}

// D is the total input dimension DA + DB.
func (m *Moments) D() int { return m.DA + m.DB }

// Validate reports whether the moments are well formed: consistent sizes and
// finite entries.
func (m *Moments) Validate() error {
	if m.DA < 1 || m.DB < 1 {
		return fmt.Errorf("stats: each modality needs at least one input (DA=%d, DB=%d)", m.DA, m.DB)
	}
	d := m.D()
	if len(m.Sxx) != d*d || len(m.Syx) != d {
		return errors.New("stats: moment sizes do not match DA+DB")
	}
	for _, v := range m.Sxx {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("stats: covariance has a non-finite entry")
		}
	}
	for _, v := range m.Syx {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("stats: input-output correlation has a non-finite entry")
		}
	}
	if math.IsNaN(m.Eyy) || math.IsInf(m.Eyy, 0) {
		return errors.New("stats: E[y²] is not finite")
	}
	return nil
}

// At returns Sxx[i][j].
func (m *Moments) At(i, j int) float64 { return m.Sxx[i*m.D()+j] }

// SigmaA returns the DA×DA block Σ_A (row-major copy).
func (m *Moments) SigmaA() []float64 { return m.block(0, m.DA, 0, m.DA) }

// SigmaB returns the DB×DB block Σ_B (row-major copy).
func (m *Moments) SigmaB() []float64 { return m.block(m.DA, m.DB, m.DA, m.DB) }

// SigmaAB returns the DA×DB block Σ_AB (row-major copy).
func (m *Moments) SigmaAB() []float64 { return m.block(0, m.DA, m.DA, m.DB) }

// SyA returns Σ_yA, the first DA entries of Syx (copy).
func (m *Moments) SyA() []float64 { return append([]float64(nil), m.Syx[:m.DA]...) }

// SyB returns Σ_yB, the last DB entries of Syx (copy).
func (m *Moments) SyB() []float64 { return append([]float64(nil), m.Syx[m.DA:]...) }

func (m *Moments) block(r0, nr, c0, nc int) []float64 {
	d := m.D()
	out := make([]float64, nr*nc)
	for i := 0; i < nr; i++ {
		copy(out[i*nc:(i+1)*nc], m.Sxx[(r0+i)*d+c0:(r0+i)*d+c0+nc])
	}
	return out
}

// Swap returns the moments with the roles of the modalities exchanged
// (B's coordinates first). Theory formulas assume A is learned first; Swap lets
// a caller relabel when the data say otherwise.
func (m *Moments) Swap() Moments {
	d := m.D()
	perm := make([]int, d)
	for i := 0; i < m.DB; i++ {
		perm[i] = m.DA + i
	}
	for i := 0; i < m.DA; i++ {
		perm[m.DB+i] = i
	}
	out := Moments{DA: m.DB, DB: m.DA, Sxx: make([]float64, d*d), Syx: make([]float64, d), Eyy: m.Eyy}
	for i := 0; i < d; i++ {
		out.Syx[i] = m.Syx[perm[i]]
		for j := 0; j < d; j++ {
			out.Sxx[i*d+j] = m.Sxx[perm[i]*d+perm[j]]
		}
	}
	return out
}

// Loss returns ℒ(W) = ½(E[y²] − 2 W Σ_yxᵀ + W Σ Wᵀ) for a total linear map
// W = [W_A, W_B] (docs/theory.md §3).
func (m *Moments) Loss(w []float64) float64 {
	d := m.D()
	l := m.Eyy
	for i := 0; i < d; i++ {
		l -= 2 * w[i] * m.Syx[i]
		s := 0.0
		row := m.Sxx[i*d : (i+1)*d]
		for j, v := range row {
			s += v * w[j]
		}
		l += w[i] * s
	}
	return 0.5 * l
}

// Error returns the error row e = Σ_yx − W Σ into dst (allocated if nil).
func (m *Moments) Error(w, dst []float64) []float64 {
	d := m.D()
	if dst == nil {
		dst = make([]float64, d)
	}
	for j := 0; j < d; j++ {
		dst[j] = m.Syx[j]
	}
	for i := 0; i < d; i++ {
		wi := w[i]
		if wi == 0 {
			continue
		}
		row := m.Sxx[i*d : (i+1)*d]
		for j, v := range row {
			dst[j] -= wi * v
		}
	}
	return dst
}

// ScalarToy returns the population moments of the generalised scalar toy of
// docs/theory.md §2.1: (x_A, x_B) ~ N(0, C) with standard deviations sigmaA,
// sigmaB and correlation rho, y = wA·x_A + wB·x_B + ε with noise std noise.
// |rho| must be below 1 and the standard deviations positive.
func ScalarToy(sigmaA, sigmaB, rho, wA, wB, noise float64) (Moments, error) {
	if !(sigmaA > 0) || !(sigmaB > 0) || math.IsInf(sigmaA, 0) || math.IsInf(sigmaB, 0) {
		return Moments{}, fmt.Errorf("stats: standard deviations must be positive and finite (σ_A=%g, σ_B=%g)", sigmaA, sigmaB)
	}
	if !(math.Abs(rho) < 1) {
		return Moments{}, fmt.Errorf("stats: correlation ρ=%g must satisfy |ρ| < 1 (at |ρ| = 1 the modalities are the same signal)", rho)
	}
	cab := rho * sigmaA * sigmaB
	sa, sb := sigmaA*sigmaA, sigmaB*sigmaB
	m := Moments{DA: 1, DB: 1,
		Sxx: []float64{sa, cab, cab, sb},
		Syx: []float64{wA*sa + wB*cab, wB*sb + wA*cab},
	}
	m.Eyy = wA*wA*sa + wB*wB*sb + 2*wA*wB*cab + noise*noise
	return m, m.Validate()
}

// LeastSquares returns the global minimiser W* = Σ_yx Σ⁺ of the linear loss
// (pseudo-inverse when Σ is singular, i.e. the minimum-norm solution) and the
// minimum loss ℒ(W*) (docs/theory.md §3, §5.1 "M_*").
//
// A well-conditioned Σ (every population setting with |ρ| < 1) is solved by
// Cholesky; a singular or nearly singular one (condition number ≥ 1e10,
// e.g. fewer samples than input dimensions) falls back to the pseudo-inverse
// by eigendecomposition. Both give the same W* whenever Σ is
// well-conditioned; the fast path keeps the eigensolver out of the hot path
// of a sweep.
func (m *Moments) LeastSquares() (w []float64, loss float64) {
	if w, ok := m.choleskySolve(); ok {
		return w, max(m.Loss(w), 0)
	}
	return m.pinvLeastSquares()
}

// choleskyCond is the largest condition number of Σ solved by Cholesky.
const choleskyCond = 1e10

// choleskySolve solves Σ W = Σ_yx by Cholesky when Σ is symmetric positive
// definite with condition number below choleskyCond.
func (m *Moments) choleskySolve() ([]float64, bool) {
	ch, ok := FactorSPD(m.Sxx, m.D())
	if !ok || !(ch.Cond() < choleskyCond) {
		return nil, false
	}
	return ch.Solve(m.Syx), true
}

// pinvLeastSquares is the minimum-norm solution W* = Σ_yx Σ⁺, with the
// pseudo-inverse Σ⁺ = V Λ⁺ Vᵀ from the eigendecomposition of the symmetric
// Σ: eigenvalues within 1e-12 of the largest magnitude count as zero. For a
// symmetric Σ this is the SVD's minimum-norm solution (the singular values
// are |λ|, and a negative λ flips the sign of its left vector), which
// TestPinvMatchesSVD checks; using the symmetric eigensolver keeps LAPACK's
// general SVD routines out of the worker's WebAssembly.
func (m *Moments) pinvLeastSquares() (w []float64, loss float64) {
	d := m.D()
	var e mat.EigenSym
	if !e.Factorize(mat.NewSymDense(d, append([]float64(nil), m.Sxx...)), true) {
		return make([]float64, d), 0.5 * m.Eyy
	}
	vals := e.Values(nil)
	var v mat.Dense
	e.VectorsTo(&v)
	top := 0.0
	for _, l := range vals {
		top = max(top, math.Abs(l))
	}
	cut := 1e-12 * top
	w = make([]float64, d)
	for k, l := range vals {
		if math.Abs(l) <= cut {
			continue
		}
		c := 0.0
		for i := 0; i < d; i++ {
			c += m.Syx[i] * v.At(i, k)
		}
		c /= l
		for j := 0; j < d; j++ {
			w[j] += c * v.At(j, k)
		}
	}
	return w, max(m.Loss(w), 0)
}
