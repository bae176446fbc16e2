package app

import (
	"html"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// tourSteps are the guided tour: a sentence and the preset it opens.
var tourSteps = []struct{ text, preset, link string }{
	{"Start with two networks side by side: early fusion learns both modalities almost together, late fusion learns A first and leaves a long unimodal phase.", "early-late", "Early vs late fusion"},
	{"The length of that unimodal phase, t_B/t_A, grows with the correlation ρ between the modalities; the theory curve predicts it.", "ratio-rho", "Time ratio against ρ"},
	{"Deeper networks (and later fusion layers) lengthen the plateau: depth makes learning more sequential.", "deep", "Depth"},
	{"A superficial modality that is easy but weakly predictive can be learned first and delay the useful one.", "superficial", "Superficial modality"},
	{"Wu et al. measure the same pathology: while the network sits on A's plateau it uses only A (u(A|B) ≈ 1), and A's learning speed dwarfs B's.", "greedy", "Greedy learning"},
	{"The usual remedies slow the fast modality. In these networks that delays A but does not bring B forward at ρ = 0: B's plateau is its own small scale.", "remedies", "Remedies vs the unimodal phase"},
}

// setPresenter switches presenter mode (larger type, thicker lines, high
// contrast) on <body>. Handlers and OnMount only.
func setPresenter(on bool) {
	if app.IsClient {
		app.Window().Get("document").Get("body").Get("classList").Call("toggle", "presenter", on)
	}
}

// ClassroomBar holds the presenter toggle, the guided tour and the share
// dialog. Inputs: whether presenter mode is on and the preset shown; it
// reports a toggle through OnPresent.
type ClassroomBar struct {
	app.Compo
	Present   bool
	Preset    string
	OnPresent func(on bool)

	tour     int    // open tour step (1-based), 0 closed
	shareURL string // the share dialog is open on this address
}

// Render draws the bar and its open dialog.
func (c *ClassroomBar) Render() app.UI {
	// A nav landmark holds the toolbar, so all page content sits in a
	// landmark (axe rule "region").
	return app.Nav().Aria("label", "Classroom and sharing").Body(app.Div().Class("classroom-bar").Role("toolbar").Aria("label", "Classroom").Body(
		app.Button().Type("button").ID("presenter-toggle").Class("small").
			Aria("pressed", boolText(c.Present)).
			Text("Presenter mode").Title("Larger type, thicker lines, high contrast").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnPresent != nil {
					c.OnPresent(!c.Present)
				}
			}),
		app.Button().Type("button").ID("tour").Class("small").Text("Tour").
			Aria("haspopup", "dialog").Title("A four-step guided tour of the figures").
			OnClick(func(ctx app.Context, e app.Event) {
				c.tour = 1
				ctx.Defer(func(ctx app.Context) { focusID("tour-next") })
			}),
		app.Button().Type("button").ID("share").Class("small").Text("Share / embed").
			Aria("haspopup", "dialog").Title("Link and iframe snippet for this view").
			OnClick(func(ctx app.Context, e app.Event) {
				c.shareURL = app.Window().Get("location").Get("href").String()
				ctx.Defer(func(ctx app.Context) { focusID("share-link") })
			}),
		app.Span().Class("muted shortcut-hint").Text("Keys: space play/pause · s step · r reset"),
		app.If(c.tour > 0, func() app.UI {
			return &TourDialog{Step: c.tour, OnStep: func(n int) { c.tour = n }}
		}),
		app.If(c.shareURL != "", func() app.UI {
			title := "phase diagram"
			if c.Preset != "" {
				title = c.Preset
			}
			return &ShareDialog{URL: c.shareURL, Title: title, OnClose: func() { c.shareURL = "" }}
		}),
	))
}

// TourDialog is the guided tour at Step (1-based); OnStep receives the step
// to show next, 0 to close.
type TourDialog struct {
	app.Compo
	Step   int
	OnStep func(step int)
}

