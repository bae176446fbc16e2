package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/figure"
)

// svgNS is the SVG namespace; every SVG element needs it, not only the root.
const svgNS = "http://www.w3.org/2000/svg"

// svg returns an SVG element with the SVG namespace set.
func svg(tag string) app.HTMLElem {
	return app.Elem(tag).XMLNS(svgNS)
}

// Picker receives the simulation (job index) whose marker was clicked or
// activated with the keyboard.
type Picker interface {
	PickJob(ctx app.Context, job int)
}

// nodeUI turns a small rendered figure (package figure), such as a legend
// icon, into go-app elements. Panels go into the page as SVG text
// (PanelView).
func nodeUI(n *figure.Node) app.UI {
	e := svg(n.Tag)
	for _, a := range n.Attrs {
		e = e.Attr(a.Name, a.Value)
	}
	if n.Text != "" {
		e = e.Text(n.Text)
	}
	if len(n.Kids) > 0 {
		kids := make([]app.UI, len(n.Kids))
		for i, k := range n.Kids {
			kids[i] = nodeUI(k)
		}
		e = e.Body(kids...)
	}
	return e
}

// PanelView draws one figure panel. The panel's SVG text goes into the
// page in one piece (the browser parses it natively, much faster than
// building each element from WebAssembly), as two layers: the base, and the
// simulation markers laid over it (figure.Panel.Layers), so that a batch of
// results replaces only the markers. Clicks and keys on markers that carry
// data-job reach Picker through the wrapper. Its inputs are a pointer and
// an interface, so an unchanged panel is not re-rendered with its parent.
type PanelView struct {
	app.Compo
	Panel *figure.Panel
	// Marks are drawn in the markers' layer besides the panel's own
	// interactive markers: the simulations of a panel whose description
	// (the base) stays while results arrive.
	Marks  []figure.Item
	Picker Picker

	drawn   *figure.Panel // the panel whose base is drawn
	baseXML string
	picks   []figure.Item // its own interactive markers
}

// Render draws the panel.
func (v *PanelView) Render() app.UI {
	if v.Panel == nil {
		return app.Div().Class("fig-wrap")
	}
	if v.Panel != v.drawn {
		base, _ := v.Panel.Layers()
		v.drawn, v.baseXML, v.picks = v.Panel, base.XML(), v.Panel.Picks()
	}
	marks := v.Panel.MarksNode(append(append([]figure.Item{}, v.picks...), v.Marks...))
	return app.Div().Class("fig-wrap").OnClick(v.onClick).OnKeyDown(v.onKey).Body(app.Raw(v.baseXML), app.Raw(marks.XML()))
}

// onClick picks the marker clicked, if any.
func (v *PanelView) onClick(ctx app.Context, e app.Event) { v.pick(ctx, e) }

// onKey picks the focused marker on Enter or Space.
func (v *PanelView) onKey(ctx app.Context, e app.Event) {
	if k := e.Get("key").String(); k == "Enter" || k == " " {
		if v.pick(ctx, e) {
			e.PreventDefault()
		}
	}
}

// pick hands the job of the event's marker to the Picker.
func (v *PanelView) pick(ctx app.Context, e app.Event) bool {
	if v.Picker == nil {
		return false
	}
	el := e.Get("target")
	if !el.Truthy() || !el.Get("closest").Truthy() {
		return false
	}
	if el = el.Call("closest", "[data-job]"); !el.Truthy() {
		return false
	}
	job, err := strconv.Atoi(el.Call("getAttribute", "data-job").String())
	if err != nil {
		return false
	}
	v.Picker.PickJob(ctx, job)
	return true
}

// legendUI is an HTML legend of figure entries, each with a small SVG icon
// drawn by package figure.
func legendUI(entries []figure.LegendEntry, class string) app.UI {
	items := make([]app.UI, len(entries))
	for i, e := range entries {
		items[i] = app.Li().Body(nodeUI(figure.LegendIcon(e)), app.Span().Text(e.Label))
	}
	return app.Ul().Class("legend "+class).Aria("label", "legend").Body(items...)
}
