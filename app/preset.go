package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// PresetTitle returns the title of a preset name ("" if unknown).
func PresetTitle(name string) string {
	p, _ := protocol.PresetByName(name)
	return p.Title
}

// PresetMenu lists the presets as ordinary links (?preset=name).
func PresetMenu(current string) app.UI {
	items := make([]app.UI, 0, len(protocol.Presets)+1)
	items = append(items, app.Li().Body(app.A().Href("./").Class(activeIf(current == "")).Text("Phase diagram (start page)")))
	for _, p := range protocol.Presets {
		items = append(items, app.Li().Body(
			app.A().Href("?preset="+url.QueryEscape(p.Name)).Class(activeIf(p.Name == current)).Text(p.Title),
			app.Span().Class("sec").Text(" "+p.Section)))
	}
	return app.Nav().Class("preset-menu").Aria("label", "Figures of the paper").Body(
		app.H2().Text("Figures of the paper"),
		app.Ul().Body(items...))
}

func activeIf(b bool) string {
	if b {
		return "active"
	}
	return ""
}
