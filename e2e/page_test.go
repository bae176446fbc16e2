//go:build !js

package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// probeJS records the gaps between animation frames once started: a
// main-thread stall shows up as a long gap. liveMax is the longest gap
// that starts after liveAt (set by the test: the figure is live). It also keeps the browser's
// long-animation-frame entries, so that a failure can say whether page
// scripts or the rendering pipeline held the frame up.
const probeJS = `(function(){
  window.__gap = {max: 0, liveAt: 0, liveMax: 0, last: 0, n: 0, long: 0, on: true, gaps: [], loaf: []};
  function f(ts){ const g = window.__gap; if (g.last) { const d = ts - g.last; if (d > g.max) g.max = d; if (g.liveAt && g.last >= g.liveAt && d > g.liveMax) g.liveMax = d; if (d > 100) g.long++; if (d > 50) g.gaps.push([Math.round(g.last), Math.round(d)]); } g.last = ts; g.n++; if (g.on) requestAnimationFrame(f); }
  requestAnimationFrame(f);
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__gap.loaf.push({start: Math.round(e.startTime), dur: Math.round(e.duration), blocking: Math.round(e.blockingDuration),
      scripts: e.scripts.map(x => x.invoker + " " + Math.round(x.duration) + " ms")}); }).observe({type: "long-animation-frame"});
  } catch (e) {}
  return true;
})()`

const (
	readyJS    = `document.body.dataset.ready === "1"`
	theoryJS   = `!!document.querySelector('[data-theory="1"]') && document.querySelectorAll('path.theory-ta').length > 0 && document.querySelectorAll('path.theory-tb').length > 0`
	simsDoneJS = `(function(){ const d = document.querySelector('[data-sims-total]'); return !!d && +d.dataset.simsTotal > 0 && d.dataset.simsDone === d.dataset.simsTotal; })()`
)

func TestDefaultPhaseDiagram(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	start := time.Now()
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	checkPrecompiled(t, b)
	waitJS(t, b, theoryJS, 30*time.Second)
	firstRender := time.Since(start)
	// The sweep starts once the theory is drawn: probe the frames from here.
	eval[bool](t, b, probeJS)
	waitJS(t, b, simsDoneJS, 90*time.Second)
	complete := time.Since(start)
	gap := eval[float64](t, b, `window.__gap.on = false, window.__gap.max`)
	frames := eval[int](t, b, `window.__gap.n`)
	nTA := eval[int](t, b, `document.querySelectorAll('.sim-ta').length`)
	nTB := eval[int](t, b, `document.querySelectorAll('.sim-tb').length`)
	total := eval[int](t, b, `+document.querySelector('[data-sims-total]').dataset.simsTotal`)
	logf(t, "default diagram: theory drawn after %.2fs, %d simulations complete after %.2fs; worst frame gap %.0f ms over %d frames", firstRender.Seconds(), total, complete.Seconds(), gap, frames)
	if nTA == 0 || nTB == 0 {
		t.Fatalf("simulated markers missing: %d t_A, %d t_B", nTA, nTB)
	}
	if eval[int](t, b, `document.querySelectorAll('.ratio-theory').length`) == 0 || eval[int](t, b, `document.querySelectorAll('.ratio-sim').length`) == 0 {
		t.Fatal("ratio panel lacks theory or simulated marks")
	}
	long := eval[int](t, b, `window.__gap.long`)
	logf(t, "default diagram: %d of %d frames longer than 100 ms; gaps over 50 ms: %s", long, frames, eval[string](t, b, `JSON.stringify(window.__gap.gaps)`))
	// The criterion: no frame gap over 100 ms during the sweep.
	if gap > 100 {
		t.Errorf("page stalled during the sweep: worst frame gap %.0f ms (limit 100 ms); long animation frames: %s", gap, eval[string](t, b, `JSON.stringify(window.__gap.loaf)`))
	}
	if txt := eval[string](t, b, `document.body.innerText`); strings.Contains(txt, "NaN") {
		t.Error("the page shows NaN")
	}
	// Every request stayed on the site's own origin.
	for _, u := range b.Requests() {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "data" && pu.Scheme != "blob" && "http://"+pu.Host != s.URL) {
			t.Errorf("request left the origin: %s", u)
		}
	}
	if !s.Seen("web/worker.js") {
		t.Error("no worker was started")
	}
	// The workers run the page's module, compiled once and posted to them
	// (index.html, web/worker.js): nobody fetches it a second time.
	if n := s.Count("app.wasm"); n != 1 {
		t.Errorf("app.wasm was fetched %d times; the page compiles it once and posts it to every worker", n)
	}
	logModuleSize(t)
	b.screenshot(t, "default-1280")
}

