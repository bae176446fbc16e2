package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// xorSamples is the XOR + Gaussian data of docs/theory.md §2.3 (the corners
// of {±1}² in turn, x_B ~ N(0, v), y = −x_A1·x_A2 + x_B).
func xorSamples(rng *rand.Rand, N int, v float64) (X, Y []float64) {
	corners := [4][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}
	X, Y = make([]float64, 3*N), make([]float64, N)
	for i := range N {
		c := corners[i%4]
		xb := math.Sqrt(v) * rng.NormFloat64()
		X[3*i], X[3*i+1], X[3*i+2] = c[0], c[1], xb
		Y[i] = -c[0]*c[1] + xb
	}
	return X, Y
}

// lineSamples: a scalar Gaussian x_A and a two-dimensional x_B taking three
// values, y a nonlinear function of both (early fusion with the free input
// in A).
func lineSamples(rng *rand.Rand, N int) (X, Y []float64) {
	vals := [3][2]float64{{1, 0}, {0.5, -2}, {-1, 0.25}}
	X, Y = make([]float64, 3*N), make([]float64, N)
	for i := range N {
		b := vals[rng.IntN(3)]
		xa := rng.NormFloat64()
		X[3*i], X[3*i+1], X[3*i+2] = xa, b[0], b[1]
		Y[i] = math.Abs(xa) - b[1]*xa + b[0]
	}
	return X, Y
}

// maxDiff returns the largest |a_i − b_i| and the largest |a_i|.
func maxDiff(a, b []float64) (worst, scale float64) {
	for i, v := range a {
		worst = math.Max(worst, math.Abs(v-b[i]))
		scale = math.Max(scale, math.Abs(v))
	}
	return worst, scale
}

// checkReduced compares the reduced step (samples, through the plan) with
// ordinary backpropagation (samplesPlain, the oracle) on a clone: the loss
// and every gradient entry to 1e-12 relative, then 200 training steps.
func checkReduced(t *testing.T, name string, n *Net, X, Y []float64, wantLate bool) {
	t.Helper()
	o := n.Clone()
	l1 := n.samples(X, Y)
	if p := n.lastPlan(); p == nil || (wantLate && p.late == nil) || (!wantLate && p.early == nil) {
		t.Fatalf("%s: the reduced step was not used (late %v)", name, wantLate)
	}
	l2 := o.samplesPlain(X, Y)
	if math.Abs(l1-l2) > 1e-12*l2 {
		t.Errorf("%s: loss %.17g reduced, %.17g by backpropagation", name, l1, l2)
	}
	for k := range n.layers {
		worst, scale := maxDiff(o.ss.grads[k], n.ss.grads[k])
		if worst > 1e-12*scale {
			t.Errorf("%s: %s gradients differ by %.3g (largest %.3g)", name, n.layers[k].Name, worst, scale)
		}
	}
	for range 200 {
		n.StepSamples(X, Y, 0.05)
		o.samplesPlain(X, Y)
		axpy(o.w, -0.05, o.ss.grad)
	}
	worst, scale := maxDiff(o.w, n.w)
	if worst > 1e-9*scale {
		t.Errorf("%s: after 200 steps the weights differ by %.3g (largest %.3g)", name, worst, scale)
	}
}

