package nn

import (
	"fmt"
	"math"
	"strconv"
)

// MaxWeights bounds the number of weights a network may have (about 400 MB of
// float64 with the scratch buffers); Validate refuses larger architectures.
const MaxWeights = 50_000_000

// Arch describes a two-modality fusion network (docs/theory.md §1).
type Arch struct {
	L  int // depth: number of weight layers, ≥ 1
	Lf int // fusion layer, 1 … L (1 = early, L = late fusion)
	H  int // hidden width (unused when L = 1)
	DA int // input size of modality A
	DB int // input size of modality B
	// Slope is the negative slope of the leaky-ReLU φ placed between
	// consecutive layers: 1 makes φ the identity (a deep linear network),
	// 0 is the ReLU (docs/theory.md §1). Ignored when Act is SmoothReLU.
	Slope float64
	// Act selects φ: LeakyReLU (the zero value, φ set by Slope) or the
	// two-sided smoothed ReLU of docs/theory.md §10.2 (power Q, threshold Beta).
	Act ActKind
	// Q (≥ 3) and Beta (> 0) shape the smoothed ReLU; unused otherwise.
	Q, Beta float64
	// Loss selects the training loss: Squared (the zero value) or Logistic
	// on labels y ∈ {±1} (docs/theory.md §10.2).
	Loss LossKind
}

// Linear reports whether φ is the identity (leaky ReLU with Slope = 1).
func (a Arch) Linear() bool { return a.Act == LeakyReLU && a.Slope == 1 }

// MomentForm reports whether the gradient depends on the data only through
// its moments (docs/theory.md §2.4): a linear network under the squared loss.
// StepMoments applies only then; every other network trains on samples.
func (a Arch) MomentForm() bool { return a.Linear() && a.Loss == Squared }

// Validate reports whether the architecture is usable, with a message naming
// the offending field.
func (a Arch) Validate() error {
	if a.L < 1 {
		return fmt.Errorf("nn: depth L=%d must be at least 1", a.L)
	}
	if a.Lf < 1 || a.Lf > a.L {
		return fmt.Errorf("nn: fusion layer Lf=%d must lie between 1 and the depth L=%d", a.Lf, a.L)
	}
	if a.DA < 1 || a.DB < 1 {
		return fmt.Errorf("nn: each modality needs at least one input (DA=%d, DB=%d)", a.DA, a.DB)
	}
	if a.L > 1 && a.H < 1 {
		return fmt.Errorf("nn: hidden width H=%d must be at least 1 when the depth L=%d > 1", a.H, a.L)
	}
	if err := a.validateKinds(); err != nil {
		return err
	}
	if a.Act == LeakyReLU && (math.IsNaN(a.Slope) || a.Slope < 0 || a.Slope > 1) {
		return fmt.Errorf("nn: leaky-ReLU slope %g must lie in [0, 1] (1 = linear, 0 = ReLU)", a.Slope)
	}
	if n := a.numWeightsFloat(); n > MaxWeights {
		return fmt.Errorf("nn: width too large: H=%d, L=%d, DA=%d, DB=%d need %.3g weights (limit %.0g)",
			a.H, a.L, a.DA, a.DB, n, float64(MaxWeights))
	}
	return nil
}

// NumWeights is the number of trainable weights (no biases, docs/theory.md §1.1).
// The architecture must be valid.
func (a Arch) NumWeights() int {
	n := 0
	for _, s := range a.shapes() {
		n += s.rows * s.cols
	}
	return n
}

// numWeightsFloat counts in float64 so that absurd sizes cannot overflow.
func (a Arch) numWeightsFloat() float64 {
	if a.L < 1 || a.Lf < 1 || a.Lf > a.L {
		return 0
	}
	h, da, db := float64(a.H), float64(a.DA), float64(a.DB)
	fr := h // rows of F
	if a.Lf == a.L {
		fr = 1
	}
	n := 0.0
	if a.Lf == 1 {
		n += fr * (da + db)
	} else {
		n += h*(da+db) + 2*float64(a.Lf-2)*h*h + fr*2*h
	}
	if a.L > a.Lf {
		n += float64(a.L-a.Lf-1)*h*h + h
	}
	return n
}

type shape struct {
	name       string
	rows, cols int
}

// shapes lists the layers in the canonical order used everywhere in the
// package (Layers, gradients, random draws): E_A^1 … E_A^{Lf−1}, E_B^1 …
// E_B^{Lf−1}, F_A, F_B, D^{Lf+1} … D^L.
func (a Arch) shapes() []shape {
	h := a.H
	out := make([]shape, 0, 2*a.Lf+a.L-a.Lf)
	for _, m := range []struct {
		tag string
		d   int
	}{{"A", a.DA}, {"B", a.DB}} {
		for l := 1; l < a.Lf; l++ {
			c := h
			if l == 1 {
				c = m.d
			}
			out = append(out, shape{"E_" + m.tag + "^" + strconv.Itoa(l), h, c})
		}
	}
	fr := h
	if a.Lf == a.L {
		fr = 1
	}
	ca, cb := h, h
	if a.Lf == 1 {
		ca, cb = a.DA, a.DB
	}
	out = append(out, shape{"F_A", fr, ca}, shape{"F_B", fr, cb})
	for l := a.Lf + 1; l <= a.L; l++ {
		r := h
		if l == a.L {
			r = 1
		}
		out = append(out, shape{"D^" + strconv.Itoa(l), r, h})
	}
	return out
}

// Scheme selects the initialisation (docs/theory.md §1.1).
type Scheme int

const (
	// Entrywise draws every weight from N(0, γ²) (reference two-layer classes).
	Entrywise Scheme = iota
	// Scaled draws private layers E with entries N(0, γ²/n) and the fusion
	// layer F = [F_A | F_B] and shared layers D with N(0, 2γ²/n), n the number
	// of entries of the whole matrix, so ‖E‖_F ≈ γ, ‖F‖_F ≈ ‖D‖_F ≈ √2·γ
	// (reference deep class, "norm-scaled").
	Scaled
	// Aligned builds rank-one, chained, balanced layers of scale u0 = γ
	// (aligned-balanced option); the network then follows the reduced
	// dynamics of docs/theory.md §4.
	Aligned
)

func (s Scheme) String() string {
	switch s {
	case Entrywise:
		return "entrywise"
	case Scaled:
		return "scaled"
	case Aligned:
		return "aligned"
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}
