//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// figureRun is a preset figure opened in the tab: how long it took to
// complete and the longest gap between animation frames from the page's
// load event (the prerendered page is painted) to the last simulation.
type figureRun struct {
	elapsed time.Duration
	gap     float64 // ms, from the load event
	liveGap float64 // ms, from the moment the figure's first panel is drawn
	frames  int
	// long lists the gaps over 50 ms as "at+gap" (ms from the load
	// event), with "|" where the first panel was drawn: whether a long
	// gap falls in the page's start-up or while results arrive.
	long string
}

// String is what the logs say about the run.
func (r figureRun) String() string {
	return fmt.Sprintf("complete in %.1fs, worst frame gap %.0f ms over %d frames (%.0f ms once the figure is drawn; gaps over 50 ms: [%s])", r.elapsed.Seconds(), r.gap, r.frames, r.liveGap, r.long)
}

// openFigure navigates to the preset figure name, starts the frame probe
// (probeJS) at once, waits for the page and for every simulation of the
// figure, clicking the on-demand button when the figure has one, and for
// every panel to be drawn, and stops the probe.
func openFigure(t *testing.T, b *browser, base, name string, timeout time.Duration) figureRun {
	t.Helper()
	start := time.Now()
	b.do(t, chromedp.Navigate(base+"/?preset="+name))
	eval[bool](t, b, probeJS)
	waitJS(t, b, readyJS, 60*time.Second)
	checkPrecompiled(t, b)
	waitJS(t, b, `!!document.querySelector('#preset[data-name="`+name+`"] .fig-panel')`, 60*time.Second)
	eval[bool](t, b, `window.__gap.liveAt = performance.now(), true`)
	// Coarse simulated grids run on demand (the heat map): ask for them.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const d=document.querySelector('#ondemand'); if (d) d.click();})()`))
	waitJS(t, b, `(function(){const p=document.querySelector('#preset[data-name="`+name+`"]'); return !!p && +p.dataset.simsTotal > 0 && p.dataset.simsDone === p.dataset.simsTotal;})()`, timeout)
	r := figureRun{elapsed: time.Since(start)}
	// Every panel has come in (app/presetreveal.go): no empty slot is left.
	waitJS(t, b, `!document.querySelector('#preset .fig-slot')`, 10*time.Second)
	r.gap = eval[float64](t, b, `window.__gap.on = false, window.__gap.max`)
	r.liveGap = eval[float64](t, b, `window.__gap.liveMax`)
	r.frames = eval[int](t, b, `window.__gap.n`)
	r.long = eval[string](t, b, longGapsJS)
	return r
}

// checkPrecompiled fails the test when the compile worker's run of the
// page's start-up (web/compile.js, app.Precompile) did not finish: the
// page still works, but compiles its start-up code between frames. A
// failure here usually means the page's start-up now uses a part of the
// document the worker's stand-in lacks.
func checkPrecompiled(t *testing.T, b *browser) {
	t.Helper()
	var r struct {
		Done  bool    `json:"done"`
		Error string  `json:"error"`
		MS    float64 `json:"ms"`
	}
	if err := json.Unmarshal([]byte(eval[string](t, b, `JSON.stringify(window.unibiasPrecompiled || null)`)), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Done || r.Error != "" {
		t.Errorf("the page's start-up was not precompiled: done %v, error %q", r.Done, r.Error)
		return
	}
	t.Logf("page's start-up precompiled in %.0f ms (compile worker)", r.MS)
}

// longGapsJS lists the probe's gaps over 50 ms (figureRun.long).
const longGapsJS = `(function(){
  const g = window.__gap, nav = performance.getEntriesByType("navigation")[0], t0 = nav ? nav.loadEventStart : 0;
  const out = []; let marked = !g.liveAt;
  for (const [at, d] of g.gaps) {
    if (!marked && at >= g.liveAt) { out.push("|"); marked = true; }
    out.push(Math.round(at - t0) + "+" + d);
  }
  if (!marked) out.push("|");
  return out.join(" ");
})()`
