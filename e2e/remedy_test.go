//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// remedyPresets are the figures of the related work's measures and remedies
// (docs/theory.md §10.1, §10.3–§10.6).
var remedyPresets = []string{"remedies", "greedy", "decision", "critical"}

// TestRemedyFigures opens each figure of the remedies and measures, waits
// for all its simulations, and checks that it shows theory and simulated
// marks without NaN; it logs how long each takes to complete in the tab. The
// remedies figure is also audited with axe-core and drawn at phone width.
func TestRemedyFigures(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	for _, name := range remedyPresets {
		t.Run(name, func(t *testing.T) {
			run := openFigure(t, b, s.URL, name, 4*time.Minute)
			theory := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.theoryMarks,0)`)
			sims := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.simMarks,0)`)
			failed := eval[int](t, b, `document.querySelectorAll('#preset ul.errors li').length`)
			logf(t, "preset %s: %d theory marks, %d simulated marks, %s", name, theory, sims, run)
			if theory == 0 || sims == 0 {
				t.Errorf("figure lacks theory (%d) or simulated (%d) marks", theory, sims)
			}
			if failed > 0 {
				t.Errorf("%d simulations failed", failed)
			}
			if txt := eval[string](t, b, `document.body.innerText`); containsNaN(txt) {
				t.Error("the page shows NaN")
			}
			b.screenshot(t, "preset-"+name)
			if name == "remedies" {
				vs := audit(t, b)
				logf(t, "axe-core on the remedies figure: %d violations", len(vs))
				for _, v := range vs {
					t.Errorf("axe %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
				}
			}
		})
	}
	// The remedies figure at phone width.
	p := newBrowser(t, 390, 844)
	p.do(t, chromedp.Navigate(s.URL+"/?preset=remedies"))
	waitJS(t, p, readyJS, 60*time.Second)
	waitJS(t, p, `(function(){const p=document.querySelector('#preset[data-name="remedies"]'); return !!p && p.dataset.simsDone === p.dataset.simsTotal && +p.dataset.simsTotal > 0;})()`, 4*time.Minute)
	if w := eval[int](t, p, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the remedies figure scrolls sideways at 390 px: page width %d", w)
	}
	p.screenshot(t, "preset-remedies-390")
}

// TestLiveRunMeasures trains a network with OGM on in the live panel, picks
// each measure of the menu in turn and finds its chart drawn with curves.
func TestLiveRunMeasures(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?depth=2&fusion=2&init=0.01&lr=0.01&ogm=ogm&alpha=0.8&points=3&values=2"))
	waitJS(t, b, readyJS, 60*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector("#train").click()`))
	waitJS(t, b, `(function(){const l=document.querySelector('#live'); return !!l && l.dataset.status === 'converged';})()`, 90*time.Second)
	for _, kind := range []string{"utilisation", "speed", "ogm", "decision", "rms", "capability"} {
		b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const s=document.querySelector('#live-measure'); s.value='`+kind+`'; s.dispatchEvent(new Event('change', {bubbles:true}));})()`))
		waitJS(t, b, `(function(){const c=document.querySelector('#live .live-measure-`+kind+`'); return !!c && [...c.querySelectorAll('path.live-measure')].some(p => (p.getAttribute('d')||'').length > 40);})()`, 10*time.Second)
	}
	if txt := eval[string](t, b, `document.querySelector('#live').innerText`); containsNaN(txt) {
		t.Error("the live panel shows NaN")
	}
	b.screenshot(t, "live-measures")
}
