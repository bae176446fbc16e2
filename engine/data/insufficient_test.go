package data

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestInsufficientMoments: the empirical moments of a large sample of the
// insufficient-data model agree with the population moments of
// docs/theory.md §10.2 (Σ_yA = (1−p_A)μ_A, Σ_A = σ_n² + (1−p_A)μ_A²,
// Σ_AB = (1−p_A)(1−p_B)μ_Aμ_B, …) within five standard errors.
func TestInsufficientMoments(t *testing.T) {
	sp := InsufficientSpec{MuA: 2, MuB: 0.7, PA: 0.3, PB: 0.1, Noise: 0.5, DA: 3, DB: 2}
	const n = 400000
	s, err := Insufficient(sp, n, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	pop := sp.Moments()
	// Worked values.
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Σ_yA", pop.Syx[0], 0.7 * 2},
		{"Σ_yB", pop.Syx[3], 0.9 * 0.7},
		{"Σ_A[1,1]", pop.At(0, 0), 0.25 + 0.7*4},
		{"Σ_B[1,1]", pop.At(3, 3), 0.25 + 0.9*0.49},
		{"Σ_AB[1,1]", pop.At(0, 3), 0.7 * 0.9 * 2 * 0.7},
		{"Σ_A[2,2]", pop.At(1, 1), 0.25},
		{"Σ_A[1,2]", pop.At(0, 1), 0},
		{"E y²", pop.Eyy, 1},
	} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// Each product of two entries with fourth moments below ~30 has a
	// standard error below √(30/n); allow five of them.
	tol := 5 * math.Sqrt(30.0/n)
	d := sp.DA + sp.DB
	worst := 0.0
	for i := 0; i < d; i++ {
		worst = math.Max(worst, math.Abs(s.Train.Syx[i]-pop.Syx[i]))
		for j := 0; j < d; j++ {
			worst = math.Max(worst, math.Abs(s.Train.At(i, j)-pop.At(i, j)))
		}
	}
	t.Logf("largest deviation of the empirical moments: %.4f (tolerance %.4f)", worst, tol)
	if worst > tol {
		t.Errorf("empirical moments deviate by %.4f > %.4f", worst, tol)
	}
	if math.Abs(s.Train.Eyy-1) > 0 {
		t.Errorf("labels are ±1 but mean y² = %v", s.Train.Eyy)
	}
	plus := 0
	for _, y := range s.Y {
		if y != 1 && y != -1 {
			t.Fatalf("label %v", y)
		}
		if y == 1 {
			plus++
		}
	}
	if f := float64(plus) / n; math.Abs(f-0.5) > 5*0.5/math.Sqrt(n) {
		t.Errorf("fraction of +1 labels %.4f", f)
	}
}

// TestInsufficientTestSets: the A-absent test set is the full test set with
// A's feature removed: its Σ_yA vanishes, B's block and the labels are
// unchanged, and the draws come from the caller's stream (a seed reproduces
// them).
func TestInsufficientTestSets(t *testing.T) {
	sp := InsufficientSpec{MuA: 1, MuB: 0.7, PA: 0.2, PB: 0, Noise: 0.3, DA: 4, DB: 4}
	full, noA, err := InsufficientTest(sp, 100000, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(full.Train.Syx[0]-0.8) > 0.01 || math.Abs(noA.Train.Syx[0]) > 0.01 {
		t.Errorf("Σ_yA full %.4f (want 0.8), A absent %.4f (want 0)", full.Train.Syx[0], noA.Train.Syx[0])
	}
	if noA.Pop.Syx[0] != 0 || noA.Pop.At(0, 0) != 0.09 {
		t.Errorf("A-absent population moments: Σ_yA %v, Σ_A %v", noA.Pop.Syx[0], noA.Pop.At(0, 0))
	}
	d := sp.DA + sp.DB
	for i := 0; i < full.N; i++ {
		for j := 1; j < d; j++ {
			if full.X[i*d+j] != noA.X[i*d+j] {
				t.Fatalf("sample %d coordinate %d differs between the test sets", i, j)
			}
		}
	}
	again, _, _ := InsufficientTest(sp, 100000, rand.New(rand.NewPCG(7, 7)))
	for i := range again.X {
		if again.X[i] != full.X[i] {
			t.Fatal("the same seed drew a different test set")
		}
	}
	if _, err := Insufficient(InsufficientSpec{MuA: 1, MuB: 1, PA: 1.5, Noise: 1, DA: 1, DB: 1}, 10, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("p_A = 1.5 accepted")
	}
	if _, err := Insufficient(InsufficientSpec{MuA: 1, MuB: 1, Noise: 0, DA: 1, DB: 1}, 10, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("σ_n = 0 accepted")
	}
	pop, err := Insufficient(sp, 0, nil)
	if err != nil || pop.X != nil || pop.Train.Syx[0] != pop.Pop.Syx[0] {
		t.Errorf("n = 0 should give population moments: %v", err)
	}
}
