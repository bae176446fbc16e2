package compose

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unibias/figure/compose/composetest"

	"unibias/engine/params"
	"unibias/figure"
	"unibias/protocol"
)

// layout is PhaseLayout with the default parameters (lr 0.04, 20000 steps,
// depth 4, aligned initialisation).
func layout(pl *protocol.Plan, res []protocol.JobResult) ([]PhaseSpec, RatioSpec, []SimPoint) {
	return PhaseLayout(params.Defaults(), pl, res)
}

// markerD returns the path a marker of the panel draws at data (x, y).
func markerD(p *figure.Panel, shape string, x, y, r float64) string {
	sx, sy := p.Scales()
	return figure.MarkerPath(shape, sx.Map(x), sy.Map(y), r)
}

func TestPhaseLayout(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	specs, ratio, sims := layout(pl, composetest.FakeResults(pl, 10))
	if len(specs) != 4 || len(sims) != 10 {
		t.Fatalf("%d panels, %d sims; want 4 and 10", len(specs), len(sims))
	}
	want := []string{"Lf = 1 · early fusion", "Lf = 2 · intermediate", "Lf = 3 · intermediate", "Lf = 4 · late fusion"}
	for i, s := range specs {
		if s.ID != "phase-"+strconv.Itoa(i) || s.Title != want[i] || s.XName != "rho" || s.XLabel != AxisLabel("rho") {
			t.Errorf("panel %d: id %q title %q x %q %q", i, s.ID, s.Title, s.XName, s.XLabel)
		}
		if s.Eta != 0.04 || s.Budget != 20000 || s.YDomain != [2]float64{100, 10000} || s.XLog {
			t.Errorf("panel %d: eta %g budget %g y %v xlog %v", i, s.Eta, s.Budget, s.YDomain, s.XLog)
		}
		if len(s.Curve.Points) != 40 || s.Curve.Series != i {
			t.Errorf("panel %d: curve of series %d with %d points", i, s.Curve.Series, len(s.Curve.Points))
		}
	}
	// Jobs 0..6 are series 0, 7..9 series 1.
	if len(specs[0].Sims) != 7 || len(specs[1].Sims) != 3 || len(specs[2].Sims) != 0 || specs[1].Sims[0].Job != 7 {
		t.Errorf("sims per panel: %d %d %d", len(specs[0].Sims), len(specs[1].Sims), len(specs[2].Sims))
	}
	if len(ratio.Series) != 4 || ratio.Series[3].Label != "Lf = 4 (late)" || ratio.Series[1].Label != "Lf = 2" || len(ratio.Sims) != 10 {
		t.Errorf("ratio spec: %d series, labels %q %q, %d sims", len(ratio.Series), ratio.Series[1].Label, ratio.Series[3].Label, len(ratio.Sims))
	}
	if ratio.YDomain[0] > 1 || ratio.YDomain[1] < 1.1*(1+4*1.81/2) {
		t.Errorf("ratio y domain %v", ratio.YDomain)
	}
}

