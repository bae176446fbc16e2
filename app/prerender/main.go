//go:build !js

// Command prerender writes the start page's first render into the built
// site's index.html (`make build` runs it): the default experiment's phase
// diagram with its theory, drawn by the same code as the live page, and
// the figure's description, which the page then shows without asking a
// worker. A visitor sees the diagram at once; with JavaScript disabled the
// page still shows it and says what it needs for the rest.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
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
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "prerender:", err)
		os.Exit(1)
	}
}

// rootDiv is the element of index.html that go-app replaces with the page.
const rootDiv = `<div id="app-root"></div>`

func run(in, out string) error {
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
	return os.WriteFile(out, bytes.Replace(shell, []byte(rootDiv), []byte(page), 1), 0o644)
}
