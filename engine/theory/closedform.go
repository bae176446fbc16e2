package theory

import (
	"fmt"
	"math"

	"unibias/engine/stats"
)

// UnimodalPlateau returns W_A^uni = Σ_yA Σ_A⁻¹ (docs/theory.md §5.1), the total map
// of modality A while the network sits at the unimodal fixed point M_A, in
// the data's coordinate order of A. For the standard scalar toy it is
// 1 + ρ/r.
//
// Domain: valid finite moments with Σ_A positive definite (otherwise an error
// wrapping [ErrSingularSigmaA]). It does not require A to be learned first;
// for the plateau of B pass m.Swap().
func UnimodalPlateau(m stats.Moments) ([]float64, error) {
	if err := checkMoments(m); err != nil {
		return nil, err
	}
	ch, err := sigmaAChol(m)
	if err != nil {
		return nil, err
	}
	out := ch.Solve(m.SyA())
	return out, finite("W_A^uni", out...)
}

// PlateauLoss returns the loss at the unimodal fixed point,
// ℒ(M_A) = ½(E[y²] − Σ_yA Σ_A⁻¹ Σ_yAᵀ) (docs/theory.md §5.1). Divide by
// ℒ(0) = ½E[y²] for the normalised value (standard toy:
// (1 − ρ²)/(r² + 1 + 2ρr)).
//
// Domain: as [UnimodalPlateau]; moments whose E[y²] is smaller than the
// variance A explains (not a valid joint covariance) are rejected.
func PlateauLoss(m stats.Moments) (float64, error) {
	w, err := UnimodalPlateau(m)
	if err != nil {
		return 0, err
	}
	expl := dot(w, m.SyA())
	l := 0.5 * (m.Eyy - expl)
	if l < 0 {
		if l < -1e-12*math.Max(m.Eyy, expl) {
			return 0, fmt.Errorf("theory: E[y²] = %g is smaller than the variance explained by A (%g): the moments are not a valid covariance", m.Eyy, expl)
		}
		l = 0
	}
	return l, finite("ℒ(M_A)", l)
}

// Misattribution returns W_A^uni − W*_A (docs/theory.md §5.2): how far A's weight
// on the unimodal plateau is from its final value, W*_A being A's block of
// the global least-squares solution W* = Σ_yx Σ⁺ (pseudo-inverse when Σ is
// singular). It generalises w_B* Σ_BA Σ_A⁻¹; for the standard toy it is ρ/r.
// Positive: A is over-credited while B is not yet learned.
//
// Domain: as [UnimodalPlateau]. Data order of A.
func Misattribution(m stats.Moments) ([]float64, error) {
	w, err := UnimodalPlateau(m)
	if err != nil {
		return nil, err
	}
	ws, _ := m.LeastSquares()
	out := make([]float64, m.DA)
	for i := range out {
		out[i] = w[i] - ws[i]
	}
	return out, finite("misattribution", out...)
}

// LateFusionRatio returns the gradient-flow time ratio t_B/t_A of late fusion
// (Lf = L, any depth L ≥ 2): 1 + (wa − wb)/g with the signed wb (docs/theory.md
// §5.3; standard toy 1 + (r² − 1)/(1 − ρ²)). For DA or DB > 1 it is the
// multi-dimensional formula of §5.6 ([MultiDimRatio]).
//
// Domain: A learned first ([ErrSecondFirst]), Σ_A positive definite, g ≠ 0
// ([ErrNoNewInformation]), |ρ| < 1. Independent of u0, L and η.
func LateFusionRatio(m stats.Moments) (float64, error) {
	if m.DA != 1 || m.DB != 1 {
		return MultiDimRatio(m)
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return 0, err
	}
	r := 1 + (s.WA-s.WB)/s.G
	return r, finite("t_B/t_A", r)
}

