package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
)

// A moving slider. Each value redraws the form (which shows it) and the
// figure, whose theory follows at once through the controller's preview
// (preview.go); the rest of the page — the address, the data bar, the
// live run's parameters, the cost note — catches up once the slider has
// rested for slideRest, in one render. A render of the whole page for each
// input event held the page's thread for 100–200 ms in headless Chromium.

// slideRest is how long a slider must rest before the page renders whole.
const slideRest = 200 * time.Millisecond

// ParamsSliding applies the values of a moving slider (the Page is the
// Controls' SlideHandler).
func (p *Page) ParamsSliding(ctx app.Context, next params.Set) {
	if p.figure == nil || p.view.Preset != "" {
		p.ParamsChanged(ctx, next)
		return
	}
	p.holdRedraw()
	p.params = next
	p.sliding++
	p.figure.follow(next)
	p.sweep.Restart(p.figureQuery())
	move := p.sliding
	// The page's context, not the slider's: a slider whose form changed
	// shape may be unmounted by then, and go-app drops the dispatches of
	// unmounted elements.
	p.ctx.After(slideRest, func(ctx app.Context) {
		if p.sliding != move {
			ctx.PreventUpdate()
			return
		}
		p.sliding = 0
		writeURL(p.params)
		p.history.settleLater(ctx)
	})
}