// TestLateAtomsEqualSamples: late-fusion leaky-ReLU networks whose
// modalities are scalar or take few values step on the atom-conditioned
// moments (docs/theory.md §9.5), equal to backpropagation to rounding.
func TestLateAtomsEqualSamples(t *testing.T) {
	X, Y := xorSamples(seeded(5), 1024, 1)
	Xs, Ys, _ := testData(seeded(6), 1000, 1, 1)
	// Both modalities discrete: x_A the XOR corners, x_B ∈ {0.5, −1, 2}.
	Xd, Yd := make([]float64, len(X)), make([]float64, len(Y))
	copy(Xd, X)
	for i := range Yd {
		Xd[3*i+2] = []float64{0.5, -1, 2}[i%3]
		Yd[i] = -Xd[3*i]*Xd[3*i+1] + Xd[3*i+2]*Xd[3*i+2]
	}
	for _, c := range []struct {
		name string
		a    Arch
		s    Scheme
		X, Y []float64
	}{
		{"XOR ReLU L=2", Arch{L: 2, Lf: 2, H: 100, DA: 2, DB: 1}, Entrywise, X, Y},
		{"XOR leaky 0.2 L=3", Arch{L: 3, Lf: 3, H: 20, DA: 2, DB: 1, Slope: 0.2}, Scaled, X, Y},
		{"scalar ReLU L=2", Arch{L: 2, Lf: 2, H: 50, DA: 1, DB: 1}, Entrywise, Xs, Ys},
		{"discrete ReLU L=2", Arch{L: 2, Lf: 2, H: 30, DA: 2, DB: 1}, Entrywise, Xd, Yd},
		{"XOR depth 1", Arch{L: 1, Lf: 1, DA: 2, DB: 1}, Entrywise, X, Y},
	} {
		checkReduced(t, c.name, mustNew(t, c.a, c.s, 0.3, 7), c.X, c.Y, true)
	}
}

// TestEarlyLinesEqualSamples: depth-2 early-fusion networks on inputs that
// vary along one coordinate inside few groups (XOR: x_B inside each corner)
// step by prefix and suffix sums (docs/theory.md §9.6), equal to
// backpropagation to rounding, for the ReLU, a leaky ReLU and the identity.
func TestEarlyLinesEqualSamples(t *testing.T) {
	X, Y := xorSamples(seeded(8), 1024, 3)
	Xl, Yl := lineSamples(seeded(9), 600)
	for _, c := range []struct {
		name string
		a    Arch
		X, Y []float64
		free int
	}{
		{"XOR ReLU", Arch{L: 2, Lf: 1, H: 100, DA: 2, DB: 1}, X, Y, 2},
		{"XOR leaky 0.3", Arch{L: 2, Lf: 1, H: 40, DA: 2, DB: 1, Slope: 0.3}, X, Y, 2},
		{"XOR linear", Arch{L: 2, Lf: 1, H: 10, DA: 2, DB: 1, Slope: 1}, X, Y, 2},
		{"free input in A", Arch{L: 2, Lf: 1, H: 60, DA: 1, DB: 2}, Xl, Yl, 0},
	} {
		n := mustNew(t, c.a, Entrywise, 0.5, 11)
		checkReduced(t, c.name, n, c.X, c.Y, false)
		if n.lastPlan().early.free != c.free {
			t.Errorf("%s: free input %d, want %d", c.name, n.lastPlan().early.free, c.free)
		}
	}
}

// TestPreactBitIdentical: the unit inputs of the bisection are the bits the
// forward pass computes (so the active ranges are the ones backpropagation
// sees).
func TestPreactBitIdentical(t *testing.T) {
	for _, sh := range [][2]int{{2, 1}, {1, 2}, {1, 1}, {3, 9}, {9, 1}} {
		da, db := sh[0], sh[1]
		n := mustNew(t, Arch{L: 2, Lf: 1, H: 17, DA: da, DB: db}, Entrywise, 1, 3)
		s := n.sampleScratch()
		rng := seeded(4)
		x := make([]float64, da+db)
		for range 50 {
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			n.forward(s, x)
			for j := 0; j < 17; j++ {
				if got := n.preact(j, x); math.Float64bits(got) != math.Float64bits(s.out[0][j]) {
					t.Fatalf("DA=%d DB=%d unit %d: preact %v, forward %v", da, db, j, got, s.out[0][j])
				}
			}
		}
	}
}

