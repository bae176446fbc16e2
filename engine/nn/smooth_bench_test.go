package nn

import "testing"

// BenchmarkStepSamplesSmoothLogistic2000: the 20-dimensional smoothed-ReLU
// encoders of docs/theory.md §10.2 (20 inputs and 10 units per modality,
// late fusion) under the logistic loss on 2000 samples.
func BenchmarkStepSamplesSmoothLogistic2000(b *testing.B) {
	X, Y, _ := testData(seeded(1), 2000, 20, 20)
	Y = labelled(Y)
	n := mustNew(b, Arch{L: 2, Lf: 2, H: 10, DA: 20, DB: 20, Act: SmoothReLU, Q: 3, Beta: 1, Loss: Logistic}, Entrywise, 0.3, 1)
	n.StepSamples(X, Y, 0.5)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.StepSamples(X, Y, 0.5)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}
