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

	// Diverged counts the runs whose gradient descent diverged; LR is the
	// learning rate they used and SafeLR the largest rate the engine
	// suggests (train.SuggestLR, 0: none). OnSafeLR sets it in one click.
	Diverged int
	LR       float64
	SafeLR   float64
	OnSafeLR func(ctx app.Context, lr float64)
	// NotLearned counts the runs that ended on their Budget of steps with
	// a modality not learned ("not learned within N steps").
	NotLearned int
	Budget     float64
	// Held is set while the figure's simulations wait for the visitor: their
	// estimate (Cost) is above the page's limit (Limit). OnApprove starts
	// them; Command runs the same sweep on the command line.
	Held      bool
	Cost      string
	Limit     string
	Command   string
	OnApprove func(ctx app.Context)
}

// Render draws the readout.
func (c *Readout) Render() app.UI {
	agree := "simulation vs theory: waiting for the first runs"
	if c.Dev.N > 0 {
		agree = "simulation vs theory: median deviation " + figure.FormatPercent(c.Dev.Median) + ", worst " + figure.FormatPercent(c.Dev.Worst) +
			" over " + strconv.Itoa(c.Dev.N) + " run" + plural(c.Dev.N)
	} else if c.Held {
		agree = "simulation vs theory: not started — the estimate is above the page's limit"
	} else if c.Diverged > 0 && c.Diverged == c.Done {
		agree = "simulation vs theory: no comparison — gradient descent diverged"
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
	if c.Held {
		progress = "0/" + strconv.Itoa(c.Total) + " runs · waiting for you"
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
		app.If(c.Held, c.heldUI),
		app.If(c.Diverged > 0, c.divergedUI),
		app.If(c.NotLearned > 0, func() app.UI {
			return app.P().ID("not-learned").Class("notice-inline").Text(strconv.Itoa(c.NotLearned) + " run" + plural(c.NotLearned) +
				" not learned within " + figure.FormatSteps(c.Budget) + " steps (the step budget): marked at the budget, no time is reported for them.")
		}),
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

// heldUI asks before starting simulations above the page's limit.
func (c *Readout) heldUI() app.UI {
	return app.Div().ID("cost-held").Class("cost-held").Role("alert").Body(
		app.P().Text("Not started: these simulations would need "+c.Cost+", above the page's limit of "+c.Limit+
			". Running them here would keep this tab busy for a long time."),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("cost-run-anyway").Text("Run anyway").
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnApprove != nil {
						c.OnApprove(ctx)
					}
				}),
		),
		app.P().Class("muted").Text("Or run them on the command line (all cores, no tab to keep open):"),
		app.Pre().ID("cost-command").Body(app.Code().Text(c.Command)),
	)
}

// divergedUI says that gradient descent diverged, that the theory does not
// hold at this rate, and offers the engine's safe rate in one click.
func (c *Readout) divergedUI() app.UI {
	text := strconv.Itoa(c.Diverged) + " run" + plural(c.Diverged) + " diverged at η = " + figure.FormatNum(c.LR) +
		" and stopped early: the learning rate is too large for these data, so gradient descent blows up and the theory (which assumes it converges) does not apply."
	return app.Div().ID("diverged").Class("diverged").Role("alert").Body(
		app.P().Text(text),
		app.If(c.SafeLR > 0, func() app.UI {
			return app.Button().Type("button").ID("use-safe-lr").
				Text("Use the safe rate η = " + figure.FormatNum(c.SafeLR)).
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnSafeLR != nil {
						c.OnSafeLR(ctx, c.SafeLR)
					}
				})
		}),
	)
}

// Divergence counts the diverged runs among results and returns the
// smallest learning rate the engine suggested for them (0: none).
func Divergence(results []protocol.JobResult) (n int, safe float64) {
	for _, r := range results {
		if !r.Done || r.Report == nil || !r.Report.Diverged {
			continue
		}
		n++
		if v := protocol.V(r.Report.SuggestedLR); v > 0 && !math.IsInf(v, 0) && (safe == 0 || v < safe) {
			safe = v
		}
	}
	return n, safe
}

// NotLearned counts the finished runs that reached their step budget
// without learning a modality.
func NotLearned(results []protocol.JobResult) int {
	n := 0
	for _, r := range results {
		if r.Done && r.Report != nil && !r.Report.Diverged && r.Report.Status == "budget" && (r.Report.TA == nil || r.Report.TB == nil) {
			n++
		}
	}
	return n
}
