package app

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// A staged page first draws its frame — header, an empty main column
// marked busy, footer — without toolbar, figure menu or figure, and starts
// no controller until unstage runs its start; all is then drawn.
func TestStagedFirstRender(t *testing.T) {
	for _, tc := range []struct{ search, figure string }{
		{"?preset=remedies", `class="preset"`},
		{"?ratio=3", `id="diagram"`},
	} {
		p := &Page{}
		p.init(tc.search)
		started := 0
		p.stage(func() { started++; p.start(FigureQuery(tc.search), nil) })
		html := app.HTMLString(p)
		for _, want := range []string{"site-header", `id="main"`, `aria-busy`, "site-footer"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: staged render lacks %q", tc.search, want)
			}
		}
		if strings.Contains(html, tc.figure) || strings.Contains(html, "preset-menu") || strings.Contains(html, "classroom-bar") || started != 0 || p.sweep.Gen() != 0 {
			t.Errorf("%s: staged render drew more than the frame or started the figure (started %d, gen %d)", tc.search, started, p.sweep.Gen())
		}
		called := false
		p.unstageNow(func() { called = true })
		html = app.HTMLString(p)
		if started != 1 || !called || p.staged != nil || p.sweep.Gen() != 1 {
			t.Fatalf("%s: unstage: started %d, then called %v, gen %d", tc.search, started, called, p.sweep.Gen())
		}
		for _, want := range []string{tc.figure, "preset-menu", "classroom-bar"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: after unstage the page lacks %q", tc.search, want)
			}
		}
		if strings.Contains(html, `aria-busy`) {
			t.Errorf("%s: after unstage the column is still busy", tc.search)
		}
	}
}
