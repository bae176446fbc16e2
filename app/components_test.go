package app

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unibias/figure/compose/composetest"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/app/sweepctl"
	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// mount loads a component into go-app's test engine and returns its HTML.
func mount(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(c)
}

// count counts elements whose class attribute contains the class name.
func count(html, class string) int {
	re := regexp.MustCompile(`class="([^"]*)"`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		for _, c := range strings.Fields(m[1]) {
			if c == class {
				n++
			}
		}
	}
	return n
}

// tagsWith returns the opening tags of the elements of a class.
func tagsWith(html, class string) []string {
	var out []string
	for _, tag := range regexp.MustCompile(`<[a-zA-Z][^>]*>`).FindAllString(html, -1) {
		if count(tag, class) > 0 {
			out = append(out, tag)
		}
	}
	return out
}

// openTags counts the elements of an HTML text.
func openTags(html string) int {
	return len(regexp.MustCompile(`<[a-zA-Z]`).FindAllString(html, -1))
}

// phaseSpecs are the phase panels of the plan with the results, for the
// default parameters.
func phaseSpecs(pl *protocol.Plan, res []protocol.JobResult) ([]compose.PhaseSpec, compose.RatioSpec) {
	specs, ratio, _ := compose.PhaseLayout(params.Defaults(), pl, res)
	return specs, ratio
}

// TestNodeUIDrawsTheTree checks that the go-app elements of a phase panel
// are the figure tree: every element, class and interactive attribute.
func TestNodeUIDrawsTheTree(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	specs, _ := phaseSpecs(pl, composetest.FakeResults(pl, 10)) // series 1: jobs 7..9
	node := compose.PhasePanel(specs[1]).Node()
	html := app.HTMLString(nodeUI(node))

	nodes := 0
	node.Walk(func(*figure.Node) { nodes++ })
	if n := openTags(html); n != nodes {
		t.Errorf("%d elements in the HTML, %d in the figure tree", n, nodes)
	}
	// (go-app writes attributes in no fixed order.)
	if root, _, _ := strings.Cut(html, ">"); !strings.HasPrefix(root, "<svg ") || !strings.Contains(root, `class="fig phase-panel"`) || !strings.Contains(root, `id="phase-1"`) {
		t.Errorf("not the panel's SVG element: %.80s", html)
	}
	if !strings.Contains(html, `role="img"`) || !strings.Contains(html, `aria-label="Phase diagram panel Lf = 2 · intermediate`) {
		t.Error("figure lacks role=img / aria-label")
	}
	if !strings.Contains(html, ">Lf = 2 · intermediate</title>") {
		t.Error("panel title missing")
	}
	for _, cls := range []string{"theory-ta", "theory-tb", "ode-ta", "ode-tb", "region-none", "region-uni", "region-both"} {
		if n := count(html, cls); n != 1 {
			t.Errorf("%d elements of class %s, want 1", n, cls)
		}
	}
	if !strings.Contains(html, "unimodal: only A") || !strings.Contains(html, "both learned") {
		t.Error("region labels missing")
	}
	// 3 t_A circles, 3 t_B triangles, focusable, picking their job.
	if n, m := count(html, "sim-ta"), count(html, "sim-tb"); n != 3 || m != 3 {
		t.Errorf("markers: %d sim-ta, %d sim-tb; want 3 and 3", n, m)
	}
	if n := strings.Count(html, `tabindex="0"`); n != 6 {
		t.Errorf("%d focusable elements, want the 6 markers", n)
	}
	for _, job := range []string{"7", "8", "9"} {
		if n := strings.Count(html, `data-job="`+job+`"`); n != 2 {
			t.Errorf("job %s: %d markers, want t_A and t_B", job, n)
		}
	}
	if !strings.Contains(html, "simulated t_A = ") || !strings.Contains(html, "click to watch this run") {
		t.Error("marker tooltips missing")
	}
	if strings.Contains(html, "NaN") || strings.Contains(html, "Inf") {
		t.Error("NaN or Inf in the rendered panel")
	}
	// The step axis is logarithmic with compact labels and notes η.
	if !strings.Contains(html, "η = 0.04") || !strings.Contains(html, ">1k<") {
		t.Errorf("y axis lacks its η note or step labels")
	}
	// Text is escaped as text, not markup.
	esc := app.HTMLString(nodeUI(figure.El("text", "class", "x").SetText(`a < b & "c"`)))
	if strings.Contains(esc, "a < b") || !strings.Contains(esc, "a &lt; b &amp;") {
		t.Errorf("text not escaped: %s", esc)
	}
}