func TestControlChangeUpdatesTheoryAndRestarts(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	before := eval[string](t, b, `document.querySelector('path.theory-tb').getAttribute('d')`)
	// σ_A/σ_B = 3 changes every t_B curve.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const e=document.querySelector("#ctl-ratio"); e.value="3"; e.dispatchEvent(new Event('input',{bubbles:true})); e.dispatchEvent(new Event('change',{bubbles:true}));})()`))
	waitJS(t, b, `document.querySelector('path.theory-tb') && document.querySelector('path.theory-tb').getAttribute('d') !== `+quote(before), 5*time.Second)
	// The address follows once the slider rests (app/slide.go).
	waitJS(t, b, `location.search.includes("ratio=3")`, 5*time.Second)
	// Simulations restarted: the counter went back below the total, then completes again.
	waitJS(t, b, simsDoneJS, 90*time.Second)
	if n := eval[int](t, b, `document.querySelectorAll('.sim-tb').length`); n == 0 {
		t.Fatal("no simulated markers after the change")
	}
}

func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

func TestSingleRunShowsMarks(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	b.do(t, chromedp.Navigate(s.URL+"/?depth=2&fusion=2&initscheme=entrywise&init=1e-9&points=3&values=2"))
	waitJS(t, b, readyJS, 60*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector("#train").click()`))
	waitJS(t, b, `(function(){const l=document.querySelector('#live'); return !!l && (l.dataset.status === 'converged') && document.querySelectorAll('#live .live-ta').length > 0 && document.querySelectorAll('#live .live-tb').length > 0;})()`, 60*time.Second)
	b.screenshot(t, "live-run")
}

func TestSubPath(t *testing.T) {
	s := startServer(t, "/unibias/")
	b := newBrowser(t, 1280, 800)
	b.do(t, chromedp.Navigate(s.URL+"/unibias/?preset=portrait"))
	waitJS(t, b, readyJS, 60*time.Second)
	checkPrecompiled(t, b) // web/compile.js found ../wasm_exec.js under the sub-path
	b.do(t, chromedp.Navigate(s.URL+"/unibias/?points=3&values=4"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 90*time.Second)
	if !s.Seen("/unibias/web/worker.js") || !s.Seen("/unibias/web/app.wasm") {
		t.Error("module or workers not loaded under the sub-path")
	}
	// The footer's link opens the document itself, not the page again at
	// its address (go-app navigates in the page to the site's addresses).
	b.do(t, chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('footer a')].find(a => a.getAttribute('href') === 'docs/theory.md').click()`))
	opened := `location.pathname === "/unibias/docs/theory.md" && document.body.innerText.startsWith("# The theory behind unibias")`
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		// The document is replaced meanwhile: an evaluation may fail.
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](opened)); err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the footer's docs/theory.md link did not open the document: at %s", eval[string](t, b, `location.href`))
		}
	}
}

