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
	runSteps(ctx, precompileSteps(), false, func() {
		steps := first(t.description())
		for _, id := range takeoverSteps {
			steps = append(steps, func() { delete(t.html, id) })
		}
		t.next(ctx, steps, done)
	})
}

// next runs the first step after a pause, then the others.
func (t *takeover) next(ctx app.Context, steps []func(), done func()) {
	runSteps(ctx, steps, true, done)
}

// runSteps runs each step in a task of its own, takeoverStep apart (a
// frame can be painted in between), then done; render says whether the
// page renders after each step.
func runSteps(ctx app.Context, steps []func(), render bool, done func()) {
	if len(steps) == 0 {
		done()
		return
	}
	afterTask(ctx, takeoverStep, func(ctx app.Context) {
		if !render {
			ctx.PreventUpdate()
		}
		steps[0]()
		runSteps(ctx, steps[1:], render, done)
	})
}

// afterTask runs f on the UI goroutine, at least d later, in a task of the
// browser's event loop of its own. ctx.After's timer runs in whatever task
// is running when it expires: Go hands the thread back to the browser only
// when it is idle, so with Go busy for longer than d (a first visit, when
// every new function is compiled on its first call) several steps ran in
// one long task.
func afterTask(ctx app.Context, d time.Duration, f func(ctx app.Context)) {
	if !app.IsClient {
		ctx.After(d, f)
		return
	}
	var cb app.Func
	cb = app.FuncOf(func(this app.Value, args []app.Value) any {
		cb.Release()
		ctx.Dispatch(f)
		return nil
	})
	app.Window().Call("setTimeout", cb, d.Milliseconds())
}