// TestPlanFallbackAndRefresh: data without the structure run ordinary
// backpropagation bit for bit; the plan follows in-place changes of the
// caller's data.
func TestPlanFallbackAndRefresh(t *testing.T) {
	// Early fusion on a two-dimensional Gaussian: no free input.
	X, Y, _ := testData(seeded(2), 512, 1, 1)
	n := mustNew(t, Arch{L: 2, Lf: 1, H: 20, DA: 1, DB: 1}, Entrywise, 0.5, 1)
	o := n.Clone()
	if l1, l2 := n.samples(X, Y), o.samplesPlain(X, Y); l1 != l2 || !sameBits(n.ss.grad, o.ss.grad) {
		t.Error("early fusion without structure: not the plain step bit for bit")
	}
	if p := n.lastPlan(); p == nil || p.early != nil || p.late != nil {
		t.Error("early fusion without structure: a reduced plan was built")
	}
	// Late fusion with a Gaussian two-dimensional modality: too many atoms.
	X3, Y3, _ := testData(seeded(2), 512, 2, 1)
	n = mustNew(t, Arch{L: 2, Lf: 2, H: 20, DA: 2, DB: 1}, Entrywise, 0.5, 1)
	o = n.Clone()
	if l1, l2 := n.samples(X3, Y3), o.samplesPlain(X3, Y3); l1 != l2 || !sameBits(n.ss.grad, o.ss.grad) {
		t.Error("late fusion with a Gaussian 2-d modality: not the plain step bit for bit")
	}
	// XOR data, then the same slices changed in place to Gaussian rows.
	Xx, Yx := xorSamples(seeded(3), 256, 1)
	n = mustNew(t, Arch{L: 2, Lf: 1, H: 20, DA: 2, DB: 1}, Entrywise, 0.5, 1)
	n.samples(Xx, Yx)
	if n.lastPlan().early == nil {
		t.Fatal("XOR early fusion: no plan")
	}
	copy(Xx, X3[:len(Xx)])
	o = n.Clone()
	if l1, l2 := n.samples(Xx, Yx), o.samplesPlain(Xx, Yx); l1 != l2 || !sameBits(n.ss.grad, o.ss.grad) {
		t.Error("data changed in place: the stale plan was used")
	}
}

// BenchmarkStepSamplesXOREarly: one relu-figure XOR run (h = 100, 1024
// samples, early fusion), reduced step.
func BenchmarkStepSamplesXOREarly(b *testing.B) {
	X, Y := xorSamples(seeded(1), 1024, 1)
	benchSamples(b, Arch{L: 2, Lf: 1, H: 100, DA: 2, DB: 1}, X, Y, false)
}

// BenchmarkStepSamplesXORLate: the same data, late fusion.
func BenchmarkStepSamplesXORLate(b *testing.B) {
	X, Y := xorSamples(seeded(1), 1024, 1)
	benchSamples(b, Arch{L: 2, Lf: 2, H: 100, DA: 2, DB: 1}, X, Y, false)
}

// BenchmarkStepSamplesXOREarlyPlain: BenchmarkStepSamplesXOREarly by
// ordinary backpropagation (the reference for the speed-up).
func BenchmarkStepSamplesXOREarlyPlain(b *testing.B) {
	X, Y := xorSamples(seeded(1), 1024, 1)
	benchSamples(b, Arch{L: 2, Lf: 1, H: 100, DA: 2, DB: 1}, X, Y, true)
}

func benchSamples(b *testing.B, a Arch, X, Y []float64, plain bool) {
	n := mustNew(b, a, Entrywise, 0.1, 1)
	step := func() {
		if plain {
			n.samplesPlain(X, Y)
			axpy(n.w, -0.04, n.ss.grad)
		} else {
			n.StepSamples(X, Y, 0.04)
		}
	}
	step()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// TestFirstTrue: the galloping search against a scan, for every answer and
// guess on short ranges.
func TestFirstTrue(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for ans := 0; ans <= n; ans++ {
			for k0 := -1; k0 <= n+1; k0++ {
				calls := 0
				got := firstTrue(n, k0, func(k int) bool {
					calls++
					if k < 0 || k >= n {
						t.Fatalf("n=%d: predicate called at %d", n, k)
					}
					return k >= ans
				})
				if got != ans {
					t.Fatalf("n=%d ans=%d guess=%d: got %d", n, ans, k0, got)
				}
				if k0 == ans && calls > 2 {
					t.Errorf("n=%d: %d calls with the right guess", n, calls)
				}
			}
		}
	}
}

