package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"unibias/engine/data"
	"unibias/engine/nn"
)

func setup(t *testing.T, lr float64, steps int, maxDense int) *Runner {
	t.Helper()
	d, err := data.Toy(2, 0, 1, 1, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New(nn.Arch{L: 2, Lf: 2, H: 20, DA: 1, DB: 1, Slope: 1}, nn.Aligned, 0.01, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return NewRunner(net, d, Options{LR: lr, Steps: steps, Tol: 1e-4, MaxDense: maxDense})
}

func TestConvergesAndRecordsBoundedly(t *testing.T) {
	r := setup(t, 0.04, 100000, 0)
	for !r.Advance(1000) {
	}
	if r.Status() != Converged {
		t.Fatalf("status %s", r.Status())
	}
	tr := r.Trajectory()
	if len(tr) == 0 || tr[0].Step != 0 || tr[len(tr)-1].Step != r.Step() {
		t.Fatal("trajectory must start at step 0 and end at the final step")
	}
	for i := 1; i < len(tr); i++ {
		if tr[i].Step <= tr[i-1].Step {
			t.Fatal("trajectory steps must increase")
		}
	}
	// Initial loss ½E[y²] = ½(4 + 1) (docs/theory.md §2.1, ρ = 0).
	if math.Abs(tr[0].Loss-2.5) > 1e-3 { // W(0) = u0² = 1e-4 per modality
		t.Fatalf("initial loss %v", tr[0].Loss)
	}
	if r.Loss() >= 1e-4 {
		t.Fatalf("final loss %v", r.Loss())
	}
}

func TestDenseDecimationKeepsAlignment(t *testing.T) {
	// A tiny dense cap forces several halvings; entry i must still hold the
	// loss of step i·Stride, which a full record of the same run gives.
	full := setup(t, 0.01, 3000, 1<<20)
	small := setup(t, 0.01, 3000, 64)
	for !full.Advance(3000) {
	}
	for !small.Advance(3000) {
	}
	fd, sd := full.Dense(), small.Dense()
	if sd.Stride < 4 || len(sd.Loss) > 64 {
		t.Fatalf("stride %d, %d entries", sd.Stride, len(sd.Loss))
	}
	for i, l := range sd.Loss {
		if l != fd.Loss[i*sd.Stride] {
			t.Fatalf("entry %d (step %d) holds %v, want %v", i, i*sd.Stride, l, fd.Loss[i*sd.Stride])
		}
	}
}

func TestTrajectoryIsBoundedForLongRuns(t *testing.T) {
	// A long plateau run (ρ = 0.99 needs far more than the budget) keeps
	// at most a few thousand points.
	d, _ := data.Toy(2, 0.99, 1, 1, 0, 0, nil)
	net, _ := nn.New(nn.Arch{L: 2, Lf: 2, H: 4, DA: 1, DB: 1, Slope: 1}, nn.Aligned, 0.001, rand.New(rand.NewPCG(1, 2)))
	r := NewRunner(net, d, Options{LR: 0.01, Steps: 300000, Tol: 1e-12})
	for !r.Advance(1 << 14) {
	}
	if n := len(r.Trajectory()); n > 2500 {
		t.Fatalf("%d trajectory points for 300000 steps", n)
	}
	if n := len(r.Dense().Loss); n > 1<<16 {
		t.Fatalf("%d dense entries", n)
	}
}

func TestDivergenceDetected(t *testing.T) {
	r := setup(t, 1.5, 10000, 0)
	for !r.Advance(100) {
	}
	if r.Status() != Diverged || r.Reason() == "" {
		t.Fatalf("status %s reason %q", r.Status(), r.Reason())
	}
	for _, p := range r.Trajectory() {
		if math.IsNaN(p.Loss) {
			return // the diverging point may be recorded; it is reported, not plotted
		}
	}
}

func TestSuggestLR(t *testing.T) {
	// One significant digit, at most a quarter of the failing rate, and no
	// more than the stability estimate 1/(L·λ_max·s^(2(L−1)/L)).
	if got := SuggestLR(2, 4, 4, 1); got != 0.06 {
		t.Fatalf("SuggestLR(2, L=4, λ=4, s=1) = %v, want 0.06 (1/16 → 0.0625 → 0.06)", got)
	}
	if got := SuggestLR(0.1, 2, 1, 1); got != 0.02 {
		t.Fatalf("SuggestLR(0.1, …) = %v, want 0.02 (a quarter, rounded down)", got)
	}
}

func TestInsertedPointsKeepXorProjection(t *testing.T) {
	// Points inserted at t_A/t_B (from the dense record) must carry the
	// interpolated projections, not zeros (they drew spikes to 0 on the
	// XOR figure).
	d, err := data.XOR(1, 0, 64, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	net, _ := nn.New(nn.Arch{L: 2, Lf: 2, H: 16, DA: 2, DB: 1, Slope: 0}, nn.Entrywise, 0.1, rand.New(rand.NewPCG(2, 2)))
	r := NewRunner(net, d, Options{LR: 0.05, Steps: 2000, Tol: 1e-6})
	for !r.Advance(500) {
	}
	r.InsertPoints(187, 301)
	tr := r.Trajectory()
	found := 0
	for i := 1; i < len(tr)-1; i++ {
		p := tr[i]
		if p.Step == 187 || p.Step == 301 {
			found++
			lo, hi := math.Min(tr[i-1].Lin, tr[i+1].Lin), math.Max(tr[i-1].Lin, tr[i+1].Lin)
			if p.Lin < lo-1e-12 || p.Lin > hi+1e-12 || p.Lin == 0 {
				t.Fatalf("inserted step %d: Lin %v outside neighbours [%v, %v]", p.Step, p.Lin, lo, hi)
			}
		}
	}
	if found != 2 {
		t.Fatalf("inserted %d of the 2 points (run stopped at %d)", found, r.Step())
	}
}
