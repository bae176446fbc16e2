package preset

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"unibias/engine/experiment"
	"unibias/engine/params"
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
