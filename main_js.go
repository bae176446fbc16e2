//go:build js && wasm

// The browser side of the main package: compiled to WebAssembly (web/app.wasm)
// it mounts the unibias page (package app) into index.html's first body
// element. Every path maps to the page, so the site works at the root, under
// any sub-path and inside an iframe.
package main

import (
	"runtime/debug"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "unibias/app"
)

func main() {
	// The page's heap is small (tens of MB) and every collection stops the
	// only thread: collect less often so no collection lands in a frame
	// during a sweep (frame gaps measured in e2e/page_test.go).
	debug.SetGCPercent(400)
	// Go's start-up and the page's first render are separate tasks: a
	// frame can be painted in between.
	time.Sleep(time.Millisecond)
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&ui.Page{}))
	app.RunWhenOnBrowser()
}