func TestPhasePanelRendersTheoryAndMarkers(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	specs, _, _ := layout(pl, composetest.FakeResults(pl, 10)) // series 0: jobs 0..6 (job 0 diverged); series 1: jobs 7..9
	s := specs[1]
	p := PhasePanel(s)
	n := p.Node()

	// The root is an accessible SVG with a title and a description.
	if n.Tag != "svg" || n.Get("id") != "phase-1" || n.Get("class") != "fig phase-panel" || n.Get("role") != "img" {
		t.Errorf("root <%s id=%q class=%q role=%q>", n.Tag, n.Get("id"), n.Get("class"), n.Get("role"))
	}
	if !strings.HasPrefix(n.Get("aria-label"), "Phase diagram panel Lf = 2 · intermediate: ") {
		t.Errorf("aria-label %q", n.Get("aria-label"))
	}
	if k := n.Kids[0]; k.Tag != "title" || k.Text != "Lf = 2 · intermediate" {
		t.Errorf("first child <%s> %q, want the title", k.Tag, k.Text)
	}
	if k := n.Kids[1]; k.Tag != "desc" || !strings.Contains(k.Text, "between t_A and t_B only modality A") {
		t.Errorf("second child <%s> %q, want the description", k.Tag, k.Text)
	}
	if cp := byTag(n, "clipPath"); len(cp) != 1 || cp[0].Get("id") != "phase-1-clip" {
		t.Errorf("clip paths %d", len(cp))
	}
	// One path per theory curve, closed form and ODE.
	for _, cls := range []string{"theory-ta", "theory-tb", "ode-ta", "ode-tb"} {
		if got := byClass(n, cls); len(got) != 1 || got[0].Tag != "path" {
			t.Errorf("%d elements of class %s, want 1 path", len(got), cls)
		}
	}
	// The solid t_A curve is the closed form through every theory point.
	sx, sy := p.Scales()
	xs, ta := make([]float64, 40), make([]float64, 40)
	for i, cp := range s.Curve.Points {
		xs[i], ta[i] = cp.X, *cp.TA
	}
	if d := byClass(n, "theory-ta")[0].Get("d"); d != figure.LinePath(xs, ta, sx, sy) || strings.Count(d, "L") != 39 {
		t.Errorf("theory-ta path %.80q is not the closed form through 40 points", d)
	}
	// Three shaded regions, labelled where they fit.
	for _, cls := range []string{"region-none", "region-uni", "region-both"} {
		if len(byClass(n, cls)) != 1 {
			t.Errorf("region %s missing", cls)
		}
	}
	if !hasText(n, "unimodal: only A") || !hasText(n, "both learned") {
		t.Errorf("region labels missing: %q", texts(n))
	}
	// Series 1 has 3 finished jobs: 3 t_A circles, 3 t_B triangles, focusable, with tooltips.
	tas, tbs := byClass(n, "sim-ta"), byClass(n, "sim-tb")
	if len(tas) != 3 || len(tbs) != 3 {
		t.Fatalf("markers: %d sim-ta, %d sim-tb; want 3 and 3", len(tas), len(tbs))
	}
	var jobs []string
	for _, m := range append(tas, tbs...) {
		if m.Get("tabindex") != "0" || !strings.Contains(m.Get("aria-label"), "; click to watch this run") || m.Kids[0].Tag != "title" {
			t.Errorf("marker not focusable or unlabelled: %+v", m.Attrs)
		}
		jobs = append(jobs, m.Get("data-job"))
	}
	if !slices.Equal(jobs, []string{"7", "8", "9", "7", "8", "9"}) {
		t.Errorf("marker jobs %v, want 7 8 9 for t_A and t_B", jobs)
	}
	if len(withAttr(n, "tabindex")) != 6 {
		t.Errorf("%d focusable elements, want the 6 markers", len(withAttr(n, "tabindex")))
	}
	// Markers sit at the simulated times.
	sim := s.Sims[1]
	if got, want := tas[1].Get("d"), markerD(p, "circle", sim.X, sim.TA, 5.5); got != want {
		t.Errorf("t_A marker of job 8 at %q, want %q", got, want)
	}
	if got, want := tbs[1].Get("d"), markerD(p, "triangle", sim.X, sim.TB, 6.5); got != want {
		t.Errorf("t_B marker of job 8 at %q, want %q", got, want)
	}
	tip := tas[1].Kids[0].Text
	for _, want := range []string{"ρ = ", ", Lf = 2 · intermediate (seed 1)", "simulated t_A = ", "predicted t_A = ", "(reduced ODE)", "ratio t_B/t_A = ", "click to watch this run"} {
		if !strings.Contains(tip, want) {
			t.Errorf("tooltip %q lacks %q", tip, want)
		}
	}
	if x := n.XML(); strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
		t.Error("NaN or Inf in the rendered panel")
	}
	// The step axis is logarithmic with compact labels and notes η.
	if !hasText(n, "η = 0.04") {
		t.Error("y axis title lacks η")
	}
	ticks := map[string]bool{}
	for _, k := range byClass(n, "tick") {
		ticks[k.Text] = true
	}
	for _, want := range []string{"100", "1k", "10k"} {
		if !ticks[want] {
			t.Errorf("y tick %q missing: %v", want, ticks)
		}
	}
	// The budget (20000) is above the domain: no budget line.
	if len(byClass(n, "budget")) != 0 {
		t.Error("budget line drawn outside the plot")
	}
	// With the budget inside the domain it is drawn and labelled.
	s.Budget = 5000
	n = PhasePanel(s).Node()
	if b := byClass(n, "budget"); len(b) != 1 || b[0].Get("y1") != figure.Px(sy.Map(5000)) || !hasText(n, "step budget") {
		t.Errorf("budget line %d", len(b))
	}
}

