package compose

import (
	"math"
	"slices"
	"strings"
	"testing"

	"unibias/figure"
	"unibias/protocol"
)

// presetFixture is a small hand-made preset: a ratio panel with a theory
// line, a reference line and a fixed point; a heat map with a contour; and
// a trajectory panel. Job 1 is pending and job 3 has no report (the
// reports slice is shorter than the jobs).
func presetFixture() (*protocol.Figure, []*protocol.Report) {
	fig := &protocol.Figure{Name: "test", Title: "Test figure", Caption: "A caption.", Section: "§7.1", Legend: []string{"theory", "simulation"},
		Panels: []protocol.Panel{
			{ID: "a", Title: "Ratio", XLabel: "σ_A/σ_B", YLabel: "t_B/t_A", Compare: "ratio", Tol: 0.1,
				Lines: []protocol.Line{
					{Label: "closed form", Series: 0, Points: [][2]float64{{1, 1}, {2, 2}, {3, 3}}},
					{Label: "one", Series: 1, Kind: "hline", At: 1.5, Dash: true},
				},
				Marks: []protocol.Mark{{X: 2, Y: 2, Label: "fixed point"}}},
			{ID: "h", Title: "Heat", XLabel: "x", YLabel: "y",
				Heat: &protocol.Heat{Label: "ratio", Xs: []float64{0, 1, 2}, Ys: []float64{0, 1, 2},
					Z:        [][]float64{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}},
					Contours: []protocol.Line{{Label: "3", Points: [][2]float64{{0, 2}, {1, 1}, {2, 0}}}}}},
			{ID: "w", Title: "Weights", XLabel: "steps", YLabel: "W"},
		},
		Jobs: []protocol.FigJob{
			{Panel: "a", Series: 1, X: 2, Extract: "ratio", Label: "run"},
			{Panel: "a", Series: 1, X: 3, Extract: "ratio"}, // pending
			{Panel: "h", Series: 2, X: 1, Y: 1, Extract: "heat-ratio", Compare: "none"},
			{Panel: "a", Series: 3, X: 1, Extract: "ratio"}, // no report
		},
	}
	n := protocol.N
	reps := []*protocol.Report{
		{Ratio: n(2.1), Theory: protocol.TheoryReport{Ratio: n(2)}},
		nil,
		{Ratio: n(1.5)},
	}
	return fig, reps
}

