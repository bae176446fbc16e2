package app

import (
	"net/url"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// PresetInfo names a preset in the menu (the list mirrors engine/preset,
// which the page does not link: the worker builds the figures).
type PresetInfo struct{ Name, Title, Section string }

// Presets is the menu of one-click figures (THEORY.md §7, §9).
var Presets = []PresetInfo{
	{"early-late", "Early vs late fusion: the unimodal plateau", "§5.1, §5.4, §5.8"},
	{"ratio-rho", "Time ratio t_B/t_A vs correlation ρ", "§5.3, §5.10, §7.1"},
	{"misattribution", "Misattribution during the unimodal phase", "§5.2, §7.2"},
	{"heatmap", "Heat maps over ρ × σ_A/σ_B", "§5.2, §5.3, §7.3"},
	{"superficial", "Superficial modality preference", "§5.9, §7.4"},
	{"portrait", "Phase portraits of two-layer networks", "§5.1, §7.5"},
	{"deep", "Deep networks: the fusion layer sets the plateau", "§5.5, §5.7, §7.6"},
	{"random", "Random covariances: theory vs simulation", "§2.2, §5.6, §7.7"},
	{"overparam", "Under- vs over-parameterised: permanent unimodal bias", "§5.11, §7.8"},
	{"relu", "Two-layer ReLU networks and XOR + Gaussian", "§5.12, §9.1, §9.2"},
}

// PresetTitle returns the title of a preset name ("" if unknown).
func PresetTitle(name string) string {
	for _, p := range Presets {
		if p.Name == name {
			return p.Title
		}
	}
	return ""
}

// PresetMenu lists the presets as ordinary links (?preset=name).
func PresetMenu(current string) app.UI {
	items := make([]app.UI, 0, len(Presets)+1)
	items = append(items, app.Li().Body(app.A().Href("./").Class(activeIf(current == "")).Text("Phase diagram (start page)")))
	for _, p := range Presets {
		items = append(items, app.Li().Body(
			app.A().Href("?preset="+url.QueryEscape(p.Name)).Class(activeIf(p.Name == current)).Text(p.Title),
			app.Span().Class("sec").Text(" "+p.Section)))
	}
	return app.Nav().Class("preset-menu").Aria("label", "Figures of the paper").Body(
		app.H2().Text("Figures of the paper"),
		app.Ul().Body(items...))
}

func activeIf(b bool) string {
	if b {
		return "active"
	}
	return ""
}

// PresetView shows one preset figure: it asks a worker for the figure's
// theory content, runs its simulations in Web Workers, and draws theory and
// simulation side by side with the agreement stated as a number.
type PresetView struct {
	app.Compo
	Name string

	pool       *Pool
	gen        int
	data       FigureData
	jobOf      map[int]int // request id → job index
	pending    int
	started    time.Time
	elapsed    time.Duration
	err        string
	loaded     bool
	demand     bool // on-demand jobs requested
	extra      []protocol.FigJob
	loadedName string
}

// OnUpdate reloads when the parent switches to another preset.
func (v *PresetView) OnUpdate(ctx app.Context) {
	if v.pool != nil && v.Name != v.loadedName {
		v.pool.Cancel(v.gen + 1)
		v.load()
	}
}

// OnMount starts the workers and requests the figure.
func (v *PresetView) OnMount(ctx app.Context) {
	n := 2
	if hc := app.Window().Get("navigator").Get("hardwareConcurrency"); hc.Truthy() {
		n = max(1, min(4, hc.Int()))
	}
	v.pool = NewPool("web/worker.js", n)
	v.pool.OnPlan = func(r protocol.Response) { ctx.Dispatch(func(ctx app.Context) { v.onFigure(ctx, r) }) }
	v.pool.OnResult = func(r protocol.Response) { ctx.Dispatch(func(ctx app.Context) { v.onResult(r) }) }
	v.pool.OnFailure = func(msg string) { ctx.Dispatch(func(ctx app.Context) { v.err = msg }) }
	v.load()
}

// OnDismount stops the workers' work.
func (v *PresetView) OnDismount() {
	if v.pool != nil {
		v.gen++
		v.pool.Cancel(v.gen)
		v.pool.Terminate()
	}
}

func (v *PresetView) load() {
	v.gen++
	v.loadedName = v.Name
	v.extra = nil
	v.data = FigureData{}
	v.jobOf = map[int]int{}
	v.loaded, v.err, v.demand, v.pending = false, "", false, 0
	v.started = time.Now()
	v.pool.Preset(v.gen, v.Name)
}

func (v *PresetView) onFigure(ctx app.Context, r protocol.Response) {
	if r.Gen != v.gen {
		return
	}
	if r.Type == protocol.RespError || r.Figure == nil {
		v.err = r.Error
		return
	}
	v.data.Fig = r.Figure
	v.data.Reports = make([]*protocol.Report, len(r.Figure.Jobs))
	v.data.Errors = make([]string, len(r.Figure.Jobs))
	v.loaded = true
	v.pool.EnsureSims(v.pool.maxSims)
	for i, j := range r.Figure.Jobs {
		if !j.OnDemand {
			v.queue(i)
		}
	}
	app.Window().Get("document").Get("body").Get("dataset").Set("preset", v.Name)
}

func (v *PresetView) queue(i int) {
	j := v.data.Fig.Jobs[i]
	var id int
	if j.Trajectory {
		id = v.pool.SimulateTrajectory(v.gen, j.Query)
	} else {
		id = v.pool.Simulate(v.gen, j.Query)
	}
	v.jobOf[id] = i
	v.pending++
}

func (v *PresetView) onResult(r protocol.Response) {
	i, ok := v.jobOf[r.ID]
	if !ok || r.Gen != v.gen {
		return
	}
	delete(v.jobOf, r.ID)
	v.pending--
	if r.Report != nil {
		v.data.Reports[i] = r.Report
	} else {
		v.data.Errors[i] = r.Error
	}
	if v.pending == 0 {
		v.elapsed = time.Since(v.started)
	}
}

func (v *PresetView) runOnDemand(ctx app.Context, e app.Event) {
	if v.demand || v.data.Fig == nil {
		return
	}
	v.demand = true
	if v.pending == 0 {
		v.started = time.Now()
	}
	for i, j := range v.data.Fig.Jobs {
		if j.OnDemand {
			v.queue(i)
		}
	}
}

// onPlaneClick starts a run of the clicked point of a clickable panel.
func (v *PresetView) onPlaneClick(p *protocol.Panel, x, y float64) {
	c := p.Click
	q, err := url.ParseQuery(c.Query)
	if err != nil {
		return
	}
	q.Set(c.XParam, strconv.FormatFloat(x, 'g', 4, 64))
	q.Set(c.YParam, strconv.FormatFloat(y, 'g', 4, 64))
	j := protocol.FigJob{Query: q.Encode(), Panel: c.Panel, Series: 2 + len(v.extra)%4, Extract: c.Extract, Trajectory: true,
		Label: "clicked σ_A/σ_B = " + FormatSig(x, 3) + ", w_A*/w_B* = " + FormatSig(y, 3)}
	v.data.Fig.Jobs = append(v.data.Fig.Jobs, j)
	v.data.Reports = append(v.data.Reports, nil)
	v.data.Errors = append(v.data.Errors, "")
	v.extra = append(v.extra, j)
	v.queue(len(v.data.Fig.Jobs) - 1)
}

func (v *PresetView) counts() (done, total int) {
	if v.data.Fig == nil {
		return 0, 0
	}
	for i, j := range v.data.Fig.Jobs {
		if j.OnDemand && !v.demand {
			continue
		}
		total++
		if v.data.Reports[i] != nil || v.data.Errors[i] != "" {
			done++
		}
	}
	return done, total
}

// Render draws the caption, progress, agreement and panels.
func (v *PresetView) Render() app.UI {
	title := PresetTitle(v.Name)
	if title == "" {
		return app.Section().Class("preset").Body(app.H2().Text("Unknown figure"), app.P().Text("There is no figure called “"+v.Name+"”. Pick one from the list."))
	}
	if v.err != "" && !v.loaded {
		return app.Section().Class("preset").Body(app.H2().Text(title), app.P().Class("error").Text(v.err))
	}
	if !v.loaded {
		return app.Section().Class("preset").Body(app.H2().Text(title), app.P().Text("Computing the theory…"))
	}
	fig := v.data.Fig
	done, total := v.counts()
	rel, abs := FigureAgreement(&v.data)
	var agree []app.UI
	if t := AgreementText(rel); t != "" {
		agree = append(agree, app.P().Class("agreement").Body(app.Strong().Text("Simulation vs theory (relative deviation): "), app.Text(t)))
	}
	if t := AgreementText(abs); t != "" {
		agree = append(agree, app.P().Class("agreement").Body(app.Strong().Text("Simulation vs theory (absolute deviation): "), app.Text(t)))
	}
	status := strconv.Itoa(done) + "/" + strconv.Itoa(total) + " simulations"
	if done == total && total > 0 && v.elapsed > 0 {
		status += " · done in " + strconv.FormatFloat(v.elapsed.Seconds(), 'f', 1, 64) + " s"
	}
	var panels []app.UI
	for i := range fig.Panels {
		p := &fig.Panels[i]
		panel := FigurePanel(&v.data, p, i)
		if p.Click != nil {
			pp := p
			panel = app.Div().Class("clickable").Body(panel).OnClick(func(ctx app.Context, e app.Event) {
				x, y, ok := planeCoords(e, pp)
				if ok {
					v.onPlaneClick(pp, x, y)
				}
			})
		}
		panels = append(panels, panel)
	}
	var legend []app.UI
	for i, s := range fig.Legend {
		legend = append(legend, app.Li().Body(
			app.Span().Class("swatch").Style("background", SeriesColor(i)),
			app.Text(s)))
	}
	var demand app.UI
	for _, j := range fig.Jobs {
		if j.OnDemand {
			demand = app.Button().Class("btn").ID("ondemand").Disabled(v.demand).Text("Simulate the coarse grid").OnClick(v.runOnDemand)
			break
		}
	}
	var errs []app.UI
	for i, e := range v.data.Errors {
		if e != "" {
			errs = append(errs, app.Li().Text("run "+strconv.Itoa(i+1)+": "+e))
		}
	}
	var errList app.UI
	if len(errs) > 0 {
		errList = app.Ul().Class("errors").Body(errs...)
	}
	return app.Section().Class("preset").ID("preset").DataSet("name", v.Name).DataSet("sims-done", done).DataSet("sims-total", total).
		DataSet("within", rel.Within+abs.Within).DataSet("withtol", rel.WithTol+abs.WithTol).Body(
		app.H2().Text(fig.Title),
		app.P().Class("caption").Body(app.Text(fig.Caption), app.Span().Class("sec").Text(" (THEORY.md "+fig.Section+")")),
		app.Div().Class("progress-row").Body(
			app.Progress().Max(max(total, 1)).Value(done).Aria("label", "simulations done"),
			app.Span().Class("status").Text(status),
			demand,
			app.A().Class("btn").Href("?"+fig.Query).Text("Open these settings in the phase diagram"),
		),
		app.Div().Body(agree...),
		app.Ul().Class("fig-legend").Body(legend...),
		app.Div().Class("fig-grid").Body(panels...),
		errList,
	)
}

// planeCoords converts a click on a panel's SVG into data coordinates.
func planeCoords(e app.Event, p *protocol.Panel) (x, y float64, ok bool) {
	svgEl := e.Get("currentTarget").Call("querySelector", "svg")
	if !svgEl.Truthy() {
		return 0, 0, false
	}
	rect := svgEl.Call("getBoundingClientRect")
	w, h := rect.Get("width").Float(), rect.Get("height").Float()
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	f := frame{W: 560, H: 340, L: 62, R: 16, T: 14, B: 46}
	cx := (e.Get("clientX").Float() - rect.Get("left").Float()) * f.W / w
	cy := (e.Get("clientY").Float() - rect.Get("top").Float()) * f.H / h
	if cx < f.left() || cx > f.right() || cy < f.top() || cy > f.bottom() {
		return 0, 0, false
	}
	x0, x1, y0, y1 := num(p.XMin), num(p.XMax), num(p.YMin), num(p.YMax)
	x = x0 + (cx-f.left())/(f.right()-f.left())*(x1-x0)
	y = y1 - (cy-f.top())/(f.bottom()-f.top())*(y1-y0)
	return x, y, isFinite(x) && isFinite(y)
}
