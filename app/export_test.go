package app

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

func testPlan() *protocol.Plan {
	return &protocol.Plan{X: "rho", Xs: []float64{0, 0.5}, Repeats: 1,
		Jobs:   []protocol.Job{{Series: 0, XIndex: 0, X: 0, Query: "rho=0&seed=3"}, {Series: 0, XIndex: 1, X: 0.5, Query: "rho=0.5&seed=3"}},
		Curves: []protocol.Curve{{Series: 0}}}
}

func testResults() []protocol.JobResult {
	rep := &protocol.Report{Version: protocol.Version, TA: protocol.N(100), TB: protocol.N(250), Ratio: protocol.N(2.5), Status: "converged",
		Theory: protocol.TheoryReport{Ratio: protocol.N(2.4), TASteps: protocol.N(101), TBSteps: protocol.N(242)}}
	return []protocol.JobResult{{Done: true, Report: rep}, {}}
}

func TestSweepCSV(t *testing.T) {
	out := SweepCSV("rho=0.1", testPlan(), testResults())
	first, body, _ := strings.Cut(out, "\n")
	if first != "# unibias "+protocol.Version+" sweep rho=0.1" {
		t.Errorf("comment line %q", first)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(protocol.SweepCSVHeader, ",") {
		t.Fatalf("rows %v", rows)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	want := map[string]string{"job": "0", "x_name": "rho", "x": "0", "series_name": "", "series_value": "", "seed": "3",
		"theory_ratio": "2.4", "sim_t_A": "100", "sim_ratio": "2.5", "status": "converged", "query": "rho=0&seed=3"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (row %v)", k, got[k], v, rows[1])
		}
	}
	// A missing plan gives the comment and the header only.
	if got := SweepCSV("", nil, nil); strings.Count(got, "\n") != 2 || !strings.HasPrefix(got, "# unibias "+protocol.Version+" sweep (defaults)\n") {
		t.Errorf("no plan: %q", got)
	}
}

func TestRunFileRoundTrip(t *testing.T) {
	rf := NewRunFile("rho=0.1&seed=3", testPlan(), testResults())
	text := EncodeJSON(rf)
	got, err := DecodeRunFile([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != protocol.Version || got.Seed != "3" || len(got.Results) != 1 {
		t.Fatalf("decoded %+v", got)
	}
	jr := got.JobResults()
	if len(jr) != 2 || !jr[0].Done || jr[1].Done || protocol.V(jr[0].Report.TA) != 100 {
		t.Errorf("job results %+v", jr)
	}
	var generic map[string]any
	if err := json.Unmarshal([]byte(text), &generic); err != nil || generic["unibias"] != "run" {
		t.Errorf("generic decode: %v %v", err, generic["unibias"])
	}
}

func TestRunFileJunk(t *testing.T) {
	for _, junk := range []string{"", "{", "null", "[]", `{"unibias":"live"}`, `{"unibias":"run"}`,
		`{"unibias":"run","plan":{"jobs":[]},"results":[{"job":3}]}`,
		`{"unibias":"run","plan":{"jobs":[]},"results":[{"job":-1}]}`,
		`{"unibias":"run","query":"%zz","plan":{"jobs":[]}}`, "\x00\xff"} {
		if _, err := DecodeRunFile([]byte(junk)); err == nil {
			t.Errorf("accepted %q", junk)
		}
	}
}

func TestLiveCSV(t *testing.T) {
	out := LiveCSV("seed=7", []protocol.TrajPoint{{Step: 0, Loss: protocol.N(1)}, {Step: 10, Loss: protocol.N(0.5)}})
	first, body, _ := strings.Cut(out, "\n")
	if first != "# unibias "+protocol.Version+" simulate seed=7" {
		t.Errorf("comment line %q", first)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "step" || rows[2][0] != "10" || rows[2][2] != "0.5" || rows[2][1] != "" {
		t.Fatalf("%v %v", err, rows)
	}
}

func TestControlsHide(t *testing.T) {
	e := app.NewTestEngine()
	c := &Controls{Params: params.Defaults(), Hide: []string{"lr"}}
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := app.HTMLString(c)
	if strings.Contains(html, `id="ctl-lr"`) || !strings.Contains(html, `id="ctl-rho"`) {
		t.Error("hide=lr: wrong controls rendered")
	}
}

func TestDiagramExportButtons(t *testing.T) {
	e := app.NewTestEngine()
	p := &Page{}
	p.OnInit()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := app.HTMLString(p)
	for _, id := range []string{"export-diagram-svg", "export-diagram-png", "export-ratio-svg", "export-sweep-csv", "export-sweep-json",
		"import-run", "copy-link", "export-live-svg", "export-live-csv", "presenter-toggle", "tour", "live-pause", "live-step", "live-reset"} {
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("page lacks #%s", id)
		}
	}
}

func TestIframeSnippet(t *testing.T) {
	got := IframeSnippet("http://127.0.0.1:8080/?rho=0.5&present=1", "phase diagram")
	want := `<iframe src="http://127.0.0.1:8080/?embed=1&amp;rho=0.5" title="unibias phase diagram" width="100%" height="800" style="border:0"></iframe>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
