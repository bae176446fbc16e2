package nn

import (
	"math"
	"testing"
)

// TestSmoothedReLUContinuousAtBeta: value β/q and slope 1 on both sides of
// z = β, for several q and β (docs/theory.md §10.2), and worked values.
func TestSmoothedReLUContinuousAtBeta(t *testing.T) {
	for _, q := range []float64{3, 4, 5.5} {
		for _, beta := range []float64{0.1, 1, 3} {
			const h = 1e-9
			vl, dl := SmoothedReLU(beta*(1-h), q, beta)
			vr, dr := SmoothedReLU(beta*(1+h), q, beta)
			v, d := SmoothedReLU(beta, q, beta)
			if math.Abs(v-beta/q) > 1e-15*beta {
				t.Errorf("q=%g β=%g: σ̃(β) = %v, want β/q = %v", q, beta, v, beta/q)
			}
			if math.Abs(vl-vr) > 4*h*beta || math.Abs(vl-v) > 2*h*beta {
				t.Errorf("q=%g β=%g: value jumps at β: %v | %v", q, beta, vl, vr)
			}
			if d != 1 || math.Abs(dl-1) > 10*h*q || dr != 1 {
				t.Errorf("q=%g β=%g: slope jumps at β: %v, %v, %v", q, beta, dl, d, dr)
			}
			// The slope is the derivative of the value everywhere.
			for _, z := range []float64{-1, 0.3 * beta, 0.9 * beta, 1.5 * beta, 4 * beta} {
				const e = 1e-6
				vp, _ := SmoothedReLU(z+e, q, beta)
				vm, _ := SmoothedReLU(z-e, q, beta)
				_, dz := SmoothedReLU(z, q, beta)
				if math.Abs((vp-vm)/(2*e)-dz) > 1e-6 {
					t.Errorf("q=%g β=%g z=%g: slope %v, finite difference %v", q, beta, z, dz, (vp-vm)/(2*e))
				}
			}
		}
	}
	// Worked values, q = 3, β = 1: σ̃(0.5) = 0.125/3, σ̃(2) = 2 − 2/3.
	if v, d := SmoothedReLU(0.5, 3, 1); math.Abs(v-0.125/3) > 1e-16 || d != 0.25 {
		t.Errorf("σ̃(0.5) = %v, %v", v, d)
	}
	if v, _ := SmoothedReLU(2, 3, 1); math.Abs(v-4.0/3) > 1e-15 {
		t.Errorf("σ̃(2) = %v, want 4/3", v)
	}
	if v, d := SmoothedReLU(0, 3, 1); v != 0 || d != 0 {
		t.Errorf("σ̃(0) = %v, %v", v, d)
	}
}

// TestTwoSidedIsOdd: φ(z) = σ̃(z) − σ̃(−z) is odd with an even slope.
func TestTwoSidedIsOdd(t *testing.T) {
	for _, z := range []float64{0, 0.2, 0.7, 1, 2.5} {
		vp, dp := TwoSided(z, 3, 1)
		vm, dm := TwoSided(-z, 3, 1)
		s, _ := SmoothedReLU(z, 3, 1)
		if vp != -vm || dp != dm || vp != s {
			t.Errorf("z=%g: φ(z)=%v φ(−z)=%v φ'=%v,%v σ̃(z)=%v", z, vp, vm, dp, dm, s)
		}
	}
}

// TestArchValidateKinds: the smoothed ReLU's shape and unknown kinds are
// refused with a message naming the value.
func TestArchValidateKinds(t *testing.T) {
	base := Arch{L: 2, Lf: 2, H: 3, DA: 2, DB: 2}
	for _, c := range []struct {
		a    Arch
		want string
	}{
		{Arch{Act: SmoothReLU, Q: 2, Beta: 1}, "q=2"},
		{Arch{Act: SmoothReLU, Q: 3, Beta: 0}, "β=0"},
		{Arch{Act: SmoothReLU, Q: math.NaN(), Beta: 1}, "q=NaN"},
		{Arch{Act: 7}, "activation kind 7"},
		{Arch{Loss: 5, Slope: 1}, "loss kind 5"},
	} {
		a := base
		a.Act, a.Q, a.Beta, a.Loss, a.Slope = c.a.Act, c.a.Q, c.a.Beta, c.a.Loss, c.a.Slope
		err := a.Validate()
		if err == nil || !contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one naming %q", c.a, err, c.want)
		}
	}
	ok := base
	ok.Act, ok.Q, ok.Beta, ok.Slope = SmoothReLU, 3, 1, 7 // Slope ignored
	if err := ok.Validate(); err != nil {
		t.Errorf("valid smoothed-ReLU arch refused: %v", err)
	}
	if ok.Linear() || ok.MomentForm() {
		t.Error("a smoothed-ReLU net is not linear")
	}
	lin := Arch{Slope: 1}
	if !lin.MomentForm() {
		t.Error("linear squared-loss net has the moment form")
	}
	lin.Loss = Logistic
	if !lin.Linear() || lin.MomentForm() {
		t.Error("linear logistic net: linear but no moment form")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestSmoothKernels: the network's activation kernels agree with TwoSided
// (value and slope) to rounding, for q = 3 and another q.
func TestSmoothKernels(t *testing.T) {
	zs := []float64{-3, -1, -0.999, -0.5, -1e-3, 0, 1e-3, 0.25, 0.5, 0.999, 1, 1.001, 2.5}
	for _, q := range []float64{3, 4.5} {
		a := &Arch{Act: SmoothReLU, Q: q, Beta: 1}
		act := make([]float64, len(zs))
		a.activate(act, zs)
		d := make([]float64, len(zs))
		for i := range d {
			d[i] = 1
		}
		a.derivate(d, zs)
		for i, z := range zs {
			v, g := TwoSided(z, q, 1)
			if math.Abs(act[i]-v) > 1e-15*math.Max(1, math.Abs(v)) || math.Abs(d[i]-g) > 1e-15 {
				t.Errorf("q=%g z=%g: kernel %v, %v; TwoSided %v, %v", q, z, act[i], d[i], v, g)
			}
		}
	}
}
