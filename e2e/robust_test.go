//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// textOf returns the text of the first element matching a CSS selector
// ("" when there is none).
func textOf(t *testing.T, b *browser, sel string) string {
	t.Helper()
	return eval[string](t, b, `(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`)
}

// noNaNJS is true when no visible text of the page says NaN.
const noNaNJS = `!/\bNaN\b/.test(document.body.innerText)`

// TestDivergingRun: at η = 1.5 gradient descent diverges. The runs stop
// early, the readout and the figure say so, the theory is marked as not
// holding, and one click sets the engine's safe rate, after which the
// sweep runs without diverging.
func TestDivergingRun(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?lr=1.5&points=3&values=2,4&steps=3000"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, simsDoneJS, 120*time.Second)
	waitJS(t, b, `!!document.getElementById("diverged")`, 10*time.Second)
	msg := textOf(t, b, "#diverged")
	if !strings.Contains(msg, "diverged at η = 1.5") || !strings.Contains(msg, "does not apply") {
		t.Errorf("divergence message %q", msg)
	}
	if a := textOf(t, b, ".readout .agreement"); !strings.Contains(a, "gradient descent diverged") {
		t.Errorf("readout %q does not say the runs diverged", a)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#diagram-panels .diverged-label").length`); n == 0 {
		t.Errorf("no panel says that gradient descent diverged")
	}
	if !eval[bool](t, b, noNaNJS) {
		t.Errorf("NaN on the page")
	}
	button := textOf(t, b, "#use-safe-lr")
	if !strings.HasPrefix(button, "Use the safe rate η = ") {
		t.Fatalf("no safe-rate button (%q)", button)
	}
	b.screenshot(t, "robust-diverged-1280")
	safe := strings.TrimPrefix(button, "Use the safe rate η = ")
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("use-safe-lr").click()`))
	waitJS(t, b, `location.search.includes("lr=`+safe+`")`, 10*time.Second)
	waitJS(t, b, `(function(){ const d = document.querySelector('[data-sims-total]'); return +d.dataset.simsTotal > 0 && d.dataset.simsDone === d.dataset.simsTotal && !document.getElementById("diverged"); })()`, 180*time.Second)
	logf(t, "diverging run: %q; safe rate %s applied, no divergence after it", msg, safe)
}

// TestCrashedWorker kills the busy simulation worker in the middle of a
// sweep (as a crash would end it): the page reports it, replaces it,
// retries its job and finishes the sweep with every run measured.
func TestCrashedWorker(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/"+smallQuery))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, `+document.querySelector('[data-sims-total]').dataset.simsDone >= 1`, 120*time.Second)
	killed := eval[string](t, b, `window.unibiasKillWorker("sim")`)
	if !strings.HasPrefix(killed, "sim") {
		t.Fatalf("no simulation worker killed (%q)", killed)
	}
	done := eval[int](t, b, `+document.querySelector('[data-sims-total]').dataset.simsDone`)
	waitJS(t, b, simsDoneJS, 180*time.Second)
	notices := textOf(t, b, ".notices")
	if !strings.Contains(notices, "worker "+killed+" stopped (killed by unibiasKillWorker)") || !strings.Contains(notices, "replaced") {
		t.Errorf("notices %q do not report the lost worker", notices)
	}
	if c := textOf(t, b, ".readout .count"); strings.Contains(c, "without learning times") {
		t.Errorf("runs failed after the worker was replaced: %q", c)
	}
	// The theory worker too: the next change of a control is described by
	// its replacement.
	if th := eval[string](t, b, `window.unibiasKillWorker("theory")`); th != "theory" {
		t.Fatalf("theory worker not killed (%q)", th)
	}
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){ const i = document.querySelector('input[name="rho"]') || document.getElementById("ctl-rho"); if (!i) return; i.value = "0.6"; i.dispatchEvent(new Event("input", {bubbles: true})); i.dispatchEvent(new Event("change", {bubbles: true})); })()`))
	waitJS(t, b, `document.querySelector('[data-theory]').dataset.theory === "1"`, 60*time.Second)
	b.screenshot(t, "robust-worker-replaced-1280")
	logf(t, "crashed worker: killed %s after %d runs; the sweep finished; notices: %q", killed, done, notices)
}