func TestPhasePanelFailedAndCensoredRuns(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	res := composetest.FakeResults(pl, 3)
	res[1].Report.TB, res[1].Report.Ratio = nil, nil // B not learned within the budget
	specs, _, _ := layout(pl, res)
	p := PhasePanel(specs[0])
	n := p.Node()
	fails := byClass(n, "sim-fail")
	if len(fails) != 1 || fails[0].Get("data-job") != "0" {
		t.Fatalf("the diverged run should be one failure mark, got %d", len(fails))
	}
	f := p.Frame
	sx, _ := p.Scales()
	if got, want := fails[0].Get("d"), figure.MarkerPath("cross", sx.Map(pl.Jobs[0].X), f.Bottom()-8, 6); got != want {
		t.Errorf("failure mark at %q, want %q (bottom of the plot)", got, want)
	}
	if tip := fails[0].Kids[0].Text; !strings.Contains(tip, "no learning times: diverged: loss became NaN") {
		t.Errorf("failure tooltip %q", tip)
	}
	cens := byClass(n, "sim-tb-censored")
	if len(cens) != 1 || len(byClass(n, "sim-tb")) != 1 || len(byClass(n, "sim-ta")) != 2 {
		t.Fatalf("censored: %d, sim-tb %d, sim-ta %d", len(cens), len(byClass(n, "sim-tb")), len(byClass(n, "sim-ta")))
	}
	// The open triangle is clamped into the plot (the budget is above it).
	if got, want := cens[0].Get("d"), figure.MarkerPath("triangle", sx.Map(pl.Jobs[1].X), f.Top()+7, 6.5); got != want {
		t.Errorf("censored mark at %q, want %q", got, want)
	}
	if tip := cens[0].Kids[0].Text; !strings.Contains(tip, "B not learned within 20k steps") {
		t.Errorf("censored tooltip %q", tip)
	}
	// Series 0 has no closed form: no solid theory paths, dashed ODE ones,
	// and the regions fall back to the ODE.
	if len(byClass(n, "theory-ta")) != 0 || len(byClass(n, "theory-tb")) != 0 || len(byClass(n, "ode-ta")) != 1 || len(byClass(n, "region-uni")) != 1 {
		t.Errorf("early-fusion panel: theory-ta %d, ode-ta %d, region-uni %d", len(byClass(n, "theory-ta")), len(byClass(n, "ode-ta")), len(byClass(n, "region-uni")))
	}
	if d := byClass(n, "region-uni")[0].Get("d"); !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "Z") {
		t.Errorf("ODE region path %.60q", d)
	}
	if bad := badGeometry(n); len(bad) > 0 {
		t.Errorf("NaN/Inf geometry: %v", bad)
	}
	// The panel is its base, which holds no simulation, and its markers.
	base, marks := PhaseBase(specs[0]), PhaseMarkers(specs[0], PhaseBase(specs[0]))
	for _, it := range base.Over {
		if m, ok := it.(figure.Marker); ok && m.Pick {
			t.Error("the base holds a simulation marker")
		}
	}
	if full := PhasePanel(specs[0]); len(full.Over) != len(base.Over)+len(marks) || len(marks) == 0 {
		t.Errorf("the panel has %d items over the plot, its base %d and its markers %d", len(full.Over), len(base.Over), len(marks))
	}
}