func TestCrossOriginIframe(t *testing.T) {
	site := startServer(t, "")
	parent := startParent(t, site.URL+"/?points=3&values=4")
	b := newBrowser(t, 1000, 900)
	b.do(t, chromedp.Navigate(parent))
	// The embedded app boots and starts its workers inside the iframe.
	deadline := time.Now().Add(60 * time.Second)
	for !site.Seen("web/worker.js") {
		if time.Now().After(deadline) {
			t.Fatal("embedded app never started its workers")
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.screenshot(t, "iframe")
}

// TestEmbedOutOfView: a page embedded below the fold of a project site on
// another site (an iframe with a process of its own, where the browser
// paints no frame while it is out of view) still runs its figure, and its
// panels come in while the simulations run: what the page defers to the
// next frame (app/afterpaint.go) runs anyway.
func TestEmbedOutOfView(t *testing.T) {
	site := startServer(t, "")
	other := strings.Replace(site.URL, "127.0.0.1", "localhost", 1) // another site
	parent := serveParent(t, `<div style="height:3000px">The project site's text.</div>`, other+"/?embed=1&preset=remedies")
	b := newBrowser(t, 1000, 800)
	b.do(t, chromedp.Navigate(parent))
	if eval[bool](t, b, `document.getElementById("ub").getBoundingClientRect().top < innerHeight`) {
		t.Fatal("the iframe is in view")
	}
	in := iframeBrowser(t, b, "preset=remedies")
	waitJS(t, in, readyJS, 60*time.Second)
	start := time.Now()
	eval[bool](t, in, `window.__frames = 0, (function f(){ window.__frames++; requestAnimationFrame(f); })(), true`)
	// Panels and simulations, polled until every simulation is done.
	var state struct {
		Panels int  `json:"panels"`
		Done   bool `json:"done"`
	}
	early := 0 // the most panels drawn while simulations still ran
	for !state.Done {
		if time.Since(start) > 60*time.Second {
			t.Fatalf("the embedded figure did not finish: %+v", state)
		}
		if err := json.Unmarshal([]byte(eval[string](t, in, `JSON.stringify((function(){const p=document.querySelector('#preset'); return {panels: document.querySelectorAll('#preset .fig-panel').length, done: !!p && +p.dataset.simsTotal > 0 && p.dataset.simsDone === p.dataset.simsTotal};})())`)), &state); err != nil {
			t.Fatal(err)
		}
		if !state.Done {
			early = max(early, state.Panels)
		}
		time.Sleep(50 * time.Millisecond)
	}
	logf(t, "embedded out of view: %d animation frames in %.1fs; %d panels drawn while the simulations ran, %d at the end", eval[int](t, in, `window.__frames`), time.Since(start).Seconds(), early, state.Panels)
	if early == 0 {
		t.Error("no panel came in while the simulations ran")
	}
	waitJS(t, in, `!document.querySelector('#preset .fig-slot')`, 10*time.Second)
}

// iframeBrowser is the iframe of b whose address contains frag, as a
// browser of its own (an iframe on another site is a target of its own).
func iframeBrowser(t *testing.T, b *browser, frag string) *browser {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ts, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.Type == "iframe" && strings.Contains(x.URL, frag) {
				ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(x.TargetID))
				t.Cleanup(cancel)
				return &browser{ctx: ctx}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no iframe at %s", frag)
	return nil
}

func TestPhoneWidth(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 390, 844)
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 392 {
		t.Errorf("page scrolls horizontally at phone width: scrollWidth %d", w)
	}
	waitJS(t, b, simsDoneJS, 90*time.Second)
	b.screenshot(t, "default-390")
}

// TestReadyMeansLive: the moment the page says it is ready (the marker the
// other tests wait for) its controls answer. The prerendered sections come
// alive in steps (app/takeover.go); an input on a control the instant the
// marker appears changes the theory, as it does later.
func TestReadyMeansLive(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	b.do(t, chromedp.Navigate(s.URL+"/"))
	eval[bool](t, b, `(function(){
	  new MutationObserver((ms, o) => {
	    if (document.body.dataset.ready !== "1") return;
	    o.disconnect();
	    window.__before = document.querySelector('path.theory-tb').getAttribute('d');
	    const e = document.querySelector("#ctl-ratio");
	    e.value = "3";
	    e.dispatchEvent(new Event('input', {bubbles: true}));
	    e.dispatchEvent(new Event('change', {bubbles: true}));
	  }).observe(document.body, {attributes: true});
	  return true;
	})()`)
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, `document.querySelector('path.theory-tb').getAttribute('d') !== window.__before`, 5*time.Second)
}
