package theory

import (
	"errors"
	"fmt"
	"math"

	"unibias/engine/stats"
)

// Errors that callers may want to tell apart (use errors.Is).
var (
	// ErrSecondFirst: the moments have ‖Σ_yB‖ > ‖Σ_yA‖, so modality B is
	// learned first; the closed forms of §5 are written with A first.
	ErrSecondFirst = errors.New("theory: modality B has the larger input–output correlation ‖Σ_yB‖ > ‖Σ_yA‖, so B is learned first (docs/theory.md §0); pass m.Swap()")
	// ErrNoNewInformation: g = 0, the second modality carries nothing beyond
	// the first, so it is never learned and the unimodal phase never ends.
	ErrNoNewInformation = errors.New("theory: g = Σ_yB − Σ_AB Σ_A⁻¹ Σ_yA is zero: the second modality carries no information beyond the first, so it is never learned (the unimodal phase never ends, time ratio infinite)")
	// ErrNoSignal: Σ_yx = 0, there is nothing to learn.
	ErrNoSignal = errors.New("theory: the input–output correlation Σ_yx is zero: there is nothing to learn")
	// ErrSingularSigmaA: Σ_A is singular or not positive definite.
	ErrSingularSigmaA = errors.New("theory: Σ_A is singular or not positive definite, so W_A^uni = Σ_yA Σ_A⁻¹ is undefined")
)

// Symbols are the scalar quantities of docs/theory.md §5 for moments whose
// modality A is learned first, with the sign conventions applied (wa > 0,
// g > 0; see the package documentation).
type Symbols struct {
	WA     float64 // wa = Σ_yA (‖Σ_yA‖ for vectors)
	WB     float64 // wb = Σ_yB, signed (‖Σ_yB‖ for vectors)
	G      float64 // g = Σ_yB − Σ_AB Σ_yA/Σ_A (‖g⃗‖ for vectors, §5.6)
	KTilde float64 // k̃ = wb/wa
	WUni   float64 // W_A^uni = Σ_yA/Σ_A (‖Σ_yA Σ_A⁻¹‖ for vectors)
	WBInf  float64 // W_B^∞: B's block of the least-squares solution W* (norm for vectors)
	// Scalar is true for DA = DB = 1; otherwise the values are the effective
	// scalar reduction of §5.6 (norms).
	Scalar bool
	// FlipA, FlipB report that x_A (Σ_yA < 0) or x_B (g < 0) had its sign
	// flipped to reach the convention wa > 0, g > 0 (scalar data only).
	FlipA, FlipB bool
}

// ScalarSymbols returns the symbols wa, wb, g, k̃, W_A^uni and W_B^∞ of
// docs/theory.md §5 (scalar definitions above §5.1; §5.6 norms when DA or DB > 1).
//
// Domain: valid finite moments, A learned first (‖Σ_yA‖ ≥ ‖Σ_yB‖, else
// [ErrSecondFirst]), Σ_yx ≠ 0 ([ErrNoSignal]), Σ_A positive definite
// ([ErrSingularSigmaA]), g ≠ 0 ([ErrNoNewInformation]) and, for scalar data,
// a positive Schur complement Σ_B − Σ_AB²/Σ_A (|ρ| < 1).
func ScalarSymbols(m stats.Moments) (Symbols, error) {
	if err := checkMoments(m); err != nil {
		return Symbols{}, err
	}
	na, nb := norm(m.SyA()), norm(m.SyB())
	if na == 0 && nb == 0 {
		return Symbols{}, ErrNoSignal
	}
	if nb > na {
		return Symbols{}, ErrSecondFirst
	}
	if m.DA == 1 && m.DB == 1 {
		return scalarSymbols(m)
	}
	wuni, err := UnimodalPlateau(m)
	if err != nil {
		return Symbols{}, err
	}
	gv := gVector(m, wuni)
	s := Symbols{WA: na, WB: nb, G: norm(gv), WUni: norm(wuni)}
	if !(s.G > 1e-12*na) {
		return Symbols{}, ErrNoNewInformation
	}
	w, _ := m.LeastSquares()
	s.WBInf = norm(w[m.DA:])
	if !(s.WBInf > 0) {
		return Symbols{}, ErrNoNewInformation
	}
	s.KTilde = s.WB / s.WA
	return s, finite("symbols", s.WA, s.WB, s.G, s.KTilde, s.WUni, s.WBInf)
}