func TestRatioPanel(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	_, ratio, _ := layout(pl, composetest.FakeResults(pl, 28))
	p := RatioPanel(ratio)
	n := p.Node()
	if k := n.Kids[0]; k.Tag != "title" || k.Text != "Time ratio t_B/t_A" {
		t.Errorf("title <%s> %q", k.Tag, k.Text)
	}
	if n.Get("id") != "ratio" || n.Get("class") != "fig ratio-panel" {
		t.Errorf("root id %q class %q", n.Get("id"), n.Get("class"))
	}
	// Closed form for series 1..3 (series 0 has only the ODE), ODE for all.
	if k := len(byClass(n, "ratio-theory")); k != 3 {
		t.Errorf("%d ratio-theory paths, want 3", k)
	}
	if k := len(byClass(n, "ratio-ode")); k != 4 {
		t.Errorf("%d ratio-ode paths, want 4", k)
	}
	sims := byClass(n, "ratio-sim")
	if len(sims) != 27 {
		t.Fatalf("%d ratio-sim markers, want 27 (28 runs, one diverged)", len(sims))
	}
	// Markers: the series' colour and shape, interactive, with the deviation.
	for _, m := range sims {
		job, _ := strconv.Atoi(m.Get("data-job"))
		j := pl.Jobs[job]
		if m.Get("fill") != figure.SeriesColor(j.Series) || m.Get("tabindex") != "0" {
			t.Errorf("job %d: fill %q tabindex %q", job, m.Get("fill"), m.Get("tabindex"))
		}
		r := 1.1 * (1 + pl.SeriesValues[j.Series]*(1+j.X*j.X)/2)
		if got, want := m.Get("d"), markerD(p, figure.SeriesShape(j.Series), j.X, r, 5.5); got != want {
			t.Errorf("job %d marker at %q, want %q", job, got, want)
		}
		if tip := m.Kids[0].Text; !strings.Contains(tip, "deviation 10") || !strings.Contains(tip, "(reduced ODE)") {
			t.Errorf("job %d tooltip %q", job, tip)
		}
	}
	// Legend: one entry per series, with colour and marker shape; the frame
	// grows to make room for it.
	entries := byClass(n, "legend-entry")
	if len(entries) != 4 {
		t.Fatalf("%d legend entries, want 4", len(entries))
	}
	for i, e := range entries {
		marks := byClass(e, "legend-mark")
		if len(marks) != 1 || marks[0].Get("fill") != figure.SeriesColor(i) || marks[0].Get("d") != figure.MarkerPath(figure.SeriesShape(i), 14, 10, 5) {
			t.Errorf("legend entry %d: wrong mark", i)
		}
	}
	if !hasText(n, "Lf = 4 (late)") || !hasText(n, "Lf = 1 (early)") || !hasText(n, "learned together") {
		t.Error("legend or reference line label missing")
	}
	if vb := n.Get("viewBox"); vb == "0 0 440 290" || !strings.HasPrefix(vb, "0 0 440 ") {
		t.Errorf("viewBox %q: the legend should add height", vb)
	}
	if len(byClass(n, "ref-one")) != 1 {
		t.Error("the ratio-1 reference line is missing")
	}
	if x := n.XML(); strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
		t.Error("NaN or Inf in the ratio panel")
	}
}

