package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// perSample is the straightforward computation the blocked step of
// smooth_batch.go replaces: forward and backward of samples.go one sample at
// a time, the loss summed in sample order. It returns the mean loss and a
// copy of the gradient (canonical order, like Net.Weights).
func perSample(n *Net, X, Y []float64) (float64, []float64) {
	a := n.arch
	d := a.DA + a.DB
	s := n.sampleScratch()
	clear(s.grad)
	inv := 1 / float64(len(Y))
	sum := 0.0
	for i := range Y {
		x := X[i*d : (i+1)*d]
		l, dy := SampleLoss(a.Loss, Y[i], n.forward(s, x))
		sum += l
		n.backward(s, x, dy*inv)
	}
	return sum / float64(len(Y)), append([]float64(nil), s.grad...)
}

// batchCases are the architectures, activations and data shapes the
// blocked step is checked on: every depth and fusion pattern, linear,
// ReLU, leaky and smoothed activations (q = 3 and a general q), block
// boundaries (N = 1, 63, 64, 65, 200, 800) and inputs with zero columns
// (a modality held at 0, as in the unimodal runs of docs/theory.md §10.2,
// in every block or in some).
func batchCases() []struct {
	name string
	a    Arch
	N    int
	zero string // "", "A", "B" or "some": which input columns are zeroed
} {
	type c = struct {
		name string
		a    Arch
		N    int
		zero string
	}
	acts := []struct {
		name string
		a    Arch
	}{
		{"linear", Arch{Slope: 1}},
		{"relu", Arch{Slope: 0}},
		{"leaky", Arch{Slope: 0.1}},
		{"smooth3", Arch{Act: SmoothReLU, Q: 3, Beta: 1}},
		{"smooth4.5", Arch{Act: SmoothReLU, Q: 4.5, Beta: 0.4}},
	}
	var out []c
	for _, la := range [][2]int{{1, 1}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {3, 3}, {4, 2}, {4, 4}} {
		for _, ac := range acts {
			for _, dims := range [][3]int{{1, 1, 1}, {3, 2, 5}, {20, 20, 10}} {
				for _, nz := range []struct {
					N    int
					zero string
				}{{1, ""}, {63, "B"}, {64, "some"}, {65, "A"}, {200, ""}, {800, "headB"}} {
					a := ac.a
					a.L, a.Lf, a.DA, a.DB, a.H, a.Loss = la[0], la[1], dims[0], dims[1], dims[2], Logistic
					out = append(out, c{fmt.Sprintf("%s_L%dLf%d_d%d,%d_h%d_N%d%s", ac.name, a.L, a.Lf, a.DA, a.DB, a.H, nz.N, nz.zero), a, nz.N, nz.zero})
				}
			}
		}
	}
	return out
}

// zeroColumns holds some input columns of X at 0: all of B's ("B"), all of
// A's ("A"), every third column ("some"), or B's in the first 2.5 blocks
// of samples only ("headB": whole blocks and part of one without B).
func zeroColumns(X []float64, a Arch, which string) {
	d := a.DA + a.DB
	for i := 0; i < len(X)/d; i++ {
		for c := 0; c < d; c++ {
			headB := which == "headB" && c >= a.DA && 2*i < 5*batchBlock
			if (which == "A" && c < a.DA) || (which == "B" && c >= a.DA) || (which == "some" && c%3 == 1) || headB {
				X[i*d+c] = 0
			}
		}
	}
}

// maxAbs is max |v_i| (1 for an all-zero slice, so that errors stay absolute).
func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	if m == 0 {
		return 1
	}
	return m
}