// MultiDimRatio returns the two-layer late-fusion ratio for vector
// modalities (docs/theory.md §5.6, reference `sweep.py:lag_twolayer`):
// t_B/t_A = 1 + (‖Σ_yA‖ − ‖Σ_yB‖)/‖g⃗‖ with g⃗ = Σ_yB − W_A^uni Σ_AB.
// It accepts scalar modalities too (then it uses |wb|, which differs from
// §5.3 when wb < 0).
//
// Domain: A learned first ([ErrSecondFirst]), Σ_A positive definite, g⃗ ≠ 0
// ([ErrNoNewInformation]).
func MultiDimRatio(m stats.Moments) (float64, error) {
	if err := checkMoments(m); err != nil {
		return 0, err
	}
	na, nb := norm(m.SyA()), norm(m.SyB())
	if na == 0 {
		return 0, ErrNoSignal
	}
	if nb > na {
		return 0, ErrSecondFirst
	}
	wuni, err := UnimodalPlateau(m)
	if err != nil {
		return 0, err
	}
	g := norm(gVector(m, wuni))
	if !(g > 1e-12*na) {
		return 0, ErrNoNewInformation
	}
	r := 1 + (na-nb)/g
	return r, finite("t_B/t_A", r)
}

// FiniteLRRatio returns the two-layer late-fusion ratio under gradient
// descent with learning rate η (docs/theory.md §5.10): every rate λ becomes
// ln(1 + ηλ)/η, so t_B/t_A = 1 + [ln(1 + η wa) − ln(1 + η wb)]/ln(1 + η g).
// For vector modalities wa, wb, g are the norms of §5.6. It tends to
// [LateFusionRatio] as η → 0. For ReLU networks (rates halved, §5.12) pass
// η/2.
//
// Domain: η > 0, 1 + η·wb > 0 (a shrinking B mode must not be overshot),
// plus the domain of [ScalarSymbols].
func FiniteLRRatio(m stats.Moments, eta float64) (float64, error) {
	if !(eta > 0) || math.IsInf(eta, 0) {
		return 0, fmt.Errorf("theory: learning rate η = %g must be positive and finite (use LateFusionRatio for gradient flow)", eta)
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return 0, err
	}
	if !(eta*s.WB > -1) {
		return 0, fmt.Errorf("theory: η·wb = %g ≤ −1: the learning rate is too large for the shrinking B mode (§5.10 needs 1 + η wb > 0)", eta*s.WB)
	}
	la, lb, lg := math.Log1p(eta*s.WA), math.Log1p(eta*s.WB), math.Log1p(eta*s.G)
	r := 1 + (la-lb)/lg
	return r, finite("t_B/t_A", r)
}

// TwoLayerTimes returns the absolute learning times of two-layer late fusion
// under gradient flow (docs/theory.md §5.4):
//
//	t_A = ln(W_A^uni / W_0) / (2 wa)
//	t_B = t_A + [ln(W_B^∞ / W_0) − 2 wb t_A] / (2 g)
//
// where W_0 is the initial size of a growing two-layer mode (u0² for the
// aligned init, ≈ hγ²/2 for the entrywise init with scalar inputs) and W_B^∞
// is B's final weight (1 in the standard toy). Vector modalities use the
// norms of §5.6 for t_A and t_B = t_A·[MultiDimRatio] (for §8.4 this gives
// 7.31 and 28.18 against the simulated ≈ 7.3 and 28.1; the scalar t_B
// formula with norms would give 27.72).
//
// Domain: 0 < W_0 < W_A^uni (and t_B > 0), plus that of [ScalarSymbols].
func TwoLayerTimes(m stats.Moments, w0 float64) (tA, tB float64, err error) {
	return twoLayerTimes(m, w0, 0)
}

// TwoLayerTimesFiniteLR is [TwoLayerTimes] with the finite-learning-rate
// rates of docs/theory.md §5.10 (each λ ∈ {wa, wb, g} replaced by ln(1 + ηλ)/η).
// At η = 0.04, r = 2, ρ = 0, W_0 = 5e-17 it gives 126.4 and 478.5 steps
// against the measured 127 and 478 quoted in §5.4. For ReLU networks use
// 2 × TwoLayerTimesFiniteLR(m, w0, η/2) (§5.12).
//
// Domain: η > 0 and 1 + η wb > 0, plus that of [TwoLayerTimes].
func TwoLayerTimesFiniteLR(m stats.Moments, w0, eta float64) (tA, tB float64, err error) {
	if !(eta > 0) || math.IsInf(eta, 0) {
		return 0, 0, fmt.Errorf("theory: learning rate η = %g must be positive and finite", eta)
	}
	return twoLayerTimes(m, w0, eta)
}

