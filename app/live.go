package app

import (
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// LiveStart asks a LiveRun to start a run: each new Seq starts Query.
type LiveStart struct {
	Query string
	Label string // what the run is, e.g. "ρ = 0.3, Lf = 2"
	Seq   int
}

// speeds are the steps-per-tick choices of a live run (0: as fast as
// possible); the worker ticks about 15 times a second.
var speeds = []struct {
	n     int
	label string
}{{1, "1 step / tick"}, {10, "10 steps / tick"}, {100, "100 steps / tick"}, {1000, "1000 steps / tick"}, {0, "max"}}

// LiveRun trains one network live on the theory worker and draws its loss
// and its total weights W_A^tot, W_B^tot against steps, with the plateau
// W_A^uni and the predicted and detected learning times t_A, t_B. It has
// play/pause, step, reset (same seed), new seed and speed controls. Progress
// snapshots re-render this component alone.
type LiveRun struct {
	app.Compo

	Pool    *Pool
	Current string    // query of the page's current parameters
	Start   LiveStart // a new Seq starts a run
	Host    Host      // progress redraws the LiveRun alone

	ctx     app.Context
	mounted bool
	seq     int // last Start.Seq handled

	id       int
	query    string
	label    string
	status   string // "", training, converged, diverged, budget, error
	reason   string
	step     int
	paused   bool
	speed    int  // steps per tick (0: max) once speedSet
	speedSet bool // the user chose a speed; else defaultSpeed
	pts      []protocol.TrajPoint
	theory   *protocol.TheoryReport
	ta, tb   protocol.Num // detected (steps), nil until detected
	loss     protocol.Num
	sps      float64
	linear   bool   // linear loss axis (default log)
	measure  string // the measure chart shown (compose.MeasureKinds; "" = the first)
	err      string
	budget   float64
}

// defaultSpeed is the initial steps per tick: a default run converges in a
// few seconds and its plateau is still visible.
const defaultSpeed = 100

// stepsPerTick is the chosen speed.
func (c *LiveRun) stepsPerTick() int {
	if !c.speedSet {
		return defaultSpeed
	}
	return c.speed
}

// OnMount starts the run asked for, if any.
func (c *LiveRun) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.mounted = true
	c.maybeStart()
}

// OnUpdate starts the run the parent asked for, if it is new.
func (c *LiveRun) OnUpdate(ctx app.Context) {
	c.maybeStart()
}

func (c *LiveRun) maybeStart() {
	if c.mounted && c.Start.Seq > 0 && c.Start.Seq != c.seq {
		c.seq = c.Start.Seq
		c.begin(c.Start.Query, c.Start.Label)
	}
}

