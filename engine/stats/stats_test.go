package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestScalarToyMoments(t *testing.T) {
	// docs/theory.md §2.1: Σ_A = r², Σ_B = 1, Σ_AB = ρr, Σ_yA = r² + ρr, Σ_yB = 1 + ρr.
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

// The Cholesky fast path of LeastSquares agrees with the SVD minimum-norm
// solution on well-conditioned Σ of several sizes and conditionings, and
// a nearly singular Σ is left to the SVD.
func TestLeastSquaresCholeskyMatchesSVD(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, d := range []int{2, 3, 5, 8, 20} {
		for _, cond := range []float64{1, 10, 1e4, 1e8} {
			m := randomMoments(rng, d, cond)
			wc, ok := m.choleskySolve()
			if !ok {
				t.Fatalf("d=%d cond=%g: Cholesky path refused a well-conditioned Σ", d, cond)
			}
			ws := m.svdLeastSquares()
			tol := 1e-13 * cond * 100
			for i := range wc {
				if math.Abs(wc[i]-ws[i]) > tol*(1+math.Abs(ws[i])) {
					t.Fatalf("d=%d cond=%g: W*[%d] Cholesky %v, SVD %v", d, cond, i, wc[i], ws[i])
				}
			}
		}
	}
	m := randomMoments(rng, 4, 1e13)
	if _, ok := m.choleskySolve(); ok {
		t.Fatal("a Σ with condition number 1e13 went to the Cholesky path")
	}
}

// svdLeastSquares is the reference minimum-norm solution W* = Σ_yx Σ⁺ by
// the general SVD (Σ = U S Vᵀ, W = Σ_yx V S⁺ Uᵀ), which pinvLeastSquares
// replaced in the engine.
func (m *Moments) svdLeastSquares() []float64 {
	d := m.D()
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(d, d, append([]float64(nil), m.Sxx...)), mat.SVDFull) {
		panic("SVD failed")
	}
	vals := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	w := make([]float64, d)
	for k, s := range vals {
		if s <= 1e-12*vals[0] {
			continue
		}
		c := 0.0
		for i := 0; i < d; i++ {
			c += m.Syx[i] * v.At(i, k)
		}
		for j := 0; j < d; j++ {
			w[j] += c / s * u.At(j, k)
		}
	}
	return w
}

// The eigendecomposition pseudo-inverse gives the SVD's minimum-norm W* to
// rounding, on regular Σ and on singular ones: sample moments of fewer
// samples than dimensions (rank n < d), whose zero eigenvalues come out of
// the eigensolver as ±1e-17 noise of either sign.
func TestPinvMatchesSVD(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	check := func(name string, m Moments) {
		t.Helper()
		wp, _ := m.pinvLeastSquares()
		ws := m.svdLeastSquares()
		scale := 0.0
		for _, x := range ws {
			scale = max(scale, math.Abs(x))
		}
		for i := range ws {
			if math.Abs(wp[i]-ws[i]) > 1e-9*(1+scale) {
				t.Fatalf("%s: W*[%d] eigen %v, SVD %v", name, i, wp[i], ws[i])
			}
		}
	}
	for _, d := range []int{2, 5, 20} {
		check(fmt.Sprintf("d=%d cond=10", d), randomMoments(rng, d, 10))
		for _, n := range []int{1, d / 2, d - 1} {
			if n < 1 {
				continue
			}
			// Σ = XᵀX/n and Σ_yx = Xᵀy/n from n samples in d dimensions.
			m := Moments{DA: 1, DB: d - 1, Sxx: make([]float64, d*d), Syx: make([]float64, d)}
			for s := 0; s < n; s++ {
				x := make([]float64, d)
				for i := range x {
					x[i] = rng.NormFloat64()
				}
				y := rng.NormFloat64()
				for i := range x {
					m.Syx[i] += y * x[i] / float64(n)
					for j := range x {
						m.Sxx[i*d+j] += x[i] * x[j] / float64(n)
					}
				}
				m.Eyy += y * y / float64(n)
			}
			check(fmt.Sprintf("d=%d n=%d", d, n), m)
			// The minimum-norm solution lies in the row space and fits
			// the samples exactly: ℒ(W*) = 0 when n < d.
			if _, loss := m.LeastSquares(); loss > 1e-10 {
				t.Fatalf("d=%d n=%d: ℒ(W*) = %v, want 0 (n < d fits exactly)", d, n, loss)
			}
		}
	}
}

