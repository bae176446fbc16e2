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
}

// setPresent switches presenter mode (larger type, thicker lines, high
// contrast) on the page and on <body>. Handlers and OnMount only.
func (p *Page) setPresent(on bool) {
	p.present = on
	if app.IsClient {
		app.Window().Get("document").Get("body").Get("classList").Call("toggle", "presenter", on)
	}
}

// classroomBar holds the presenter toggle, the tour and the shortcut hint.
func (p *Page) classroomBar() app.UI {
	// A nav landmark holds the toolbar, so all page content sits in a
	// landmark (axe rule "region").
	return app.Nav().Aria("label", "Classroom and sharing").Body(app.Div().Class("classroom-bar").Role("toolbar").Aria("label", "Classroom").Body(
		app.Button().Type("button").ID("presenter-toggle").Class("small").
			Aria("pressed", map[bool]string{true: "true", false: "false"}[p.present]).
			Text("Presenter mode").Title("Larger type, thicker lines, high contrast").
			OnClick(func(ctx app.Context, e app.Event) { p.setPresent(!p.present) }),
		app.Button().Type("button").ID("tour").Class("small").Text("Tour").
			Aria("haspopup", "dialog").Title("A four-step guided tour of the figures").
			OnClick(func(ctx app.Context, e app.Event) {
				p.tour = 1
				ctx.Defer(func(ctx app.Context) { focusID("tour-next") })
			}),
		app.Button().Type("button").ID("share").Class("small").Text("Share / embed").
			Aria("haspopup", "dialog").Title("Link and iframe snippet for this view").
			OnClick(func(ctx app.Context, e app.Event) {
				p.shareURL = app.Window().Get("location").Get("href").String()
				p.shareCopied = ""
				ctx.Defer(func(ctx app.Context) { focusID("share-link") })
			}),
		app.Span().Class("muted shortcut-hint").Text("Keys: space play/pause · s step · r reset"),
		app.If(p.tour > 0, func() app.UI { return p.tourDialog() }),
		app.If(p.shareURL != "", func() app.UI { return p.shareDialog() }),
	))
}

// tourDialog is the open tour at step p.tour (1-based).
func (p *Page) tourDialog() app.UI {
	i := min(max(p.tour, 1), len(tourSteps)) - 1
	st := tourSteps[i]
	closeTour := func(ctx app.Context) {
		p.tour = 0
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
			app.P().Body(app.A().ID("tour-link").Href("?preset="+st.preset).Text("Open the figure: "+st.link+" →")),
			app.Div().Class("dialog-buttons").Body(
				app.Button().Type("button").ID("tour-back").Disabled(i == 0).Text("Back").
					OnClick(func(ctx app.Context, e app.Event) { p.tour = max(1, p.tour-1) }),
				app.Button().Type("button").ID("tour-next").Class("primary").Disabled(i == len(tourSteps)-1).Text("Next").
					OnClick(func(ctx app.Context, e app.Event) { p.tour = min(len(tourSteps), p.tour+1) }),
				app.Button().Type("button").ID("tour-close").Text("Close").
					OnClick(func(ctx app.Context, e app.Event) { closeTour(ctx) }),
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
	q.Set("embed", "1")
	q.Del("present")
	u.RawQuery = q.Encode()
	return u.String()
}

// IframeSnippet is the HTML that embeds a view.
func IframeSnippet(href, title string) string {
	return `<iframe src="` + html.EscapeString(EmbedURL(href)) + `" title="unibias ` + html.EscapeString(title) +
		`" width="100%" height="800" style="border:0"></iframe>`
}

// shareDialog shows the link and the iframe snippet with copy buttons.
func (p *Page) shareDialog() app.UI {
	snippet := IframeSnippet(p.shareURL, "phase diagram")
	if p.preset != "" {
		snippet = IframeSnippet(p.shareURL, p.preset)
	}
	closeShare := func(ctx app.Context) {
		p.shareURL = ""
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
			p.shareCopied = what
		}
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
			app.Input().Type("text").ID("share-link").ReadOnly(true).Value(p.shareURL),
			app.Button().Type("button").ID("share-copy-link").Class("small").Text("Copy link").OnClick(copyFrom("share-link", "link")),
			app.Label().For("share-iframe").Text("Embed (HTML)"),
			app.Textarea().ID("share-iframe").ReadOnly(true).Rows(4).Text(snippet),
			app.Button().Type("button").ID("share-copy-iframe").Class("small").Text("Copy embed code").OnClick(copyFrom("share-iframe", "embed code")),
			app.P().Class("muted").Role("status").Text(map[bool]string{true: "", false: "Copied the " + p.shareCopied + " ✓"}[p.shareCopied == ""]),
			app.Div().Class("dialog-buttons").Body(
				app.Button().Type("button").ID("share-close").Text("Close").OnClick(func(ctx app.Context, e app.Event) { closeShare(ctx) }),
			),
		)
}
