package app

import (
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// settle is how long the parameters must rest before the page address gets
// a new history entry (replaceState follows every move before that).
const settle = 600 * time.Millisecond

// dataBar holds the sweep's data downloads, the run-file import and the
// link copy.
func (p *Page) dataBar() app.UI {
	return &DataBar{Page: p, ImportMsg: p.importMsg, Copied: p.copied, Fallback: p.copyFallback}
}

// DataBar draws the Page's data bar; its inputs change only with its own
// state (the data are read when a button is clicked), so results arriving
// do not re-render it.
type DataBar struct {
	app.Compo
	Page      *Page
	ImportMsg string
	Copied    bool
	Fallback  string
}

// Render draws the bar.
func (b *DataBar) Render() app.UI {
	return b.Page.renderDataBar()
}

func (p *Page) renderDataBar() app.UI {
	copyText := "Copy link"
	if p.copied {
		copyText = "Link copied ✓"
	}
	return app.Div().Class("data-bar fig-tools").Role("group").Aria("label", "Sweep data").Body(
		app.Span().Class("muted").Text("Sweep results"),
		dataButtons("sweep", "the sweep results",
			func() string { return SweepCSV(p.params.Encode(), p.plan, p.results) },
			func() string { return EncodeJSON(NewRunFile(p.params.Encode(), p.plan, p.results)) }),
		app.Label().For("import-run").Class("button small file-label").Title("Load a run file (JSON) saved with the JSON button; you can also drop it on the page").Body(
			app.Text("Load run…"),
			app.Input().Type("file").ID("import-run").Class("visually-hidden").Accept(".json,application/json").
				OnChange(p.onImportFile),
		),
		app.Button().Type("button").ID("copy-link").Class("small").Text(copyText).
			Title("Copy the address of this view").OnClick(p.copyLink),
		app.If(p.importMsg != "", func() app.UI {
			return app.Span().ID("import-status").Class("muted").Role("status").Text(p.importMsg)
		}),
		app.If(p.copyFallback != "", func() app.UI {
			return app.Input().Type("text").ID("copy-fallback").ReadOnly(true).Value(p.copyFallback).Aria("label", "Link to this view")
		}),
	)
}

// onImportFile reads the chosen run file.
func (p *Page) onImportFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	var then app.Func
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		text := ""
		if len(args) > 0 {
			text = args[0].String()
		}
		ctx.Dispatch(func(ctx app.Context) { p.importRun(ctx, []byte(text)) })
		then.Release()
		return nil
	})
	files.Index(0).Call("text").Call("then", then)
	ctx.JSSrc().Set("value", "")
}

// importRun shows a run file's parameters and results without simulating.
func (p *Page) importRun(ctx app.Context, data []byte) {
	rf, err := DecodeRunFile(data)
	if err != nil {
		p.importMsg = err.Error()
		return
	}
	s, notices := ParseSearch(rf.Query)
	p.addNotices(notices)
	p.params = s
	writeURL(s)
	p.pushURL()
	p.gen++
	p.pool.Cancel(p.gen)
	p.plan, p.planGen, p.planErr = rf.Plan, p.gen, ""
	p.results = rf.JobResults()
	p.jobOf = map[int]int{}
	p.running, p.note = false, ""
	p.imported = p.gen
	p.rev++
	p.importMsg = "loaded run file (" + itoa(len(rf.Results)) + " simulations, version " + rf.Version + ")"
}

// copyLink copies the page address to the clipboard.
func (p *Page) copyLink(ctx app.Context, e app.Event) {
	href := app.Window().Get("location").Get("href").String()
	clip := app.Window().Get("navigator").Get("clipboard")
	done := func() {
		p.copied = true
		ctx.After(2*time.Second, func(ctx app.Context) { p.copied = false })
	}
	if !clip.Truthy() {
		p.copyFallback = href
		done()
		return
	}
	var ok, fail app.Func
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { p.copyFallback = ""; done() })
		ok.Release()
		fail.Release()
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) {
			p.copyFallback = href
			ctx.Defer(func(ctx app.Context) {
				if el := app.Window().GetElementByID("copy-fallback"); el.Truthy() {
					el.Call("select")
				}
			})
		})
		ok.Release()
		fail.Release()
		return nil
	})
	clip.Call("writeText", href).Call("then", ok, fail)
}

// scheduleSettle pushes a history entry once the parameters rest.
func (p *Page) scheduleSettle(ctx app.Context) {
	if !app.IsClient {
		return
	}
	gen := p.gen
	ctx.After(settle, func(ctx app.Context) {
		if p.gen == gen {
			p.pushURL()
		}
	})
}

// pushURL turns the moves since the last settled address into one history
// entry: the current entry (replaced while the controls moved) gets its
// settled address back, and the new address is pushed after it.
func (p *Page) pushURL() {
	if !app.IsClient {
		return
	}
	href := app.Window().Get("location").Get("href").String()
	if href == p.pushed {
		return
	}
	h := app.Window().Get("history")
	if p.pushed != "" {
		h.Call("replaceState", nil, "", p.pushed)
	}
	h.Call("pushState", nil, "", href)
	p.pushed = href
}

// onPopState restores the parameters and preset from the address.
func (p *Page) onPopState(ctx app.Context) {
	search := app.Window().Get("location").Get("search").String()
	q, _ := url.ParseQuery(strings.TrimPrefix(search, "?"))
	p.pushed = app.Window().Get("location").Get("href").String()
	next := q.Get("preset")
	presetChanged := next != p.preset
	if presetChanged {
		p.preset = next
		if next != "" {
			p.gen++
			p.pool.Cancel(p.gen)
			p.running = false
			return
		}
	}
	s, notices := ParseSearch(search)
	p.addNotices(notices)
	if !presetChanged && s.Encode() == p.params.Encode() {
		return
	}
	p.params = s
	p.gen++
	p.changed = time.Now()
	p.pool.Cancel(p.gen)
	p.results, p.jobOf = nil, nil
	p.running = false
	p.rev++
	p.pool.EnsureSims(expectedJobs(p.params))
	p.requestPlan()
}
