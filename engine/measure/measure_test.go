package measure

import (
	"math"
	"testing"
)

// logistic returns a sigmoid from 0 to top centred at c with rate k.
func logistic(t, top, c, k float64) float64 { return top / (1 + math.Exp(-k*(t-c))) }

func TestReadLogisticPair(t *testing.T) {
	// Two synthetic sigmoids with known half-times 100 and 400 (the shape of
	// docs/theory.md §5.4); A overshoots its final value to a plateau of 1.25 first.
	n := 1000
	s := &Series{Stride: 1, Loss: make([]float64, n), A: make([]float64, n), B: make([]float64, n)}
	for i := 0; i < n; i++ {
		ti := float64(i)
		s.A[i] = logistic(ti, 1.25, 100, 0.1) - 0.25*logistic(ti, 1, 400, 0.1)
		s.B[i] = logistic(ti, 1, 400, 0.1)
		s.Loss[i] = 1 - 0.5*s.B[i]
	}
	got := Read(s, Spec{Plateau: 1.25, SecondFinal: 1})
	if got.TA != 100 || got.TB != 400 {
		t.Fatalf("times = %d, %d; want 100, 400", got.TA, got.TB)
	}
	// A(100) sits a hair below 0.625 because of the −0.25·σ term, so the
	// first-crossing rule lands one step later (docs/theory.md §6: the rules agree
	// up to one step).
	if got.TAFirst != 101 || got.TBFirst != 400 {
		t.Fatalf("first crossing = %d, %d; want 101, 400", got.TAFirst, got.TBFirst)
	}
	if math.Abs(got.Ratio-4) > 1e-12 || got.Uni != 250 {
		t.Fatalf("ratio %g uni %d", got.Ratio, got.Uni)
	}
	// Misattribution: W_A(250) − W_A(end) ≈ 1.25 − 0.25·σ(−15) − 1.
	want := s.A[250] - s.A[n-1]
	if math.Abs(got.Misattribution-want) > 1e-15 || got.Misattribution < 0.24 {
		t.Fatalf("misattribution %g want %g", got.Misattribution, want)
	}
}

func TestReadSwappedAndNegativeAndStride(t *testing.T) {
	// B is learned first (half at index 30) and A converges to −2 (half at 70).
	n := 200
	s := &Series{Stride: 5, Loss: make([]float64, n), A: make([]float64, n), B: make([]float64, n)}
	for i := 0; i < n; i++ {
		s.B[i] = logistic(float64(i), 0.8, 30, 0.3)
		s.A[i] = -logistic(float64(i), 2, 70, 0.3)
	}
	got := Read(s, Spec{FirstIsB: true, Plateau: 0.8, SecondFinal: -2})
	if got.TB != 150 || got.TA != 350 || !got.ALearned || !got.BLearned {
		t.Fatalf("got %+v", got)
	}
	if math.Abs(got.Ratio-150.0/350) > 1e-12 {
		t.Fatalf("ratio %g", got.Ratio)
	}
}

func TestReadNotLearned(t *testing.T) {
	// B never leaves its initial scale: it must be reported as not learned,
	// not as a time read off noise.
	n := 100
	s := &Series{Stride: 1, Loss: make([]float64, n), A: make([]float64, n), B: make([]float64, n)}
	for i := 0; i < n; i++ {
		s.A[i] = logistic(float64(i), 1, 20, 0.5)
		s.B[i] = 1e-6 * float64(i)
	}
	got := Read(s, Spec{Plateau: 1, SecondFinal: 1})
	if got.TB != -1 || got.BLearned || got.Ratio != 0 || got.Uni != -1 {
		t.Fatalf("got %+v", got)
	}
	if got.TA != 20 {
		t.Fatalf("TA %d", got.TA)
	}
}

func TestHalfArgminTiesAndEmpty(t *testing.T) {
	if HalfArgmin(nil, 1) != -1 || FirstCrossing([]float64{0, 0.1}, 1) != -1 {
		t.Fatal("empty/never cases")
	}
	if i := HalfArgmin([]float64{0, 0.4, 0.6, 0.4}, 0.5); i != 1 {
		t.Fatalf("tie should go to the earliest index, got %d", i)
	}
}
