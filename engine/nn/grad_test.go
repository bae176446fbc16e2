package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"unibias/engine/stats"
)

// testData draws N samples x ~ N(0, C) with a random mixing (so the
// modalities are correlated), y = w*·x + noise, and returns them with their
// empirical moments Σ̂ = XᵀX/N, Σ̂_yx = YᵀX/N, mean(y²) (docs/theory.md §2.4).
func testData(rng *rand.Rand, N, dA, dB int) (X, Y []float64, m stats.Moments) {
	d := dA + dB
	mix := make([]float64, d*d)
	for i := range mix {
		mix[i] = rng.NormFloat64() / math.Sqrt(float64(d))
	}
	for i := 0; i < d; i++ {
		mix[i*d+i] += 1
	}
	w := make([]float64, d)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	X = make([]float64, N*d)
	Y = make([]float64, N)
	g := make([]float64, d)
	for n := 0; n < N; n++ {
		for i := range g {
			g[i] = rng.NormFloat64()
		}
		x := X[n*d : (n+1)*d]
		for i := 0; i < d; i++ {
			x[i] = dot(mix[i*d:(i+1)*d], g)
		}
		Y[n] = dot(w, x) + 0.3*rng.NormFloat64()
	}
	return X, Y, empirical(X, Y, dA, dB)
}

func empirical(X, Y []float64, dA, dB int) stats.Moments {
	d := dA + dB
	N := len(Y)
	m := stats.Moments{DA: dA, DB: dB, Sxx: make([]float64, d*d), Syx: make([]float64, d)}
	for n := 0; n < N; n++ {
		x := X[n*d : (n+1)*d]
		for i := 0; i < d; i++ {
			m.Syx[i] += Y[n] * x[i]
			for j := 0; j < d; j++ {
				m.Sxx[i*d+j] += x[i] * x[j]
			}
		}
		m.Eyy += Y[n] * Y[n]
	}
	for i := range m.Sxx {
		m.Sxx[i] /= float64(N)
	}
	for i := range m.Syx {
		m.Syx[i] /= float64(N)
	}
	m.Eyy /= float64(N)
	return m
}

// fdGrads returns central finite differences of loss() with respect to every
// weight, in the order of Layers.
func fdGrads(n *Net, loss func() float64, eps float64) [][]float64 {
	var out [][]float64
	for _, L := range n.Layers() {
		g := make([]float64, len(L.W))
		for j := range L.W {
			w0 := L.W[j]
			L.W[j] = w0 + eps
			fp := loss()
			L.W[j] = w0 - eps
			fm := loss()
			L.W[j] = w0
			g[j] = (fp - fm) / (2 * eps)
		}
		out = append(out, g)
	}
	return out
}

// relErr is max |g − f| over all entries divided by max |g|.
func relErr(t *testing.T, g, f [][]float64) float64 {
	t.Helper()
	if len(g) != len(f) {
		t.Fatalf("%d gradient layers vs %d", len(g), len(f))
	}
	var num, den float64
	for k := range g {
		if len(g[k]) != len(f[k]) {
			t.Fatalf("layer %d: %d vs %d entries", k, len(g[k]), len(f[k]))
		}
		for j := range g[k] {
			num = math.Max(num, math.Abs(g[k][j]-f[k][j]))
			den = math.Max(den, math.Abs(g[k][j]))
		}
	}
	if den == 0 {
		t.Fatal("gradient is identically zero: test is vacuous")
	}
	return num / den
}

var gradArchs = [][2]int{{1, 1}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {3, 3}, {4, 2}, {4, 3}, {4, 4}, {5, 3}}
var gradDims = [][2]int{{1, 1}, {3, 2}}

// TestGradMomentsFD checks the per-layer outer-product gradients of the
// moment-based step (docs/theory.md §3, "per-layer gradients") against central
// finite differences of ℒ(W) = ½(E[y²] − 2WΣ_yxᵀ + WΣWᵀ) computed by
// stats.Moments.Loss on the plain product W^tot (§3 says agreement ~1e-9 is
// normal; we require 1e-6 relative).
func TestGradMomentsFD(t *testing.T) {
	for _, la := range gradArchs {
		for _, dd := range gradDims {
			a := Arch{L: la[0], Lf: la[1], H: 5, DA: dd[0], DB: dd[1], Slope: 1}
			t.Run(fmt.Sprintf("L%dLf%d_d%d%d", a.L, a.Lf, a.DA, a.DB), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(10*a.L+a.Lf), uint64(a.DA)))
				_, _, m := testData(rng, 40, a.DA, a.DB)
				n, err := New(a, Entrywise, 0.5, rng)
				if err != nil {
					t.Fatal(err)
				}
				loss, g := n.GradMoments(&m)
				if want := n.LossMoments(&m); math.Abs(loss-want) > 1e-12*math.Max(1, want) {
					t.Fatalf("loss %v, stats.Loss %v", loss, want)
				}
				f := fdGrads(n, func() float64 { return n.LossMoments(&m) }, 1e-6)
				e := relErr(t, g, f)
				t.Logf("relative error %.2g", e)
				if e > 1e-6 {
					t.Fatalf("moment gradient vs finite differences: relative error %.3g", e)
				}
			})
		}
	}
}