// scalarSymbols handles DA = DB = 1 after the common checks.
func scalarSymbols(m stats.Moments) (Symbols, error) {
	sa, sb, sab := m.Sxx[0], m.Sxx[3], 0.5*(m.Sxx[1]+m.Sxx[2])
	ya, yb := m.Syx[0], m.Syx[1]
	if !(sa > 0) {
		return Symbols{}, ErrSingularSigmaA
	}
	schur := sb - sab*sab/sa
	if !(schur > 1e-14*sb) {
		return Symbols{}, fmt.Errorf("theory: Σ is singular (Σ_B − Σ_AB²/Σ_A = %g ≤ 0, |ρ| ≥ 1): x_B is a multiple of x_A", schur)
	}
	g := yb - sab*ya/sa
	if !(math.Abs(g) > 1e-12*math.Abs(ya)) {
		return Symbols{}, ErrNoNewInformation
	}
	s := Symbols{Scalar: true, WA: math.Abs(ya), WUni: math.Abs(ya / sa), G: math.Abs(g)}
	s.FlipA = ya < 0
	s.FlipB = g < 0
	s.WB = yb
	if s.FlipB {
		s.WB = -yb
	}
	s.KTilde = s.WB / s.WA
	s.WBInf = s.G / schur
	return s, finite("symbols", s.WA, s.WB, s.G, s.KTilde, s.WUni, s.WBInf)
}

// checkMoments validates sizes and finiteness.
func checkMoments(m stats.Moments) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("theory: invalid moments: %w", err)
	}
	return nil
}

// firstIsA reports whether A is learned first (‖Σ_yA‖ ≥ ‖Σ_yB‖; ties go to A).
func firstIsA(m stats.Moments) bool { return norm(m.SyA()) >= norm(m.SyB()) }

// sigmaAChol factorises Σ_A (symmetrised) and rejects singular blocks.
func sigmaAChol(m stats.Moments) (stats.SPD, error) {
	ch, ok := stats.FactorSPD(m.SigmaA(), m.DA)
	if !ok {
		return stats.SPD{}, ErrSingularSigmaA
	}
	if c := ch.Cond(); !(c < 1e14) {
		return stats.SPD{}, fmt.Errorf("%w (condition number %.3g)", ErrSingularSigmaA, c)
	}
	return ch, nil
}

// gVector returns g⃗ = Σ_yB − W_A^uni Σ_AB (§5.6).
func gVector(m stats.Moments, wuni []float64) []float64 {
	g := m.SyB()
	sab := m.SigmaAB()
	for i := 0; i < m.DA; i++ {
		for j := 0; j < m.DB; j++ {
			g[j] -= wuni[i] * sab[i*m.DB+j]
		}
	}
	return g
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// finite returns an error naming what if any value is NaN or ±Inf.
func finite(what string, v ...float64) error {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("theory: %s is not finite (overflow or degenerate input)", what)
		}
	}
	return nil
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// checkU0 validates an initial scale that a formula needs in (0, 1).
func checkU0(u0 float64) error {
	if !(u0 > 0) || !(u0 < 1) {
		return fmt.Errorf("theory: the initial scale u0 = %g must satisfy 0 < u0 < 1 (the closed forms are small-initialisation asymptotics)", u0)
	}
	return nil
}

// checkDepth validates L ≥ 1 and 1 ≤ Lf ≤ L.
func checkDepth(L, Lf int) error {
	if L < 1 {
		return fmt.Errorf("theory: depth L = %d must be at least 1", L)
	}
	if Lf < 1 || Lf > L {
		return fmt.Errorf("theory: fusion layer Lf = %d must be in 1..L = 1..%d", Lf, L)
	}
	return nil
}
