package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// PrerenderHTML is the page as its first render draws it at an address
// (location.search) whose figure is described by fig: `make build` writes
// it into index.html, so a visitor sees the figure before WebAssembly has
// loaded, and the page then replaces it with an identical tree.
func PrerenderHTML(search string, fig *protocol.Figure) string {
	return falseAttrs.Replace(collapseSpace(app.HTMLString(staticPage(search, fig))))
}

// staticPage is the page at an address, started with the figure fig
// (nil: not described) and never starting a worker: rendered, it is the
// page's first render.
func staticPage(search string, fig *protocol.Figure) *Page {
	p := &Page{}
	p.init(search)
	p.pool.offline = true
	p.start(FigureQuery(search), fig)
	return p
}

// falseAttrs removes the boolean attributes that go-app's HTML encoder
// writes as ="false": in HTML their presence alone means true (every
// option of a select would be selected).
var falseAttrs = strings.NewReplacer(` selected="false"`, "", ` checked="false"`, "", ` disabled="false"`, "",
	` readonly="false"`, "", ` hidden="false"`, "", ` required="false"`, "", ` multiple="false"`, "", ` open="false"`, "")

// FigureQuery is the query whose figure an address shows: preset=NAME, or
// the parameters of the phase diagram.
func FigureQuery(search string) string {
	s, _ := ParseSearch(search)
	return figureQueryOf(s, ParseView(search))
}

// collapseSpace removes the indentation go-app's HTML encoder puts between
// tags: the browser would draw it as spaces the live page does not have.
func collapseSpace(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.Index(s, ">")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '<' {
			s = s[j:]
		}
	}
	return b.String()
}
