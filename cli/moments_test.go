package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"unibias/engine/custom"
)

// example is the bundled example's CSV (tools/mkexample).
const exampleCSV = "../" + custom.ExampleCSV

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMomentsCommand: `unibias moments --csv` prints a moments file that
// reads back to the CSV's moments, and says which modality is A.
func TestMomentsCommand(t *testing.T) {
	code, out, errOut := run("moments", "--csv", exampleCSV, "--a", "audio_*", "--b", "video_*", "--y", "label")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	d, err := custom.ParseMoments([]byte(out))
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	f, err := os.Open(exampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := custom.ReadCSV(f, custom.CSVSpec{A: "audio_*", B: "video_*", Y: "label"})
	if err != nil {
		t.Fatal(err)
	}
	if custom.Encode(d) != custom.Encode(&res.Data) {
		t.Errorf("printed moments differ from the CSV's")
	}
	for _, want := range []string{"1000 rows", `A is "video" (your second modality)`, "R² from video alone"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	// The bundled moments file is what the command prints.
	committed, err := os.ReadFile("../engine/custom/example/views.moments.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != out {
		t.Errorf("engine/custom/example/views.moments.json is stale: run go run ./tools/mkexample")
	}
}

// TestTheoryWithYourData: theory from a CSV and from its moments file
// agree, and the output names A in the user's words.
func TestTheoryWithYourData(t *testing.T) {
	_, mom, _ := run("moments", "--csv", exampleCSV, "--a", "audio_*", "--b", "video_*", "--y", "label")
	mf := writeFile(t, "m.json", mom)
	c1, o1, e1 := run("theory", "--moments", mf, "--depth", "2", "--fusion", "2")
	c2, o2, e2 := run("theory", "--csv", exampleCSV, "--a", "audio_*", "--b", "video_*", "--y", "label", "--depth", "2", "--fusion", "2")
	if c1 != 0 || c2 != 0 {
		t.Fatalf("exit %d %d: %s %s", c1, c2, e1, e2)
	}
	var a, b TheoryOutput
	if err := json.Unmarshal([]byte(o1), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(o2), &b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a.Theory)
	jb, _ := json.Marshal(b.Theory)
	if string(ja) != string(jb) {
		t.Errorf("theory from the CSV differs from theory from its moments file")
	}
	if a.Data == nil || a.Data.NameA != "video" || a.Params["data"] != "custom" || !a.Theory.OK {
		t.Errorf("output %+v", a.Data)
	}
}

func TestYourDataFlagErrors(t *testing.T) {
	notPSD := writeFile(t, "bad.json", `{"names": ["x", "z"], "sigma_a": 1, "sigma_b": 1, "sigma_ab": 1.2, "sigma_ya": 1, "sigma_yb": 1, "eyy": 3}`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"theory", "--a", "audio_*"}, "give the file with --csv"},
		{[]string{"theory", "--moments", notPSD, "--csv", exampleCSV}, "not both"},
		{[]string{"theory", "--moments", "/nonexistent.json"}, "--moments"},
		{[]string{"theory", "--moments", notPSD}, "not positive semi-definite"},
		{[]string{"theory", "--moments", notPSD}, "--repair"},
		{[]string{"theory", "--csv", exampleCSV, "--a", "audio_*", "--b", "nosuch*", "--y", "label"}, `"nosuch*" matches no column`},
		{[]string{"theory", "--data", "custom"}, "data=custom needs your data's moments"},
		{[]string{"moments"}, "give --csv"},
	} {
		code, _, e := run(c.args...)
		if code == 0 || !strings.Contains(e, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want non-zero naming %q", c.args, code, e, c.want)
		}
	}
	code, out, e := run("theory", "--moments", notPSD, "--repair")
	if code != 0 || !strings.Contains(e, "using the nearest valid moments") || !strings.Contains(out, `"data"`) {
		t.Errorf("--repair: exit %d, stderr %q", code, e)
	}
}

// TestSweepAxisForYourData: a sweep over a data parameter means nothing
// for custom data; without --x the axis moves to u0, with a notice.
func TestSweepAxisForYourData(t *testing.T) {
	mf := "../engine/custom/example/views.moments.json"
	code, out, e := run("sweep", "--moments", mf, "--points", "2", "--values", "2,4", "--steps", "3000", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if !strings.Contains(e, "x=rho has no effect on your own data") {
		t.Errorf("no notice: %q", e)
	}
	if !strings.Contains(out, "x=init") && !strings.Contains(out, "init") {
		t.Errorf("sweep output does not vary init:\n%s", out)
	}
}
