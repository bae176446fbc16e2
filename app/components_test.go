package app

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

type fakePicker struct{ picked []SimPoint }

func (f *fakePicker) PickRun(ctx app.Context, p SimPoint) { f.picked = append(f.picked, p) }

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

func phasePanelFor(pl *protocol.Plan, res []JobResult, series int) *PhasePanel {
	sims := SimPoints(pl, res, true)
	var mine []SimPoint
	for _, s := range sims {
		if s.Series == series {
			mine = append(mine, s)
		}
	}
	lo, hi, log := XDomain(pl)
	ylo, yhi := PhaseYDomain(pl, sims, 20000)
	return &PhasePanel{ID: "p" + strconv.Itoa(series), Title: SeriesLabel("fusion", pl.SeriesValues[series], 4), XName: "rho", XLabel: "Correlation ρ",
		XLog: log, XDomain: [2]float64{lo, hi}, YDomain: [2]float64{ylo, yhi}, Eta: 0.04, Budget: 20000,
		Curve: pl.Curves[series], Sims: mine}
}

func TestPhasePanelRendersTheoryAndMarkers(t *testing.T) {
	pl := fakePlan(7, 40)
	res := fakeResults(pl, 10) // series 0: jobs 0..6 (job 0 diverged); series 1: jobs 7..9
	picker := &fakePicker{}
	c := phasePanelFor(pl, res, 1)
	c.Picker = picker
	html := mount(t, c)

	// The root is an accessible SVG figure with a title and a description.
	if err := app.Match(svg("title").Text("Phase diagram, Lf = 2 · intermediate"), c, 0, 0); err != nil {
		t.Errorf("first child is not the figure title: %v", err)
	}
	if err := app.Match(svg("desc"), c, 0, 1); err != nil {
		t.Errorf("second child is not the description: %v", err)
	}
	if !strings.Contains(html, `role="img"`) || !strings.Contains(html, `aria-label="Phase diagram panel`) {
		t.Error("figure lacks role=img / aria-label")
	}
	// One path per theory curve, closed form and ODE.
	for _, cls := range []string{"theory-ta", "theory-tb", "ode-ta", "ode-tb"} {
		if n := count(html, cls); n != 1 {
			t.Errorf("%d paths of class %s, want 1", n, cls)
		}
	}
	// Three shaded regions, labelled where they fit.
	for _, cls := range []string{"region-none", "region-uni", "region-both"} {
		if count(html, cls) != 1 {
			t.Errorf("region %s missing", cls)
		}
	}
	if !strings.Contains(html, "unimodal: only A") || !strings.Contains(html, "both learned") {
		t.Error("region labels missing")
	}
	// Series 1 has 3 finished jobs: 3 t_A circles, 3 t_B triangles, focusable, with tooltips.
	if n, m := count(html, "sim-ta"), count(html, "sim-tb"); n != 3 || m != 3 {
		t.Errorf("markers: %d sim-ta, %d sim-tb; want 3 and 3", n, m)
	}
	if strings.Count(html, `tabindex="0"`) != 6 {
		t.Errorf("markers should be focusable: %d tabindex", strings.Count(html, `tabindex="0"`))
	}
	if !strings.Contains(html, "simulated t_A = ") || !strings.Contains(html, "click to watch this run") {
		t.Error("marker tooltips missing")
	}
	if strings.Contains(html, "NaN") {
		t.Error("NaN in the rendered panel")
	}
	// The step axis is logarithmic with compact labels and notes η.
	if !strings.Contains(html, "η = 0.04") || !strings.Contains(html, ">1k<") {
		t.Errorf("y axis lacks its η note or step labels")
	}

	// Clicking a marker picks that simulation (markers carry data-job).
	if !strings.Contains(html, `data-job="8"`) {
		t.Error("markers lack their job index")
	}
	c.pick(app.Context{}, 8)
	c.pick(app.Context{}, 99) // not in this panel: ignored
	if len(picker.picked) != 1 || picker.picked[0].Job != 8 {
		t.Errorf("picked %+v", picker.picked)
	}
}

func TestPhasePanelFailedAndCensoredRuns(t *testing.T) {
	pl := fakePlan(7, 40)
	res := fakeResults(pl, 3)
	res[1].Report.TB, res[1].Report.Ratio = nil, nil // B not learned within the budget
	html := mount(t, phasePanelFor(pl, res, 0))
	if count(html, "sim-fail") != 1 {
		t.Error("the diverged run should be drawn as a failure mark")
	}
	if count(html, "sim-tb-censored") != 1 || count(html, "sim-tb") != 1 || count(html, "sim-ta") != 2 {
		t.Errorf("censored: %d, sim-tb %d, sim-ta %d", count(html, "sim-tb-censored"), count(html, "sim-tb"), count(html, "sim-ta"))
	}
	// Series 0 has no closed form: no solid theory paths, dashed ODE ones,
	// and the regions fall back to the ODE.
	if count(html, "theory-ta") != 0 || count(html, "ode-ta") != 1 || count(html, "region-uni") != 1 {
		t.Errorf("early-fusion panel: theory-ta %d, ode-ta %d, region-uni %d", count(html, "theory-ta"), count(html, "ode-ta"), count(html, "region-uni"))
	}
	if !strings.Contains(html, "B not learned within 20k steps") {
		t.Error("censored tooltip missing")
	}
}

