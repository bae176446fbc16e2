package app

import (
	"errors"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/engine/remedy"
	"unibias/figure/compose"
)

// Controls is the parameter form, generated from params.Table: one labelled
// native input per parameter, grouped by Group in fieldsets. A bounded
// parameter with a step is a range slider (applied while it moves), other
// numbers are number boxes (applied on change), choices are selects. An
// invalid value shows the parameter's error next to its control and is not
// applied; a valid one calls OnChange with the new parameter set.
type Controls struct {
	app.Compo

	Params params.Set
	// OnChange receives every valid change. It is an interface (the Page,
	// or a ParamsFunc) so that the form is not re-rendered each time its
	// parent is: go-app compares inputs, and two funcs never compare equal.
	OnChange ParamsHandler
	// Hide lists parameters whose controls are left out (?hide=lr,width).
	Hide []string

	errs    map[string]string // error per parameter name
	notes   []string          // what the last change adjusted
	sliding bool              // the change being applied comes from a moving slider
}

// ParamsHandler receives a new, valid parameter set.
type ParamsHandler interface {
	ParamsChanged(ctx app.Context, p params.Set)
}

// SlideHandler is a ParamsHandler that follows a moving slider: it
// receives each of its values and redraws only what must follow it at once
// (the figure), the rest of the page once the slider rests.
type SlideHandler interface {
	ParamsSliding(ctx app.Context, p params.Set)
}

// ParamsFunc adapts a function to ParamsHandler.
type ParamsFunc func(ctx app.Context, p params.Set)

// ParamsChanged calls f.
func (f ParamsFunc) ParamsChanged(ctx app.Context, p params.Set) { f(ctx, p) }

// groups lists the fieldsets in display order with their legends.
var groups = []struct{ name, legend string }{
	{"sweep", "Phase diagram axes"},
	{"network", "Network"},
	{"data", "Data"},
	{"training", "Training"},
	{"remedy", "Remedies from related work"},
}

// remedyActive reports whether any remedy of docs/theory.md §10 is switched on.
func remedyActive(p params.Set) bool { return remedy.FromParams(p).Active() }

// hidden reports whether the parameter's control is left out (?hide=).
func (c *Controls) hidden(name string) bool {
	for _, h := range c.Hide {
		if h == name {
			return true
		}
	}
	return false
}

// Render draws the form.
func (c *Controls) Render() app.UI {
	var sets []app.UI
	for _, g := range groups {
		var fields []app.UI
		for i := range params.Table {
			if p := &params.Table[i]; p.Group == g.name && !c.hidden(p.Name) && c.Params.Relevant(p.Name) && p.Kind != params.Text {
				fields = append(fields, c.field(p))
			}
		}
		set := app.FieldSet().Class("group group-" + g.name).Body(
			append([]app.UI{app.Legend().Text(g.legend)}, fields...)...,
		)
		if g.name == "remedy" {
			// The remedies fold away until one is in use.
			sets = append(sets, app.Details().Class("group-fold").Open(remedyActive(c.Params)).Body(
				app.Summary().Text(g.legend+" — "+remedy.FromParams(c.Params).Describe()), set))
			continue
		}
		sets = append(sets, set)
	}
	return app.Form().ID("controls-form").Class("controls").Aria("label", "Experiment parameters").
		OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		Body(
			app.Div().Class("controls-head").Body(
				app.H2().Text("Parameters"),
				app.Button().Type("button").Class("secondary").Text("Reset to defaults").
					Title("Set every parameter back to its default value").
					OnClick(func(ctx app.Context, e app.Event) {
						c.errs = map[string]string{}
						c.notes = nil
						if c.OnChange != nil {
							c.OnChange.ParamsChanged(ctx, params.Defaults())
						}
					}),
			),
			app.If(len(c.notes) > 0, func() app.UI {
				return app.Ul().Class("control-notes").Role("status").Body(app.Range(c.notes).Slice(func(i int) app.UI {
					return app.Li().Text(c.notes[i])
				}))
			}),
			app.Div().Class("groups").Body(sets...),
		)
}

