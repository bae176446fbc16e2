package theory

import (
	"errors"
	"fmt"
	"math"

	"unibias/engine/stats"
)

// Arch describes the network and optimiser for predictions.
type Arch struct {
	L, Lf int     // depth, fusion layer (1..L)
	U0    float64 // effective per-layer init scale u0 of the reduced model (§4, aligned-balanced init)
	W0    float64 // initial size of a growing two-layer mode (§5.4); 0 means U0*U0
	LR    float64 // learning rate η (for §5.10 and steps = t/η); 0 means gradient flow
	ReLU  bool    // §5.12: rates halve (times double), ratios unchanged, product weights ×2
}

// Prediction is everything the theory says about one (data, network) pair.
type Prediction struct {
	// First is "A" or "B": which modality the data make learned first (the
	// larger input–output correlation ‖Σ_y·‖, §0). If "B", the formulas are
	// applied to the swapped moments and TA/TB still refer to the data's
	// modality A and B (so TB < TA then).
	First string
	// Ratio is t_second/t_first (≥ 1), from the
	// best available formula for (L, Lf), named by RatioFormula (e.g.
	// "§5.10 finite-η late fusion", "§5.3 late fusion", "§5.7 intermediate
	// fusion", "§5.8 early fusion (small-init limit)", "§5.6 multi-dimensional").
	Ratio        float64
	RatioFormula string
	// RatioGradientFlow is the gradient-flow ratio (§5.3/§5.6/§5.7) even
	// when Ratio uses §5.10.
	RatioGradientFlow float64
	// TA, TB are absolute times in theory time (t = η·steps, τ = 1); 0 with
	// TimesFormula "" when no closed form applies.
	TA, TB       float64
	TimesFormula string
	// Plateau is W^uni of the first-learned modality, Σ_y· Σ_··⁻¹ (§5.1), in
	// the data order of that modality; PlateauNorm its Euclidean norm.
	Plateau     []float64
	PlateauNorm float64
	// PlateauProduct is the plateau of the plain product of the weight
	// matrices, the quantity §6 measures: Plateau, doubled for ReLU (§5.12).
	PlateauProduct []float64
	// Misattribution (§5.2) is W^uni_first − (first modality's block of the
	// global least-squares solution W* = Σ_yx Σ⁺).
	Misattribution []float64
	// LossZero = ℒ(0) = ½E[y²], LossPlateau = ℒ at the unimodal plateau,
	// LossMin = ℒ at the global minimum (least squares; pseudo-inverse when Σ
	// is singular).
	LossZero, LossPlateau, LossMin float64
	// ODE is the reduced-ODE prediction (§4) for the same u0 (effective
	// scalar reduction for vector modalities); nil if it could not be
	// computed or did not converge (see Notes).
	ODE *ODEResult
	// Symbols are wa, wb, g, k̃, W^uni, W_B^∞ of the first-learned-first
	// moments (§5).
	Symbols Symbols
	// Notes are caveats, e.g. approximations used.
	Notes []string
}

// Predict returns the theory's predictions for moments m and architecture a
// (docs/theory.md §5, formula by case as in §5.13):
//
//   - L = 1: a linear model, no plateau: Ratio 1, times from the ODE.
//   - Lf = 1 < L: Ratio 1 (§5.8, small-init limit); times from the reduced
//     ODE (t_A ≈ t_B).
//   - Lf = L ≥ 2: §5.3 (scalar) or §5.6 (vectors); for L = 2 with a.LR > 0,
//     Ratio is §5.10. Times: §5.4 (L = 2, with the §5.10 rates when
//     a.LR > 0) or §5.5 (L ≥ 3).
//   - 1 < Lf < L: §5.7, TA = I, TB = I + lag.
//
// If B is learned first, every formula is applied to m.Swap() and TA, TB are
// mapped back to the data's labels. ReLU (§5.12): times ×2 (finite-η rates
// use η/2), ratios unchanged, PlateauProduct doubled.
//
// Domain: valid moments, L ≥ 1, Lf in 1..L, U0 > 0 or W0 > 0 (the other is
// derived: W0 = U0², U0 = √W0), LR ≥ 0 finite, Σ_A (of the first modality)
// positive definite, g ≠ 0; intermediate fusion also needs U0 < 1. Times
// whose own formula is out of its domain are left at 0 with a note.
func Predict(m stats.Moments, a Arch) (Prediction, error) { return predict(m, a, true) }

