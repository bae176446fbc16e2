package app

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// precompiling is set while Precompile mounts the page: its lifecycle
// then starts nothing (no address read, no worker, no listener).
var precompiling bool

// Precompile runs the code the page runs as it starts, once, away from the
// page's thread: web/compile.js calls it (main_js.go) in the worker that
// compiles app.wasm, with a stand-in document, before it hands the module
// to the page. A browser compiles each WebAssembly function when it is
// first called (Chromium: about 1,770 functions, 0.2 s, at this page's
// start on this project's machines) and every thread that uses the module
// shares what was compiled, so the page then finds most of its start-up
// code compiled instead of compiling it between two frames.
//
// search is the page's address (location.search); prerendered the text of
// index.html's prerendered description (Prerendered), and preset the
// prebuilt description of the address's preset (web/presets/NAME.json):
// either may be empty. The page is mounted with its description, then
// redrawn; it starts no worker and schedules nothing (go-app's test engine
// would wait for what is scheduled). The error says what failed, a panic
// included.
func Precompile(search, prerendered, preset string) error {
	_, err := precompile(search, prerendered, preset)
	return err
}

// precompile is Precompile, returning the page it mounted.
func precompile(search, prerendered, preset string) (p *Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	precompiling = true
	defer func() { precompiling = false }()
	query := FigureQuery(search)
	p = staticPage(search, precompiledFigure(search, query, prerendered, preset))
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		return p, err
	}
	e.ConsumeAll()
	if p.ctx.Src() != nil { // mounted (in a browser: OnMount)
		p.ctx.Update() // redrawn, as when results arrive
		e.ConsumeAll()
	}
	// The start of the figure's simulations, with a throwaway controller.
	precompileJobs(p, query, p.sweep.Figure())
	// Every worker message is decoded as the ready message is.
	isReady(`{"type":"ready"}`)
	// The page pauses (main_js.go) and waits on timers and channels: the
	// scheduler's code.
	time.Sleep(time.Millisecond)
	return p, nil
}

// precompiledFigure is the description the page will show at search: the
// preset's prebuilt one, or the prerendered one when it is the query's.
func precompiledFigure(search, query, prerendered, preset string) *protocol.Figure {
	if v := ParseView(search); v.Preset != "" {
		return decodePrebuilt(v.Preset, preset)
	}
	var pr Prerendered
	if json.Unmarshal([]byte(prerendered), &pr) != nil || pr.Query != query {
		return nil
	}
	return pr.Figure
}