// TestBatchEqualsPerSample: the blocked logistic step (loss, every gradient
// entry, the outputs and Evaluate) equals the per-sample backpropagation of
// samples.go to rounding, on every case of batchCases.
func TestBatchEqualsPerSample(t *testing.T) {
	for i, c := range batchCases() {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i)+1, 0xba7c))
			X, Y, _ := testData(rng, c.N, c.a.DA, c.a.DB)
			Y = labelled(Y)
			zeroColumns(X, c.a, c.zero)
			n, err := New(c.a, Entrywise, 0.7, rng)
			if err != nil {
				t.Fatal(err)
			}
			wantLoss, wantGrad := perSample(n, X, Y)
			loss, grads := n.GradSamples(X, Y)
			if math.Abs(loss-wantLoss) > 1e-13*math.Abs(wantLoss) {
				t.Fatalf("loss %v, per sample %v", loss, wantLoss)
			}
			var got []float64
			for _, g := range grads {
				got = append(got, g...)
			}
			scale := maxAbs(wantGrad)
			for j := range got {
				if math.Abs(got[j]-wantGrad[j]) > 1e-13*scale {
					t.Fatalf("gradient entry %d: %v, per sample %v (scale %v)", j, got[j], wantGrad[j], scale)
				}
			}
			if l := n.LossSamples(X, Y); l != loss {
				t.Fatalf("LossSamples %v, GradSamples %v", l, loss)
			}
			d := c.a.DA + c.a.DB
			yh := make([]float64, c.N)
			n.OutputsOn(NewSamples(X, Y, c.a.DA, c.a.DB), yh)
			hit := 0
			for j := range Y {
				p := n.Predict(X[j*d : (j+1)*d])
				if math.Abs(yh[j]-p) > 1e-13*math.Max(1, math.Abs(p)) {
					t.Fatalf("output %d: %v, Predict %v", j, yh[j], p)
				}
				if yh[j]*Y[j] > 0 {
					hit++
				}
			}
			if e := n.Evaluate(X, Y); e.Loss != loss || e.Acc != float64(hit)/float64(c.N) {
				t.Fatalf("Evaluate %+v, want loss %v, accuracy %v", e, loss, float64(hit)/float64(c.N))
			}
		})
	}
}

// TestBatchStepsTrackPerSample: 300 logistic steps of the smoothed-ReLU
// encoders of docs/theory.md §10.2 (and of a linear and a deep ReLU net),
// jointly and with B held at 0, stay within rounding of the same steps
// taken with the per-sample gradient: every weight and the loss of every
// step.
func TestBatchStepsTrackPerSample(t *testing.T) {
	cases := []struct {
		name string
		a    Arch
		zero string
	}{
		{"smooth joint", Arch{L: 2, Lf: 2, H: 10, DA: 20, DB: 20, Act: SmoothReLU, Q: 3, Beta: 1, Loss: Logistic}, ""},
		{"smooth B at 0", Arch{L: 2, Lf: 2, H: 10, DA: 20, DB: 20, Act: SmoothReLU, Q: 3, Beta: 1, Loss: Logistic}, "B"},
		{"width-1 linear", Arch{L: 2, Lf: 2, H: 1, DA: 1, DB: 1, Slope: 1, Loss: Logistic}, ""},
		{"relu L4 Lf2", Arch{L: 4, Lf: 2, H: 8, DA: 3, DB: 2, Slope: 0, Loss: Logistic}, "A"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 0xba7c))
			X, Y, _ := testData(rng, 150, c.a.DA, c.a.DB)
			Y = labelled(Y)
			zeroColumns(X, c.a, c.zero)
			n, err := New(c.a, Entrywise, 0.3, rng)
			if err != nil {
				t.Fatal(err)
			}
			ref := n.Clone()
			const lr = 0.5
			for step := 0; step < 300; step++ {
				wantLoss, g := perSample(ref, X, Y)
				axpy(ref.w, -lr, g)
				loss := n.StepSamples(X, Y, lr)
				if math.Abs(loss-wantLoss) > 1e-11*wantLoss {
					t.Fatalf("step %d: loss %v, per sample %v", step, loss, wantLoss)
				}
			}
			scale := maxAbs(ref.w)
			for j := range n.w {
				if math.Abs(n.w[j]-ref.w[j]) > 1e-10*scale {
					t.Fatalf("weight %d after 300 steps: %v, per sample %v", j, n.w[j], ref.w[j])
				}
			}
		})
	}
}

// TestBatchStepAllocatesNothing: after the first call the blocked step
// allocates nothing (its scratch comes back from the pool).
func TestBatchStepAllocatesNothing(t *testing.T) {
	X, Y, _ := testData(seeded(3), 300, 20, 20)
	Y = labelled(Y)
	n := mustNew(t, Arch{L: 2, Lf: 2, H: 10, DA: 20, DB: 20, Act: SmoothReLU, Q: 3, Beta: 1, Loss: Logistic}, Entrywise, 0.3, 1)
	n.StepSamples(X, Y, 0.5)
	if a := testing.AllocsPerRun(20, func() { n.StepSamples(X, Y, 0.5) }); a != 0 {
		t.Errorf("%v allocations per step", a)
	}
}