func TestPresetPanelRatio(t *testing.T) {
	fig, reps := presetFixture()
	p, counts := PresetPanel(fig, reps, &fig.Panels[0])
	if counts != (PanelCounts{Theory: 3, Sim: 1}) {
		t.Errorf("counts %+v, want 3 theory (line, hline, mark) and 1 simulation", counts)
	}
	if p.ID != "fig-a" || p.Class != "plot" || p.Title != "Ratio" || p.X.Label != "σ_A/σ_B" || p.Y.Label != "t_B/t_A" {
		t.Errorf("panel %q %q %q %q %q", p.ID, p.Class, p.Title, p.X.Label, p.Y.Label)
	}
	// Linear axes over the data, padded by 4%.
	if math.Abs(p.X.Min-0.92) > 1e-9 || math.Abs(p.X.Max-3.08) > 1e-9 || math.Abs(p.Y.Min-0.92) > 1e-9 || math.Abs(p.Y.Max-3.08) > 1e-9 || p.X.Log || p.Y.Log {
		t.Errorf("axes x [%g, %g] y [%g, %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	n := p.Node()
	sx, sy := p.Scales()
	lines := byClass(n, "theory-line")
	if len(lines) != 2 {
		t.Fatalf("%d theory lines, want 2", len(lines))
	}
	if d := lines[0].Get("d"); d != figure.LinePath([]float64{1, 2, 3}, []float64{1, 2, 3}, sx, sy) || lines[0].Get("stroke") != figure.SeriesColor(0) {
		t.Errorf("theory curve d %q stroke %q", d, lines[0].Get("stroke"))
	}
	if lines[0].Kids[0].Tag != "title" || lines[0].Kids[0].Text != "closed form" {
		t.Error("theory curve lacks its tooltip")
	}
	if h := lines[1]; h.Tag != "line" || !hasClass(h, "dashed") || h.Get("y1") != figure.Px(sy.Map(1.5)) || h.Get("stroke") != figure.SeriesColor(1) {
		t.Errorf("hline <%s %v>", h.Tag, h.Attrs)
	}
	fixed := byClass(n, "fixed-point")
	if len(fixed) != 1 || len(byTag(fixed[0], "circle")) != 1 || !hasText(fixed[0], "fixed point") {
		t.Fatalf("fixed point mark %d", len(fixed))
	}
	if c := byTag(fixed[0], "circle")[0]; c.Get("cx") != figure.Px(sx.Map(2)) || c.Get("cy") != figure.Px(sy.Map(2)) || c.Get("r") != "4" {
		t.Errorf("fixed point at %v", c.Attrs)
	}
	marks := byClass(n, "sim-mark")
	if len(marks) != 1 {
		t.Fatalf("%d simulated marks, want 1", len(marks))
	}
	m := marks[0]
	if m.Tag != "g" || m.Get("tabindex") != "0" || m.Get("aria-label") != "run: simulated t_B/t_A = 2.1" {
		t.Errorf("simulated mark <%s %v>", m.Tag, m.Attrs)
	}
	shape := byTag(m, "path")
	if len(shape) != 1 || shape[0].Get("fill") != figure.SeriesColor(1) || shape[0].Get("d") != figure.MarkerPath(figure.SeriesShape(1), sx.Map(2), sy.Map(2.1), 5) {
		t.Errorf("simulated mark shape %v", shape)
	}
}

func TestPresetPanelHeat(t *testing.T) {
	fig, reps := presetFixture()
	p, counts := PresetPanel(fig, reps, &fig.Panels[1])
	if counts != (PanelCounts{Theory: 1, Sim: 1}) {
		t.Errorf("counts %+v, want 1 and 1", counts)
	}
	if p.Frame.R != 70 || p.X.Min != 0 || p.X.Max != 2 || p.Y.Min != 0 || p.Y.Max != 2 {
		t.Errorf("heat panel: right margin %g, x [%g, %g], y [%g, %g]", p.Frame.R, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	n := p.Node()
	heat := byClass(n, "heat")
	if len(heat) != 1 {
		t.Fatalf("%d heat maps", len(heat))
	}
	// Every other grid point of a 3×3 grid: 4 cells.
	cells := 0
	for _, c := range byTag(heat[0], "path") {
		if c.Get("class") == "cells" {
			cells += strings.Count(c.Get("d"), "M")
		}
	}
	if cells != 4 {
		t.Errorf("%d heat cells, want 4", cells)
	}
	if c := byClass(n, "contour"); len(c) != 1 || c[0].Kids[0].Text != "ratio = 3" {
		t.Errorf("contour %d", len(c))
	}
	bar := byClass(n, "colour-bar")
	if len(bar) != 1 || len(byTag(bar[0], "rect")) != 24 {
		t.Fatalf("colour bar missing or incomplete")
	}
	if got := texts(bar[0]); !slices.Equal(got, []string{"1", "5"}) {
		t.Errorf("colour bar labels %q, want 1 and 5", got)
	}
	m := byClass(n, "sim-mark")
	if len(m) != 1 || !hasText(m[0], "1.5") || m[0].Get("aria-label") != "simulated t_B/t_A = 1.5" {
		t.Errorf("heat-ratio mark %d", len(m))
	}
}

func TestPresetPanelTrajectory(t *testing.T) {
	fig, _ := presetFixture()
	n := protocol.N
	fig.Jobs = []protocol.FigJob{{Panel: "w", Series: 0, Extract: "weights", Label: "seed 1"}}
	rep := &protocol.Report{TA: n(100), TB: n(200), Trajectory: []protocol.TrajPoint{
		{Step: 0, WA: n(0), WB: n(0)},
		{Step: 100, WA: n(0.5), WB: n(0)},
		{Step: 150, WA: nil, WB: n(0.2)}, // W_A missing: skipped in its line
		{Step: 200, WA: n(1), WB: n(0.5)},
		{Step: 300, WA: n(1), WB: n(1)},
	}}
	p, counts := PresetPanel(fig, []*protocol.Report{rep}, &fig.Panels[2])
	if counts != (PanelCounts{Theory: 0, Sim: 4}) {
		t.Errorf("counts %+v, want 2 lines and 2 marks", counts)
	}
	sx, sy := p.Scales()
	nd := p.Node()
	lines := byClass(nd, "sim-line")
	if len(lines) != 2 || hasClass(lines[0], "dashed") || !hasClass(lines[1], "dashed") {
		t.Fatalf("%d simulated lines (W_A solid, W_B dashed)", len(lines))
	}
	if got, want := lines[0].Get("d"), figure.LinePath([]float64{0, 100, 200, 300}, []float64{0, 0.5, 1, 1}, sx, sy); got != want {
		t.Errorf("W_A line %q, want %q", got, want)
	}
	if lines[1].Kids[0].Text != "seed 1: W_B^tot" {
		t.Errorf("W_B tooltip %q", lines[1].Kids[0].Text)
	}
	marks := byClass(nd, "sim-mark")
	if len(marks) != 2 {
		t.Fatalf("%d detected-time marks, want 2", len(marks))
	}
	if got, want := byTag(marks[0], "path")[0].Get("d"), figure.MarkerPath("circle", sx.Map(100), sy.Map(0.5), 5); got != want {
		t.Errorf("t_A mark at %q, want %q (W_A at step 100)", got, want)
	}
	if got, want := byTag(marks[1], "path")[0].Get("d"), figure.MarkerPath("triangle", sx.Map(200), sy.Map(0.5), 5); got != want {
		t.Errorf("t_B mark at %q, want %q (W_B at step 200)", got, want)
	}
}

func TestPresetFigure(t *testing.T) {
	fig, reps := presetFixture()
	f := PresetFigure(fig, reps)
	if f.Name != "test" || f.Title != "Test figure" || f.Caption != "A caption. (docs/theory.md §7.1)" {
		t.Errorf("figure %q %q %q", f.Name, f.Title, f.Caption)
	}
	if len(f.Legend) != 2 || f.Legend[1].Label != "simulation" || f.Legend[1].Color != figure.SeriesColor(1) || f.Legend[1].Shape != "square" || !f.Legend[1].NoLine {
		t.Errorf("legend %+v", f.Legend)
	}
	var ids []string
	for _, p := range f.Panels {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{"fig-a", "fig-h", "fig-w"}) {
		t.Errorf("panels %v", ids)
	}
	svg := f.SVG()
	if strings.Count(svg, "<svg") != 4 || strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("standalone SVG: %d <svg>, NaN %v", strings.Count(svg, "<svg"), strings.Contains(svg, "NaN"))
	}
	// Nothing received yet: theory only.
	empty := PresetFigure(fig, nil)
	if k := len(byClass(empty.Node(), "sim-mark")); k != 0 {
		t.Errorf("%d simulated marks without reports", k)
	}
}

func TestPresetAgreement(t *testing.T) {
	fig, reps := presetFixture()
	rel, abs := PresetAgreement(fig, reps)
	// Job 0 only: |2.1 − 2|/2 = 5% within 10%; job 2 is excluded ("none"),
	// job 1 pending, job 3 without a report.
	if rel.N != 1 || math.Abs(rel.Median-0.05) > 1e-9 || rel.WithTol != 1 || rel.Within != 1 || !rel.Relative {
		t.Errorf("relative agreement %+v", rel)
	}
	if abs.N != 0 || abs.Relative {
		t.Errorf("absolute agreement %+v", abs)
	}
	// An absolute comparison with its own tolerance.
	fig.Jobs = append(fig.Jobs, protocol.FigJob{Panel: "a", X: 1, Extract: "misattribution", Compare: "misattribution", Tol: 0.01})
	reps = append(reps, nil, &protocol.Report{Misattribution: protocol.N(0.3), Theory: protocol.TheoryReport{Misattribution: []protocol.Num{protocol.N(0.28)}}})
	rel, abs = PresetAgreement(fig, reps)
	if rel.N != 1 || abs.N != 1 || math.Abs(abs.Worst-0.02) > 1e-9 || abs.WithTol != 1 || abs.Within != 0 {
		t.Errorf("with a misattribution: relative %+v, absolute %+v", rel, abs)
	}
	if got := AgreementText(abs); !strings.HasPrefix(got, "median 0.02, worst 0.02 over 1 run") || !strings.HasSuffix(got, "; 0/1 within the docs/theory.md §8.6 tolerance") {
		t.Errorf("AgreementText %q", got)
	}
}
