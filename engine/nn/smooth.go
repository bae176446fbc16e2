package nn

import (
	"fmt"
	"math"
)

// ActKind selects the activation φ between consecutive layers.
type ActKind int

const (
	// LeakyReLU is φ(z) = z for z > 0 and Slope·z otherwise (Slope = 1: the
	// identity, a deep linear network; Slope = 0: the ReLU), docs/theory.md §1.
	LeakyReLU ActKind = 0
	// SmoothReLU is the odd two-sided smoothed ReLU of docs/theory.md §10.2,
	// φ(z) = σ̃(z) − σ̃(−z), with σ̃ of power Arch.Q and threshold Arch.Beta
	// (SmoothedReLU). It is odd, so an encoder can output both signs.
	SmoothReLU ActKind = 1
)

func (k ActKind) String() string {
	switch k {
	case LeakyReLU:
		return "leaky-relu"
	case SmoothReLU:
		return "smoothrelu"
	}
	return fmt.Sprintf("ActKind(%d)", int(k))
}

// validateKinds checks the activation and loss kinds and the smoothed
// ReLU's shape.
func (a Arch) validateKinds() error {
	switch a.Loss {
	case Squared, Logistic:
	default:
		return fmt.Errorf("nn: unknown loss kind %d (want Squared or Logistic)", int(a.Loss))
	}
	switch a.Act {
	case LeakyReLU:
	case SmoothReLU:
		if math.IsNaN(a.Q) || math.IsInf(a.Q, 0) || a.Q < 3 {
			return fmt.Errorf("nn: smoothed-ReLU power q=%g must be a finite number ≥ 3", a.Q)
		}
		if math.IsNaN(a.Beta) || math.IsInf(a.Beta, 0) || !(a.Beta > 0) {
			return fmt.Errorf("nn: smoothed-ReLU threshold β=%g must be positive and finite", a.Beta)
		}
	default:
		return fmt.Errorf("nn: unknown activation kind %d (want LeakyReLU or SmoothReLU)", int(a.Act))
	}
	return nil
}

// SmoothedReLU returns σ̃(z) and σ̃'(z) for the smoothed ReLU of power q ≥ 3
// and threshold β > 0 (docs/theory.md §10.2):
//
//	σ̃(z) = 0                    z ≤ 0
//	σ̃(z) = z^q / (q β^{q−1})    0 ≤ z ≤ β
//	σ̃(z) = z − (1 − 1/q) β      z ≥ β
//
// Value (β/q) and slope (1) are continuous at β.
func SmoothedReLU(z, q, beta float64) (v, d float64) {
	switch {
	case !(z > 0):
		return 0, 0
	case z >= beta:
		return z - (1-1/q)*beta, 1
	}
	r := z / beta
	var rq1 float64 // (z/β)^{q−1}
	if q == 3 {
		rq1 = r * r
	} else {
		rq1 = math.Pow(r, q-1)
	}
	return z * rq1 / q, rq1
}

// TwoSided returns φ(z) = σ̃(z) − σ̃(−z) and φ'(z) = σ̃'(|z|), the odd
// encoder unit of docs/theory.md §10.2.
func TwoSided(z, q, beta float64) (v, d float64) {
	if z < 0 {
		v, d = SmoothedReLU(-z, q, beta)
		return -v, d
	}
	return SmoothedReLU(z, q, beta)
}

// smooth holds the constants of one smoothed ReLU for the kernels below
// (no division or call per unit; the same values as TwoSided up to rounding).
type smooth struct {
	q, beta, invBeta, invQ, off float64
	cube                        bool // q = 3: (z/β)² without math.Pow
}

func newSmooth(q, beta float64) smooth {
	return smooth{q: q, beta: beta, invBeta: 1 / beta, invQ: 1 / q, off: (1 - 1/q) * beta, cube: q == 3}
}

// slope returns σ̃'(|z|) = φ'(z) and |z|.
func (s *smooth) slope(z float64) (d, az float64) {
	az = math.Abs(z)
	if az >= s.beta {
		return 1, az
	}
	r := az * s.invBeta
	if s.cube {
		return r * r, az
	}
	return math.Pow(r, s.q-1), az
}

// activate writes act = φ(out) for the architecture's activation: the
// leaky-ReLU kernel of samples.go, or the two-sided smoothed ReLU.
func (a *Arch) activate(act, out []float64) {
	if a.Act != SmoothReLU {
		activate(act, out, a.Slope)
		return
	}
	s := newSmooth(a.Q, a.Beta)
	act = act[:len(out)]
	for i, z := range out {
		d, az := s.slope(z)
		v := az - s.off
		if az < s.beta {
			v = az * d * s.invQ
		}
		act[i] = math.Copysign(v, z)
	}
}

// derivate multiplies d by φ'(out) for the architecture's activation.
func (a *Arch) derivate(d, out []float64) {
	if a.Act != SmoothReLU {
		derivate(d, out, a.Slope)
		return
	}
	s := newSmooth(a.Q, a.Beta)
	out = out[:len(d)]
	for i, z := range out {
		g, _ := s.slope(z)
		d[i] *= g
	}
}
