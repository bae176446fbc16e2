//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"
)

// competePresets are the modality-competition figures (docs/theory.md §10.2).
var competePresets = []string{"drive", "joint-loses", "competition"}

// TestCompetePresets opens each modality-competition figure, waits for its
// simulations (joint and unimodal trainings in the page's workers), and
// checks theory marks, simulated marks in every panel, the "in the spirit
// of" caption and no NaN; it logs the time each figure takes in the tab and
// takes screenshots at 1280 px (and 390 px for the quickest figure).
func TestCompetePresets(t *testing.T) {
	s := startServer(t, "")
	for _, width := range []int{1280, 390} {
		b := newBrowser(t, width, 900)
		for _, name := range competePresets {
			if width == 390 && name != "drive" { // the narrow layout, on the quickest figure
				continue
			}
			t.Run(name, func(t *testing.T) {
				run := openFigure(t, b, s.URL, name, 8*time.Minute)
				panels := eval[int](t, b, `document.querySelectorAll('#preset .fig-panel').length`)
				empty := eval[int](t, b, `[...document.querySelectorAll('#preset .fig-panel')].filter(p=>!(+p.dataset.simMarks>0)).length`)
				theory := eval[int](t, b, `[...document.querySelectorAll('#preset .fig-panel')].reduce((a,p)=>a+ +p.dataset.theoryMarks,0)`)
				sims := eval[int](t, b, `[...document.querySelectorAll('#preset .fig-panel')].reduce((a,p)=>a+ +p.dataset.simMarks,0)`)
				logf(t, "preset %s at %d px: %d panels, %d theory marks, %d simulated marks, %s", name, width, panels, theory, sims, run)
				if theory == 0 || sims == 0 || empty > 0 {
					t.Errorf("figure lacks theory (%d) or simulated (%d) marks, or %d of %d panels have none", theory, sims, empty, panels)
				}
				txt := eval[string](t, b, `document.body.innerText`)
				if !strings.Contains(txt, "in the spirit of") {
					t.Error("the caption does not say the data model is in the spirit of the paper's")
				}
				if containsNaN(txt) {
					t.Error("the page shows NaN")
				}
				if name == "drive" {
					if agree := eval[string](t, b, `(document.querySelector('#preset .agreement')||{}).textContent||''`); agree != "" {
						logf(t, "drive agreement: %s", agree)
					}
				}
				b.screenshot(t, "compete-"+name+"-"+map[int]string{1280: "wide", 390: "narrow"}[width])
			})
		}
	}
}
