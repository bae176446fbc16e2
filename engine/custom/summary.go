package custom

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Summary describes user data for the page's "data" panel and the command
// line (docs/theory.md §2.5). Modalities are in learned-first order: A is the
// modality learned first, named in the user's words.
type Summary struct {
	NameA string `json:"name_a"` // the user's name of the modality learned first
	NameB string `json:"name_b"`
	// Swapped is true when the user's second modality is learned first
	// (and so became A).
	Swapped       bool   `json:"swapped"`
	DA            int    `json:"d_a"`
	DB            int    `json:"d_b"`
	Samples       int    `json:"samples,omitempty"`
	Preprocessing string `json:"preprocessing,omitempty"`
	// CorrA and CorrB are ‖Σ_yA‖ and ‖Σ_yB‖, whose order decides which
	// modality is learned first (docs/theory.md §0).
	CorrA float64 `json:"norm_sigma_ya"`
	CorrB float64 `json:"norm_sigma_yb"`
	// R2A, R2B and R2 are the fractions of E[y²] explained by the best
	// linear predictor from A alone (Σ_yA Σ_A⁺ Σ_Ay / E[y²]), B alone and
	// both (docs/theory.md §5.1, §3).
	R2A float64 `json:"r2_a"`
	R2B float64 `json:"r2_b"`
	R2  float64 `json:"r2_both"`
	// PredCorr is the correlation of the two unimodal best predictors
	// ŷ_A = W_A^uni x_A and ŷ_B = W_B^uni x_B: w_AᵀΣ_AB w_B / √(w_AᵀΣ_A w_A · w_BᵀΣ_B w_B)
	// (0 when either predicts nothing).
	PredCorr float64 `json:"predictor_correlation"`
	// Sentence says which modality is A, in the user's names.
	Sentence string `json:"which_is_a"`
}

// Summarise computes the summary of valid data.
func Summarise(d *Data) Summary {
	m, a, b, swapped := d.Ordered()
	s := Summary{NameA: a, NameB: b, Swapped: swapped, DA: m.DA, DB: m.DB, Samples: d.Samples, Preprocessing: d.Preprocessing}
	s.CorrA, s.CorrB = vecNorm(m.SyA()), vecNorm(m.SyB())
	wa := pinvSolve(m.SigmaA(), m.DA, m.SyA())
	wb := pinvSolve(m.SigmaB(), m.DB, m.SyB())
	w, _ := m.LeastSquares()
	ey := m.Eyy
	s.R2A = clamp01(dot(wa, m.SyA()) / ey)
	s.R2B = clamp01(dot(wb, m.SyB()) / ey)
	s.R2 = clamp01(dot(w, m.Syx) / ey)
	va := quad(m.SigmaA(), m.DA, m.DA, wa, wa)
	vb := quad(m.SigmaB(), m.DB, m.DB, wb, wb)
	if va > 0 && vb > 0 {
		s.PredCorr = math.Max(-1, math.Min(1, quad(m.SigmaAB(), m.DA, m.DB, wa, wb)/math.Sqrt(va*vb)))
	}
	order := fmt.Sprintf("A is %q", a)
	if swapped {
		order += " (your second modality)"
	}
	s.Sentence = fmt.Sprintf("%s: it is learned first (‖Σ_yA‖ = %s > ‖Σ_yB‖ = %s); B is %q.", order, num(s.CorrA), num(s.CorrB), b)
	if s.CorrA == s.CorrB {
		s.Sentence = fmt.Sprintf("%s: both modalities have ‖Σ_y·‖ = %s, so by convention the first is A; B is %q.", order, num(s.CorrA), b)
	}
	return s
}

// pinvSolve returns Σ⁺ b for a symmetric n×n Σ (pseudo-inverse, so a
// singular block still gives its best predictor).
func pinvSolve(sigma []float64, n int, b []float64) []float64 {
	s := mat.NewSymDense(n, append([]float64(nil), sigma...))
	var e mat.EigenSym
	out := make([]float64, n)
	if !e.Factorize(s, true) {
		return out
	}
	vals := e.Values(nil)
	var v mat.Dense
	e.VectorsTo(&v)
	cut := 1e-12 * math.Abs(vals[n-1])
	for k, l := range vals {
		if l <= cut {
			continue
		}
		c := 0.0
		for i := 0; i < n; i++ {
			c += v.At(i, k) * b[i]
		}
		c /= l
		for i := 0; i < n; i++ {
			out[i] += c * v.At(i, k)
		}
	}
	return out
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// quad returns xᵀ M y for a row-major r×c matrix M.
func quad(m []float64, r, c int, x, y []float64) float64 {
	s := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			s += x[i] * m[i*c+j] * y[j]
		}
	}
	return s
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}
