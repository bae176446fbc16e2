package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The first render of a page that was not prerendered for its address (a
// preset figure, a phase diagram of other parameters) is staged: it draws
// the page's frame — header, figure menu, an empty main column, footer —
// and the figure's components mount and its controller starts in a task of
// their own once that frame is painted. On a first visit every task of the
// page's thread runs at a fraction of a core while the browser compiles
// the module's hot code (README, "Keeping the page smooth"): the mount and
// start of everything in one task was the longest the page ran (28 ms of
// CPU in traces of the remedies figure), and the frames waited for it.

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

// unstage starts the figure of a staged page once its frame is painted,
// draws it, then calls then (in the same task); without a staged start it
// calls then at once.
func (p *Page) unstage(ctx app.Context, then func()) {
	if p.staged == nil {
		then()
		return
	}
	afterPaint(func() {
		ctx.Dispatch(func(app.Context) { p.unstageNow(then) })
	})
}

// unstageNow starts the staged figure and calls then; the caller redraws.
func (p *Page) unstageNow(then func()) {
	if start := p.staged; start != nil {
		p.staged = nil
		start()
	}
	then()
}