// TestGradSamplesFD checks backpropagation (docs/theory.md §1 forward pass, φ =
// leaky-ReLU between consecutive layers, ℒ = ½·mean (y − ŷ)², §3) against
// central finite differences of LossSamples, for linear nets and for a
// leaky ReLU with slope 0.1.
func TestGradSamplesFD(t *testing.T) {
	for _, slope := range []float64{1, 0.1} {
		for _, la := range gradArchs {
			for _, dd := range gradDims {
				a := Arch{L: la[0], Lf: la[1], H: 5, DA: dd[0], DB: dd[1], Slope: slope}
				t.Run(fmt.Sprintf("s%g_L%dLf%d_d%d%d", slope, a.L, a.Lf, a.DA, a.DB), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(10*a.L+a.Lf), uint64(a.DA)+7))
					X, Y, _ := testData(rng, 30, a.DA, a.DB)
					n, err := New(a, Entrywise, 0.5, rng)
					if err != nil {
						t.Fatal(err)
					}
					loss, g := n.GradSamples(X, Y)
					if want := n.LossSamples(X, Y); loss != want {
						t.Fatalf("loss %v, LossSamples %v", loss, want)
					}
					f := fdGrads(n, func() float64 { return n.LossSamples(X, Y) }, 1e-6)
					e := relErr(t, g, f)
					t.Logf("relative error %.2g", e)
					if e > 1e-6 {
						t.Fatalf("backprop gradient vs finite differences: relative error %.3g", e)
					}
				})
			}
		}
	}
}

// TestMomentsEqualSamples: for a linear network the full-batch gradient
// depends on the data only through the empirical moments (docs/theory.md §2.4),
// so the moment-based step and backpropagation over the samples must give the
// same trajectory up to rounding.
func TestMomentsEqualSamples(t *testing.T) {
	for _, la := range gradArchs {
		for _, dd := range gradDims {
			a := Arch{L: la[0], Lf: la[1], H: 6, DA: dd[0], DB: dd[1], Slope: 1}
			t.Run(fmt.Sprintf("L%dLf%d_d%d%d", a.L, a.Lf, a.DA, a.DB), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(3, uint64(10*a.L+a.Lf)))
				X, Y, m := testData(rng, 50, a.DA, a.DB)
				n1, err := New(a, Scaled, 0.8, rng)
				if err != nil {
					t.Fatal(err)
				}
				n2 := n1.Clone()
				for step := 0; step < 5; step++ {
					l1 := n1.StepMoments(&m, 0.05)
					l2 := n2.StepSamples(X, Y, 0.05)
					if math.Abs(l1-l2) > 1e-12*math.Max(l1, 1) {
						t.Fatalf("step %d: loss %v (moments) vs %v (samples)", step, l1, l2)
					}
				}
				var diff, scale float64
				for i, w := range n1.Weights() {
					diff = math.Max(diff, math.Abs(w-n2.Weights()[i]))
					scale = math.Max(scale, math.Abs(w))
				}
				t.Logf("max weight difference %.2g (scale %.2g)", diff, scale)
				if diff > 1e-12*scale {
					t.Fatalf("weights differ by %.3g (scale %.3g) after 5 steps", diff, scale)
				}
			})
		}
	}
}

// TestStepUsesOneState: StepMoments subtracts lr·grad, all gradients taken
// from the state before the update, and returns the loss of that state
// (docs/theory.md §3, step 4).
func TestStepUsesOneState(t *testing.T) {
	a := Arch{L: 4, Lf: 2, H: 7, DA: 3, DB: 2, Slope: 1}
	rng := rand.New(rand.NewPCG(5, 5))
	_, _, m := testData(rng, 30, a.DA, a.DB)
	n, _ := New(a, Entrywise, 0.4, rng)
	ref := n.Clone()
	loss0, g := ref.GradMoments(&m)
	const lr = 0.03
	if l := n.StepMoments(&m, lr); l != loss0 {
		t.Fatalf("step returned %v, loss before the step is %v", l, loss0)
	}
	for k, L := range ref.Layers() {
		got := n.Layers()[k].W
		for j, w := range L.W {
			want := w - lr*g[k][j]
			if math.Abs(got[j]-want) > 1e-14*math.Max(1, math.Abs(want)) {
				t.Fatalf("%s[%d] = %v, want θ − η∇ = %v", L.Name, j, got[j], want)
			}
		}
	}
}

