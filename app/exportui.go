package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/figure"
)

// exportSVG downloads a figure as the standalone SVG package figure writes
// (the same file `unibias figure` writes for the same parameters), or as
// a PNG drawn from it at twice its size (web/export.js). Handlers only.
func exportSVG(f *figure.Figure, format string) {
	if !app.IsClient || f == nil {
		return
	}
	ex := app.Window().Get("unibiasExport")
	if !ex.Truthy() {
		return
	}
	name := "unibias-" + f.Name
	if format == "png" {
		ex.Call("pngFromSVG", f.SVG(), name+".png")
		return
	}
	ex.Call("text", f.SVG(), "image/svg+xml", name+".svg")
}

// downloadText downloads text as a file. Handlers only.
func downloadText(text, mime, name string) {
	if !app.IsClient {
		return
	}
	if ex := app.Window().Get("unibiasExport"); ex.Truthy() {
		ex.Call("text", text, mime, name)
	}
}

// FigureButtons are the SVG and PNG download buttons of a figure; ids are
// export-<id>-svg and export-<id>-png. Figure is called when a button is
// pressed.
type FigureButtons struct {
	app.Compo
	ID, Label string
	Figure    func() *figure.Figure
}

// Render draws the two buttons.
func (b *FigureButtons) Render() app.UI {
	button := func(format, text string) app.UI {
		return app.Button().Type("button").ID("export-"+b.ID+"-"+format).Class("small").Text(text).
			Title("Download "+b.Label+" as "+text).Aria("label", "Download "+b.Label+" as "+text).
			OnClick(func(ctx app.Context, e app.Event) { exportSVG(b.Figure(), format) })
	}
	return app.Span().Class("export-buttons").Body(button("svg", "SVG"), button("png", "PNG"))
}

// dataButtons are the CSV and JSON download buttons of a data set; ids are
// export-<id>-csv and export-<id>-json.
func dataButtons(id, label string, csvText, jsonText func() string) app.UI {
	return app.Span().Class("export-buttons").Body(
		app.Button().Type("button").ID("export-"+id+"-csv").Class("small").Text("CSV").
			Title("Download "+label+" as CSV").
			OnClick(func(ctx app.Context, e app.Event) { downloadText(csvText(), "text/csv", "unibias-"+id+".csv") }),
		app.Button().Type("button").ID("export-"+id+"-json").Class("small").Text("JSON").
			Title("Download "+label+" as JSON").
			OnClick(func(ctx app.Context, e app.Event) {
				downloadText(jsonText(), "application/json", "unibias-"+id+".json")
			}),
	)
}
