package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// NoticeBar lists notices about the parameters (values clamped or replaced
// when the page address was read, combinations the sweep adjusted) with a
// button that dismisses them.
type NoticeBar struct {
	app.Compo

	Notices   []string
	OnDismiss func(ctx app.Context)
}

// Render draws the bar, or nothing when there are no notices.
func (c *NoticeBar) Render() app.UI {
	if len(c.Notices) == 0 {
		return app.Div().Class("notices").Hidden(true)
	}
	return app.Div().Class("notices").Role("status").Body(
		app.Ul().Body(app.Range(c.Notices).Slice(func(i int) app.UI {
			return app.Li().Text(c.Notices[i])
		})),
		app.Button().Type("button").Class("dismiss").Aria("label", "Dismiss notices").Title("Dismiss").Text("×").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnDismiss != nil {
					c.OnDismiss(ctx)
				}
			}),
	)
}

// Notices is the list of notices shown, each at most once: a notice
// dismissed earlier is not shown again.
type Notices struct {
	List []string
	seen map[string]bool
}

// Add appends the notices not seen before.
func (n *Notices) Add(ns ...string) {
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	for _, s := range ns {
		s = clipNotice(s)
		if s != "" && !n.seen[s] {
			n.seen[s] = true
			n.List = append(n.List, s)
		}
	}
}

// Clear dismisses the notices shown.
func (n *Notices) Clear() { n.List = nil }

// maxNotice bounds the length of a notice: a value pasted into the address
// can be any length, and the notice quotes it.
const maxNotice = 300

// clipNotice shortens a notice longer than maxNotice in its middle, keeping
// the parameter's name at the start and the correction at the end.
func clipNotice(s string) string {
	r := []rune(s)
	if len(r) <= maxNotice {
		return s
	}
	return string(r[:maxNotice/2-1]) + " … " + string(r[len(r)-maxNotice/2+2:])
}