func twoLayerTimes(m stats.Moments, w0, eta float64) (tA, tB float64, err error) {
	if !(w0 > 0) || math.IsInf(w0, 0) {
		return 0, 0, fmt.Errorf("theory: the initial mode size W_0 = %g must be positive and finite", w0)
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return 0, 0, err
	}
	if !(w0 < s.WUni) {
		return 0, 0, fmt.Errorf("theory: W_0 = %g is not below the plateau W_A^uni = %g: there is no growth phase to time (§5.4 needs a small initialisation)", w0, s.WUni)
	}
	wa, wb, g := s.WA, s.WB, s.G
	if eta > 0 {
		if !(eta*wb > -1) {
			return 0, 0, fmt.Errorf("theory: η·wb = %g ≤ −1: the learning rate is too large for the shrinking B mode (§5.10)", eta*wb)
		}
		wa, wb, g = math.Log1p(eta*wa)/eta, math.Log1p(eta*wb)/eta, math.Log1p(eta*g)/eta
	}
	tA = math.Log(s.WUni/w0) / (2 * wa)
	if s.Scalar {
		tB = tA + (math.Log(s.WBInf/w0)-2*wb*tA)/(2*g)
	} else {
		// Vectors: B's mode along g⃗ is not B's initial growth direction, so
		// the O(1) terms of the scalar formula are not meaningful; use the
		// asymptotic ratio of §5.6 (§5.10 rates when η > 0).
		tB = tA * (1 + (wa-wb)/g)
	}
	if err := finite("two-layer times", tA, tB); err != nil {
		return 0, 0, err
	}
	if !(tB > 0) {
		return 0, 0, fmt.Errorf("theory: §5.4 gives t_B = %g ≤ 0: W_0 = %g is not small compared with W_B^∞ = %g", tB, w0, s.WBInf)
	}
	return tA, tB, nil
}

// DeepLateTimes returns the absolute learning times of deep late fusion
// (Lf = L ≥ 3, aligned-balanced init of scale u0; docs/theory.md §5.5):
//
//	t_A = u0^{2−L} / ((L − 2) wa),   t_B − t_A = (1 − k̃) u0^{2−L} / ((L − 2) g)
//
// (power laws in 1/u0; L = 4, r = 2, ρ = 0, u0 = 0.1 gives t_A = 12.5).
//
// Domain: L ≥ 3 (use [TwoLayerTimes] for L = 2), 0 < u0 < 1, plus that of
// [ScalarSymbols].
func DeepLateTimes(m stats.Moments, L int, u0 float64) (tA, tB float64, err error) {
	if L < 3 {
		return 0, 0, fmt.Errorf("theory: §5.5 needs depth L ≥ 3 (got L = %d; use TwoLayerTimes for L = 2)", L)
	}
	if err := checkU0(u0); err != nil {
		return 0, 0, err
	}
	s, err := ScalarSymbols(m)
	if err != nil {
		return 0, 0, err
	}
	p := math.Pow(u0, float64(2-L)) / float64(L-2)
	tA = p / s.WA
	tB = tA + (1-s.KTilde)*p/s.G
	return tA, tB, finite("deep late-fusion times", tA, tB)
}

// Superficial classifies a generalised scalar toy with ρ = 0 (docs/theory.md §5.9)
// by r = σ_A/σ_B and q = w_A*/w_B*: A is prioritised (learned first) iff
// |q| > 1/r², and A contributes more (a larger output variance w*²σ², i.e.
// learning A alone lowers the loss more) iff |q| > 1/r. Between the two
// curves the first-learned modality is the less useful one.
//
// Domain: r > 0 finite, q finite.
func Superficial(r, wAoverwB float64) (prioritised, contributesMore bool, err error) {
	p, c, err := SuperficialBoundaries(r)
	if err != nil {
		return false, false, err
	}
	if !isFinite(wAoverwB) {
		return false, false, fmt.Errorf("theory: w_A*/w_B* = %g must be finite", wAoverwB)
	}
	q := math.Abs(wAoverwB)
	return q > p, q > c, nil
}

// SuperficialBoundaries returns the two curves of the superficial-preference
// diagram (docs/theory.md §5.9, §7 item 4) at r = σ_A/σ_B: prioritisation
// w_A*/w_B* = 1/r² and contribution w_A*/w_B* = 1/r.
//
// Domain: r > 0 finite.
func SuperficialBoundaries(r float64) (prioritised, contributes float64, err error) {
	if !(r > 0) || math.IsInf(r, 0) {
		return 0, 0, fmt.Errorf("theory: r = σ_A/σ_B = %g must be positive and finite", r)
	}
	p, c := 1/(r*r), 1/r
	return p, c, finite("superficial boundary", p, c)
}
