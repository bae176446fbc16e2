package app

import (
	"math"
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

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
	linear   bool // linear loss axis (default log)
	err      string
	budget   float64
	eta      float64
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

// OnMount subscribes to the pool's live-run snapshots.
func (c *LiveRun) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.mounted = true
	if c.Pool != nil {
		c.Pool.OnProgress = func(r protocol.Response) {
			c.ctx.Dispatch(func(ctx app.Context) {
				c.onProgress(r)
				c.Pool.Isolate()
			})
		}
	}
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
		c.budget, _ = strconv.ParseFloat(firstNonEmpty(q.Get("steps"), "20000"), 64)
		c.eta, _ = strconv.ParseFloat(firstNonEmpty(q.Get("lr"), "0.04"), 64)
	}
	if c.Pool != nil {
		c.id = c.Pool.Run(query, c.stepsPerTick())
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
	s, _ := strconv.Atoi(firstNonEmpty(q.Get("seed"), "1"))
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
				figureButtons("live", "#live-charts", "the live-run charts"),
				app.Span().Class("muted").Text("trajectory"),
				dataButtons("live", "the live-run trajectory",
					func() string { return LiveCSV(c.query, c.pts) },
					func() string { return EncodeJSON(c.liveFile()) }),
			),
			app.Div().ID("live-charts").Class("live-charts").Body(
				app.Div().Class("panel").Body(
					c.lossChart(),
					app.Label().Class("inline toggle").Body(
						app.Input().Type("checkbox").ID("live-log").Checked(!c.linear).
							OnChange(func(ctx app.Context, e app.Event) { c.linear = !ctx.JSSrc().Get("checked").Bool() }),
						app.Text(" log-scale loss"),
					),
				),
				app.Div().Class("panel").Body(c.weightChart()),
			),
			app.P().Class("live-readout").Text(c.readout()),
		)
}

// caption says which configuration runs.
func (c *LiveRun) caption() string {
	if c.status == "" {
		return "Press “Train this configuration”, or click a marker in the diagram to watch that simulation."
	}
	s := describeQuery(c.query)
	if c.label != "" {
		s = c.label + ": " + s
	}
	if c.sps > 0 {
		s += " · " + FormatSteps(c.sps) + " steps/s"
	}
	return s
}

// readout compares detected and predicted times in words.
func (c *LiveRun) readout() string {
	if c.status == "" {
		return ""
	}
	pta, ptb := c.predicted()
	part := func(name string, det, pred float64) string {
		s := name + ": "
		if math.IsNaN(det) {
			s += "not detected yet"
		} else {
			s += "detected at step " + strconv.Itoa(int(det))
		}
		if !math.IsNaN(pred) {
			s += " (predicted " + FormatSig(pred, 4) + ")"
		}
		return s
	}
	s := part("t_A", num(c.ta), pta) + " · " + part("t_B", num(c.tb), ptb)
	if c.loss != nil {
		s += " · loss " + FormatSig(*c.loss, 3)
	}
	return s
}

// predicted returns the predicted t_A, t_B in steps: the reduced ODE for
// aligned initialisation when available, else the closed form.
func (c *LiveRun) predicted() (ta, tb float64) {
	if c.theory == nil {
		return math.NaN(), math.NaN()
	}
	t := c.theory
	q, _ := url.ParseQuery(c.query)
	if firstNonEmpty(q.Get("initscheme"), "aligned") == "aligned" {
		ta, _ = pick(t.ODETASteps, t.TASteps)
		tb, _ = pick(t.ODETBSteps, t.TBSteps)
		return ta, tb
	}
	ta, _ = pick(t.TASteps, t.ODETASteps)
	tb, _ = pick(t.TBSteps, t.ODETBSteps)
	return ta, tb
}

// liveFrame is the geometry of the two live charts.
var liveFrame = frame{W: 420, H: 270, L: 56, R: 10, T: 14, B: 44}

// xDomain is the step axis: it grows with the run and leaves room for the
// predicted t_B, so curves grow into a stable frame.
func (c *LiveRun) xDomain() (float64, float64) {
	hi := math.Max(float64(c.step), 100)
	pta, ptb := c.predicted()
	if ptb > 0 {
		hi = math.Max(hi, 1.3*ptb)
	} else if pta > 0 {
		hi = math.Max(hi, 3*pta)
	}
	if c.budget > 0 {
		hi = math.Min(hi, math.Max(c.budget, float64(c.step)))
	}
	s := niceStep(hi / 5)
	return 0, math.Ceil(hi/s-1e-9) * s
}

