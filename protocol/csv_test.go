package protocol

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"
)

func readCSV(t *testing.T, text, kind, query string) [][]string {
	t.Helper()
	first, body, _ := strings.Cut(text, "\n")
	if want := "# unibias " + Version + " " + kind + " " + query; first != want {
		t.Errorf("comment line %q, want %q", first, want)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWriteSweepCSV(t *testing.T) {
	rep := &Report{TA: N(100), TB: N(250), Ratio: N(2.5), Misattribution: N(-0.25), FinalLoss: N(1e-5), StepsRun: 300, Status: "converged",
		Theory: TheoryReport{Ratio: N(2.4), RatioFormula: "§5.4", TASteps: N(101), TBSteps: N(242), ODERatio: nil, Misattribution: []Num{N(-0.3)}}}
	rows := []SweepRow{
		{Job: 0, X: 0.5, Series: 2, Repeat: 1, Seed: "4", Query: "rho=0.5&seed=4", Report: rep},
		{Job: 3, X: math.Inf(1), Series: 3, Seed: "1", Query: "rho=0.9", Error: "diverged badly"},
	}
	var buf bytes.Buffer
	if err := WriteSweepCSV(&buf, "", "rho", "fusion", rows); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.String(), "sweep", "(defaults)")
	if len(got) != 3 || strings.Join(got[0], ",") != strings.Join(SweepCSVHeader, ",") {
		t.Fatalf("rows %v", got)
	}
	cell := func(r int, name string) string {
		for i, h := range SweepCSVHeader {
			if h == name {
				return got[r][i]
			}
		}
		t.Fatalf("no column %q", name)
		return ""
	}
	for name, want := range map[string]string{"job": "0", "x_name": "rho", "x": "0.5", "series_name": "fusion", "series_value": "2",
		"repeat": "1", "seed": "4", "theory_ratio": "2.4", "theory_formula": "§5.4", "ode_ratio": "", "theory_misattribution": "-0.3",
		"sim_t_A": "100", "sim_ratio": "2.5", "sim_misattribution": "-0.25", "final_loss": "1e-05", "steps_run": "300",
		"status": "converged", "error": "", "query": "rho=0.5&seed=4"} {
		if c := cell(1, name); c != want {
			t.Errorf("row 1 %s = %q, want %q", name, c, want)
		}
	}
	for name, want := range map[string]string{"job": "3", "x": "", "series_value": "3", "theory_ratio": "", "steps_run": "",
		"status": "error", "error": "diverged badly", "query": "rho=0.9"} {
		if c := cell(2, name); c != want {
			t.Errorf("row 2 %s = %q, want %q", name, c, want)
		}
	}
	// Without a series the series cells stay empty.
	buf.Reset()
	_ = WriteSweepCSV(&buf, "depth=2", "rho", "", []SweepRow{{X: 1, Series: math.NaN()}})
	got = readCSV(t, buf.String(), "sweep", "depth=2")
	if got[1][3] != "" || got[1][4] != "" {
		t.Errorf("series cells without a series: %v", got[1])
	}
}

func TestPlanSweepRows(t *testing.T) {
	plan := &Plan{X: "rho", Series: "fusion", SeriesValues: []float64{1, 2},
		Jobs: []Job{{Series: 0, X: 0, Query: "fusion=1"}, {Series: 1, X: 0, Repeat: 1, Query: "fusion=2&seed=2"}, {Series: 1, X: 1}}}
	rep := &Report{}
	rows := PlanSweepRows(plan, []JobResult{{Done: true, Report: rep}, {Done: true, Err: "boom"}}, "1")
	if len(rows) != 2 {
		t.Fatalf("want the two finished jobs, got %+v", rows)
	}
	if r := rows[0]; r.Job != 0 || r.Series != 1 || r.Seed != "1" || r.Report != rep {
		t.Errorf("row 0 %+v", r)
	}
	if r := rows[1]; r.Job != 1 || r.Series != 2 || r.Repeat != 1 || r.Seed != "2" || r.Error != "boom" {
		t.Errorf("row 1 %+v", r)
	}
	plan.Series, plan.SeriesValues = "", nil
	if r := PlanSweepRows(plan, []JobResult{{Done: true}}, "1"); !math.IsNaN(r[0].Series) {
		t.Errorf("no series: %+v", r[0])
	}
	if PlanSweepRows(nil, nil, "1") != nil {
		t.Error("nil plan")
	}
}

func TestWriteTrajectoryCSV(t *testing.T) {
	var buf bytes.Buffer
	pts := []TrajPoint{{Step: 0, Loss: N(1)}, {Step: 10, T: N(0.4), Loss: N(0.5), Xor: N(0.1)}}
	if err := WriteTrajectoryCSV(&buf, "seed=7", pts); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.String(), "simulate", "seed=7")
	if len(got) != 3 || strings.Join(got[0], ",") != strings.Join(TrajectoryCSVHeader, ",") {
		t.Fatalf("rows %v", got)
	}
	if r := got[2]; r[0] != "10" || r[1] != "0.4" || r[2] != "0.5" || r[3] != "" || r[10] != "0.1" || len(r) != len(TrajectoryCSVHeader) {
		t.Errorf("row %v", r)
	}
}

func TestPresetByName(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets {
		if p.Name == "" || p.Title == "" || p.Section == "" || seen[p.Name] {
			t.Errorf("bad or repeated preset %+v", p)
		}
		seen[p.Name] = true
		if got, ok := PresetByName(p.Name); !ok || got != p {
			t.Errorf("PresetByName(%q) = %+v, %v", p.Name, got, ok)
		}
	}
	if _, ok := PresetByName("nope"); ok {
		t.Error("unknown preset found")
	}
}