func TestPanelViewFailedAndCensoredRuns(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	res := composetest.FakeResults(pl, 3)
	res[1].Report.TB, res[1].Report.Ratio = nil, nil // B not learned within the budget
	specs, _ := phaseSpecs(pl, res)
	host := &fakeHost{}
	v := &PanelView{Panel: compose.PhasePanel(specs[0]), Picker: host}
	html := mount(t, v)
	if !strings.Contains(html, `<svg class="fig phase-panel" id="phase-0"`) || !strings.Contains(html, "<title>Lf = 1 · early fusion</title>") {
		t.Errorf("the panel's SVG with its title is missing: %.120s", html)
	}
	// The panel is the figure package's SVG text, unchanged, in two
	// layers: the base and the markers.
	base, marks := v.Panel.Layers()
	if !strings.Contains(html, base.XML()) || !strings.Contains(html, marks.XML()) {
		t.Error("PanelView does not draw the panel's two layers")
	}
	if strings.Contains(base.XML(), "data-job") || strings.Count(marks.XML(), "data-job") != 5 {
		t.Errorf("the markers belong in their own layer: %d in the base, %d in the markers' layer", strings.Count(base.XML(), "data-job"), strings.Count(marks.XML(), "data-job"))
	}
	if count(html, "sim-fail") != 1 || !strings.Contains(html, "no learning times: diverged: loss became NaN") {
		t.Error("the diverged run should be drawn as a failure mark")
	}
	if count(html, "sim-tb-censored") != 1 || count(html, "sim-tb") != 1 || count(html, "sim-ta") != 2 {
		t.Errorf("censored: %d, sim-tb %d, sim-ta %d", count(html, "sim-tb-censored"), count(html, "sim-tb"), count(html, "sim-ta"))
	}
	// The failure mark picks job 0 too.
	if fail := tagsWith(html, "sim-fail"); len(fail) != 1 || !strings.Contains(fail[0], `data-job="0"`) {
		t.Error("the failure mark does not pick its job")
	}
	// Series 0 has no closed form: no solid theory paths, dashed ODE ones,
	// and the regions fall back to the ODE.
	if count(html, "theory-ta") != 0 || count(html, "ode-ta") != 1 || count(html, "region-uni") != 1 {
		t.Errorf("early-fusion panel: theory-ta %d, ode-ta %d, region-uni %d", count(html, "theory-ta"), count(html, "ode-ta"), count(html, "region-uni"))
	}
	if !strings.Contains(html, "B not learned within 20k steps") {
		t.Error("censored tooltip missing")
	}
	if html := mount(t, &PanelView{}); strings.Contains(html, "<svg") {
		t.Errorf("PanelView without a panel = %q", html)
	}
}

func TestRatioPanelView(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	_, ratio := phaseSpecs(pl, composetest.FakeResults(pl, 28))
	v := &PanelView{Panel: compose.RatioPanel(ratio)}
	html := mount(t, v)
	if !strings.Contains(html, `<svg class="fig ratio-panel" id="ratio"`) || !strings.Contains(html, "<title>Time ratio t_B/t_A</title>") {
		t.Errorf("the ratio panel's SVG with its title is missing: %.120s", html)
	}
	if n := count(html, "ratio-theory"); n != 3 {
		t.Errorf("%d ratio-theory paths, want 3", n)
	}
	if n := count(html, "ratio-ode"); n != 4 {
		t.Errorf("%d ratio-ode paths, want 4", n)
	}
	if n := count(html, "ratio-sim"); n != 27 {
		t.Errorf("%d ratio-sim markers, want 27 (28 runs, one diverged)", n)
	}
	if n := count(html, "legend-entry"); n != 4 {
		t.Errorf("%d legend entries, want 4", n)
	}
	for i := 0; i < 4; i++ {
		if !strings.Contains(html, `fill="`+figure.SeriesColor(i)+`"`) {
			t.Errorf("series colour %s unused", figure.SeriesColor(i))
		}
	}
	if !strings.Contains(html, "Lf = 4 (late)") || !strings.Contains(html, "learned together") {
		t.Error("legend or reference line label missing")
	}
}