// randomMoments returns moments with Σ = Q diag(λ) Qᵀ of the given condition
// number (λ log-spaced from 1 to 1/cond) and a random Σ_yx.
func randomMoments(rng *rand.Rand, d int, cond float64) Moments {
	q := make([]float64, d*d)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	// Gram–Schmidt on the columns of q.
	for j := 0; j < d; j++ {
		for k := 0; k < j; k++ {
			dot := 0.0
			for i := 0; i < d; i++ {
				dot += q[i*d+j] * q[i*d+k]
			}
			for i := 0; i < d; i++ {
				q[i*d+j] -= dot * q[i*d+k]
			}
		}
		n := 0.0
		for i := 0; i < d; i++ {
			n += q[i*d+j] * q[i*d+j]
		}
		n = math.Sqrt(n)
		for i := 0; i < d; i++ {
			q[i*d+j] /= n
		}
	}
	m := Moments{DA: d / 2, DB: d - d/2, Sxx: make([]float64, d*d), Syx: make([]float64, d), Eyy: 10}
	for k := 0; k < d; k++ {
		lam := math.Pow(cond, -float64(k)/float64(max(d-1, 1)))
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				m.Sxx[i*d+j] += lam * q[i*d+k] * q[j*d+k]
			}
		}
	}
	for i := range m.Syx {
		m.Syx[i] = rng.NormFloat64()
	}
	return m
}

// FactorSPD solves like gonum's Cholesky, its condition estimate is a lower
// bound within a factor 3 of the exact ‖Σ‖₁‖Σ⁻¹‖₁, and it refuses matrices
// that are not positive definite.
func TestFactorSPD(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{1, 2, 3, 6, 20, 64} {
		for _, cond := range []float64{1, 30, 1e6} {
			m := randomMoments(rng, max(n, 2), cond)
			d := m.D()
			ch, ok := FactorSPD(m.Sxx, d)
			if !ok {
				t.Fatalf("n=%d cond=%g: refused", d, cond)
			}
			var g mat.Cholesky
			if !g.Factorize(mat.NewSymDense(d, append([]float64(nil), m.Sxx...))) {
				t.Fatalf("n=%d: gonum refused", d)
			}
			var x mat.VecDense
			if err := g.SolveVecTo(&x, mat.NewVecDense(d, append([]float64(nil), m.Syx...))); err != nil {
				t.Fatal(err)
			}
			got := ch.Solve(m.Syx)
			for i := range got {
				if math.Abs(got[i]-x.AtVec(i)) > 1e-12*cond*(1+math.Abs(x.AtVec(i))) {
					t.Fatalf("n=%d cond=%g: x[%d] = %v, gonum %v", d, cond, i, got[i], x.AtVec(i))
				}
			}
			exact := exactCond1(m.Sxx, d)
			if est := ch.Cond(); est > exact*(1+1e-9) || est < exact/3 {
				t.Errorf("n=%d cond=%g: estimate %g, exact %g", d, cond, est, exact)
			}
		}
	}
	for _, a := range [][]float64{{1, 2, 2, 1}, {0, 0, 0, 1}, {-1, 0, 0, 1}, {math.NaN(), 0, 0, 1}, {math.Inf(1), 0, 0, 1}} {
		if _, ok := FactorSPD(a, 2); ok {
			t.Errorf("%v: accepted a matrix that is not positive definite", a)
		}
	}
}

// exactCond1 is ‖A‖₁‖A⁻¹‖₁ by gonum's explicit inverse.
func exactCond1(a []float64, n int) float64 {
	am := mat.NewDense(n, n, append([]float64(nil), a...))
	var inv mat.Dense
	if err := inv.Inverse(am); err != nil {
		return math.Inf(1)
	}
	return mat.Norm(am, 1) * mat.Norm(&inv, 1)
}

// BenchmarkLeastSquares compares the Cholesky path of LeastSquares with the
// pseudo-inverse it falls back to, for the scalar toy (d = 2) and a 20-dimensional Σ.
func BenchmarkLeastSquares(b *testing.B) {
	toy, _ := ScalarToy(2, 1, 0.5, 1, 1, 0)
	multi := randomMoments(rand.New(rand.NewPCG(1, 2)), 20, 10)
	for _, c := range []struct {
		name string
		m    Moments
	}{{"d=2", toy}, {"d=20", multi}} {
		b.Run(c.name+"/cholesky", func(b *testing.B) {
			for b.Loop() {
				c.m.LeastSquares()
			}
		})
		b.Run(c.name+"/pinv", func(b *testing.B) {
			for b.Loop() {
				c.m.pinvLeastSquares()
			}
		})
	}
}
