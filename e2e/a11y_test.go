//go:build !js

package e2e

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core, installed by `make test-e2e` (npm, exact version,
// no lockfile) into e2e/node_modules.
const axePath = "node_modules/axe-core/axe.min.js"

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// audit runs axe-core on the current page and returns its violations.
func audit(t *testing.T, b *browser) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core missing (%v): make test-e2e installs it", err)
	}
	eval[bool](t, b, string(src)+";true")
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestAccessibilityAudit runs axe-core (WCAG rules) on the start page after
// its sweep, on a preset figure and in presenter mode, and fails on any
// violation, whatever its impact.
func TestAccessibilityAudit(t *testing.T) {
	s := startServer(t, "")
	for _, c := range []struct{ name, path, done string }{
		{"start page", "/", simsDoneJS},
		{"preset", "/?preset=misattribution", `(function(){const p=document.querySelector('#preset'); return !!p && +p.dataset.simsTotal > 0 && p.dataset.simsDone === p.dataset.simsTotal;})()`},
		{"presenter", "/?present=1&points=3", simsDoneJS},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t, 1280, 800)
			b.do(t, chromedp.Navigate(s.URL+c.path))
			waitJS(t, b, readyJS, 60*time.Second)
			waitJS(t, b, c.done, 120*time.Second)
			vs := audit(t, b)
			logf(t, "axe-core on %s: %d violations", c.name, len(vs))
			for _, v := range vs {
				t.Errorf("axe %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
			}
		})
	}
}