// TestBranchOutputs: each modality's part of a late-fusion network's output
// is its output with the other input at 0 (φ(0) = 0), and the two add up
// to Predict, to rounding, for every activation; Lf < L is refused.
func TestBranchOutputs(t *testing.T) {
	for i, c := range batchCases() {
		if c.a.Lf != c.a.L {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i)+1, 0xb7a))
			X, Y, _ := testData(rng, c.N, c.a.DA, c.a.DB)
			zeroColumns(X, c.a, c.zero)
			n, err := New(c.a, Entrywise, 0.7, rng)
			if err != nil {
				t.Fatal(err)
			}
			ya, yb := make([]float64, c.N), make([]float64, c.N)
			n.BranchOutputsOn(NewSamples(X, Y, c.a.DA, c.a.DB), ya, yb)
			d := c.a.DA + c.a.DB
			x := make([]float64, d)
			near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-13*math.Max(1, math.Abs(want)) }
			for j := 0; j < c.N; j++ {
				row := X[j*d : (j+1)*d]
				copy(x, row)
				clear(x[c.a.DA:])
				pa := n.Predict(x)
				copy(x, row)
				clear(x[:c.a.DA])
				pb := n.Predict(x)
				p := n.Predict(row)
				if !near(ya[j], pa) || !near(yb[j], pb) || !near(ya[j]+yb[j], p) {
					t.Fatalf("sample %d: branches %v, %v (sum %v); Predict with B at 0 %v, with A at 0 %v, both %v", j, ya[j], yb[j], ya[j]+yb[j], pa, pb, p)
				}
			}
		})
	}
	n := mustNew(t, Arch{L: 3, Lf: 2, H: 4, DA: 2, DB: 2, Slope: 1, Loss: Logistic}, Entrywise, 0.5, 1)
	defer func() {
		if recover() == nil {
			t.Error("BranchOutputs accepted Lf < L")
		}
	}()
	n.BranchOutputsOn(NewSamples(make([]float64, 4), make([]float64, 1), 2, 2), make([]float64, 1), make([]float64, 1))
}

// TestStepOnIsStepSamples: StepOn on samples laid out once takes the same
// steps as StepSamples to the bit (loss, weights, and the tracked norms of
// the learning speed), for the logistic loss on several shapes, and falls
// back to StepSamples for the squared loss.
func TestStepOnIsStepSamples(t *testing.T) {
	cases := []struct {
		a    Arch
		N    int
		zero string
	}{
		{Arch{L: 2, Lf: 2, H: 10, DA: 20, DB: 20, Act: SmoothReLU, Q: 3, Beta: 1, Loss: Logistic}, 150, "B"},
		{Arch{L: 2, Lf: 2, H: 1, DA: 1, DB: 1, Slope: 1, Loss: Logistic}, 600, ""},
		{Arch{L: 4, Lf: 2, H: 6, DA: 3, DB: 2, Slope: 0.2, Loss: Logistic}, 70, "some"},
		{Arch{L: 3, Lf: 1, H: 5, DA: 2, DB: 3, Act: SmoothReLU, Q: 4, Beta: 0.5, Loss: Logistic}, 64, "A"},
		{Arch{L: 3, Lf: 2, H: 5, DA: 2, DB: 3, Slope: 1}, 50, ""},
	}
	for i, c := range cases {
		rng := rand.New(rand.NewPCG(uint64(i), 0x57e9))
		X, Y, _ := testData(rng, c.N, c.a.DA, c.a.DB)
		if c.a.Loss == Logistic {
			Y = labelled(Y)
		}
		zeroColumns(X, c.a, c.zero)
		n, err := New(c.a, Entrywise, 0.4, rng)
		if err != nil {
			t.Fatal(err)
		}
		n.TrackNorms()
		m := n.Clone()
		m.TrackNorms()
		s := NewSamples(X, Y, c.a.DA, c.a.DB)
		for step := 0; step < 50; step++ {
			want, got := n.StepSamples(X, Y, 0.3), m.StepOn(s, 0.3)
			if math.Float64bits(want) != math.Float64bits(got) {
				t.Fatalf("case %d step %d: StepOn loss %v, StepSamples %v", i, step, got, want)
			}
		}
		if !sameBits(n.w, m.w) {
			t.Fatalf("case %d: weights differ after 50 steps", i)
		}
		ga, ta, gb, tb, _ := n.LastNorms()
		ha, ua, hb, ub, _ := m.LastNorms()
		if !sameBits([]float64{ga, ta, gb, tb}, []float64{ha, ua, hb, ub}) {
			t.Fatalf("case %d: tracked norms differ", i)
		}
	}
}

