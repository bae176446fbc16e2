package preset

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"unibias/engine/compete"
	"unibias/engine/params"
	"unibias/protocol"
)

// TestCompetePresets: the modality-competition figures (docs/theory.md
// §10.2) say that their data model is in the spirit of the paper's, and
// every job is a joint-vs-unimodal comparison on valid parameters.
func TestCompetePresets(t *testing.T) {
	for _, name := range []string{"competition", "joint-loses", "drive"} {
		fig, err := Build(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fig.Caption, "in the spirit of") {
			t.Errorf("%s: the caption must say the data model is in the spirit of the paper's", name)
		}
		for _, j := range fig.Jobs {
			if !compete.Wanted(j.Query) {
				t.Errorf("%s: job %q is not a comparison", name, j.Query)
			}
		}
		if q, _ := url.ParseQuery(fig.Query); q.Get("data") != "insufficient" {
			t.Errorf("%s: leaving the preset should keep data=insufficient, query %q", name, fig.Query)
		}
	}
}

// TestDrivePresetAgrees: every simulated marker of the "drive" figure lies
// within 0.2% of the squared-loss closed form (docs/theory.md §10.2).
func TestDrivePresetAgrees(t *testing.T) {
	fig, err := Build("drive")
	if err != nil {
		t.Fatal(err)
	}
	for i := range fig.Jobs {
		j := &fig.Jobs[i]
		q, _ := url.ParseQuery(j.Query)
		p, _ := params.FromQuery(q)
		rep, err := compete.Run(context.Background(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		dev, _, rel, ok := protocol.Deviation(&fig.Panels[0], j, rep)
		if !ok || !rel {
			t.Fatalf("%s p_A=%g: no comparison", j.Label, j.X)
		}
		if dev > 2e-3 {
			t.Errorf("%s p_A=%g: simulated %.5f vs closed form %.5f (%.2g relative)", j.Label, j.X,
				protocol.V(rep.Compete.DriveRatio), protocol.V(rep.Compete.DriveTheory), dev)
		}
	}
}
