package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// labelled turns regression targets into labels y = sign(y) ∈ {±1}.
func labelled(Y []float64) []float64 {
	out := make([]float64, len(Y))
	for i, y := range Y {
		out[i] = 1
		if y < 0 {
			out[i] = -1
		}
	}
	return out
}

// TestLogisticLossValues: log(1 + e^{−m}) and its derivative −σ(−m) at
// worked values, and no overflow at huge margins (docs/theory.md §10.2).
func TestLogisticLossValues(t *testing.T) {
	for _, c := range []struct{ m, l, d float64 }{
		{0, math.Ln2, -0.5},
		{2, 0.12692801104297263, -0.11920292202211755},
		{-2, 2.1269280110429727, -0.8807970779778823},
		{800, 0, 0},
		{-800, 800, -1},
	} {
		l, d := LogisticLoss(c.m)
		if math.Abs(l-c.l) > 1e-15*math.Max(1, c.l) || math.Abs(d-c.d) > 1e-15 {
			t.Errorf("m=%g: loss %v, derivative %v; want %v, %v", c.m, l, d, c.l, c.d)
		}
	}
	if l, d := SampleLoss(Logistic, -1, 0.5); math.Abs(l-math.Log1p(math.Exp(0.5))) > 1e-15 || math.Abs(d-1/(1+math.Exp(-0.5))) > 1e-15 {
		t.Errorf("SampleLoss(logistic, y=−1, ŷ=0.5) = %v, %v", l, d)
	}
	if l, d := SampleLoss(Squared, 1, 0.25); l != 0.5*0.75*0.75 || d != -0.75 {
		t.Errorf("SampleLoss(squared, 1, 0.25) = %v, %v", l, d)
	}
}

// TestGradSamplesLogisticFD: backpropagation of the logistic loss
// (docs/theory.md §10.2) against central finite differences of LossSamples,
// for linear, leaky-ReLU and smoothed-ReLU networks of every fusion layer.
func TestGradSamplesLogisticFD(t *testing.T) {
	acts := []struct {
		name string
		a    Arch
	}{
		{"linear", Arch{Slope: 1}},
		{"leaky0.1", Arch{Slope: 0.1}},
		{"smooth_q3", Arch{Act: SmoothReLU, Q: 3, Beta: 1}},
		{"smooth_q4.5", Arch{Act: SmoothReLU, Q: 4.5, Beta: 0.3}},
	}
	for _, ac := range acts {
		for _, la := range gradArchs {
			for _, dd := range gradDims {
				a := ac.a
				a.L, a.Lf, a.H, a.DA, a.DB, a.Loss = la[0], la[1], 5, dd[0], dd[1], Logistic
				t.Run(fmt.Sprintf("%s_L%dLf%d_d%d%d", ac.name, a.L, a.Lf, a.DA, a.DB), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(10*a.L+a.Lf), uint64(a.DA)+11))
					X, Y, _ := testData(rng, 30, a.DA, a.DB)
					Y = labelled(Y)
					n, err := New(a, Entrywise, 0.9, rng)
					if err != nil {
						t.Fatal(err)
					}
					loss, g := n.GradSamples(X, Y)
					if want := n.LossSamples(X, Y); loss != want {
						t.Fatalf("loss %v, LossSamples %v", loss, want)
					}
					if e := n.Evaluate(X, Y); e.Loss != loss {
						t.Fatalf("Evaluate loss %v, LossSamples %v", e.Loss, loss)
					}
					f := fdGrads(n, func() float64 { return n.LossSamples(X, Y) }, 1e-6)
					e := relErr(t, g, f)
					if e > 1e-6 {
						t.Fatalf("logistic backprop vs finite differences: relative error %.3g", e)
					}
				})
			}
		}
	}
}

// TestGradSamplesSmoothSquaredFD: the smoothed ReLU under the squared loss,
// backpropagation against finite differences.
func TestGradSamplesSmoothSquaredFD(t *testing.T) {
	for _, la := range gradArchs {
		a := Arch{L: la[0], Lf: la[1], H: 4, DA: 3, DB: 2, Act: SmoothReLU, Q: 3, Beta: 0.5}
		rng := rand.New(rand.NewPCG(uint64(la[0]), uint64(la[1])))
		X, Y, _ := testData(rng, 25, a.DA, a.DB)
		n, err := New(a, Entrywise, 0.9, rng)
		if err != nil {
			t.Fatal(err)
		}
		_, g := n.GradSamples(X, Y)
		f := fdGrads(n, func() float64 { return n.LossSamples(X, Y) }, 1e-6)
		if e := relErr(t, g, f); e > 1e-6 {
			t.Errorf("L=%d Lf=%d: relative error %.3g", a.L, a.Lf, e)
		}
	}
}

// TestLogisticLinearStepFromMargins: one logistic step of a width-1 linear
// late-fusion chain matches the hand-written gradient ∂ℒ/∂E_m = F_m·g_m,
// ∂ℒ/∂F_m = E_m·g_m with g_m = mean(−y σ(−yŷ) x_m) (docs/theory.md §10.2).
func TestLogisticLinearStepFromMargins(t *testing.T) {
	a := Arch{L: 2, Lf: 2, H: 1, DA: 1, DB: 1, Slope: 1, Loss: Logistic}
	n, err := New(a, Aligned, 0.3, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	X := []float64{1, 0.5, -2, 0.1, 0.3, -1}
	Y := []float64{1, -1, 1}
	ea, eb, fa, fb := n.Layers()[0].W[0], n.Layers()[1].W[0], n.fa[0], n.fb[0]
	var ga, gb, loss float64
	for i := range Y {
		yh := fa*ea*X[2*i] + fb*eb*X[2*i+1]
		l, d := SampleLoss(Logistic, Y[i], yh)
		loss += l / 3
		ga += d * X[2*i] / 3
		gb += d * X[2*i+1] / 3
	}
	const lr = 0.1
	if got := n.StepSamples(X, Y, lr); math.Abs(got-loss) > 1e-15 {
		t.Fatalf("loss %v, want %v", got, loss)
	}
	w := n.Weights() // E_A, E_B, F_A, F_B
	want := []float64{ea - lr*fa*ga, eb - lr*fb*gb, fa - lr*ea*ga, fb - lr*eb*gb}
	for i := range want {
		if math.Abs(w[i]-want[i]) > 1e-15 {
			t.Fatalf("weight %d = %v, want %v", i, w[i], want[i])
		}
	}
}