// TestHostileURL: junk, out-of-range, enormous and script-like values in
// the address are clamped or replaced with a notice naming the value; no
// script runs, nothing says NaN, and the sweep finishes.
func TestHostileURL(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	dialogs := make(chan string, 4)
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs <- e.Message
			go chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("9", 5000)
	q := "?depth=1e400&fusion=-3&rho=NaN&width=%00&init=0&lr=-Infinity&steps=%3Cscript%3Ealert(1)%3C/script%3E" +
		"&x=__proto__&series=constructor&values=1,2,3,4,5,6,7,8,9,10,11,12,13&from=" + long + "&points=3&ratio=%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E" +
		"&data=../../etc/passwd&embed=%3Csvg%20onload=alert(3)%3E&hide=%3Cb%3E&rho=0.3&rho=%3Ci%3E"
	b.do(t, chromedp.Navigate(s.URL+"/"+q))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, simsDoneJS, 180*time.Second)
	select {
	case m := <-dialogs:
		t.Fatalf("a script from the address ran: dialog %q", m)
	default:
	}
	if n := eval[int](t, b, `document.querySelectorAll("img[src='x'], svg[onload], b").length`); n != 0 {
		t.Errorf("%d elements injected from the address", n)
	}
	if !eval[bool](t, b, noNaNJS) {
		t.Errorf("NaN on the page")
	}
	notices := textOf(t, b, ".notices")
	for _, want := range []string{`depth="1e400": not a number`, "fusion=-3 is outside", `rho="<i>": not a number`, "lr=-Inf is outside",
		`steps="<script>alert(1)</script>": not a number`, `x="__proto__"`, "at most 12 values", `data="../../etc/passwd"`, " … "} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q", want)
		}
	}
	b.screenshot(t, "robust-hostile-url-1280")
	logf(t, "hostile URL: notices %q", notices)
}

// TestOverBudgetConfiguration: issue 14's configuration (width 1000, depth
// 8, ReLU on 200 000 samples) does not start silently: the cost is shown
// beside the controls, the sweep waits with the estimate, the page's limit
// and the command line, and "Run anyway" starts it.
func TestOverBudgetConfiguration(t *testing.T) {
	s := startServer(t, "")
	for _, w := range []int{1280, 390} {
		b := newBrowser(t, w, 900)
		b.do(t, chromedp.Navigate(s.URL+"/?width=1000&depth=8&fusion=8&samples=200000&act=relu&points=2&values=8"))
		waitJS(t, b, readyJS, 60*time.Second)
		waitJS(t, b, `!!document.getElementById("cost-held")`, 60*time.Second)
		held := textOf(t, b, "#cost-held")
		for _, want := range []string{"Not started", "multiply-adds", "above the page's limit of 2.0e10", "Run anyway", "unibias sweep --depth 8 --fusion 8 --width 1000 --act relu --samples 200000"} {
			if !strings.Contains(held, want) {
				t.Errorf("%d px: held message lacks %q: %q", w, want, held)
			}
		}
		if v := eval[string](t, b, `document.getElementById("cost-note").dataset.over`); v != "true" {
			t.Errorf("%d px: the cost note does not say the figure is over the limit (%q)", w, v)
		}
		if note := textOf(t, b, "#cost-note"); !strings.Contains(note, "The page asks before starting simulations above") {
			t.Errorf("%d px: cost note %q does not state the limit", w, note)
		}
		time.Sleep(2 * time.Second)
		if n := eval[int](t, b, `+document.querySelector('[data-sims-total]').dataset.simsDone`); n != 0 {
			t.Errorf("%d px: %d runs done while held", w, n)
		}
		b.screenshot(t, "robust-over-budget-"+itoa(w))
		if w == 1280 {
			b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("cost-run-anyway").click()`))
			waitJS(t, b, `!document.getElementById("cost-held") && /elapsed/.test(document.querySelector(".readout .elapsed").textContent)`, 30*time.Second)
		}
		logf(t, "over budget at %d px: %q", w, held)
	}
}

// TestWithoutWebAssemblyOrWorkers: where WebAssembly is missing the page
// keeps its prerendered figure and says why nothing runs; where Workers
// are missing the live page says simulations are unavailable.
func TestWithoutWebAssemblyOrWorkers(t *testing.T) {
	s := startServer(t, "")
	for _, c := range []struct{ remove, want string }{
		{"WebAssembly", "This browser cannot run WebAssembly"},
		{"Worker", "simulations are unavailable: workers cannot run in this browser (this browser has no Web Workers)"},
	} {
		b := newBrowser(t, 1280, 900)
		if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: "delete window." + c.remove + ";"}); err != nil {
			t.Fatal(err)
		}
		b.do(t, chromedp.Navigate(s.URL+"/"))
		waitJS(t, b, `document.body.innerText.includes(`+jsString(c.want)+`)`, 60*time.Second)
		if n := eval[int](t, b, `document.querySelectorAll("#diagram-panels svg").length`); n == 0 {
			t.Errorf("without %s: the prerendered figure is gone", c.remove)
		}
		b.screenshot(t, "robust-no-"+strings.ToLower(c.remove))
		logf(t, "without %s: the page says %q", c.remove, c.want)
	}
}
