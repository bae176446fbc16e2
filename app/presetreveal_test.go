package app

import (
	"os"
	"slices"
	"strings"
	"testing"

	"unibias/engine/preset"
	"unibias/figure/compose"
	"unibias/protocol"
)

// A preset's panels come in one per step in a browser; every panel is
// drawn outside a browser, once the simulations are done, and from the
// moment every panel has come in.
func TestRevealCount(t *testing.T) {
	var r reveal
	if got := r.count(4, false, true); got != 0 || r.panels != 4 {
		t.Fatalf("first render draws %d panels, want 0 (of %d shown)", got, r.panels)
	}
	r.shown = 2
	if got := r.count(4, false, true); got != 2 {
		t.Fatalf("after two steps %d panels, want 2", got)
	}
	if got := r.count(4, true, true); got != 4 || !r.all {
		t.Fatalf("simulations done: %d panels, all %v", got, r.all)
	}
	r = reveal{shown: 1}
	if got := r.count(3, false, false); got != 3 {
		t.Fatalf("outside a browser: %d panels, want 3", got)
	}
	r = reveal{shown: 7}
	if got := r.count(3, false, true); got != 3 {
		t.Fatalf("%d of 3 panels", got)
	}
	var native reveal
	if got := native.limit(5, false); got != 5 {
		t.Fatalf("natively limit draws %d of 5 panels", got)
	}
}

// The empty slot of a panel not yet drawn has the panel's proportions: the
// style sheet's aspect ratio is compose.PresetFrame's.
func TestPanelSlotProportions(t *testing.T) {
	css, err := os.ReadFile("../web/style.css")
	if err != nil {
		t.Fatal(err)
	}
	f := compose.PresetFrame
	want := ".fig-slot-box { aspect-ratio: " + itoa(int(f.W)) + " / " + itoa(int(f.H)) + ";"
	if float64(int(f.W)) != f.W || float64(int(f.H)) != f.H || !strings.Contains(string(css), want) {
		t.Fatalf("web/style.css lacks %q (compose.PresetFrame %v × %v)", want, f.W, f.H)
	}
}

// A preset panel is composed again only when the figure or the reports of
// its own jobs change: a result of another panel keeps its description.
func TestPanelMemo(t *testing.T) {
	fig, err := preset.Build("remedies")
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.Panels) < 2 {
		t.Fatalf("%d panels", len(fig.Panels))
	}
	p0, p1 := &fig.Panels[0], &fig.Panels[1]
	job := func(p *protocol.Panel) int {
		for i, j := range fig.Jobs {
			if j.Panel == p.ID {
				return i
			}
		}
		t.Fatalf("panel %s has no job", p.ID)
		return -1
	}
	reps := make([]*protocol.Report, len(fig.Jobs))
	var m panelMemo
	d0, _ := m.describe(fig, reps, p0)
	d1, _ := m.describe(fig, reps, p1)
	if again, _ := m.describe(fig, reps, p0); again != d0 {
		t.Fatal("the same panel was composed again")
	}
	next := slices.Clone(reps)
	next[job(p1)] = &protocol.Report{}
	if again, _ := m.describe(fig, next, p0); again != d0 {
		t.Error("a result of another panel recomposed panel 0")
	}
	if again, _ := m.describe(fig, next, p1); again == d1 {
		t.Error("a result of panel 1 left its description")
	}
	other := *fig
	if again, _ := m.describe(&other, next, p0); again == d0 {
		t.Error("a new figure kept the old description")
	}
}