func (c *LiveRun) series(get func(protocol.TrajPoint) float64) (xs, ys []float64) {
	xs, ys = make([]float64, len(c.pts)), make([]float64, len(c.pts))
	for i, p := range c.pts {
		xs[i], ys[i] = float64(p.Step), get(p)
	}
	return xs, ys
}

// valueAt interpolates a trajectory quantity at a step.
func (c *LiveRun) valueAt(step float64, get func(protocol.TrajPoint) float64) float64 {
	for i := 1; i < len(c.pts); i++ {
		a, b := c.pts[i-1], c.pts[i]
		if float64(b.Step) >= step {
			fa, fb := get(a), get(b)
			if b.Step == a.Step {
				return fb
			}
			f := (step - float64(a.Step)) / float64(b.Step-a.Step)
			return fa + f*(fb-fa)
		}
	}
	if n := len(c.pts); n > 0 {
		return get(c.pts[n-1])
	}
	return math.NaN()
}

// lossChart draws the loss against steps.
func (c *LiveRun) lossChart() app.UI {
	f := liveFrame
	x0, x1 := c.xDomain()
	sx := f.xScale(x0, x1, false)
	xs, ls := c.series(func(p protocol.TrajPoint) float64 { return num(p.Loss) })
	var lo, hi = math.Inf(1), 0.0
	for _, v := range ls {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if c.theory != nil {
		for _, v := range []float64{num(c.theory.LossPlateau), num(c.theory.LossZero)} {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	var sy Scale
	if c.linear {
		if hi <= 0 {
			hi = 1
		}
		sy = f.yScale(0, niceCeil(hi*1.05), false)
	} else {
		if !(lo > 0) {
			lo, hi = 1e-3, 1
		}
		a, b := NiceLogDomain(math.Max(lo, hi*1e-8)/1.5, hi*1.5)
		sy = f.yScale(a, b, true)
	}
	clip := "live-loss-clip"
	var body []app.UI
	if c.theory != nil {
		body = append(body, f.hlineAt(sy, num(c.theory.LossPlateau), "plateau", "plateau ℒ(M_A)", false, c.midPhase(sx)))
	}
	if d := LinePath(xs, ls, sx, sy); d != "" {
		body = append(body, svg("path").Class("live-loss").Attr("d", d))
	}
	return svg("svg").Class("fig live-chart").Attr("viewBox", f.viewBox()).Attr("role", "img").
		Aria("label", "Loss against training steps for the live run").
		Body(
			svg("title").Text("Loss of the live run"),
			svg("desc").Text("Training loss against steps; dashed: the loss of the unimodal plateau, where only modality A is learned."),
			f.clipRect(clip),
			f.axes(sx, sy, sx.Ticks(5, FormatSteps), sy.Ticks(5, FormatNum), "steps", "loss ℒ"),
			svg("g").Attr("clip-path", "url(#"+clip+")").Body(body...),
			c.timeLines(f, sx),
			c.placeholder(f),
		)
}

// placeholder says why a chart is empty.
func (c *LiveRun) placeholder(f frame) app.UI {
	if len(c.pts) > 0 {
		return nil
	}
	msg := "no run yet"
	if c.status != "" {
		msg = "waiting for the first steps…"
	}
	return svg("text").Class("placeholder").Attr("x", px((f.left()+f.right())/2)).Attr("y", px((f.top()+f.bottom())/2)).
		Attr("text-anchor", "middle").Text(msg)
}

func niceCeil(v float64) float64 {
	s := niceStep(v / 5)
	return math.Ceil(v/s-1e-9) * s
}

// midPhase is the pixel x in the middle of the predicted unimodal phase,
// where the plateau labels go (NaN when unknown).
func (c *LiveRun) midPhase(sx Scale) float64 {
	pta, ptb := c.predicted()
	if math.IsNaN(pta) || math.IsNaN(ptb) {
		return math.NaN()
	}
	return (sx.Map(pta) + sx.Map(ptb)) / 2
}

// timeLines draws the predicted (dashed) and detected (solid) t_A, t_B.
func (c *LiveRun) timeLines(f frame, sx Scale) app.UI {
	pta, ptb := c.predicted()
	return svg("g").Class("time-lines").Body(
		f.vline(sx, pta, "pred pred-ta", "t_A predicted"),
		f.vline(sx, ptb, "pred pred-tb", "t_B predicted"),
		f.vline(sx, num(c.ta), "det det-ta", ""),
		f.vline(sx, num(c.tb), "det det-tb", ""),
	)
}

// weightChart draws W_A^tot and W_B^tot against steps with the plateau
// W_A^uni and the learning times.
func (c *LiveRun) weightChart() app.UI {
	f := liveFrame
	x0, x1 := c.xDomain()
	sx := f.xScale(x0, x1, false)
	getA := func(p protocol.TrajPoint) float64 { return num(p.WA) }
	getB := func(p protocol.TrajPoint) float64 { return num(p.WB) }
	xs, wa := c.series(getA)
	_, wb := c.series(getB)
	lo, hi := 0.0, 1.0
	for _, v := range append(append([]float64{}, wa...), wb...) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	plateau := math.NaN()
	if c.theory != nil && len(c.theory.Plateau) > 0 {
		plateau = num(c.theory.Plateau[0])
		if len(c.theory.Plateau) > 1 {
			plateau = math.NaN()
		}
	}
	if !math.IsNaN(plateau) {
		lo, hi = math.Min(lo, plateau), math.Max(hi, plateau)
	}
	span := hi - lo
	sy := f.yScale(lo-0.04*span, hi+0.08*span, false)
	clip := "live-w-clip"
	var body []app.UI
	body = append(body, f.hlineAt(sy, plateau, "plateau", "plateau W_A^uni", false, c.midPhase(sx)))
	if d := LinePath(xs, wa, sx, sy); d != "" {
		body = append(body, svg("path").Class("live-wa").Attr("d", d))
	}
	if d := LinePath(xs, wb, sx, sy); d != "" {
		body = append(body, svg("path").Class("live-wb").Attr("d", d))
	}
	var marks []app.UI
	if c.ta != nil {
		ta := *c.ta
		x, y := sx.Map(ta), sy.Map(c.valueAt(ta, getA))
		if !math.IsNaN(y) {
			marks = append(marks, svg("path").Class("mark live-ta").Attr("d", markerPath("circle", x, y, 5.5)).
				Body(svg("title").Text("t_A detected at step "+strconv.Itoa(int(ta)))))
		}
	}
	if c.tb != nil {
		tb := *c.tb
		x, y := sx.Map(tb), sy.Map(c.valueAt(tb, getB))
		if !math.IsNaN(y) {
			marks = append(marks, svg("path").Class("mark live-tb").Attr("d", markerPath("triangle", x, y, 6.5)).
				Body(svg("title").Text("t_B detected at step "+strconv.Itoa(int(tb)))))
		}
	}
	// A small key in the bottom-right corner, where the curves never are
	// (both weights start near zero and end near their targets).
	kx, ky := f.right()-92, f.bottom()-30
	labels := []app.UI{
		svg("line").Class("live-wa").Attr("x1", px(kx)).Attr("x2", px(kx+20)).Attr("y1", px(ky)).Attr("y2", px(ky)),
		svg("text").Class("line-label label-a").Attr("x", px(kx+25)).Attr("y", px(ky+4)).Text("W_A^tot"),
		svg("line").Class("live-wb").Attr("x1", px(kx)).Attr("x2", px(kx+20)).Attr("y1", px(ky+17)).Attr("y2", px(ky+17)),
		svg("text").Class("line-label label-b").Attr("x", px(kx+25)).Attr("y", px(ky+21)).Text("W_B^tot"),
	}
	return svg("svg").Class("fig live-chart").Attr("viewBox", f.viewBox()).Attr("role", "img").
		Aria("label", "Total weights on modalities A and B against training steps for the live run").
		Body(
			svg("title").Text("Total weights W_A^tot and W_B^tot of the live run"),
			svg("desc").Text("Blue: W_A^tot; vermillion: W_B^tot. Dashed horizontal: the unimodal plateau W_A^uni. Dashed vertical: predicted t_A and t_B; circle and triangle: detected t_A and t_B (half-height rule)."),
			f.clipRect(clip),
			f.axes(sx, sy, sx.Ticks(5, FormatSteps), sy.Ticks(5, FormatNum), "steps", "total weight W^tot"),
			svg("g").Attr("clip-path", "url(#"+clip+")").Body(body...),
			c.timeLines(f, sx),
			svg("g").Class("marks").Body(marks...),
			svg("g").Class("key").Body(labels...),
			c.placeholder(f),
		)
}

// liveFile is the JSON export of the run shown.
func (c *LiveRun) liveFile() LiveFile {
	lf := LiveFile{Unibias: "live", Version: Version, Query: c.query, Status: c.status, Theory: c.theory, TA: c.ta, TB: c.tb, Trajectory: c.pts}
	if q, err := url.ParseQuery(c.query); err == nil {
		lf.Seed = q.Get("seed")
	}
	if lf.Trajectory == nil {
		lf.Trajectory = []protocol.TrajPoint{}
	}
	return lf
}
