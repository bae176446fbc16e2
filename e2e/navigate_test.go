//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A preset figure starts no theory worker (its description is a file);
// opening its settings in the phase diagram, in the page, starts one when
// the diagram asks for its theory, and the diagram is then described by
// the worker (data-theory="1") and simulated.
func TestPresetToDiagram(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	openFigure(t, b, s.URL, "greedy", 60*time.Second)
	href := eval[string](t, b, `document.querySelector('#preset a.btn[href^="?"]').getAttribute('href')`)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector('#preset a.btn[href^="?"]').click()`))
	waitJS(t, b, `!!document.querySelector('#diagram')`, 10*time.Second)
	if got := eval[string](t, b, `location.search`); got != href {
		t.Errorf("address %q after the click, want %q", got, href)
	}
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 120*time.Second)
	if eval[bool](t, b, `!!document.querySelector('#preset')`) {
		t.Error("the preset figure is still shown")
	}
	logf(t, "preset to diagram: %s described by the theory worker and simulated", href)
}
