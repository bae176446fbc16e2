package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// settle is how long the parameters must rest before the page address gets
// a new history entry (replaceState follows every move before that).
const settle = 600 * time.Millisecond

// history turns the page address's moves into history entries: while a
// control moves the address is replaced, and once it rests one entry is
// pushed, so Back returns to the previous settled view.
type history struct {
	pushed string // address of the last settled entry
	moves  int    // moves so far; a settle timer only acts on the latest
}

// start records the current address and calls onPop on Back and Forward
// (go-app ignores going back to the address it last navigated to, because
// the controls change the address without it).
func (h *history) start(ctx app.Context, onPop func(app.Context)) {
	win := app.Window()
	h.pushed = win.Get("location").Get("href").String()
	win.Call("addEventListener", "popstate", app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { onPop(ctx) })
		return nil
	}))
}

// arrived records the address reached by Back, Forward or a link.
func (h *history) arrived() {
	h.pushed = app.Window().Get("location").Get("href").String()
}

// settleLater pushes a history entry once the address has rested.
func (h *history) settleLater(ctx app.Context) {
	if !app.IsClient {
		return
	}
	h.moves++
	move := h.moves
	ctx.After(settle, func(ctx app.Context) {
		ctx.PreventUpdate()
		if h.moves == move {
			h.push()
		}
	})
}

// push turns the moves since the last settled address into one history
// entry: the current entry (replaced while the controls moved) gets its
// settled address back, and the new address is pushed after it.
func (h *history) push() {
	if !app.IsClient {
		return
	}
	href := app.Window().Get("location").Get("href").String()
	if href == h.pushed {
		return
	}
	hist := app.Window().Get("history")
	if h.pushed != "" {
		hist.Call("replaceState", nil, "", h.pushed)
	}
	hist.Call("pushState", nil, "", href)
	h.pushed = href
}
