package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// paintWaitMS is how long afterPaint waits for a frame: a page that paints
// none — a hidden tab, an iframe scrolled out of view, whose frames the
// browser stops — runs its function after that.
const paintWaitMS = 100

// afterPaint runs f in a task of its own once the browser has painted the
// next frame: a requestAnimationFrame callback schedules it with
// setTimeout. A Go timer cannot promise that: one that falls due while the
// page's thread is still busy (a mount of 50 ms) runs in the same task, with
// no frame in between. Where no frame comes within paintWaitMS, f runs
// then. f runs once, on a JavaScript callback's goroutine: it must not
// block, and reaches the UI goroutine through ctx.Dispatch. Nothing runs
// outside a browser.
func afterPaint(f func()) {
	if !app.IsClient {
		return
	}
	done := false
	run := func() {
		if !done {
			done = true
			f()
		}
	}
	var frame, task, fallback app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		run()
		return nil
	})
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		frame.Release()
		if done { // the fallback ran f
			task.Release()
			return nil
		}
		app.Window().Call("setTimeout", task)
		return nil
	})
	fallback = app.FuncOf(func(app.Value, []app.Value) any {
		fallback.Release()
		run()
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
	app.Window().Call("setTimeout", fallback, paintWaitMS)
}
