package app

import (
	"os"
	"strings"
	"testing"

	"unibias/figure/compose"
)

// A preset's panels come in one per step in a browser; every panel is
// drawn outside a browser, once the simulations are done, and from the
// moment every panel has come in.
func TestRevealCount(t *testing.T) {
	var r reveal
	if got := r.count(4, false, true); got != 0 {
		t.Fatalf("first render draws %d panels, want 0", got)
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
