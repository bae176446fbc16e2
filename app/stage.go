package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The first render of a page that was not prerendered for its address (a
// preset figure, a phase diagram of other parameters) is staged, one step
// per painted frame, each in a task of its own:
//
//  1. the page's frame: header, an empty main column marked busy, footer;
//  2. the toolbar and the figure menu, and the set-up of the workers, the
//     history and an embed's height (Page.OnMount);
//  3. the figure: its components mount and its controller starts.
//
// On a first visit every task of the page's thread runs at a fraction of
// a core while the browser compiles the module's hot code (README,
// "Keeping the page smooth"): the mount and start of everything in one
// task was the longest the page ran (28 ms of CPU in traces of the
// remedies figure), and the frames waited for it. Nothing already drawn
// moves: each step adds below what is there, above the empty column.

// stage makes the next render the staged frame; start starts the figure
// in step 3.
func (p *Page) stage(start func()) { p.staged, p.bare = start, true }

// emptyLayout is the staged first render's main column: the layout of the
// page's view, without the figure.
func (p *Page) emptyLayout() app.UI {
	if p.view.Preset != "" {
		return app.Div().Class("layout preset-layout").Body(app.Main().ID("main").Class("main wide").Aria("busy", "true"))
	}
	return app.Div().Class("layout").Body(
		app.Main().ID("main").Class("main").Aria("busy", "true"),
		app.Aside().ID("controls").Class("sidebar").Aria("label", "Parameters"), // the columns stay where they will be
	)
}

// unstage runs the staged steps 2 and 3, each after a painted frame:
// setup, then the figure's start and then.
func (p *Page) unstage(ctx app.Context, setup, then func()) {
	afterPaint(func() {
		ctx.Dispatch(func(app.Context) {
			p.bare = false
			setup()
			afterPaint(func() {
				ctx.Dispatch(func(app.Context) { p.unstageNow(then) })
			})
		})
	})
}

// unstageNow starts the staged figure and calls then; the caller redraws.
func (p *Page) unstageNow(then func()) {
	p.bare = false
	if start := p.staged; start != nil {
		p.staged = nil
		start()
	}
	then()
}
