// Package remedy holds the measures and remedies of the related work on the
// networks of unibias (docs/theory.md §10): Wu et al.'s conditional
// utilisation rate, conditional learning speed and balanced training
// (§10.1), Ma & Chen's decision-layer measures and capability-weighted fusion
// (§10.3), OGM and OGM-GE (§10.4), modality dropout and the deficit window
// (§10.5). The formulas live here; package train applies them in its one
// training loop through the gradient stage of package nn.
package remedy

import (
	"fmt"
	"math"
	"strings"

	"unibias/engine/params"
)

// Wu modes of balanced multimodal learning (§10.1).
const (
	WuOff      = "off"
	WuBalanced = "balanced"
	WuRandom   = "random"
)

// OGM modes (§10.4).
const (
	OGMOff = "off"
	OGMOn  = "ogm"
	OGMGE  = "ogm-ge"
)

// Config is every remedy's setting, read from the parameter table.
type Config struct {
	Wu     string  // WuOff, WuBalanced or WuRandom
	Eps    float64 // threshold ε on |d|
	Q      int     // re-balancing steps per trigger
	Warmup int     // regular steps before re-balancing starts
	Decay  float64 // memory of M: 1 = cumulative (faithful)

	OGM        string  // OGMOff, OGMOn or OGMGE
	Alpha      float64 // modulation strength α
	Window     float64 // fraction of the budget during which OGM acts
	Continuous bool    // tanh(α(ratio−1)) instead of tanh(α·ratio)
	Fusion     bool    // also modulate the fusion blocks

	Capability bool // capability-weighted fusion (§10.3, our reading)
	CapEvery   int  // recompute the capabilities every K steps

	DropA, DropB float64 // modality dropout probabilities
	Rescale      bool    // inverted dropout

	Deficit int // B withheld for the first Deficit steps

	Seed uint64 // seed of the remedies' random draws (GE noise, dropout masks, random schedule)
}

// FromParams reads the remedies of p.
func FromParams(p params.Set) Config {
	return Config{
		Wu: p.Get("wu"), Eps: p.Float("wueps"), Q: p.Int("wuq"), Warmup: p.Int("wuwarm"), Decay: p.Float("wudecay"),
		OGM: p.Get("ogm"), Alpha: p.Float("alpha"), Window: p.Float("ogmwindow"),
		Continuous: p.Get("ogmcont") == "true", Fusion: p.Get("ogmfusion") == "true",
		Capability: p.Get("capw") == "true", CapEvery: p.Int("capevery"),
		DropA: p.Float("dropa"), DropB: p.Float("dropb"), Rescale: p.Get("droprescale") == "true",
		Deficit: p.Int("deficit"),
		Seed:    uint64(p.Int("seed")),
	}
}

// Active reports whether any remedy changes training. With none active the
// training loop takes its plain step, bit-identical to a run without this
// package.
func (c Config) Active() bool {
	return (c.Wu != "" && c.Wu != WuOff) || (c.OGM != "" && c.OGM != OGMOff) || c.Capability ||
		c.DropA > 0 || c.DropB > 0 || c.Deficit > 0
}

// Validate reports a setting no run can use, naming the parameter.
func (c Config) Validate() error {
	if c.DropA >= 1 || c.DropB >= 1 || c.DropA < 0 || c.DropB < 0 {
		return fmt.Errorf("remedy: dropout probabilities p_A=%g, p_B=%g must lie in [0, 1)", c.DropA, c.DropB)
	}
	if c.Wu != "" && c.Wu != WuOff && c.Q < 1 {
		return fmt.Errorf("remedy: wuq=%d must be at least 1", c.Q)
	}
	return nil
}

