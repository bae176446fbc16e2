package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/protocol"
)

// DataBar holds the sweep's data downloads (CSV and JSON run file), the
// run-file import and the link copy. Inputs: the parameters' query and the
// sweep; an imported file goes to OnImport, which returns what to tell the
// user. The data are read when a button is pressed, so results arriving do
// not re-render the bar.
type DataBar struct {
	app.Compo
	Query    string
	Sweep    *sweepctl.Controller
	OnImport func(ctx app.Context, data []byte) string

	importMsg    string
	copied       bool
	copyFallback string
}

// plan is the plan of the phase diagram shown (nil for a preset).
func (b *DataBar) plan() *protocol.Plan {
	if f := b.Sweep.Figure(); f != nil {
		return f.Plan
	}
	return nil
}

// Render draws the bar.
func (b *DataBar) Render() app.UI {
	copyText := "Copy link"
	if b.copied {
		copyText = "Link copied ✓"
	}
	return app.Div().Class("data-bar fig-tools").Role("group").Aria("label", "Sweep data").Body(
		app.Span().Class("muted").Text("Sweep results"),
		dataButtons("sweep", "the sweep results",
			func() string { return SweepCSV(b.Query, b.plan(), b.Sweep.Results()) },
			func() string { return EncodeJSON(NewRunFile(b.Query, b.plan(), b.Sweep.Results())) }),
		app.Label().For("import-run").Class("button small file-label").Title("Load a run file (JSON) saved with the JSON button; you can also drop it on the page").Body(
			app.Text("Load run…"),
			app.Input().Type("file").ID("import-run").Class("visually-hidden").Accept(".json,application/json").
				OnChange(b.onImportFile),
		),
		app.Button().Type("button").ID("copy-link").Class("small").Text(copyText).
			Title("Copy the address of this view").OnClick(b.copyLink),
		app.If(b.importMsg != "", func() app.UI {
			return app.Span().ID("import-status").Class("muted").Role("status").Text(b.importMsg)
		}),
		app.If(b.copyFallback != "", func() app.UI {
			return app.Input().Type("text").ID("copy-fallback").ReadOnly(true).Value(b.copyFallback).Aria("label", "Link to this view")
		}),
	)
}

// onImportFile reads the chosen run file.
func (b *DataBar) onImportFile(ctx app.Context, e app.Event) {
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
		ctx.Dispatch(func(ctx app.Context) { b.importMsg = b.OnImport(ctx, []byte(text)) })
		then.Release()
		return nil
	})
	files.Index(0).Call("text").Call("then", then)
	ctx.JSSrc().Set("value", "")
}

// copyLink copies the page address to the clipboard.
func (b *DataBar) copyLink(ctx app.Context, e app.Event) {
	href := app.Window().Get("location").Get("href").String()
	clip := app.Window().Get("navigator").Get("clipboard")
	done := func() {
		b.copied = true
		ctx.After(2*time.Second, func(ctx app.Context) { b.copied = false })
	}
	if !clip.Truthy() {
		b.copyFallback = href
		done()
		return
	}
	var ok, fail app.Func
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { b.copyFallback = ""; done() })
		ok.Release()
		fail.Release()
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) {
			b.copyFallback = href
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
