package app

import (
	"encoding/json"
	"html"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Links of the paper, the reference code and the project's account of the
// theory (docs/theory.md), shown in the footer and in README.
const (
	PaperURL  = "https://arxiv.org/abs/2312.00935"
	CodeURL   = "https://github.com/yedizhang/unimodal-bias"
	TheoryURL = "docs/theory.md"
)

// BibTeX cites the paper whose theory the page implements.
const BibTeX = `@inproceedings{zhang2024unimodal,
  title         = {Understanding Unimodal Bias in Multimodal Deep Linear Networks},
  author        = {Zhang, Yedi and Latham, Peter E. and Saxe, Andrew},
  booktitle     = {Proceedings of the 41st International Conference on Machine Learning},
  series        = {Proceedings of Machine Learning Research},
  volume        = {235},
  pages         = {59100--59125},
  publisher     = {PMLR},
  year          = {2024},
  eprint        = {2312.00935},
  archivePrefix = {arXiv},
  url           = {https://arxiv.org/abs/2312.00935}
}`

// The page's static parts — its header, its footer and the figure menu
// (preset.go), about 120 elements — are raw HTML. go-app mounts each
// element it builds with several calls from Go into JavaScript (create it,
// set each attribute, append it), where raw HTML is one element the browser
// parses; on a fresh browser's first render every such call runs at a
// fraction of a core (README, "Keeping the page smooth"). A whole-page
// redraw then compares one string per part, not every element.
// go-app follows clicks on links in raw HTML like any other (it handles
// them for the whole window).

// el is the HTML element tag with the attributes attrs (name, value pairs)
// around the HTML body.
func el(tag string, body string, attrs ...string) string {
	var b strings.Builder
	b.WriteString("<" + tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			b.WriteString(" " + attrs[i] + `="` + html.EscapeString(attrs[i+1]) + `"`)
		}
	}
	b.WriteString(">" + body + "</" + tag + ">")
	return b.String()
}

// esc is text as HTML.
func esc(text string) string { return html.EscapeString(text) }

// siteHeader is the page's title and one-paragraph explanation.
func siteHeader() app.UI { return app.Raw(headerHTML) }

var headerHTML = el("header",
	el("h1", el("span", "unibias", "class", "brand")+el("span", esc("when does a multimodal network learn each modality?"), "class", "subtitle"))+
		el("p", esc("A network fed two modalities learns the stronger one first and may ignore the other for a long time. "+
			"The theory of Zhang, Latham & Saxe (ICML 2024) predicts when each is learned; here it stands beside networks trained live in your browser."), "class", "explain"),
	"class", "site-header")

// siteFooter credits the paper and the reference code, links the theory
// and gives a BibTeX entry.
func siteFooter() app.UI { return app.Raw(footerHTML) }

var footerHTML = el("footer",
	el("p", esc("Theory: Y. Zhang, P. E. Latham, A. Saxe, ")+
		el("a", esc("“Understanding Unimodal Bias in Multimodal Deep Linear Networks”"), "href", PaperURL)+
		esc(", ICML 2024 (arXiv 2312.00935) · reference code: ")+
		el("a", "yedizhang/unimodal-bias", "href", CodeURL)+
		esc(" · the mathematics as implemented here: ")+
		el("a", esc(TheoryURL), "href", TheoryURL))+
		el("details", el("summary", "Cite (BibTeX)")+el("pre", esc(BibTeX), "class", "bibtex"))+
		el("p", esc("Everything runs in this tab: Go compiled to WebAssembly, Web Workers for the training; nothing is sent anywhere. "+
			"Times are in gradient steps; theory time t = η·steps. The page address holds the parameters: copy it to share this view.")),
	"class", "site-footer")

// PrerenderID is the id of the script element in which `make build` stores
// the prerendered figure's description (Prerendered).
const PrerenderID = "unibias-prerender"

// Prerendered is the description of the figure prerendered into index.html
// for a page query: the page shows it at once, without asking a worker.
type Prerendered struct {
	Query  string           `json:"query"`
	Figure *protocol.Figure `json:"figure"`
}

// prerendered reads the prerendered description from the page if it
// describes the figure query (its data-query attribute).
func prerendered(query string) (string, *protocol.Figure) {
	if !app.IsClient {
		return "", nil
	}
	el := app.Window().GetElementByID(PrerenderID)
	if !el.Truthy() || el.Get("dataset").Get("query").String() != query {
		return "", nil
	}
	var pr Prerendered
	if err := json.Unmarshal([]byte(el.Get("textContent").String()), &pr); err != nil {
		return "", nil
	}
	return pr.Query, pr.Figure
}

// reportHeight tells an embedding page the document height whenever it
// changes ({"type":"unibias:height","height":N}), so it can size its iframe.
func reportHeight() {
	win := app.Window()
	parent := win.Get("parent")
	if !parent.Truthy() || parent.Equal(win.Get("self")) || !win.Get("ResizeObserver").Truthy() {
		return
	}
	last := 0
	doc := win.Get("document").Get("documentElement")
	cb := app.FuncOf(func(this app.Value, args []app.Value) any {
		h := doc.Get("scrollHeight").Int()
		if h != last {
			last = h
			parent.Call("postMessage", `{"type":"unibias:height","height":`+itoa(h)+`}`, "*")
		}
		return nil
	})
	win.Get("ResizeObserver").New(cb).Call("observe", win.Get("document").Get("body"))
}
