//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"unibias/protocol"
)

// presets are the figure names of engine/preset (checked against the page's
// menu below).
var presets = []string{"early-late", "ratio-rho", "misattribution", "heatmap", "superficial", "portrait", "deep", "random", "overparam", "relu"}

// TestPresets opens every preset's URL and checks that its figure shows
// theory marks and simulated marks in every panel that has jobs, and that
// every simulation with a stated docs/theory.md §8.6 tolerance lies within it.
func TestPresets(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	// The menu lists every preset (the tour below opens the paper's ten;
	// the related work's figures have browser tests of their own).
	if n := eval[int](t, b, `document.querySelectorAll('.preset-menu a[href*="preset="]').length`); n != len(protocol.Presets) {
		t.Fatalf("preset menu lists %d figures, want %d", n, len(protocol.Presets))
	}
	for _, name := range presets {
		t.Run(name, func(t *testing.T) {
			run := openFigure(t, b, s.URL, name, 5*time.Minute)
			theory := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.theoryMarks,0)`)
			sims := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.simMarks,0)`)
			within := eval[int](t, b, `+document.querySelector('#preset').dataset.within`)
			withTol := eval[int](t, b, `+document.querySelector('#preset').dataset.withtol`)
			logf(t, "preset %s: %d theory marks, %d simulated marks, %d/%d within tolerance, %s", name, theory, sims, within, withTol, run)
			if theory == 0 || sims == 0 {
				t.Errorf("figure lacks theory (%d) or simulated (%d) marks", theory, sims)
			}
			// The description came from its prebuilt file (make build,
			// app/workers_presets.go), fetched while the page loaded.
			if !s.Seen("/web/presets/" + name + ".json") {
				t.Error("the page did not fetch the preset's prebuilt description")
			}
			if within != withTol {
				t.Errorf("only %d of %d compared simulations lie within docs/theory.md §8.6 tolerance", within, withTol)
			}
			if txt := eval[string](t, b, `document.body.innerText`); containsNaN(txt) {
				t.Error("the page shows NaN")
			}
			b.screenshot(t, "preset-"+name)
		})
	}
}

func containsNaN(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i:i+3] == "NaN" {
			return true
		}
	}
	return false
}
