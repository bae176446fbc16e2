package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// exportFigure downloads the figure under selector as SVG or PNG
// (web/export.js). Handlers only.
func exportFigure(selector, format, name string) {
	if !app.IsClient {
		return
	}
	ex := app.Window().Get("unibiasExport")
	if !ex.Truthy() {
		return
	}
	ex.Call(format, selector, name+"."+format)
}

// downloadText downloads text as a file. Handlers only.
func downloadText(text, mime, name string) {
	if !app.IsClient {
		return
	}
	ex := app.Window().Get("unibiasExport")
	if !ex.Truthy() {
		return
	}
	ex.Call("text", text, mime, name)
}

// figureButtons are the SVG and PNG download buttons of the figure under
// selector; ids are export-<id>-svg and export-<id>-png.
func figureButtons(id, selector, label string) app.UI {
	return &FigureButtons{ID: id, Selector: selector, Label: label}
}

// FigureButtons is a component with plain inputs, so the buttons are not
// re-rendered with the figure they belong to.
type FigureButtons struct {
	app.Compo
	ID, Selector, Label string
}

// Render draws the two buttons.
func (b *FigureButtons) Render() app.UI {
	id, label := b.ID, b.Label
	return app.Span().Class("export-buttons").Body(
		app.Button().Type("button").ID("export-"+id+"-svg").Class("small").Text("SVG").
			Title("Download "+label+" as SVG").Aria("label", "Download "+label+" as SVG").
			OnClick(func(ctx app.Context, e app.Event) { exportFigure(b.Selector, "svg", "unibias-"+b.ID) }),
		app.Button().Type("button").ID("export-"+id+"-png").Class("small").Text("PNG").
			Title("Download "+label+" as PNG").Aria("label", "Download "+label+" as PNG").
			OnClick(func(ctx app.Context, e app.Event) { exportFigure(b.Selector, "png", "unibias-"+b.ID) }),
	)
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
