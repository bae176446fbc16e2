//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// violationsJS records every Content-Security-Policy violation from the
// start of each document.
const violationsJS = `window.__csp = []; document.addEventListener("securitypolicyviolation", function(e){ window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber); });`

// TestContentSecurityPolicy loads the page under its policy (own origin,
// WebAssembly, the page's inline scripts by hash; no inline style, no other
// origin) and uses it — a sweep, a live run, a PNG export, a preset — with
// no violation reported.
func TestContentSecurityPolicy(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: violationsJS}); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.Navigate(s.URL+"/"+smallQuery))
	waitJS(t, b, readyJS, 60*time.Second)
	checkPrecompiled(t, b) // the compile worker runs the page's module under the policy too
	policy := eval[string](t, b, `(document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || ""`)
	for _, want := range []string{"default-src 'self'", "'wasm-unsafe-eval'", "style-src 'self';", "object-src 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("policy %q lacks %s", policy, want)
		}
	}
	if strings.Contains(policy, "unsafe-inline") || strings.Contains(policy, "*") {
		t.Errorf("policy %q allows inline code or any origin", policy)
	}
	waitJS(t, b, simsDoneJS, 120*time.Second)
	eval[bool](t, b, captureJS)
	if d := clickDownload(t, b, "export-diagram-png"); d.Type != "image/png" {
		t.Errorf("PNG export under the policy: %q", d.Type)
	}
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("train").click()`))
	waitJS(t, b, `+document.querySelector('#live').dataset.step > 0`, 30*time.Second)
	if v := eval[string](t, b, `JSON.stringify(window.__csp)`); v != "[]" {
		t.Errorf("policy violations on the start page: %s", v)
	}
	b.do(t, chromedp.Navigate(s.URL+"/?preset=misattribution"))
	waitJS(t, b, `!!document.querySelector('#preset[data-name="misattribution"] .fig-panel') && +document.querySelector('#preset').dataset.simsDone > 0`, 60*time.Second)
	if v := eval[string](t, b, `JSON.stringify(window.__csp)`); v != "[]" {
		t.Errorf("policy violations on a preset: %s", v)
	}
	logf(t, "content security policy: %s", policy)
}
