package nn

import (
	"testing"
)

func benchMoments(b *testing.B, a Arch) {
	m := toy(b)
	n := mustNew(b, a, Scaled, 0.1, 1)
	n.StepMoments(&m, 0.04)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.StepMoments(&m, 0.04)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkStepMomentsL4Lf2H100: the deep toy network of docs/theory.md §7.6
// (L = 4, Lf = 2, h = 100, scalar modalities), moment-based step.
func BenchmarkStepMomentsL4Lf2H100(b *testing.B) {
	benchMoments(b, Arch{L: 4, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 1})
}

// BenchmarkStepMomentsL2Late: the two-layer late-fusion network of §5.4.
func BenchmarkStepMomentsL2Late(b *testing.B) {
	benchMoments(b, Arch{L: 2, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 1})
}

// BenchmarkStepSamplesReLU8192: two-layer late-fusion ReLU network on 8192
// samples of the scalar toy (§9.1). StepSamples takes the atom step of
// docs/theory.md §9.5 on these data (sign atoms; its cost is mostly the
// check that the data are the plan's); BenchmarkStepSamplesReLU8192Plain
// is the same step by backpropagation through every sample.
func BenchmarkStepSamplesReLU8192(b *testing.B) {
	X, Y, _ := testData(seeded(1), 8192, 1, 1)
	n := mustNew(b, Arch{L: 2, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 0}, Entrywise, 0.1, 1)
	n.StepSamples(X, Y, 0.04)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.StepSamples(X, Y, 0.04)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkStepSamplesReLU8192Plain: BenchmarkStepSamplesReLU8192 by
// ordinary backpropagation (samplesPlain, the reduced steps' oracle).
func BenchmarkStepSamplesReLU8192Plain(b *testing.B) {
	X, Y, _ := testData(seeded(1), 8192, 1, 1)
	benchSamples(b, Arch{L: 2, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 0}, X, Y, true)
}

// BenchmarkStepMomentsTracked is BenchmarkStepMomentsL4Lf2H100 with the
// norm tracking of the conditional learning speed (docs/theory.md §10.1) on.
func BenchmarkStepMomentsTracked(b *testing.B) {
	m := toy(b)
	n := mustNew(b, Arch{L: 4, Lf: 2, H: 100, DA: 1, DB: 1, Slope: 1}, Scaled, 0.1, 1)
	n.TrackNorms()
	n.StepMoments(&m, 0.04)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.StepMoments(&m, 0.04)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}
