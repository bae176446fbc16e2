package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The workers' shared module. The workers run the page's own module
// (web/worker.js, main_js.go). index.html compiles it once, off the page's
// thread, and keeps in window.unibiasWorkerModule a promise of it, replaced
// by the WebAssembly.Module once compiled (null when it could not be).
// Every worker gets it as its first message: workers then start all at
// once, each in about a tenth of a second, instead of one after the other,
// each fetching and compiling the module.

// moduleState is how far the pool is in learning the shared module.
type moduleState int

const (
	moduleUnasked moduleState = iota // not asked for yet
	moduleAsked                      // the promise is pending
	moduleKnown                      // shared (the module) or not (null)
)

// moduleKnownLocked reports whether the pool knows the shared module (or
// that there is none), asking the page for it the first time; the answer
// starts the workers waiting for it (caller holds p.mu).
func (p *Pool) moduleKnownLocked() bool {
	switch p.moduleState {
	case moduleKnown:
		return true
	case moduleAsked:
		return false
	}
	p.moduleState = moduleKnown
	if !app.IsClient {
		return true
	}
	promise := app.Window().Get("unibiasWorkerModule")
	if !promise.Truthy() {
		return true // a page without it, or none: each worker compiles its own
	}
	if promise.Get("then").Type() != app.TypeFunction {
		// Compiled already: known now, so the workers start before
		// anything else the page does in this task.
		p.module, p.shared = promise, true
		return true
	}
	p.moduleState = moduleAsked
	var then app.Func
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		then.Release()
		p.mu.Lock()
		defer p.mu.Unlock()
		p.moduleState = moduleKnown
		if len(args) > 0 && args[0].Truthy() {
			p.module, p.shared = args[0], true
		}
		p.growLocked()
		return nil
	})
	promise.Call("then", then)
	return false
}

// postModule sends worker w its first message (web/worker.js): the shared
// module, or null, after which the worker fetches and compiles its own. A
// browser that cannot post a module gets null from then on (caller holds
// p.mu).
func (p *Pool) postModule(w app.Value) {
	if p.shared && postValue(w, p.module) {
		return
	}
	p.shared = false
	w.Call("postMessage", nil)
}

// postValue posts v to worker w and reports whether the browser could (a
// value it cannot clone throws a DataCloneError).
func postValue(w, v app.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	w.Call("postMessage", v)
	return true
}
