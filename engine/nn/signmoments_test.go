package nn

import (
	"math"
	"testing"
)

// TestSignMomentsEqualSamples: for late-fusion leaky-ReLU networks with
// scalar modalities, the step on the sign-conditioned moments equals the
// step on the samples by backpropagation, to rounding (docs/theory.md §9.4):
// the loss, every gradient entry, and 200 steps of training.
func TestSignMomentsEqualSamples(t *testing.T) {
	X, Y, _ := testData(seeded(3), 2048, 1, 1)
	m := NewSignMoments(X, Y)
	for _, c := range []struct {
		name string
		a    Arch
		s    Scheme
	}{
		{"ReLU L=2", Arch{L: 2, Lf: 2, H: 50, DA: 1, DB: 1, Slope: 0}, Entrywise},
		{"ReLU L=3", Arch{L: 3, Lf: 3, H: 20, DA: 1, DB: 1, Slope: 0}, Scaled},
		{"leaky 0.2 L=4", Arch{L: 4, Lf: 4, H: 10, DA: 1, DB: 1, Slope: 0.2}, Entrywise},
		{"linear L=2", Arch{L: 2, Lf: 2, H: 8, DA: 1, DB: 1, Slope: 1}, Entrywise},
	} {
		n1 := mustNew(t, c.a, c.s, 0.3, 7)
		n2 := n1.Clone()
		// The oracle is plain backpropagation (GradSamples itself takes the
		// atom step of docs/theory.md §9.5 on these data).
		l1 := n1.samplesPlain(X, Y)
		g1 := n1.ss.grads
		g2 := n2.NewGrad()
		l2 := n2.GradSignMoments(&m, g2)
		if math.Abs(l1-l2) > 1e-12*math.Max(1, l1) {
			t.Errorf("%s: loss %.15g on samples, %.15g on sign moments", c.name, l1, l2)
		}
		worst, scale := 0.0, 0.0
		for k := range g1 {
			for i, v := range g1[k] {
				worst = math.Max(worst, math.Abs(v-g2.Layers[k][i]))
				scale = math.Max(scale, math.Abs(v))
			}
		}
		if worst > 1e-11*scale {
			t.Errorf("%s: gradients differ by %.3g (largest %.3g)", c.name, worst, scale)
		}
		for range 200 {
			n1.samplesPlain(X, Y)
			axpy(n1.w, -0.05, n1.ss.grad)
			n2.StepSignMoments(&m, 0.05)
		}
		worst, scale = 0.0, 0.0
		for i, v := range n1.Weights() {
			worst = math.Max(worst, math.Abs(v-n2.Weights()[i]))
			scale = math.Max(scale, math.Abs(v))
		}
		if worst > 1e-9*scale {
			t.Errorf("%s: after 200 steps the weights differ by %.3g (largest %.3g)", c.name, worst, scale)
		}
	}
	if (Arch{L: 3, Lf: 2, H: 5, DA: 1, DB: 1}).SignMomentForm() || (Arch{L: 2, Lf: 2, H: 5, DA: 2, DB: 1}).SignMomentForm() {
		t.Error("SignMomentForm accepted intermediate fusion or a two-dimensional modality")
	}
}

// BenchmarkStepSignMomentsReLU: the network of BenchmarkStepSamplesReLU8192
// stepped on the sign-conditioned moments of the same 8192 samples.
func BenchmarkStepSignMomentsReLU(b *testing.B) {
	X, Y, _ := testData(seeded(1), 8192, 1, 1)
	m := NewSignMoments(X, Y)
	n := mustNew(b, Arch{L: 2, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 0}, Entrywise, 0.1, 1)
	n.StepSignMoments(&m, 0.04)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.StepSignMoments(&m, 0.04)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}