// TestPredictSamples: the batch prediction equals Predict row by row to
// rounding on structured data (late and early fusion), and bit for bit on
// data without a plan.
func TestPredictSamples(t *testing.T) {
	X, Y := xorSamples(seeded(12), 512, 1)
	G, _, _ := testData(seeded(13), 512, 2, 1)
	for _, a := range []Arch{{L: 2, Lf: 2, H: 40, DA: 2, DB: 1}, {L: 2, Lf: 1, H: 40, DA: 2, DB: 1, Slope: 0.1}} {
		n := mustNew(t, a, Entrywise, 0.5, 3)
		for range 20 {
			n.StepSamples(X, Y, 0.05)
		}
		for _, data := range [][]float64{X, G} {
			out := make([]float64, 512)
			n.PredictSamples(data, out)
			worst, scale := 0.0, 0.0
			for i := range out {
				want := n.Predict(data[3*i : 3*i+3])
				worst = math.Max(worst, math.Abs(out[i]-want))
				scale = math.Max(scale, math.Abs(want))
				if &data[0] == &G[0] && out[i] != want {
					t.Fatalf("Lf=%d, unstructured data: %v, Predict %v", a.Lf, out[i], want)
				}
			}
			if worst > 1e-12*scale {
				t.Errorf("Lf=%d: batch predictions differ by %.3g (largest %.3g)", a.Lf, worst, scale)
			}
		}
	}
}

// TestPartialsReduced: Partials on the samples of the latest step, from the
// atoms or groups (docs/theory.md §9.5, §9.6), equals the three forward
// passes a sample to rounding: every output, partial output and the
// feature norms.
func TestPartialsReduced(t *testing.T) {
	X, Y := xorSamples(seeded(14), 512, 1)
	Xl, Yl := lineSamples(seeded(15), 300)
	Xs, Ys, _ := testData(seeded(16), 400, 1, 1)
	for _, c := range []struct {
		name string
		a    Arch
		X, Y []float64
	}{
		{"XOR late", Arch{L: 2, Lf: 2, H: 30, DA: 2, DB: 1}, X, Y},
		{"XOR early", Arch{L: 2, Lf: 1, H: 30, DA: 2, DB: 1}, X, Y},
		{"XOR early leaky", Arch{L: 2, Lf: 1, H: 30, DA: 2, DB: 1, Slope: 0.2}, X, Y},
		{"free input in A", Arch{L: 2, Lf: 1, H: 30, DA: 1, DB: 2}, Xl, Yl},
		{"scalar late L=3", Arch{L: 3, Lf: 3, H: 12, DA: 1, DB: 1}, Xs, Ys},
		{"scalar depth 1", Arch{L: 1, Lf: 1, DA: 1, DB: 1, Slope: 0.5}, Xs, Ys},
	} {
		n := mustNew(t, c.a, Entrywise, 0.5, 21)
		for range 30 {
			n.StepSamples(c.X, c.Y, 0.05)
		}
		N := len(c.Y)
		mk := func() *PartialOut {
			return &PartialOut{Full: make([]float64, N), A: make([]float64, N), B: make([]float64, N),
				OnlyA: make([]float64, N), OnlyB: make([]float64, N)}
		}
		got, want := mk(), mk()
		if !n.partialsReduced(c.X, got) {
			t.Fatalf("%s: no reduced partials", c.name)
		}
		n.partialsPlain(c.X, want)
		for _, p := range [][2][]float64{{got.Full, want.Full}, {got.A, want.A}, {got.B, want.B}, {got.OnlyA, want.OnlyA}, {got.OnlyB, want.OnlyB}} {
			worst, scale := maxDiff(p[1], p[0])
			if worst > 1e-12*scale {
				t.Errorf("%s: partial outputs differ by %.3g (largest %.3g)", c.name, worst, scale)
			}
		}
		for m := range 2 {
			if g, w := got.FeatSq[m], want.FeatSq[m]; math.Abs(g-w) > 1e-12*w {
				t.Errorf("%s: E‖h‖² of modality %d: %.17g, by forward passes %.17g", c.name, m, g, w)
			}
		}
	}
}