// TestPredictMatchesTotal: for a linear net ŷ = W_A^tot x_A + W_B^tot x_B
// (docs/theory.md §1, total maps).
func TestPredictMatchesTotal(t *testing.T) {
	for _, la := range gradArchs {
		a := Arch{L: la[0], Lf: la[1], H: 4, DA: 3, DB: 2, Slope: 1}
		rng := rand.New(rand.NewPCG(9, 9))
		n, _ := New(a, Entrywise, 0.7, rng)
		wa, wb := make([]float64, 3), make([]float64, 2)
		n.Total(wa, wb)
		x := []float64{0.3, -1.2, 0.5, 2.0, -0.7}
		want := dot(wa, x[:3]) + dot(wb, x[3:])
		if got := n.Predict(x); math.Abs(got-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("L=%d Lf=%d: Predict %v, W^tot·x %v", a.L, a.Lf, got, want)
		}
	}
}

// TestPrivateGradEnergy: s_m = Σ‖∇‖²/Σ‖θ‖² over E_m^l and F_m (docs/theory.md
// §10.1 analogue), recomputed by hand from the layer list.
func TestPrivateGradEnergy(t *testing.T) {
	a := Arch{L: 4, Lf: 3, H: 5, DA: 2, DB: 1, Slope: 1}
	rng := rand.New(rand.NewPCG(1, 2))
	_, _, m := testData(rng, 20, a.DA, a.DB)
	n, _ := New(a, Scaled, 1, rng)
	_, g := n.GradMoments(&m)
	var ga, ta, gb, tb float64
	for k, L := range n.Layers() {
		switch L.Name {
		case "E_A^1", "E_A^2", "F_A":
			ga += dot(g[k], g[k])
			ta += dot(L.W, L.W)
		case "E_B^1", "E_B^2", "F_B":
			gb += dot(g[k], g[k])
			tb += dot(L.W, L.W)
		}
	}
	sA, sB := n.PrivateGradEnergy(g)
	if math.Abs(sA-ga/ta) > 1e-14*sA || math.Abs(sB-gb/tb) > 1e-14*sB {
		t.Fatalf("got (%v, %v), want (%v, %v)", sA, sB, ga/ta, gb/tb)
	}
	fa, fb := n.Decision()
	if math.Abs(fa-math.Sqrt(dot(n.fa, n.fa))) > 0 || math.Abs(fb-math.Sqrt(dot(n.fb, n.fb))) > 0 {
		t.Fatal("Decision is not the Frobenius norm of F_A, F_B")
	}
}

// TestNoAllocations: the steps keep their scratch in the Net (brief: no
// allocation per call after the first).
func TestNoAllocations(t *testing.T) {
	a := Arch{L: 4, Lf: 2, H: 10, DA: 2, DB: 3, Slope: 1}
	rng := rand.New(rand.NewPCG(1, 1))
	X, Y, m := testData(rng, 20, a.DA, a.DB)
	n, _ := New(a, Scaled, 0.1, rng)
	if allocs := testing.AllocsPerRun(20, func() { n.StepMoments(&m, 1e-3) }); allocs != 0 {
		t.Errorf("StepMoments allocates %v times per call", allocs)
	}
	wa, wb := make([]float64, 2), make([]float64, 3)
	if allocs := testing.AllocsPerRun(20, func() { n.Total(wa, wb) }); allocs != 0 {
		t.Errorf("Total allocates %v times per call", allocs)
	}
	a.Slope = 0.1
	r, _ := New(a, Scaled, 0.1, rng)
	if allocs := testing.AllocsPerRun(20, func() { r.StepSamples(X, Y, 1e-3) }); allocs != 0 {
		t.Errorf("StepSamples allocates %v times per call", allocs)
	}
}

func TestLastTotalIsPreStepTotal(t *testing.T) {
	m, _ := stats.ScalarToy(2, 1, 0.3, 1, 1, 0)
	net, err := New(Arch{L: 3, Lf: 2, H: 8, DA: 1, DB: 1, Slope: 1}, Scaled, 0.5, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	wa, wb := make([]float64, 1), make([]float64, 1)
	if net.LastTotal(wa, wb) {
		t.Fatal("no step yet")
	}
	ta, tb := make([]float64, 1), make([]float64, 1)
	net.Total(ta, tb)
	net.StepMoments(&m, 0.05)
	net.LastTotal(wa, wb)
	if wa[0] != ta[0] || wb[0] != tb[0] {
		t.Fatalf("LastTotal %v %v, Total before the step %v %v", wa, wb, ta, tb)
	}
}