// Describe names the active remedies in a short phrase for captions and
// legends ("none" when none is active).
func (c Config) Describe() string {
	var out []string
	switch c.Wu {
	case WuBalanced:
		out = append(out, fmt.Sprintf("Wu balanced (ε=%g, Q=%d)", c.Eps, c.Q))
	case WuRandom:
		out = append(out, "Wu random")
	}
	if c.Wu != "" && c.Wu != WuOff && c.Decay < 1 {
		out = append(out, fmt.Sprintf("EMA M (decay %g, not in the paper)", c.Decay))
	}
	switch c.OGM {
	case OGMOn:
		out = append(out, fmt.Sprintf("OGM α=%g", c.Alpha))
	case OGMGE:
		out = append(out, fmt.Sprintf("OGM-GE α=%g", c.Alpha))
	}
	if c.Capability {
		out = append(out, "capability-weighted fusion (our reading)")
	}
	if c.DropA > 0 || c.DropB > 0 {
		out = append(out, fmt.Sprintf("dropout p_A=%g p_B=%g", c.DropA, c.DropB))
	}
	if c.Deficit > 0 {
		out = append(out, fmt.Sprintf("B withheld %d steps", c.Deficit))
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// OGMCoefficients are OGM's modulation coefficients k_A, k_B from the scores
// s_A, s_B (docs/theory.md §10.4, the authors' main.py "Eq.(10)"): the
// modality with the larger score is slowed by 1 − tanh(α·ratio), the other
// keeps 1; at an exact tie the else-branch (A slowed) runs. continuous uses
// tanh(α·(ratio − 1)), the earlier form.
func OGMCoefficients(sA, sB, alpha float64, continuous bool) (kA, kB float64) {
	arg := func(ratio float64) float64 {
		if continuous {
			return alpha * (ratio - 1)
		}
		return alpha * ratio
	}
	if sB/sA > 1 {
		return 1, 1 - math.Tanh(arg(sB/sA))
	}
	return 1 - math.Tanh(arg(sA/sB)), 1
}

// GaussianScore is the score of a modality of a linear network on Gaussian
// moments (§10.0): s = (1 + v)^(−½) with v = E(y − ŷ_m)², the expectation of
// exp(−½(y − ŷ_m)²) for a Gaussian residual.
func GaussianScore(v float64) float64 { return 1 / math.Sqrt(1+math.Max(v, 0)) }

// Utilisation returns Wu et al.'s conditional utilisation rates u(A|B) =
// (P(f) − P(f_B′))/P(f) and u(B|A) = (P(f) − P(f_A′))/P(f) from the
// fractions of the target explained by the whole network (pf) and by each
// modality alone (pA = P(f_A′), pB = P(f_B′)) (docs/theory.md §10.1). Both are
// NaN while the network explains less than 1% of the target (the rates are
// 0/0 at initialisation).
func Utilisation(pf, pA, pB float64) (uAB, uBA float64) {
	if !(pf > 0.01) {
		return math.NaN(), math.NaN()
	}
	return (pf - pB) / pf, (pf - pA) / pf
}

// SpeedImbalance is d = log10(M_B/M_A) (§10.1), NaN until both are positive.
func SpeedImbalance(mA, mB float64) float64 {
	if !(mA > 0) || !(mB > 0) {
		return math.NaN()
	}
	return math.Log10(mB / mA)
}

// DecisionRatios are the closed forms of docs/theory.md §10.3 for balanced
// rank-one small-initialisation late fusion of depth L: the decision-weight
// ratio ‖F_A‖/‖F_B‖ = (W_A/W_B)^{1/L}, the feature ratio (σ_A/σ_B)·
// (W_A/W_B)^{(L−1)/L} and the output-contribution ratio σ_A W_A/(σ_B W_B),
// for the magnitudes wA, wB of the total maps and the input scales sA, sB.
func DecisionRatios(wA, wB, sA, sB float64, L int) (decision, feature, contribution float64) {
	r := math.Abs(wA) / math.Abs(wB)
	fl := float64(L)
	return math.Pow(r, 1/fl), (sA / sB) * math.Pow(r, (fl-1)/fl), (sA * math.Abs(wA)) / (sB * math.Abs(wB))
}

// CapabilityGains are the decision gains g_m = 2c_m/(c_A + c_B) of
// capability-weighted fusion (§10.3, our reading); equal capabilities give 1
// each, and non-positive ones fall back to 1.
func CapabilityGains(cA, cB float64) (gA, gB float64) {
	if !(cA > 0) || !(cB > 0) {
		return 1, 1
	}
	return 2 * cA / (cA + cB), 2 * cB / (cA + cB)
}
