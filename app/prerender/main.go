//go:build !js

// Command prerender writes the start page's first render into the built
// site's index.html (`make build` runs it): the default experiment's phase
// diagram with its theory, drawn by the same code as the live page, and
// the figure's description, which the page then shows without asking a
// worker; with -presets, every preset figure's description too
// (presets.go). A visitor sees the diagram at once; with JavaScript disabled the
// page still shows it and says what it needs for the rest.
//
// With -site-url (make build SITE_URL=https://…/) the link preview (og:url,
// og:image) and the oEmbed document get absolute addresses, so a pasted
// link unfurls and an oEmbed consumer's iframe points at the site.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"net/url"
	"os"
	"strings"

	"unibias/app"
	"unibias/worker/serve"
)

// denseTheory matches the page's request (app/workers.go).
const denseTheory = 120

func main() {
	in := flag.String("in", "index.html", "page shell")
	out := flag.String("out", "site/index.html", "page written")
	oembedIn := flag.String("oembed", "oembed.json", "oEmbed document")
	oembedOut := flag.String("oembed-out", "site/oembed.json", "oEmbed document written")
	siteURL := flag.String("site-url", "", "absolute address of the published site (e.g. https://example.org/unibias/); empty: relative links")
	presets := flag.String("presets", "", "site folder to write every preset figure's description into (at web/presets/NAME.json); empty: none")
	flag.Parse()
	err := run(*in, *out, *oembedIn, *oembedOut, *siteURL)
	if err == nil && *presets != "" {
		err = writePresets(*presets)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "prerender:", err)
		os.Exit(1)
	}
}

// rootDiv is the element of index.html that go-app replaces with the page.
const rootDiv = `<div id="app-root"></div>`

func run(in, out, oembedIn, oembedOut, siteURL string) error {
	base, err := siteBase(siteURL)
	if err != nil {
		return err
	}
	shell, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if !bytes.Contains(shell, []byte(rootDiv)) {
		return fmt.Errorf("%s has no %s", in, rootDiv)
	}
	query := app.FigureQuery("")
	fig, _, err := serve.Describe(query, denseTheory)
	if err != nil {
		return err
	}
	data, err := json.Marshal(app.Prerendered{Query: query, Figure: fig})
	if err != nil {
		return err
	}
	// The description is JSON inside a script element: "</" cannot occur in
	// it unescaped.
	js := strings.ReplaceAll(string(data), "</", `<\/`)
	page := app.PrerenderHTML("", fig) +
		`<script type="application/json" id="` + app.PrerenderID + `" data-query="` + html.EscapeString(query) + `">` + js + `</script>`
	doc := strings.Replace(string(shell), rootDiv, page, 1)
	if base != "" {
		doc = strings.NewReplacer(
			`<meta property="og:image" content="web/og.png">`,
			`<meta property="og:url" content="`+html.EscapeString(base)+`">`+"\n  "+`<meta property="og:image" content="`+html.EscapeString(base+"web/og.png")+`">`,
			`href="oembed.json"`, `href="`+html.EscapeString(base+"oembed.json")+`"`,
		).Replace(doc)
	}
	doc, err = withCSP(doc)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, []byte(doc), 0o644); err != nil {
		return err
	}
	return writeOEmbed(oembedIn, oembedOut, base)
}

// charsetMeta is where the Content-Security-Policy goes: first in <head>,
// before anything it governs.
const charsetMeta = `<meta charset="utf-8">`

// withCSP adds the page's Content-Security-Policy: everything from the
// site's own origin; WebAssembly compiled ('wasm-unsafe-eval'); the page's
// own inline scripts by their hashes; images also as data: and blob: (PNG
// export); no inline style, no plug-ins, no other origin.
func withCSP(doc string) (string, error) {
	if !strings.Contains(doc, charsetMeta) {
		return "", fmt.Errorf("index.html has no %s", charsetMeta)
	}
	var hashes []string
	rest := doc
	for {
		i := strings.Index(rest, "<script>")
		if i < 0 {
			break
		}
		rest = rest[i+len("<script>"):]
		j := strings.Index(rest, "</script>")
		if j < 0 {
			return "", fmt.Errorf("index.html: unclosed <script>")
		}
		sum := sha256.Sum256([]byte(rest[:j]))
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
		rest = rest[j:]
	}
	policy := "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' " + strings.Join(hashes, " ") +
		"; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
	return strings.Replace(doc, charsetMeta, charsetMeta+"\n  "+`<meta http-equiv="Content-Security-Policy" content="`+policy+`">`, 1), nil
}

// siteBase checks the site's address and returns it ending in "/" ("" when
// not given).
func siteBase(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("SITE_URL=%q is not an absolute http(s) address of the site; give one such as https://example.org/unibias/", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// writeOEmbed writes the oEmbed document, with absolute addresses when the
// site's address is known.
func writeOEmbed(in, out, base string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if base != "" {
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("%s: %v", in, err)
		}
		doc["provider_url"] = base
		doc["thumbnail_url"] = base + "web/og.png"
		if h, ok := doc["html"].(string); ok {
			doc["html"] = strings.Replace(h, `src="./?embed=1"`, `src="`+html.EscapeString(base+"?embed=1")+`"`, 1)
		}
		if b, err = json.MarshalIndent(doc, "", "  "); err != nil {
			return err
		}
		b = append(b, '\n')
	}
	return os.WriteFile(out, b, 0o644)
}