// TestLossBlock: the grouped logistic sum equals the sum of SampleLoss's
// losses to rounding, over margins from −40 to 40 (e^{−|m|} from 1 to
// 4e-18, where log1p matters) and block lengths around the group size,
// and its derivatives are SampleLoss's bits times the scale; NaN and ±Inf
// predictions give what SampleLoss gives.
func TestLossBlock(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 0x1055))
	for _, n := range []int{1, 7, 8, 9, 16, 127, 128, 1000} {
		for _, spread := range []float64{0.01, 1, 5, 40} {
			Y, yh := make([]float64, n), make([]float64, n)
			for i := range Y {
				Y[i] = float64(2*rng.IntN(2) - 1)
				yh[i] = spread * (2*rng.Float64() - 1)
			}
			const scale = 1.0 / 3
			dy := make([]float64, n)
			got := lossBlock(Logistic, Y, yh, dy, scale)
			want := 0.0
			for i := range Y {
				l, d := SampleLoss(Logistic, Y[i], yh[i])
				want += l
				if math.Float64bits(dy[i]) != math.Float64bits(d*scale) {
					t.Fatalf("n=%d spread=%g: derivative %d = %v, SampleLoss %v", n, spread, i, dy[i], d*scale)
				}
			}
			if math.Abs(got-want) > 1e-14*want {
				t.Errorf("n=%d spread=%g: grouped sum %v, sum of SampleLoss %v (relative %.2g)", n, spread, got, want, math.Abs(got-want)/want)
			}
			if g := LossGrad(Logistic, Y, yh, nil); g != got {
				t.Errorf("LossGrad %v, lossBlock %v", g, got)
			}
		}
	}
	// All margins large: every term tiny, summed in log1p's precision.
	Y, yh := []float64{1, 1, -1}, []float64{30, 35, -38}
	want := 0.0
	for i := range Y {
		l, _ := SampleLoss(Logistic, Y[i], yh[i])
		want += l
	}
	if got := lossBlock(Logistic, Y, yh, nil, 1); math.Abs(got-want) > 1e-15*want {
		t.Errorf("tiny losses: %v, want %v", got, want)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		dy := make([]float64, 1)
		got := lossBlock(Logistic, []float64{1}, []float64{v}, dy, 1)
		l, d := SampleLoss(Logistic, 1, v)
		if !(got == l || math.IsNaN(got) && math.IsNaN(l)) || !(dy[0] == d || math.IsNaN(dy[0]) && math.IsNaN(d)) {
			t.Errorf("ŷ = %v: loss %v, derivative %v; SampleLoss %v, %v", v, got, dy[0], l, d)
		}
	}
}

// TestExpNeg: expNeg is math.Exp on x ≤ 0, bit for bit, over [−745, 0]
// and at the edges of its own range (the shortened portable algorithm under
// WebAssembly, math.Exp itself elsewhere).
func TestExpNeg(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 0xe4b))
	xs := []float64{0, math.Copysign(0, -1), -1e-9, -1.0 / (1 << 28), -1.0 / (1 << 27), -0.5, -1, -707.9, -708, -708.1, -745, -746, math.Inf(-1), math.NaN()}
	for i := 0; i < 200000; i++ {
		xs = append(xs, -745*rng.Float64(), -2*rng.Float64(), -math.Exp(-40*rng.Float64()))
	}
	for _, x := range xs {
		got, want := expNeg(x), math.Exp(x)
		if math.IsNaN(want) {
			if !math.IsNaN(got) {
				t.Fatalf("expNeg(%v) = %v, want NaN", x, got)
			}
			continue
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("expNeg(%v) = %v, math.Exp %v (bits differ, portable algorithm %v)", x, got, want, portableExp)
		}
	}
}
