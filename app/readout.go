package app

import (
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/figure"
	"unibias/protocol"
)

// Readout states how well the simulations agree with the theory and how far
// the sweep has come: "simulation vs theory: median deviation x%, worst y%
// over n runs", a progress bar with "k/n runs" and the elapsed time.
type Readout struct {
	app.Compo

	Done, Total int
	Failed      int // runs without measurable times
	Dev         protocol.Agreement
	Reference   string // theory the deviation refers to, e.g. "reduced ODE"
	Elapsed     time.Duration
	Running     bool
	Note        string // e.g. "starting workers…"
}

// Render draws the readout.
func (c *Readout) Render() app.UI {
	agree := "simulation vs theory: waiting for the first runs"
	if c.Dev.N > 0 {
		agree = "simulation vs theory: median deviation " + figure.FormatPercent(c.Dev.Median) + ", worst " + figure.FormatPercent(c.Dev.Worst) +
			" over " + strconv.Itoa(c.Dev.N) + " run" + plural(c.Dev.N)
	} else if c.Total > 0 && c.Done == c.Total {
		agree = "simulation vs theory: no run had both a measured and a predicted ratio"
	}
	ref := ""
	if c.Reference != "" && c.Dev.N > 0 {
		ref = " (time ratio t_B/t_A against the " + c.Reference + ")"
	}
	progress := strconv.Itoa(c.Done) + "/" + strconv.Itoa(c.Total) + " runs"
	if c.Failed > 0 {
		progress += " · " + strconv.Itoa(c.Failed) + " without learning times"
	}
	state := ""
	switch {
	case c.Note != "":
		state = c.Note
	case c.Total > 0 && c.Done == c.Total:
		state = "done in " + formatDuration(c.Elapsed)
	case c.Running:
		state = "elapsed " + formatDuration(c.Elapsed)
	}
	pct := 0.0
	if c.Total > 0 {
		pct = float64(c.Done) / float64(c.Total)
	}
	return app.Div().Class("readout").Body(
		app.P().Class("agreement").Body(
			app.Strong().Text(agree),
			app.If(ref != "", func() app.UI { return app.Span().Class("muted").Text(ref) }),
		),
		app.Div().Class("progress-row").Body(
			app.Div().Class("bar").Role("progressbar").
				Aria("valuemin", 0).Aria("valuemax", max(c.Total, 1)).Aria("valuenow", c.Done).Aria("label", "simulations done").
				// An SVG bar: its width is an attribute, not an inline style
				// (the page's Content-Security-Policy allows no inline style).
				Body(svg("svg").Class("bar-svg").Attr("viewBox", "0 0 100 1").Attr("preserveAspectRatio", "none").Aria("hidden", "true").
					Body(svg("rect").Class("bar-fill").Attr("width", strconv.FormatFloat(100*pct, 'f', 1, 64)).Attr("height", "1"))),
			app.Span().Class("count").Text(progress),
			app.Span().Class("elapsed muted").Text(state),
		),
	)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// formatDuration formats a duration as "0.8 s", "12 s", "2 min 5 s".
func formatDuration(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 10:
		return strconv.FormatFloat(math.Round(s*10)/10, 'f', 1, 64) + " s"
	case s < 120:
		return strconv.Itoa(int(math.Round(s))) + " s"
	}
	m := int(s) / 60
	return strconv.Itoa(m) + " min " + strconv.Itoa(int(s)-60*m) + " s"
}