// TestUnitOnLine: the per-group unit test of the early-fusion reduction
// agrees with z_j > 0 from the forward pass at every sample, for the free
// input alone in B, alone in A, and shared with other inputs (preact).
func TestUnitOnLine(t *testing.T) {
	X, _ := xorSamples(seeded(17), 256, 2)
	Xl, _ := lineSamples(seeded(18), 256)
	rng := seeded(19)
	Xm := make([]float64, 4*256) // DA = 2 with A's second input free, DB = 2
	for i := range 256 {
		Xm[4*i], Xm[4*i+1], Xm[4*i+2], Xm[4*i+3] = float64(i%3), rng.NormFloat64(), 1, -0.5
	}
	for _, c := range []struct {
		a    Arch
		X    []float64
		mode int
	}{
		{Arch{L: 2, Lf: 1, H: 50, DA: 2, DB: 1}, X, 0},
		{Arch{L: 2, Lf: 1, H: 50, DA: 1, DB: 2}, Xl, 1},
		{Arch{L: 2, Lf: 1, H: 50, DA: 2, DB: 2}, Xm, 2},
	} {
		n := mustNew(t, c.a, Entrywise, 1, 5)
		d := c.a.DA + c.a.DB
		p := newEarlyPlan(c.a, c.X, make([]float64, len(c.X)/d))
		if p == nil {
			t.Fatalf("DA=%d DB=%d: no plan", c.a.DA, c.a.DB)
		}
		s := n.sampleScratch()
		for _, g := range p.groups {
			for j := 0; j < c.a.H; j++ {
				u := n.unitOnLine(j, p.free, g.row, g.xs)
				if u.mode != c.mode {
					t.Fatalf("DA=%d DB=%d: mode %d, want %d", c.a.DA, c.a.DB, u.mode, c.mode)
				}
				for k := range g.xs {
					x := append([]float64(nil), g.row...)
					x[p.free] = g.xs[k]
					n.forward(s, x)
					if u.on(k) != (s.out[0][j] > 0) {
						t.Fatalf("DA=%d DB=%d unit %d sample %d: on %v, z = %v", c.a.DA, c.a.DB, j, k, u.on(k), s.out[0][j])
					}
				}
			}
		}
	}
}

// TestPlansKept: steps alternating between two data sets (a remedy's full
// and withheld-modality steps) keep both plans instead of rebuilding them,
// and each step still equals backpropagation on its own data.
func TestPlansKept(t *testing.T) {
	X, Y := xorSamples(seeded(22), 256, 1)
	X0 := append([]float64(nil), X...)
	for i := 0; i < len(X0); i += 3 {
		X0[i], X0[i+1] = 0, 0 // A withheld
	}
	n := mustNew(t, Arch{L: 2, Lf: 2, H: 20, DA: 2, DB: 1}, Entrywise, 0.5, 2)
	n.samples(X, Y)
	first := n.lastPlan()
	for k := range 6 {
		data := X
		if k%2 == 0 {
			data = X0
		}
		o := n.Clone()
		l1, l2 := n.samples(data, Y), o.samplesPlain(data, Y)
		if math.Abs(l1-l2) > 1e-12*l2 {
			t.Fatalf("step %d: loss %v, by backpropagation %v", k, l1, l2)
		}
	}
	if len(n.plans) != 2 || n.planFor(X) != first {
		t.Errorf("%d plans kept; the first data set's plan rebuilt: %v", len(n.plans), n.planFor(X) != first)
	}
}
