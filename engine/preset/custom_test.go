package preset

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/protocol"
)

// TestYourDataPreset: the bundled example's figure names video as A, and
// its linear networks, trained on exactly the example's moments, follow
// the reduced ODE (docs/theory.md §4): measured within 2.0% over u0 ∈ [0.05, 0.2]
// and Lf = 1…4 at η = 0.04 (aligned init); checked at 3%.
func TestYourDataPreset(t *testing.T) {
	fig, err := Build("your-data")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fig.Caption, `A is "video" (your second modality)`) {
		t.Errorf("caption does not say video is A: %q", fig.Caption)
	}
	worst := 0.0
	n := 0
	for _, j := range fig.Jobs {
		if j.Extract != "ratio" {
			continue
		}
		q, _ := url.ParseQuery(j.Query)
		p, _ := params.FromQuery(q)
		rep, err := experiment.Simulate(nil, p, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Ratio == nil || rep.Theory.ODERatio == nil {
			t.Fatalf("job %s: no simulated or ODE ratio (%s)", j.Label, rep.Status)
		}
		d := math.Abs(*rep.Ratio-*rep.Theory.ODERatio) / *rep.Theory.ODERatio
		worst = math.Max(worst, d)
		n++
		if d > 0.03 {
			t.Errorf("Lf series %d, u0 = %g: simulated t_B/t_A %.4f, reduced ODE %.4f (%.1f%%)", j.Series+1, j.X, *rep.Ratio, *rep.Theory.ODERatio, 100*d)
		}
	}
	t.Logf("your-data preset: %d simulations, worst deviation from the reduced ODE %.2f%%", n, 100*worst)
}

// TestYourDataWidthIndependent: the your-data preset simulates its aligned
// networks at width 10 because their dynamics do not depend on the width
// (rank-one layers, docs/theory.md §1.1, §4; see yourData). Every simulated
// job run at the reference width 100 gives the same steps, t_A, t_B and
// ratio, and the same loss trajectory to 1e-9; the theory beside it is the
// same too.
func TestYourDataWidthIndependent(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("trains twenty width-100 four-layer networks: native, non-short only")
	}
	fig, err := Build("your-data")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, j := range fig.Jobs {
		if seen[j.Query] {
			continue
		}
		seen[j.Query] = true
		q, _ := url.ParseQuery(j.Query)
		p, _ := params.FromQuery(q)
		if p.Get("width") != jobWidth {
			t.Fatalf("job %s at u0 = %g: width %s, want %s", j.Panel, j.X, p.Get("width"), jobWidth)
		}
		got, err := experiment.Simulate(context.Background(), p, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := experiment.Simulate(context.Background(), with(p, "width", "100"), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("Lf = %d, u0 = %s", j.Series+1, p.Get("init"))
		if got.StepsRun != ref.StepsRun || *got.TA != *ref.TA || *got.TB != *ref.TB || *got.Ratio != *ref.Ratio {
			t.Errorf("%s: width 10 ran %d steps, t_A %v, t_B %v, ratio %v; width 100 %d, %v, %v, %v",
				name, got.StepsRun, *got.TA, *got.TB, *got.Ratio, ref.StepsRun, *ref.TA, *ref.TB, *ref.Ratio)
		}
		if len(got.Trajectory) != len(ref.Trajectory) {
			t.Fatalf("%s: %d trajectory points, width 100 %d", name, len(got.Trajectory), len(ref.Trajectory))
		}
		for k := range got.Trajectory {
			g, r := protocol.V(got.Trajectory[k].Loss), protocol.V(ref.Trajectory[k].Loss)
			if got.Trajectory[k].Step != ref.Trajectory[k].Step || math.Abs(g-r) > 1e-9*r {
				t.Fatalf("%s: trajectory point %d: step %d loss %v; width 100 step %d loss %v", name, k, got.Trajectory[k].Step, g, ref.Trajectory[k].Step, r)
			}
		}
		if a, b := got.Theory.ODERatio, ref.Theory.ODERatio; (a == nil) != (b == nil) || (a != nil && *a != *b) {
			t.Errorf("%s: theory ratio depends on the width", name)
		}
	}
}
