package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"unibias/protocol"
)

func run(args ...string) (code int, out, errOut string) {
	var o, e bytes.Buffer
	code = Main(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBadFlagsNameTheParameter(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "--rho", "1.5"}, "rho"},
		{[]string{"simulate", "--rho", "1.5"}, "[-0.99, 0.99]"},
		{[]string{"theory", "--depth", "x"}, "depth"},
		{[]string{"theory", "--initscheme", "he"}, "entrywise, scaled, aligned"},
		{[]string{"theory", "--nosuch", "1"}, "nosuch"},
		{[]string{"theory", "--depth", "2", "--fusion", "3"}, "fusion"},
		{[]string{"sweep", "--format", "xml"}, "--format"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, c := range cases {
		code, _, e := run(c.args...)
		if code == 0 || !strings.Contains(e, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want non-zero naming %q", c.args, code, e, c.want)
		}
	}
}

func TestTheoryJSON(t *testing.T) {
	// docs/theory.md §8.1 row r = 2, ρ = 0.5: late-fusion ratio 5 (gradient flow),
	// plateau 1.25, misattribution +0.25.
	code, out, e := run("theory", "--depth", "4", "--fusion", "4", "--rho", "0.5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var v struct {
		Theory struct {
			Ratio          float64   `json:"ratio"`
			RatioFormula   string    `json:"ratio_formula"`
			TA             *float64  `json:"t_A"`
			TASteps        *float64  `json:"t_A_steps"`
			Plateau        []float64 `json:"plateau"`
			Misattribution []float64 `json:"misattribution"`
		} `json:"theory"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Theory.Ratio < 4.999999 || v.Theory.Ratio > 5.000001 || v.Theory.RatioFormula == "" {
		t.Fatalf("ratio %v (%q)", v.Theory.Ratio, v.Theory.RatioFormula)
	}
	if v.Theory.Plateau[0] != 1.25 || v.Theory.Misattribution[0] < 0.2499999 || v.Theory.Misattribution[0] > 0.2500001 {
		t.Fatalf("plateau %v misattribution %v", v.Theory.Plateau, v.Theory.Misattribution)
	}
	if v.Theory.TA == nil || v.Theory.TASteps == nil || *v.Theory.TASteps <= *v.Theory.TA {
		t.Fatalf("times in theory time and steps expected: %v %v", v.Theory.TA, v.Theory.TASteps)
	}
}

func TestSimulateJSONAndCSV(t *testing.T) {
	code, out, e := run("simulate", "--depth", "2", "--fusion", "2", "--initscheme", "entrywise", "--init", "1e-9")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"params", "t_A", "t_B", "ratio", "misattribution", "final_loss", "steps_run", "converged", "diverged", "theory"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("simulate output lacks %q", k)
		}
	}
	if rep["converged"] != true || rep["t_A"] == nil {
		t.Fatalf("run should converge with t_A measured: %v", rep["status"])
	}
	code, out, e = run("simulate", "--depth", "2", "--fusion", "2", "--format", "csv", "--steps", "500")
	if code != 0 {
		t.Fatalf("csv exit %d: %s", code, e)
	}
	lines := strings.SplitN(out, "\n", 2)
	if !strings.HasPrefix(lines[0], "# unibias") {
		t.Fatalf("csv should start with a provenance comment, got %q", lines[0])
	}
	recs, err := csv.NewReader(strings.NewReader(lines[1])).ReadAll()
	if err != nil || len(recs) < 100 || recs[0][0] != "step" {
		t.Fatalf("trajectory csv: %v, %d rows", err, len(recs))
	}
}

func TestSweepCSV(t *testing.T) {
	code, out, e := run("sweep", "--depth", "2", "--fusion", "2", "--x", "rho", "--from", "-0.5", "--to", "0.5", "--points", "3",
		"--series", "ratio", "--values", "1.5,2", "--format", "csv", "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if !strings.Contains(e, "6/6 runs") {
		t.Errorf("progress line missing on stderr: %q", e)
	}
	body := out[strings.Index(out, "\n")+1:]
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || strings.Join(recs[0], ",") != strings.Join(protocol.SweepCSVHeader, ",") {
		t.Fatalf("want header + 6 rows; got %d rows, header %v", len(recs), recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		if r[col["x_name"]] != "rho" || r[col["series_name"]] != "ratio" {
			t.Errorf("row %v: want x rho and series ratio", r)
		}
		if r[col["status"]] != "converged" || r[col["sim_ratio"]] == "" || r[col["theory_ratio"]] == "" {
			t.Errorf("row %v: want converged with simulated and theory ratios", r)
		}
	}
}

func TestServeHandlerTypesAndGzip(t *testing.T) {
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "web"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>hello"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "web", "app.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	for _, prefix := range []string{"", "/unibias/"} {
		srv := httptest.NewServer(Handler(dir, prefix))
		req, _ := http.NewRequest("GET", srv.URL+strings.TrimSuffix(prefix, "/")+"/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("prefix %q: wasm served as %q", prefix, ct)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("prefix %q: wasm not gzip-compressed", prefix)
		}
		resp.Body.Close()
		srv.Close()
	}
}

// TestSweepOverRemedyParameter: a remedy's parameter can be the sweep axis
// (docs/theory.md §10.4): along OGM's α, two-layer late fusion at ρ = 0 keeps
// t_B while t_A grows.
func TestSweepOverRemedyParameter(t *testing.T) {
	code, out, e := run("sweep", "--depth", "2", "--fusion", "2", "--init", "0.01", "--lr", "0.01", "--ogm", "ogm", "--ogmwindow", "1",
		"--x", "alpha", "--from", "0", "--to", "0.8", "--points", "3", "--series", "", "--format", "csv", "--workers", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	recs, err := csv.NewReader(strings.NewReader(out[strings.Index(out, "\n")+1:])).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("want header + 3 rows: %v, %d rows", err, len(recs))
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var tA, tB []float64
	for _, r := range recs[1:] {
		if r[col["x_name"]] != "alpha" {
			t.Errorf("row %v: x is not alpha", r)
		}
		a, _ := strconv.ParseFloat(r[col["sim_t_A"]], 64)
		b, _ := strconv.ParseFloat(r[col["sim_t_B"]], 64)
		tA, tB = append(tA, a), append(tB, b)
	}
	if !(tA[0] < tA[1] && tA[1] < tA[2]) || tB[0] != tB[1] || tB[1] != tB[2] {
		t.Errorf("along α: t_A %v (want increasing), t_B %v (want constant)", tA, tB)
	}
}
