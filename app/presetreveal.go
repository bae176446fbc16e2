package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// A preset page comes in one panel per frame. Its first render, with every
// panel at once, was the page thread's longest task in a fresh browser,
// where the browser's optimising compiles leave that thread a fraction of
// a core and a task of 15–20 ms of CPU held a frame for 70–130 ms (README,
// "Keeping the page smooth"). The first render draws the caption, the
// progress and an empty slot of each panel's proportions, so the page
// hardly moves when the panel replaces it; then each frame draws one more
// panel (afterPaint). Once every simulation is done, every panel is drawn,
// whatever the step.

// reveal holds how far a preset view has come in.
type reveal struct {
	panels int  // panels of the figure the last render showed (0 before one did)
	shown  int  // panels drawn
	all    bool // every panel is drawn from now on
}

// limit returns how many of n panels to draw now; done says that every
// simulation of the figure is done.
func (r *reveal) limit(n int, done bool) int {
	return r.count(n, done, app.IsClient && !precompiling)
}

// count is limit where staging says whether panels come in one by one: not
// outside a browser, nor while the page is precompiled (app.Precompile).
// Once a figure's simulations are all done, or every panel has come in,
// every panel is drawn from then on.
func (r *reveal) count(n int, done, staging bool) int {
	r.panels = n
	if done || !staging {
		r.all = true
	}
	if r.all {
		return n
	}
	return min(r.shown, n)
}

// start draws one more panel per frame, from the frame after the first
// render that showed the figure (the figure's description may come after
// the view is mounted: it waits for it, a frame at a time), until every
// panel is drawn or the view shows no figure to come (an unknown name, an
// error); redraw runs its function on the UI goroutine and redraws the
// view alone, unless the function prevents the update.
func (r *reveal) start(redraw func(f func(app.Context))) {
	if r.all || precompiling {
		return
	}
	afterPaint(func() {
		redraw(func(ctx app.Context) {
			if r.panels == 0 || r.all {
				ctx.PreventUpdate() // no figure shown yet, or all is drawn
			} else if r.shown++; r.shown >= r.panels {
				r.all = true
			}
			r.start(redraw)
		})
	})
}

// panelSlot stands for panel p until it is drawn: its title and an empty
// box of the panel's proportions (web/style.css .fig-slot-box: no inline
// style under the page's Content-Security-Policy).
func panelSlot(p *protocol.Panel) app.UI {
	return app.Div().Class("fig-slot").Aria("busy", "true").Body(
		app.Div().Class("panel-head").Body(app.H3().Class("panel-title").Text(p.Title)),
		app.Div().Class("fig-slot-box"),
	)
}
