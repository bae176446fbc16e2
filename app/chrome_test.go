package app

import (
	"encoding/xml"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// wellFormed fails the test unless h is one well-formed element (the raw
// HTML go-app mounts has a single root).
func wellFormed(t *testing.T, name, h string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(h))
	d.Strict, d.Entity = true, xml.HTMLEntity
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("%s: %v in %s", name, err, h)
			}
			break
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("%s: %d root elements", name, roots)
	}
}

// The page's static parts are raw HTML with one root each: the figure
// menu links every preset and marks the one shown, the footer links the
// paper, the code and the theory and quotes the BibTeX entry verbatim, and
// text is escaped.
func TestStaticParts(t *testing.T) {
	menu := app.HTMLString(PresetMenu("drive"))
	wellFormed(t, "menu", menu)
	for _, p := range protocol.Presets {
		a := `<a href="` + html.EscapeString("?preset="+url.QueryEscape(p.Name)) + `"`
		if p.Name == "drive" {
			a += ` class="active"`
		}
		if !strings.Contains(menu, a+">"+html.EscapeString(p.Title)+"</a>") {
			t.Errorf("menu lacks %s…%s", a, p.Title)
		}
	}
	if strings.Count(menu, `class="active"`) != 1 || !strings.Contains(menu, `<a href="./">Phase diagram (start page)</a>`) {
		t.Errorf("menu for drive: %s", menu)
	}
	if start := app.HTMLString(PresetMenu("")); !strings.Contains(start, `<a href="./" class="active">`) {
		t.Errorf("menu of the start page: %s", start)
	}
	if unknown := app.HTMLString(PresetMenu("no-such")); strings.Contains(unknown, "active") {
		t.Errorf("menu of an unknown figure marks a link: %s", unknown)
	}
	footer := app.HTMLString(siteFooter())
	wellFormed(t, "footer", footer)
	for _, u := range []string{PaperURL, CodeURL, TheoryURL} {
		if !strings.Contains(footer, `href="`+u+`"`) {
			t.Errorf("footer lacks a link to %s", u)
		}
	}
	if !strings.Contains(footer, `<pre class="bibtex">`+html.EscapeString(BibTeX)+`</pre>`) {
		t.Error("footer's BibTeX entry is not verbatim")
	}
	header := app.HTMLString(siteHeader())
	wellFormed(t, "header", header)
	if !strings.Contains(header, "Zhang, Latham &amp; Saxe") || !strings.HasPrefix(header, `<header class="site-header">`) {
		t.Errorf("header: %s", header)
	}
	if got := el("p", esc(`a < b & "c"`), "title", `x"y`, "class", ""); got != `<p title="x&#34;y">a &lt; b &amp; &#34;c&#34;</p>` {
		t.Errorf("el: %s", got)
	}
}
