package app

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// takeover brings the live page in over the prerendered one in steps, so
// the page thread never holds a frame for the whole start-up (Go's first
// render and go-app's mount of every section at once held it for about
// 0.6 s). The first render shows the heavy sections as the prerendered
// HTML they already are (identical to what their components draw, so
// nothing moves); then, one per frame, the figure's description is decoded
// and each section comes alive. It applies only to the address the page was
// prerendered for (index.html shows "Loading…" for any other).
type takeover struct {
	html  map[string]string // prerendered HTML of sections not yet live, by element id
	query string            // the figure query of the prerendered description
	json  string            // the description, decoded in the first step
}

// takeoverSteps are the sections in the order they come alive, after the
// description has been decoded.
var takeoverSteps = []string{"diagram", "live", "controls-form"}

// readPrerendered takes the prerendered description and sections from the
// document, before go-app replaces it, if the page shows what was
// prerendered; it returns nil otherwise.
func readPrerendered(search string) *takeover {
	el := app.Window().GetElementByID(PrerenderID)
	if !el.Truthy() || len(search) > 1 {
		return nil
	}
	t := &takeover{html: map[string]string{}, query: el.Get("dataset").Get("query").String(), json: el.Get("textContent").String()}
	if t.query != FigureQuery(search) {
		return nil
	}
	doc := app.Window().Get("document")
	for _, id := range takeoverSteps {
		if e := doc.Call("getElementById", id); e.Truthy() {
			t.html[id] = e.Get("outerHTML").String()
		}
	}
	return t
}

// or returns the prerendered HTML of section id while it is not live, and
// the live component c once it is.
func (t *takeover) or(id string, c app.UI) app.UI {
	if t != nil {
		if h, ok := t.html[id]; ok {
			return app.Raw(h)
		}
	}
	return c
}

// description decodes the prerendered figure's description.
func (t *takeover) description() *protocol.Figure {
	var pr Prerendered
	if err := json.Unmarshal([]byte(t.json), &pr); err != nil {
		return nil
	}
	t.json = ""
	return pr.Figure
}

// takeoverStep is the pause between two steps: a frame is painted in
// between.
const takeoverStep = 20 * time.Millisecond

// run makes the page live step by step: first decodes the description and
// starts the figure, returning the work to do before the figure comes alive
// (its panels composed once, one per step, so that the figure's first live
// render runs code already compiled); then each section comes alive, and
// done runs when all are.
func (t *takeover) run(ctx app.Context, first func(*protocol.Figure) []func(), done func()) {
	ctx.After(takeoverStep, func(ctx app.Context) {
		ctx.PreventUpdate()
		steps := first(t.description())
		for _, id := range takeoverSteps {
			steps = append(steps, func() { delete(t.html, id) })
		}
		t.next(ctx, steps, done)
	})
}

// next runs the first step after a pause, then the others.
func (t *takeover) next(ctx app.Context, steps []func(), done func()) {
	if len(steps) == 0 {
		done()
		return
	}
	ctx.After(takeoverStep, func(ctx app.Context) {
		steps[0]()
		t.next(ctx, steps[1:], done)
	})
}