func TestPhaseFigure(t *testing.T) {
	pl := composetest.FakePlan(7, 40)
	res := composetest.FakeResults(pl, 28)
	f := PhaseFigure(params.Defaults(), pl, res)
	if f.Name != "phase-diagram" || len(f.Legend) != len(PhaseLegend) || !strings.Contains(f.Caption, "default parameters") {
		t.Errorf("figure %q, %d legend entries, caption %q", f.Name, len(f.Legend), f.Caption)
	}
	if len(f.Panels) != 5 {
		t.Fatalf("%d panels, want 4 phase panels and the ratio panel", len(f.Panels))
	}
	picks := 0
	jobs := map[int]bool{}
	for i, p := range f.Panels[:4] {
		if p.ID != "phase-"+strconv.Itoa(i) {
			t.Errorf("panel %d id %q", i, p.ID)
		}
		var regions []string
		for _, it := range p.Under {
			if b, ok := it.(figure.Band); ok {
				regions = append(regions, b.Class)
			}
		}
		if !slices.Equal(regions, []string{"region region-none", "region region-uni", "region region-both"}) {
			t.Errorf("panel %d regions %v", i, regions)
		}
		var curves []string
		for _, it := range p.Items {
			if c, ok := it.(figure.Curve); ok {
				curves = append(curves, c.Class)
			}
		}
		if !slices.Contains(curves, "theory-ta") || !slices.Contains(curves, "theory-tb") || len(curves) != 4 {
			t.Errorf("panel %d curves %v", i, curves)
		}
		for _, it := range p.Over {
			if m, ok := it.(figure.Marker); ok && m.Pick {
				picks++
				jobs[m.Job] = true
			}
		}
	}
	// Every result has its markers: a failure cross for job 0, t_A and t_B
	// for the 27 others.
	if picks != 1+2*27 || len(jobs) != len(res) {
		t.Errorf("%d markers for %d jobs, want 55 for 28", picks, len(jobs))
	}
	if r := f.Panels[4]; r.ID != "ratio" {
		t.Errorf("last panel %q, want the ratio panel", r.ID)
	}
	root := f.Node()
	if k := len(byTag(root, "svg")); k != 6 {
		t.Errorf("%d <svg> elements, want the figure and 5 panels", k)
	}
	if k := len(withAttr(root, "data-job")); k != 55+27 {
		t.Errorf("%d interactive markers, want 82", k)
	}
	if bad := badGeometry(root); len(bad) > 0 {
		t.Errorf("NaN/Inf geometry: %v", bad)
	}
}

// TestPhaseFigureBeforePlan draws the empty panels of the skeleton plan:
// the layout the real plan will have, without curves or markers.
func TestPhaseFigureBeforePlan(t *testing.T) {
	specs, ratio, sims := layout(nil, nil)
	if len(specs) != 4 || len(sims) != 0 || len(ratio.Series) != 4 {
		t.Fatalf("%d panels, %d sims, %d ratio series", len(specs), len(sims), len(ratio.Series))
	}
	if specs[0].Title != "Lf = 1 · early fusion" || specs[0].XDomain != [2]float64{-0.9, 0.9} || specs[0].YDomain != [2]float64{10, 20000} {
		t.Errorf("skeleton panel: %q x %v y %v", specs[0].Title, specs[0].XDomain, specs[0].YDomain)
	}
	f := PhaseFigure(params.Defaults(), nil, nil)
	root := f.Node()
	for _, cls := range []string{"theory-ta", "theory-tb", "sim-ta", "ratio-sim", "ratio-theory"} {
		if k := len(byClass(root, cls)); k != 0 {
			t.Errorf("%d elements of class %s before the plan", k, cls)
		}
	}
	if k := len(byClass(root, "frame")); k != 5 {
		t.Errorf("%d plot frames, want 5", k)
	}
	if x := root.XML(); strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
		t.Error("NaN or Inf in the empty figure")
	}
	if math.IsNaN(ratio.YDomain[0]) || ratio.YDomain[0] > 1 || ratio.YDomain[1] < 1 {
		t.Errorf("empty ratio domain %v", ratio.YDomain)
	}
}