func TestLegendUI(t *testing.T) {
	html := app.HTMLString(legendUI(compose.PhaseLegend, "phase-legend"))
	if root, _, _ := strings.Cut(html, ">"); !strings.HasPrefix(root, "<ul ") || !strings.Contains(root, `class="legend phase-legend"`) || !strings.Contains(root, `aria-label="legend"`) {
		t.Errorf("legend list %.80s", html)
	}
	if n := strings.Count(html, "<li>"); n != len(compose.PhaseLegend) {
		t.Errorf("%d entries, want %d", n, len(compose.PhaseLegend))
	}
	if n := count(html, "icon"); n != len(compose.PhaseLegend) {
		t.Errorf("%d icons", n)
	}
	for _, e := range compose.PhaseLegend {
		if !strings.Contains(html, "<span>"+e.Label+"</span>") {
			t.Errorf("entry %q missing", e.Label)
		}
	}
	if count(html, "region-uni") != 1 || count(html, "lg-mark-tb") != 1 || count(html, "lg-ta") != 1 {
		t.Error("legend icons lack their classes")
	}
}

func TestDiagramMarkers(t *testing.T) {
	pl := composetest.FakePlan(7, 30)
	host := &fakeHost{}
	d := &Diagram{Params: params.Defaults(), Sweep: showing(pl, composetest.FakeResults(pl, 5)), Rev: 1, Host: host}
	html := mount(t, d)
	for _, want := range []string{`id="diagram"`, `data-sims-done="5"`, `data-sims-total="28"`, `data-theory="1"`, "median deviation 10", "5/28 runs",
		"1 without learning times", "against the reduced ODE", `id="diagram-panels"`, `aria-label="legend"`} {
		if !strings.Contains(html, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	if n := count(html, "phase-panel"); n != 4 {
		t.Errorf("%d phase panels, want 4", n)
	}
	if n := count(html, "ratio-panel"); n != 1 {
		t.Errorf("%d ratio panels, want 1", n)
	}
	// Job 0 failed, jobs 1..4 have t_A and t_B: all in the first panel.
	if n, m, f := count(html, "sim-ta"), count(html, "sim-tb"), count(html, "sim-fail"); n != 4 || m != 4 || f != 1 {
		t.Errorf("markers: %d sim-ta, %d sim-tb, %d sim-fail", n, m, f)
	}
	if n := count(html, "ratio-sim"); n != 4 {
		t.Errorf("%d ratio markers, want 4", n)
	}
	if strings.Contains(html, "data-table") && strings.Contains(html, "<table") {
		t.Error("the data table should start closed")
	}
}

// TestDiagramStates covers the notes of the diagram: before the first
// description, before the first result, while a new description is
// computed, and after a description failed.
func TestDiagramStates(t *testing.T) {
	render := func(ctl *sweepctl.Controller) string {
		return app.HTMLString(&Diagram{Params: params.Defaults(), Sweep: ctl, Rev: ctl.Rev(), Host: &fakeHost{}})
	}
	ctl, r := newController()
	html := render(ctl)
	for _, want := range []string{`data-theory="0"`, `data-sims-total="0"`, "computing theory…", "waiting for the first runs"} {
		if !strings.Contains(html, want) {
			t.Errorf("before any figure: lacks %q", want)
		}
	}
	// The skeleton plan already has the final layout, without theory.
	if n := count(html, "phase-panel"); n != 4 || count(html, "theory-ta") != 0 {
		t.Errorf("skeleton: %d panels, %d theory curves", n, count(html, "theory-ta"))
	}

	pl := composetest.FakePlan(7, 30)
	ctl.Show(protocol.DiagramFigure(pl), nil)
	html = render(ctl)
	if !strings.Contains(html, "starting workers…") || !strings.Contains(html, `data-sims-total="28"`) || !strings.Contains(html, `data-theory="1"`) {
		t.Error("a figure without results should say the workers are starting")
	}

	ctl.Restart("rho=0.1")
	if !ctl.Stale() || len(r.describes) != 1 || r.queries[0] != "rho=0.1" {
		t.Fatalf("Restart: stale %v, %d describes", ctl.Stale(), len(r.describes))
	}
	if html := render(ctl); !strings.Contains(html, "updating theory…") || count(html, "theory-ta") != 3 {
		t.Error("while the theory is recomputed the old curves stay with a note")
	}

	r.describes[0](protocol.Response{Type: protocol.RespError, Error: "rho out of range"})
	html = render(ctl)
	if !strings.Contains(html, "No diagram for these parameters: rho out of range") || !strings.Contains(html, `role="alert"`) {
		t.Error("description error not shown")
	}
	if !strings.Contains(html, `data-theory="0"`) {
		t.Error("an error leaves no theory")
	}
}

// diagramHost holds a mounted Diagram fed by a controller, as the Page
// does: every change of the controller redraws it.
type diagramHost struct {
	app.Compo
	fakeHost
	ctx app.Context
	ctl *sweepctl.Controller
}

func (h *diagramHost) OnPreRender(ctx app.Context) { h.ctx = ctx } // natively OnMount is not called

func (h *diagramHost) Render() app.UI {
	return app.Div().Body(&Diagram{Params: params.Defaults(), Sweep: h.ctl, Rev: h.ctl.Rev(), Host: h})
}

// do runs f on the UI goroutine, which redraws the host, and waits.
func (h *diagramHost) do(e app.TestEngine, f func()) {
	h.ctx.Dispatch(func(ctx app.Context) { f() })
	e.ConsumeAll()
}

// TestDiagramFollowsController runs a sweep through the controller on fake
// workers: the description arrives, the jobs are queued, results arrive
// one by one and the mounted diagram shows them.
func TestDiagramFollowsController(t *testing.T) {
	pl := composetest.FakePlan(7, 30)
	ctl, r := newController()
	h := &diagramHost{ctl: ctl}
	e := app.NewTestEngine()
	if err := e.Load(h); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	h.do(e, func() { ctl.Restart(params.Defaults().Encode()) })
	if len(r.describes) != 1 {
		t.Fatalf("%d descriptions asked, want 1", len(r.describes))
	}
	h.do(e, func() {
		r.describes[0](protocol.Response{Type: protocol.RespFigure, Figure: protocol.DiagramFigure(pl)})
	})
	if len(r.sims) != 28 || r.jobs[8].Query != pl.Jobs[8].Query || r.jobs[8].Extract != "times" {
		t.Fatalf("%d simulations queued, want the 28 jobs of the plan", len(r.sims))
	}
	html := app.HTMLString(h)
	if !strings.Contains(html, `data-sims-done="0"`) || !strings.Contains(html, `data-theory="1"`) || count(html, "theory-ta") != 3 {
		t.Errorf("after the description: %d theory curves", count(html, "theory-ta"))
	}
	for i := 1; i <= 4; i++ {
		h.do(e, func() { r.sims[i](protocol.Response{Type: protocol.RespResult, Report: composetest.FakeReport(pl, i)}) })
	}
	h.do(e, func() { r.sims[0](protocol.Response{Type: protocol.RespError, Error: "worker crashed"}) })
	html = app.HTMLString(h)
	for _, want := range []string{`data-sims-done="5"`, `data-sims-total="28"`, "5/28 runs", "1 without learning times", "median deviation 10"} {
		if !strings.Contains(html, want) {
			t.Errorf("after 5 results: lacks %q", want)
		}
	}
	if n, f := count(html, "sim-ta"), count(html, "sim-fail"); n != 4 || f != 1 {
		t.Errorf("after 5 results: %d sim-ta, %d sim-fail", n, f)
	}
	if !strings.Contains(html, "no learning times: worker crashed") {
		t.Error("the worker's error is not in the failure tooltip")
	}
	if !ctl.Running() || !strings.Contains(html, "elapsed ") {
		t.Error("the sweep should be running with its elapsed time")
	}
}

func TestLiveRunChart(t *testing.T) {
	c := &LiveRun{}
	c.query = "rho=0.3&fusion=2"
	c.label = "ρ = 0.3"
	c.status = "converged"
	c.step = 3000
	c.budget = 20000
	c.theory = &protocol.TheoryReport{OK: true, TASteps: protocol.N(600), TBSteps: protocol.N(1800),
		Plateau: []protocol.Num{protocol.N(1.15)}, LossPlateau: protocol.N(0.1)}
	for s := 0; s <= 3000; s += 10 {
		wa := 1.15 / (1 + math.Exp(-float64(s-600)/60))
		wb := 1 / (1 + math.Exp(-float64(s-1800)/60))
		loss := 1.0 - 0.8*wa/1.15 - 0.199*wb
		c.pts = append(c.pts, protocol.TrajPoint{Step: s, Loss: protocol.N(loss), WA: protocol.N(wa), WB: protocol.N(wb)})
	}
	c.ta, c.tb = protocol.N(600), protocol.N(1800)
	html := app.HTMLString(c)
	empty := mount(t, &LiveRun{}) // mounts in the test engine without a pool
	for _, want := range []string{`id="live"`, `data-status="converged"`, `data-step="3000"`, `id="train"`, "converged", `id="live-loss"`, `id="live-w"`} {
		if !strings.Contains(html, want) {
			t.Errorf("live panel lacks %q", want)
		}
	}
	for _, cls := range []string{"live-ta", "live-tb", "live-loss", "live-wa", "live-wb", "pred-ta", "pred-tb", "plateau"} {
		if count(html, cls) == 0 {
			t.Errorf("live panel lacks class %s", cls)
		}
	}
	if !strings.Contains(html, "t_A: detected at step 600 (predicted 600)") {
		t.Error("live readout lacks the detected and predicted t_A")
	}
	if strings.Contains(html, "NaN") {
		t.Error("NaN in the live panel")
	}
	if !strings.Contains(empty, "no run yet") || count(empty, "placeholder") != 3 || count(empty, "live-ta") != 0 {
		t.Error("an idle live panel should show placeholders in its three charts")
	}
	// Progress messages append points and reset on a new run.
	c.id = 7
	c.onProgress(protocol.Response{Type: protocol.RespProgress, ID: 7, Progress: &protocol.Progress{Step: 10, Status: "training", Reset: true,
		Points: []protocol.TrajPoint{{Step: 0, Loss: protocol.N(1)}, {Step: 10, Loss: protocol.N(0.9)}}}})
	if len(c.pts) != 2 || c.step != 10 || c.status != "training" {
		t.Errorf("after reset: %d points, step %d, status %s", len(c.pts), c.step, c.status)
	}
	c.onProgress(protocol.Response{Type: protocol.RespProgress, ID: 6, Progress: &protocol.Progress{Step: 99}})
	if c.step != 10 {
		t.Error("a snapshot of another run was applied")
	}
	c.onProgress(protocol.Response{Type: protocol.RespError, ID: 7, Error: "bad"})
	if c.status != "error" {
		t.Error("an error should end the run")
	}
	if withNextSeed("rho=0.3&seed=4") != "rho=0.3&seed=5" || withNextSeed("rho=0.3") != "rho=0.3&seed=2" {
		t.Errorf("withNextSeed: %q %q", withNextSeed("rho=0.3&seed=4"), withNextSeed("rho=0.3"))
	}
}

func TestControlsOneInputPerParameter(t *testing.T) {
	var got []params.Set
	c := &Controls{Params: params.Defaults(), OnChange: ParamsFunc(func(ctx app.Context, p params.Set) { got = append(got, p) })}
	html := mount(t, c)
	// With every remedy on, each remedy's own settings appear too.
	on := params.Defaults()
	for _, kv := range [][2]string{{"wu", "balanced"}, {"ogm", "ogm"}, {"capw", "true"}, {"dropa", "0.2"}} {
		if err := on.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	htmlOn := mount(t, &Controls{Params: on, OnChange: ParamsFunc(func(app.Context, params.Set) {})})
	for _, p := range params.Table {
		id := `id="ctl-` + p.Name + `"`
		if p.Kind == params.Text { // data held by the page (custom moments), no control
			if strings.Contains(html, id) {
				t.Errorf("%s: a text parameter got a control", p.Name)
			}
			continue
		}
		if !params.Defaults().Relevant(p.Name) {
			if n := strings.Count(html, id); n != 0 {
				t.Errorf("%s: shown while its remedy is off", p.Name)
			}
			if n := strings.Count(htmlOn, id); n != 1 && p.Group == "remedy" {
				t.Errorf("%s: %d inputs with its remedy on, want 1", p.Name, n)
			}
			continue
		}
		if n := strings.Count(html, id); n != 1 {
			t.Errorf("%s: %d inputs, want 1", p.Name, n)
			continue
		}
		if !strings.Contains(html, `for="ctl-`+p.Name+`"`) {
			t.Errorf("%s: no label for its input", p.Name)
		}
		// The input's tag, with min and max from the table.
		re := regexp.MustCompile(`<(input|select)[^>]*` + regexp.QuoteMeta(id) + `[^>]*>`)
		tag := re.FindString(html)
		if tag == "" {
			t.Errorf("%s: input tag not found", p.Name)
			continue
		}
		if p.Kind == params.Float || p.Kind == params.Int {
			for attr, v := range map[string]float64{"min": p.Min, "max": p.Max} {
				if !strings.Contains(tag, attr+`="`+strconv.FormatFloat(v, 'g', -1, 64)+`"`) {
					t.Errorf("%s: %s attribute wrong in %s", p.Name, attr, tag)
				}
			}
		}
		if p.Kind == params.Enum && !strings.HasPrefix(tag, "<select") {
			t.Errorf("%s: an enum should be a select", p.Name)
		}
	}
	if n := strings.Count(html, "<fieldset"); n != 5 {
		t.Errorf("%d fieldsets, want 5", n)
	}
	if strings.Count(html, "<legend") != 5 {
		t.Error("every fieldset needs a legend")
	}
	if !strings.Contains(html, `type="range"`) || !strings.Contains(html, `type="number"`) {
		t.Error("expected both sliders and number boxes")
	}

	// A valid change calls the callback with the new parameters.
	c.apply(app.Context{}, "ratio", "3")
	if len(got) != 1 || got[0].Get("ratio") != "3" || c.Params.Get("ratio") != "2" {
		t.Fatalf("callback not called with ratio=3 (calls %d)", len(got))
	}
	// An out-of-range value shows an error next to its control and is not applied.
	c.apply(app.Context{}, "rho", "1.5")
	if len(got) != 1 || !strings.Contains(c.errs["rho"], "out of range") {
		t.Errorf("rho=1.5: calls %d, error %q", len(got), c.errs["rho"])
	}
	if html := app.HTMLString(&Controls{Params: c.Params, errs: c.errs}); !strings.Contains(html, `id="err-rho"`) || !strings.Contains(html, "out of range") {
		t.Error("the error message is not rendered")
	}
	c.apply(app.Context{}, "width", "abc")
	if !strings.Contains(c.errs["width"], "not a number") {
		t.Errorf("junk width: %q", c.errs["width"])
	}
	// A fusion layer deeper than the network is refused at the fusion control.
	c.apply(app.Context{}, "fusion", "6")
	if len(got) != 1 || c.errs["fusion"] == "" {
		t.Errorf("fusion=6 with depth=4 accepted (calls %d)", len(got))
	}
	// Lowering the depth lowers the fusion layer, with a note.
	c.apply(app.Context{}, "depth", "2")
	if len(got) != 2 || got[1].Get("fusion") != "2" || len(c.notes) == 0 {
		t.Errorf("depth=2: calls %d, notes %q", len(got), c.notes)
	}
	// A new sweep axis loads a sensible range.
	c.apply(app.Context{}, "x", "ratio")
	if last := got[len(got)-1]; last.Get("from") != "1" || last.Get("to") != "3" {
		t.Errorf("x=ratio: from %s to %s", last.Get("from"), last.Get("to"))
	}
}

func TestNoticeBar(t *testing.T) {
	dismissed := false
	c := &NoticeBar{Notices: []string{"rho=5 is outside [-0.99, 0.99]; using 0.99"}, OnDismiss: func(ctx app.Context) { dismissed = true }}
	html := mount(t, c)
	if !strings.Contains(html, "using 0.99") || !strings.Contains(html, "Dismiss") {
		t.Error("notice not shown")
	}
	c.OnDismiss(app.Context{})
	if !dismissed {
		t.Error("dismiss callback")
	}
}

func TestPageRendersNatively(t *testing.T) {
	p := &Page{}
	html := mount(t, p)
	// The default diagram's closed-form theory is drawn by the first render
	// (preview.go); the theory worker is asked once the query rests.
	for _, want := range []string{`id="diagram"`, `id="live"`, `id="train"`, `id="ctl-rho"`, "unibias", "reduced ODE follows", `data-theory="closed-form"`, `class="theory-ta"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if p.sweep.Gen() != 1 || p.sweep.Query() != params.Defaults().Encode() || !p.sweep.Previewing() || p.pool.theory != nil {
		t.Fatalf("after init: gen %d, query %q, previewing %v, theory worker %v", p.sweep.Gen(), p.sweep.Query(), p.sweep.Previewing(), p.pool.theory)
	}
	// Without previews, the controller asks the theory worker at once; the
	// request waits for the worker to be ready.
	p.sweep.Preview = nil
	p.ParamsChanged(app.Context{}, params.Defaults())
	if p.sweep.Gen() != 2 || len(p.pool.theory.backlog) != 1 {
		t.Fatalf("without preview: gen %d, %d requests waiting", p.sweep.Gen(), len(p.pool.theory.backlog))
	}
	// A parameter change starts a generation for the new query.
	next := params.Defaults()
	_ = next.Set("ratio", "3")
	p.ParamsChanged(app.Context{}, next)
	if p.sweep.Gen() != 3 || p.sweep.Query() != next.Encode() || p.params.Get("ratio") != "3" {
		t.Errorf("after a change: gen %d, query %q", p.sweep.Gen(), p.sweep.Query())
	}
	// A second change while the first description is pending is coalesced:
	// no second request is sent before the first is answered.
	p.ParamsChanged(app.Context{}, next)
	if p.sweep.Gen() != 4 || len(p.pool.theory.backlog) != 1 {
		t.Errorf("second change: gen %d, %d requests waiting, want 1", p.sweep.Gen(), len(p.pool.theory.backlog))
	}
	// Picking a job the figure lacks does nothing.
	p.PickJob(app.Context{}, 999)
	if p.live.Seq != 0 {
		t.Error("a pick of a missing job started a live run")
	}

	// Importing a run file shows its plan and results without simulating.
	pl := composetest.FakePlan(7, 20)
	rf := NewRunFile("rho=0.3&seed=4", pl, composetest.FakeResults(pl, 6))
	msg := p.importRun(app.Context{}, []byte(EncodeJSON(rf)))
	if msg != "loaded run file (6 simulations, version "+protocol.Version+")" {
		t.Errorf("import message %q", msg)
	}
	if !p.sweep.Imported() || p.sweep.Figure() == nil || p.sweep.Figure().Plan == nil || p.params.Get("rho") != "0.3" {
		t.Fatalf("after import: imported %v, params %q", p.sweep.Imported(), p.params.Encode())
	}
	if done, total := p.sweep.Counts(); done != 6 || total != 28 {
		t.Errorf("after import: %d/%d", done, total)
	}
	html = app.HTMLString(&Diagram{Params: p.params, Sweep: p.sweep, Rev: p.sweep.Rev(), Host: p})
	if !strings.Contains(html, `data-sims-done="6"`) || !strings.Contains(html, `data-theory="1"`) || count(html, "sim-ta") != 5 {
		t.Errorf("imported diagram: %d sim-ta", count(html, "sim-ta"))
	}
	if msg := p.importRun(app.Context{}, []byte(`{"unibias":"live"}`)); !strings.Contains(msg, "not a unibias run file") {
		t.Errorf("bad file: %q", msg)
	}
}