// begin starts a live run of query, replacing the current one.
func (c *LiveRun) begin(query, label string) {
	c.query, c.label = query, label
	c.status, c.reason, c.err = "training", "", ""
	c.step, c.paused = 0, false
	c.pts, c.theory = nil, nil
	c.ta, c.tb, c.loss, c.sps = nil, nil, nil, 0
	if q, err := url.ParseQuery(query); err == nil {
		c.budget, _ = strconv.ParseFloat(firstNonEmpty(q.Get("steps"), params.Default("steps")), 64)
	}
	if c.Pool != nil {
		c.id = c.Pool.Run(query, c.stepsPerTick(), func(r protocol.Response) {
			redrawAlone(c.ctx, c.Host, func(app.Context) { c.onProgress(r) })
		})
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// onProgress applies one worker message for the live run.
func (c *LiveRun) onProgress(r protocol.Response) {
	if r.ID != c.id {
		return
	}
	if r.Type == protocol.RespError {
		c.status, c.err = "error", r.Error
		return
	}
	p := r.Progress
	if p == nil {
		return
	}
	if p.Reset {
		c.pts = nil
	}
	c.pts = append(c.pts, p.Points...)
	c.step, c.status, c.reason, c.paused = p.Step, p.Status, p.Reason, p.Paused
	c.loss, c.ta, c.tb = p.Loss, p.TA, p.TB
	if p.SPS > 0 {
		c.sps = p.SPS
	}
	if p.Theory != nil {
		c.theory = p.Theory
	}
}

func (c *LiveRun) running() bool { return c.status == "training" }

func (c *LiveRun) control(action string, n int) {
	if c.Pool != nil && c.id != 0 {
		c.Pool.Control(c.id, action, n)
	}
}

// withNextSeed returns query with its seed increased by one.
func withNextSeed(query string) string {
	q, err := url.ParseQuery(query)
	if err != nil {
		return query
	}
	s, _ := strconv.Atoi(firstNonEmpty(q.Get("seed"), params.Default("seed")))
	q.Set("seed", strconv.Itoa(s+1))
	return q.Encode()
}

// Render draws the live panel.
func (c *LiveRun) Render() app.UI {
	status := c.status
	if status == "" {
		status = "idle"
	}
	statusText := map[string]string{
		"idle": "no run yet", "training": "training", "converged": "converged",
		"diverged": "diverged", "budget": "step budget reached", "error": "error",
	}[status]
	if c.paused && c.running() {
		statusText = "paused"
	}
	if c.reason != "" && (status == "diverged" || status == "budget") {
		statusText += ": " + c.reason
	}
	if c.err != "" {
		statusText += ": " + c.err
	}
	speed := c.stepsPerTick()
	stepN := max(speed, 1)
	if speed == 0 {
		stepN = 100
	}
	has := c.status != ""
	charts := c.chartState()
	return app.Section().ID("live").Class("live").
		DataSet("step", c.step).DataSet("status", status).
		Aria("labelledby", "live-title").
		Body(
			app.Div().Class("live-head").Body(
				app.H2().ID("live-title").Text("Live training run"),
				app.Button().ID("train").Type("button").Class("primary").Text("Train this configuration").
					Title("Train one network with the current parameters and watch it learn").
					OnClick(func(ctx app.Context, e app.Event) { c.begin(c.Current, "") }),
			),
			app.P().Class("live-config muted").Text(c.caption()),
			app.Div().Class("toolbar").Role("toolbar").Aria("label", "Live run controls").Body(
				app.Button().ID("live-pause").Type("button").Disabled(!c.running()).
					Text(map[bool]string{true: "▶ Resume", false: "❚❚ Pause"}[c.paused]).
					OnClick(func(ctx app.Context, e app.Event) {
						if c.paused {
							c.paused = false
							c.control("resume", 0)
						} else {
							c.paused = true
							c.control("pause", 0)
						}
					}),
				app.Button().ID("live-step").Type("button").Disabled(!c.running()).Text("Step +"+strconv.Itoa(stepN)).
					Title("Pause and advance by this many steps").
					OnClick(func(ctx app.Context, e app.Event) {
						c.paused = true
						c.control("step", stepN)
					}),
				app.Button().ID("live-reset").Type("button").Disabled(!has).Text("↺ Reset").Title("Restart this run with the same seed").
					OnClick(func(ctx app.Context, e app.Event) { c.begin(c.query, c.label) }),
				app.Button().Type("button").Disabled(!has).Text("New seed").Title("Restart with the next seed (new data and initialisation)").
					OnClick(func(ctx app.Context, e app.Event) { c.begin(withNextSeed(c.query), c.label) }),
				app.Label().For("live-speed").Class("inline").Text("Speed"),
				app.Select().ID("live-speed").
					OnChange(func(ctx app.Context, e app.Event) {
						n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
						if err == nil {
							c.speed, c.speedSet = n, true
							c.control("speed", n)
						}
					}).
					Body(app.Range(speeds).Slice(func(i int) app.UI {
						return app.Option().Value(strconv.Itoa(speeds[i].n)).Selected(speeds[i].n == speed).Text(speeds[i].label)
					})),
				app.Span().Class("step-counter").Aria("live", "off").Text("step "+strconv.Itoa(c.step)),
				app.Span().Class("status status-"+status).Role("status").Text(statusText),
			),
			app.Div().Class("fig-tools").Body(
				app.Span().Class("muted").Text("Download: charts"),
				&FigureButtons{ID: "live", Label: "the live-run charts", Figure: func() *figure.Figure { return c.chartState().LiveFigure(c.caption()) }},
				app.Span().Class("muted").Text("trajectory"),
				dataButtons("live", "the live-run trajectory",
					func() string { return LiveCSV(c.query, c.pts) },
					func() string { return EncodeJSON(c.liveFile()) }),
			),
			app.Div().ID("live-charts").Class("live-charts").Body(
				app.Div().Class("panel").Body(
					&PanelView{Panel: charts.LossChart()},
					app.Label().Class("inline toggle").Body(
						app.Input().Type("checkbox").ID("live-log").Checked(!c.linear).
							OnChange(func(ctx app.Context, e app.Event) { c.linear = !ctx.JSSrc().Get("checked").Bool() }),
						app.Text(" log-scale loss"),
					),
				),
				app.Div().Class("panel").Body(&PanelView{Panel: charts.WeightChart()}),
				app.Div().Class("panel").Body(
					&PanelView{Panel: charts.MeasureChart(charts.Measure)},
					app.Label().For("live-measure").Class("inline").Text("Measure "),
					app.Select().ID("live-measure").Title("Which measure of the related work to draw (docs/theory.md §10)").
						OnChange(func(ctx app.Context, e app.Event) { c.measure = ctx.JSSrc().Get("value").String() }).
						Body(app.Range(compose.MeasureKinds).Slice(func(i int) app.UI {
							k := compose.MeasureKinds[i]
							return app.Option().Value(k.Key).Selected(k.Key == charts.Measure).Text(k.Label)
						})),
				),
			),
			app.P().Class("live-readout").Text(c.readout()),
		)
}