// PredictClosedForm is Predict without the reduced ODE (§4) where closed
// forms exist: microseconds instead of a tenth of a millisecond, for a
// figure that follows a moving control. For L = 1 and Lf = 1, whose times
// only the ODE gives, it solves the ODE at tolerances 10⁴ times looser than
// Predict's (half-times within about 1e-4 of Predict's); elsewhere
// Prediction.ODE is nil and every other field equals Predict's.
func PredictClosedForm(m stats.Moments, a Arch) (Prediction, error) { return predict(m, a, false) }

func predict(m stats.Moments, a Arch, withODE bool) (Prediction, error) {
	var p Prediction
	if err := checkMoments(m); err != nil {
		return p, err
	}
	if err := checkDepth(a.L, a.Lf); err != nil {
		return p, err
	}
	for _, v := range []float64{a.U0, a.W0, a.LR} {
		if !isFinite(v) || v < 0 {
			return p, fmt.Errorf("theory: Arch has a negative or non-finite U0, W0 or LR (U0=%g, W0=%g, LR=%g)", a.U0, a.W0, a.LR)
		}
	}
	u0, w0 := a.U0, a.W0
	switch {
	case u0 == 0 && w0 == 0:
		return p, errors.New("theory: the initial scale is missing: set Arch.U0 > 0 (or W0 > 0)")
	case w0 == 0:
		w0 = u0 * u0
	case u0 == 0:
		u0 = math.Sqrt(w0)
	}
	if !(w0 > 0) || !(u0 > 0) {
		return p, fmt.Errorf("theory: initial scale underflows (U0=%g, W0=%g)", u0, w0)
	}

	mm := m
	p.First = "A"
	if !firstIsA(m) {
		mm = m.Swap()
		p.First = "B"
	}
	sym, err := ScalarSymbols(mm)
	if err != nil {
		return p, err
	}
	p.Symbols = sym
	vec := !sym.Scalar
	if p.Plateau, err = UnimodalPlateau(mm); err != nil {
		return p, err
	}
	p.PlateauNorm = norm(p.Plateau)
	factor := 1.0
	if a.ReLU {
		factor = 2
	}
	p.PlateauProduct = make([]float64, len(p.Plateau))
	for i, v := range p.Plateau {
		p.PlateauProduct[i] = factor * v
	}
	if p.Misattribution, err = Misattribution(mm); err != nil {
		return p, err
	}
	p.LossZero = 0.5 * mm.Eyy
	if p.LossPlateau, err = PlateauLoss(mm); err != nil {
		return p, err
	}
	_, p.LossMin = mm.LeastSquares()

	note := func(s string) { p.Notes = append(p.Notes, s) }
	if p.First == "B" {
		note("modality B has the larger input–output correlation, so it is learned first: formulas applied with the roles swapped")
	}
	if sym.FlipA || sym.FlipB {
		note("signs of the inputs flipped to the convention Σ_yA > 0, g > 0 of §5.3 (a linear network is indifferent to this)")
	}
	if a.ReLU {
		note("ReLU (§5.12): times doubled, ratios and plateaus of the fitted function as for the linear network; product weights converge to twice the coefficient")
	}
	tscale := factor // times ×2 for ReLU
	etaEff := a.LR / factor

	switch {
	case a.L == 1:
		p.Ratio, p.RatioGradientFlow = 1, 1
		p.RatioFormula = "linear model (L = 1): no unimodal phase"
		note("L = 1 is a linear model: the loss is convex and there is no unimodal plateau, so the ratio is 1 by convention; the reduced ODE gives the actual half-times (they differ when Σ is ill-conditioned)")
	case a.Lf == 1:
		p.Ratio, p.RatioGradientFlow = 1, 1
		p.RatioFormula = "§5.8 early fusion (small-init limit)"
		note("early fusion: ratio 1 is the small-initialisation limit; finite u0 gives slightly more (see the reduced ODE)")
	case a.Lf == a.L:
		if p.RatioGradientFlow, err = LateFusionRatio(mm); err != nil {
			return p, err
		}
		p.Ratio = p.RatioGradientFlow
		p.RatioFormula = "§5.3 late fusion"
		if vec {
			p.RatioFormula = "§5.6 multi-dimensional"
		}
		if a.L == 2 && a.LR > 0 {
			r, err := FiniteLRRatio(mm, etaEff)
			if err != nil {
				note("§5.10 not applicable (" + err.Error() + "); gradient-flow ratio used")
			} else {
				p.Ratio = r
				p.RatioFormula = "§5.10 finite-η late fusion"
				if vec {
					p.RatioFormula += " (§5.6 norms)"
				}
			}
		}
		if vec && a.L > 2 {
			note("approximate: §5.6 is derived for two-layer networks; deep multi-dimensional late fusion reduced to scalars")
		}
		var tA, tB float64
		var terr error
		if a.L == 2 {
			if a.LR > 0 {
				tA, tB, terr = TwoLayerTimesFiniteLR(mm, w0, etaEff)
				p.TimesFormula = "§5.4 two-layer with §5.10 finite-η rates"
			} else {
				tA, tB, terr = TwoLayerTimes(mm, w0)
				p.TimesFormula = "§5.4 two-layer"
			}
		} else {
			tA, tB, terr = DeepLateTimes(mm, a.L, u0)
			p.TimesFormula = "§5.5 deep late fusion"
		}
		if terr != nil {
			p.TimesFormula = ""
			note("no closed-form times: " + terr.Error())
		} else {
			p.TA, p.TB = tscale*tA, tscale*tB
		}
	default: // 1 < Lf < L
		I, lag, r, err := Intermediate(mm, a.L, a.Lf, u0)
		if err != nil {
			return p, err
		}
		p.Ratio, p.RatioGradientFlow = r, r
		p.RatioFormula = "§5.7 intermediate fusion"
		p.TA, p.TB = tscale*I, tscale*(I+lag)
		p.TimesFormula = "§5.7 intermediate (I, lag)"
		if vec {
			note("approximate: multi-dimensional deep network reduced to scalars (wa = ‖Σ_yA‖, wb = ‖Σ_yB‖, g = ‖g⃗‖)")
		}
	}

	// Without the ODE, L = 1 and Lf = 1 would have no times: they solve it
	// at the preview's tolerances.
	solved := withODE || a.L == 1 || a.Lf == 1
	var (
		ode  ODEResult
		oerr error
	)
	if solved {
		ode, oerr = reducedODE(mm, a.L, a.Lf, u0, a.ReLU, !withODE)
	}
	switch {
	case !solved:
	case oerr != nil:
		note("reduced ODE not computed: " + oerr.Error())
	case !ode.Converged:
		note("reduced ODE did not reach the minimum with both modalities learned before t = 1e7")
	default:
		p.ODE = &ode // first-learned-first here; relabelled below
		if vec {
			note("approximate: reduced ODE on the effective scalar reduction of the multi-dimensional data")
		}
	}
	if (a.L == 1 || a.Lf == 1) && p.ODE != nil {
		p.TA, p.TB = p.ODE.TA, p.ODE.TB
		if a.L == 1 {
			p.TimesFormula = "§4 reduced ODE (linear model, L = 1)"
		} else {
			p.TimesFormula = "§5.8 early: t_A≈t_B from reduced ODE"
		}
	}
	if p.First == "B" {
		p.TA, p.TB = p.TB, p.TA
		if p.ODE != nil {
			// ReducedODE already labels by the data; it was given mm.
			p.ODE.TA, p.ODE.TB = p.ODE.TB, p.ODE.TA
		}
	}
	all := []float64{p.Ratio, p.RatioGradientFlow, p.TA, p.TB, p.PlateauNorm, p.LossZero, p.LossPlateau, p.LossMin}
	all = append(all, p.Plateau...)
	all = append(all, p.PlateauProduct...)
	all = append(all, p.Misattribution...)
	if p.ODE != nil {
		all = append(all, p.ODE.TA, p.ODE.TB, p.ODE.Ratio)
	}
	if err := finite("prediction", all...); err != nil {
		return Prediction{}, err
	}
	return p, nil
}
