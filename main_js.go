//go:build js && wasm

// The browser side of the main package: compiled to WebAssembly (web/app.wasm)
// it mounts the unibias page (package app) into index.html's first body
// element. Every path but those of the site's files (fileLinks) maps to the
// page, so the site works at the root, under any sub-path and inside an
// iframe. The same module runs in the page's Web Workers (web/worker.js),
// where it answers the page's requests (package worker): a visitor downloads
// and compiles one module, not two.
package main

import (
	"encoding/json"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "unibias/app"
	"unibias/worker"
)

func main() {
	if js.Global().Get("unibiasWorker").Truthy() {
		worker.Run() // in a worker: web/worker.js set the flag
		return
	}
	// The page's heap is small (tens of MB) and every collection stops the
	// only thread: collect less often so no collection lands in a frame
	// during a sweep (frame gaps measured in e2e/page_test.go).
	debug.SetGCPercent(400)
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&ui.Page{}))
	fileLinks()
	// In the worker that compiles the page's module (web/compile.js), the
	// program only runs the page's start-up code once, so that the browser
	// has it compiled when the page starts (app.Precompile).
	if w := js.Global().Get("unibiasPrecompile"); w.Truthy() {
		if err := ui.Precompile(w.Get("search").String(), w.Get("prerendered").String(), w.Get("preset").String()); err != nil {
			w.Set("error", err.Error())
		}
		w.Set("done", true)
		return
	}
	// Go's start-up and the page's first render are separate tasks: a
	// frame can be painted in between.
	time.Sleep(time.Millisecond)
	app.RunWhenOnBrowser()
}

// fileLinks lets the browser open the site's files the page links to
// (docs/theory.md) itself: go-app shows the page for every address of the
// site it navigates to, unless the address starts with one of its
// GOAPP_INTERNAL_URLS (ui.FileURLs), which it reads from
// window.goappGetenv; every other go-app setting stays empty, as without it.
// goappGetenv is Reflect.get bound to an object without prototype, not a Go
// function: go-app calls it several times as it starts, and a call into Go
// from JavaScript costs a switch of goroutines each time.
func fileLinks() {
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return
	}
	files, _ := json.Marshal(ui.FileURLs(doc.Get("baseURI").String()))
	env := js.Global().Get("Object").Call("create", js.Null())
	env.Set("GOAPP_INTERNAL_URLS", string(files))
	js.Global().Set("goappGetenv", js.Global().Get("Reflect").Get("get").Call("bind", js.Null(), env))
}