// field draws one labelled control.
func (c *Controls) field(p *params.Param) app.UI {
	id := "ctl-" + p.Name
	hintID, errID := "hint-"+p.Name, "err-"+p.Name
	val := c.Params.Get(p.Name)
	msg := c.errs[p.Name]
	describedBy := hintID
	if msg != "" {
		describedBy += " " + errID
	}
	name := p.Name
	var input app.UI
	switch p.Kind {
	case params.Enum:
		input = app.Select().ID(id).Name(name).Title(p.Help).Aria("describedby", describedBy).
			OnChange(c.onValue(name)).
			Body(app.Range(p.Choices).Slice(func(i int) app.UI {
				ch := p.Choices[i]
				return app.Option().Value(ch).Selected(ch == val).Text(ch)
			}))
	case params.Name:
		opts := []string{}
		if p.Name != "x" {
			opts = append(opts, "")
		}
		opts = append(opts, params.Sweepable()...)
		input = app.Select().ID(id).Name(name).Title(p.Help).Aria("describedby", describedBy).
			OnChange(c.onValue(name)).
			Body(app.Range(opts).Slice(func(i int) app.UI {
				o := opts[i]
				text := "none"
				if o != "" {
					text = compose.AxisLabel(o) + " (" + o + ")"
				}
				return app.Option().Value(o).Selected(o == val).Text(text)
			}))
	case params.List:
		input = app.Input().Type("text").ID(id).Name(name).Value(val).Title(p.Help).
			Attr("inputmode", "decimal").Attr("autocomplete", "off").Aria("describedby", describedBy).Aria("invalid", msg != "").
			OnChange(c.onValue(name))
	case params.Bool:
		input = app.Input().Type("checkbox").ID(id).Name(name).Checked(val == "true").Title(p.Help).Aria("describedby", describedBy).
			OnChange(func(ctx app.Context, e app.Event) {
				c.apply(ctx, name, strconv.FormatBool(ctx.JSSrc().Get("checked").Bool()))
			})
	default: // Float, Int
		in := app.Input().ID(id).Name(name).Value(val).Title(p.Help).
			Min(numAttr(p.Min)).Max(numAttr(p.Max)).Attr("step", stepAttr(p)).
			Aria("describedby", describedBy).Aria("invalid", msg != "")
		if isSlider(p) {
			input = app.Div().Class("slider").Body(
				in.Type("range").OnInput(c.onSlide(name)),
				app.Output().For(id).Class("value").Text(val),
			)
		} else {
			input = in.Type("number").Attr("inputmode", "decimal").OnChange(c.onValue(name))
		}
	}
	cls := "field field-" + p.Name
	if msg != "" {
		cls += " invalid"
	}
	label := p.Label
	if p.Unit != "" && !strings.Contains(p.Label, p.Unit) {
		label += " (" + p.Unit + ")"
	}
	return app.Div().Class(cls).Body(
		app.Label().For(id).Text(label),
		input,
		app.Small().ID(hintID).Class("hint").Text(hintText(p)),
		app.If(msg != "", func() app.UI {
			return app.P().ID(errID).Class("field-error").Role("alert").Text(msg)
		}),
	)
}

// onValue returns the handler that applies the element's current value.
func (c *Controls) onValue(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.apply(ctx, name, ctx.JSSrc().Get("value").String())
	}
}

// onSlide returns the handler of a moving slider: it applies the value
// like onValue, but through SlideHandler when OnChange has one, and the
// form redraws alone (it shows the new value at once, its parent later).
func (c *Controls) onSlide(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.sliding = true
		defer func() { c.sliding = false }()
		c.apply(ctx, name, ctx.JSSrc().Get("value").String())
	}
}

// apply validates a new text value for a parameter and, when the resulting
// parameter set is consistent, reports it through OnChange. Choosing a new
// sweep axis or series also loads a sensible range or value list for it.
func (c *Controls) apply(ctx app.Context, name, text string) {
	if c.errs == nil {
		c.errs = map[string]string{}
	}
	next := c.Params.Clone()
	if err := next.Set(name, text); err != nil {
		c.errs[name] = errText(err)
		return
	}
	delete(c.errs, name)
	switch name {
	case "x":
		// A new axis starts with its range from the table (Param.AxisFrom, AxisTo).
		if r, ok := params.Lookup(next.Get("x")); ok && r.AxisFrom != "" && next.Get("x") != c.Params.Get("x") {
			_ = next.Set("from", r.AxisFrom)
			_ = next.Set("to", r.AxisTo)
			delete(c.errs, "from")
			delete(c.errs, "to")
		}
	case "series":
		// A new series starts with its values from the table (Param.SeriesValues).
		if v, ok := params.Lookup(next.Get("series")); ok && v.SeriesValues != "" && next.Get("series") != c.Params.Get("series") {
			_ = next.Set("values", v.SeriesValues)
			delete(c.errs, "values")
		}
	}
	var pe *params.Error
	if err := next.Validate(); err != nil && errors.As(err, &pe) && pe.Param == name {
		c.errs[name] = errText(err)
		return
	}
	c.notes = next.Reconcile()
	if err := next.Validate(); err != nil {
		key := name
		if errors.As(err, &pe) {
			key = pe.Param
		}
		c.errs[key] = errText(err)
		return
	}
	if h, ok := c.OnChange.(SlideHandler); ok && c.sliding {
		c.Params = next
		h.ParamsSliding(ctx, next)
		return
	}
	if c.OnChange != nil {
		c.OnChange.ParamsChanged(ctx, next)
	}
}

// OnMount re-applies the slider values once the elements exist: a browser
// clamps a range input's value to the range it has when the value is set,
// and the attributes of a new element may be set in any order.
func (c *Controls) OnMount(ctx app.Context) {
	ctx.Defer(func(ctx app.Context) { c.syncSliders() })
}

func (c *Controls) syncSliders() {
	if !app.IsClient {
		return
	}
	doc := app.Window().Get("document")
	for i := range params.Table {
		if p := &params.Table[i]; isSlider(p) {
			if el := doc.Call("getElementById", "ctl-"+p.Name); el.Truthy() {
				el.Set("value", c.Params.Get(p.Name))
			}
		}
	}
}
