//go:build !js

package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// firstPaintJS runs before any script of the page: it records layout
// shifts (Cumulative Layout Shift), the time at which a theory curve of 20
// or more segments is first in the document at an animation frame, and the
// prerendered tree with its first t_A curve, so the test can tell that the
// live page replaced it with the same drawing.
const firstPaintJS = `(function(){
  window.__cls = 0; window.__shifts = []; window.__curveAt = 0;
  try {
    new PerformanceObserver(function(l){ for (const e of l.getEntries()) { if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push([Math.round(e.startTime), +e.value.toFixed(5), (e.sources || []).map(function(x){ const n = x.node; return n ? (n.id || n.className || n.nodeName) + "" : "?"; }).join(" ")]); } } }).observe({type: "layout-shift", buffered: true});
  } catch (e) {}
  (function f(){
    const p = document.querySelector("path.theory-ta");
    if (p && (p.getAttribute("d") || "").split("L").length > 20) { window.__curveAt = performance.now(); return; }
    requestAnimationFrame(f);
  })();
  document.addEventListener("DOMContentLoaded", function(){
    window.__pre = document.body.firstElementChild;
    const p = document.querySelector("#phase-3 path.theory-ta");
    window.__preD = p ? p.getAttribute("d") : "";
  });
})()`

// TestPrerenderedDiagram checks the first paint without WebAssembly: the
// served index.html already holds the default phase diagram with its
// theory curves, a browser without JavaScript shows it, and the live page
// takes it over with the same curves and no layout shift.
func TestPrerenderedDiagram(t *testing.T) {
	s := startServer(t, "")
	requireSite(t)

	// 1. The HTML as served, before any script runs.
	resp, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	html := string(raw)
	for _, want := range []string{`data-theory="1"`, `id="phase-0"`, `id="phase-3"`, `id="ratio"`, `class="theory-ta"`, `class="theory-tb"`, `class="region region-uni"`, `<noscript>`} {
		if !strings.Contains(html, want) {
			t.Errorf("served index.html lacks %s", want)
		}
	}
	long := regexp.MustCompile(`<path class="theory-tb" d="M[^"]*(?: L[^"]*){40,}"`)
	if n := len(long.FindAllString(html, -1)); n != 4 {
		t.Errorf("served index.html has %d t_B theory curves of 40+ segments, want one per panel (4)", n)
	}
	if strings.Contains(html, "NaN") {
		t.Error("served index.html contains NaN")
	}
	// Boolean attributes are present only when true: selected="false"
	// would select every option of a control.
	if m := regexp.MustCompile(` (selected|checked|disabled)="false"`).FindString(html); m != "" {
		t.Errorf("served index.html has%s", m)
	}

	// 2. Without JavaScript the diagram is there and the page says what it
	// needs for the rest.
	b := newBrowser(t, 1280, 800)
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.Navigate(s.URL+"/"))
	time.Sleep(300 * time.Millisecond)
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, b, `document.querySelectorAll('path.theory-ta').length`); n < 4 {
		t.Errorf("without JavaScript: %d t_A curves shown, want 4", n)
	}
	if txt := eval[string](t, b, `(document.querySelector('noscript p') || {}).textContent || ''`); !strings.Contains(txt, "JavaScript") {
		t.Errorf("without JavaScript the page does not say what it needs: %q", txt)
	}
	// The controls show the default experiment.
	if x, series := eval[string](t, b, `document.querySelector('#ctl-x').value`), eval[string](t, b, `document.querySelector('#ctl-series').value`); x != "rho" || series != "fusion" {
		t.Errorf("without JavaScript the controls show x = %q, series = %q; want rho and fusion", x, series)
	}
	b.screenshot(t, "no-javascript")

	// 3. With JavaScript: the curve is painted at once, the live page
	// replaces the prerendered tree with the same drawing, nothing shifts.
	c := newBrowser(t, 1280, 800)
	if _, err := chromedp.Call(c.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstPaintJS}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, c, readyJS, 60*time.Second)
	ready := time.Since(start)
	waitJS(t, c, simsDoneJS, 90*time.Second)
	complete := time.Since(start)
	curveAt := eval[float64](t, c, `window.__curveAt`)
	if eval[bool](t, c, `window.__pre === document.body.firstElementChild`) {
		t.Error("the live page did not replace the prerendered tree")
	}
	pre := eval[string](t, c, `window.__preD`)
	live := eval[string](t, c, `document.querySelector("#phase-3 path.theory-ta").getAttribute("d")`)
	if pre == "" || pre != live {
		t.Errorf("the live t_A curve differs from the prerendered one:\n%.120s\n%.120s", pre, live)
	}
	cls := eval[float64](t, c, `window.__cls`)
	logf(t, "prerender: first theory curve painted %.0f ms after navigation; page live after %.2fs; default diagram complete after %.2fs; cumulative layout shift %.4f %s",
		curveAt, ready.Seconds(), complete.Seconds(), cls, eval[string](t, c, `JSON.stringify(window.__shifts)`))
	if curveAt <= 0 {
		t.Error("no theory curve was painted")
	}
	// The live page must not move what the visitor already sees: a layout
	// shift score of 0.01 is a tenth of what Chrome calls "good".
	if cls > 0.01 {
		t.Errorf("cumulative layout shift %.4f (limit 0.01): the live page moved the prerendered content", cls)
	}
}