// Render draws the open step.
func (d *TourDialog) Render() app.UI {
	i := min(max(d.Step, 1), len(tourSteps)) - 1
	st := tourSteps[i]
	closeTour := func(ctx app.Context) {
		d.OnStep(0)
		ctx.Defer(func(ctx app.Context) { focusID("tour") })
	}
	return app.Div().ID("tour-dialog").Class("dialog").Role("dialog").Aria("modal", "false").Aria("labelledby", "tour-title").
		OnKeyDown(func(ctx app.Context, e app.Event) {
			if e.Get("key").String() == "Escape" {
				closeTour(ctx)
			}
		}).
		Body(
			app.H2().ID("tour-title").Text("Tour "+itoa(i+1)+" / "+itoa(len(tourSteps))),
			app.P().ID("tour-text").Text(st.text),
			app.P().Body(app.A().ID("tour-link").Href("?"+KeyPreset+"="+st.preset).Text("Open the figure: "+st.link+" →")),
			app.Div().Class("dialog-buttons").Body(
				app.Button().Type("button").ID("tour-back").Disabled(i == 0).Text("Back").
					OnClick(func(ctx app.Context, e app.Event) { d.OnStep(max(1, i)) }),
				app.Button().Type("button").ID("tour-next").Class("primary").Disabled(i == len(tourSteps)-1).Text("Next").
					OnClick(func(ctx app.Context, e app.Event) { d.OnStep(min(len(tourSteps), i+2)) }),
				app.Button().Type("button").ID("tour-close").Text("Close").
					OnClick(func(ctx app.Context, e app.Event) { closeTour(ctx) }),
			),
		)
}

// ShareDialog shows the link of a view and its iframe snippet with copy
// buttons; OnClose closes it.
type ShareDialog struct {
	app.Compo
	URL, Title string
	OnClose    func()

	copied string
}

// Render draws the dialog.
func (d *ShareDialog) Render() app.UI {
	closeShare := func(ctx app.Context) {
		d.OnClose()
		ctx.Defer(func(ctx app.Context) { focusID("share") })
	}
	copyFrom := func(id, what string) app.EventHandler {
		return func(ctx app.Context, e app.Event) {
			el := app.Window().GetElementByID(id)
			if !el.Truthy() {
				return
			}
			el.Call("select")
			text := el.Get("value").String()
			if clip := app.Window().Get("navigator").Get("clipboard"); clip.Truthy() {
				clip.Call("writeText", text)
			} else {
				app.Window().Get("document").Call("execCommand", "copy")
			}
			d.copied = what
		}
	}
	status := ""
	if d.copied != "" {
		status = "Copied the " + d.copied + " ✓"
	}
	return app.Div().ID("share-dialog").Class("dialog").Role("dialog").Aria("labelledby", "share-title").
		OnKeyDown(func(ctx app.Context, e app.Event) {
			if e.Get("key").String() == "Escape" {
				closeShare(ctx)
			}
		}).
		Body(
			app.H2().ID("share-title").Text("Share or embed this view"),
			app.Label().For("share-link").Text("Link"),
			app.Input().Type("text").ID("share-link").ReadOnly(true).Value(d.URL),
			app.Button().Type("button").ID("share-copy-link").Class("small").Text("Copy link").OnClick(copyFrom("share-link", "link")),
			app.Label().For("share-iframe").Text("Embed (HTML)"),
			app.Textarea().ID("share-iframe").ReadOnly(true).Rows(4).Text(IframeSnippet(d.URL, d.Title)),
			app.Button().Type("button").ID("share-copy-iframe").Class("small").Text("Copy embed code").OnClick(copyFrom("share-iframe", "embed code")),
			app.P().Class("muted").Role("status").Text(status),
			app.Div().Class("dialog-buttons").Body(
				app.Button().Type("button").ID("share-close").Text("Close").OnClick(func(ctx app.Context, e app.Event) { closeShare(ctx) }),
			),
		)
}

// focusID focuses the element with that id, if any. Handlers only.
func focusID(id string) {
	if !app.IsClient {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// EmbedURL is the address of the view in embed mode.
func EmbedURL(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	q := u.Query()
	q.Set(KeyEmbed, "1")
	q.Del(KeyPresent)
	u.RawQuery = q.Encode()
	return u.String()
}

// IframeSnippet is the HTML that embeds a view.
func IframeSnippet(href, title string) string {
	return `<iframe src="` + html.EscapeString(EmbedURL(href)) + `" title="unibias ` + html.EscapeString(title) +
		`" width="100%" height="800" style="border:0"></iframe>`
}
