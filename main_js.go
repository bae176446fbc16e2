//go:build js && wasm

// The browser side of the main package: compiled to WebAssembly (web/app.wasm)
// it mounts the unibias page (package app) into index.html's first body
// element. Every path maps to the page, so the site works at the root, under
// any sub-path and inside an iframe.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "unibias/app"
)

func main() {
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&ui.Page{}))
	app.RunWhenOnBrowser()
}