func TestRatioPanel(t *testing.T) {
	pl := fakePlan(7, 40)
	res := fakeResults(pl, 28)
	sims := SimPoints(pl, res, true)
	var series []RatioSeries
	for i, c := range pl.Curves {
		series = append(series, RatioSeries{Label: SeriesLabelShort("fusion", pl.SeriesValues[i], 4), Curve: c})
	}
	lo, hi, log := XDomain(pl)
	rlo, rhi := RatioYDomain(pl, sims)
	c := &RatioPanel{ID: "ratio", XName: "rho", XLabel: "Correlation ρ", XLog: log, XDomain: [2]float64{lo, hi}, YDomain: [2]float64{rlo, rhi}, Series: series, Sims: sims}
	html := mount(t, c)
	if err := app.Match(svg("title").Text("Time ratio t_B/t_A"), c, 0, 0); err != nil {
		t.Error(err)
	}
	// Closed form for series 1..3 (series 0 has only the ODE), ODE for all.
	if n := count(html, "ratio-theory"); n != 3 {
		t.Errorf("%d ratio-theory paths, want 3", n)
	}
	if n := count(html, "ratio-ode"); n != 4 {
		t.Errorf("%d ratio-ode paths, want 4", n)
	}
	if n := count(html, "ratio-sim"); n != 27 {
		t.Errorf("%d ratio-sim markers, want 27 (28 runs, one diverged)", n)
	}
	// Legend: one entry per series, with colour and marker shape.
	if n := count(html, "legend-entry"); n != 4 {
		t.Errorf("%d legend entries, want 4", n)
	}
	for i := 0; i < 4; i++ {
		if !strings.Contains(html, `fill="`+SeriesColor(i)+`"`) {
			t.Errorf("series colour %s unused", SeriesColor(i))
		}
	}
	if !strings.Contains(html, "Lf = 4 (late)") || !strings.Contains(html, "learned together") {
		t.Error("legend or reference line label missing")
	}
}

func TestDiagramMarkers(t *testing.T) {
	pl := fakePlan(7, 30)
	d := &Diagram{Params: params.Defaults(), Plan: pl, Results: fakeResults(pl, 5), Rev: 1, Running: true}
	html := mount(t, d)
	for _, want := range []string{`data-sims-done="5"`, `data-sims-total="28"`, `data-theory="1"`, "median deviation 10%", "5/28 runs", "1 without learning times"} {
		if !strings.Contains(html, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	if n := count(html, "phase-panel"); n != 4 {
		t.Errorf("%d phase panels, want 4", n)
	}
	// Before any plan: no theory flag, nothing to count.
	html = mount(t, &Diagram{Params: params.Defaults(), Note: "starting workers…"})
	if !strings.Contains(html, `data-theory="0"`) || !strings.Contains(html, `data-sims-total="0"`) || !strings.Contains(html, "starting workers") {
		t.Error("empty diagram markers wrong")
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
	mount(t, &LiveRun{}) // mounts in the test engine without a pool
	for _, want := range []string{`id="live"`, `data-status="converged"`, `data-step="3000"`, `id="train"`, "converged"} {
		if !strings.Contains(html, want) {
			t.Errorf("live panel lacks %q", want)
		}
	}
	for _, cls := range []string{"live-ta", "live-tb", "live-loss", "live-wa", "live-wb", "pred-ta", "pred-tb", "plateau"} {
		if count(html, cls) == 0 {
			t.Errorf("live panel lacks class %s", cls)
		}
	}
	if strings.Contains(html, "NaN") {
		t.Error("NaN in the live panel")
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
	for _, p := range params.Table {
		id := `id="ctl-` + p.Name + `"`
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
	if n := strings.Count(html, "<fieldset"); n != 4 {
		t.Errorf("%d fieldsets, want 4", n)
	}
	if strings.Count(html, "<legend") != 4 {
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
	for _, want := range []string{`id="diagram"`, `id="live"`, `id="train"`, `id="ctl-rho"`, "unibias"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A parameter change bumps the generation, clears results and asks for a plan.
	next := params.Defaults()
	_ = next.Set("ratio", "3")
	p.ParamsChanged(app.Context{}, next)
	if p.gen != 1 || !p.planPending || p.results != nil {
		t.Errorf("after a change: gen %d, pending %v", p.gen, p.planPending)
	}
	// A second change while the plan is pending is coalesced.
	p.ParamsChanged(app.Context{}, next)
	if !p.planDirty {
		t.Error("second change should mark the plan dirty")
	}
}
