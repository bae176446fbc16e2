package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// afterPaint runs f in a task of its own once the browser has painted the
// next frame: a requestAnimationFrame callback schedules it with
// setTimeout. A Go timer cannot promise that: one that falls due while the
// page's thread is still busy (a mount of 50 ms) runs in the same task, with
// no frame in between. f runs on a JavaScript callback's goroutine: it
// must not block, and reaches the UI goroutine through ctx.Dispatch. A
// hidden tab paints no frames: there f runs in a task of its own at once.
// Nothing runs outside a browser.
func afterPaint(f func()) {
	if !app.IsClient {
		return
	}
	var frame, task app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		f()
		return nil
	})
	if app.Window().Get("document").Get("visibilityState").String() == "hidden" {
		app.Window().Call("setTimeout", task)
		return
	}
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		frame.Release()
		app.Window().Call("setTimeout", task)
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
}
