package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// PresetTitle returns the title of a preset name ("" if unknown).
func PresetTitle(name string) string {
	p, _ := protocol.PresetByName(name)
	return p.Title
}

// PresetMenu lists the presets as ordinary links (?preset=name), as raw
// HTML (chrome.go).
func PresetMenu(current string) app.UI {
	var items strings.Builder
	items.WriteString(el("li", el("a", "Phase diagram (start page)", "href", "./", "class", activeIf(current == ""))))
	for _, p := range protocol.Presets {
		items.WriteString(el("li", el("a", esc(p.Title), "href", "?preset="+url.QueryEscape(p.Name), "class", activeIf(p.Name == current))+
			el("span", esc(" "+p.Section), "class", "sec")))
	}
	return app.Raw(el("nav", el("h2", "Figures of the paper")+el("ul", items.String()), "class", "preset-menu", "aria-label", "Figures of the paper"))
}

func activeIf(b bool) string {
	if b {
		return "active"
	}
	return ""
}
