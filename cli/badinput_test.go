package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestBadInputFlags: every kind of bad flag (docs/bad-input.md) exits 1
// with a message naming the parameter, the value and what is valid.
func TestBadInputFlags(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--depth", "9"}, []string{`depth="9"`, "out of range", "an integer in [1, 8]"}},
		{[]string{"--depth", "abc"}, []string{`depth="abc"`, "not a number", "[1, 8]"}},
		{[]string{"--depth="}, []string{`depth=""`, "not a number"}},
		{[]string{"--depth", "2.5"}, []string{`depth="2.5"`, "not an integer"}},
		{[]string{"--rho", "1"}, []string{`rho="1"`, "out of range", "[-0.99, 0.99]"}},
		{[]string{"--rho", "-1.5"}, []string{`rho="-1.5"`, "out of range"}},
		{[]string{"--rho", "NaN"}, []string{`rho="NaN"`, "not a number"}},
		{[]string{"--lr", "0"}, []string{`lr="0"`, "[1e-05, 2]"}},
		{[]string{"--lr", "Inf"}, []string{`lr="Inf"`, "out of range"}},
		{[]string{"--init", "0"}, []string{`init="0"`, "[1e-12, 0.5]"}},
		{[]string{"--width", "-3"}, []string{`width="-3"`, "[1, 1000]"}},
		{[]string{"--steps", "0"}, []string{`steps="0"`, "out of range"}},
		{[]string{"--samples", "1e9"}, []string{`samples="1e9"`, "[0, 200000]"}},
		{[]string{"--seed", "-1"}, []string{`seed="-1"`, "out of range"}},
		{[]string{"--data", "foo"}, []string{`data="foo"`, "want one of toy"}},
		{[]string{"--depth", "3", "--fusion", "5"}, []string{`fusion="5"`, "must be at most depth=3"}},
		{[]string{"--act", "relu"}, []string{`samples="0"`, "ReLU networks train on samples"}},
		{[]string{"--values", "1,2,x"}, []string{`values="1,2,x"`, `"x" is not a finite number`}},
		{[]string{"--values", "1,2,3,4,5,6,7,8,9,10,11,12,13"}, []string{"at most 12 values"}},
		{[]string{"--x", "__proto__"}, []string{`x="__proto__"`, "want empty or one of"}},
		{[]string{"--from", "1e13"}, []string{`from="1e13"`, "out of range"}},
		{[]string{"--points", "0"}, []string{`points="0"`, "[1, 200]"}},
		{[]string{"--bogus", "1"}, []string{"flag provided but not defined: -bogus", `unibias params`}},
		{[]string{"--format", "xml"}, []string{`--format must be json or csv, not "xml"`}},
		{[]string{"stray"}, []string{`unexpected argument "stray"`}},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := Main(append([]string{"simulate"}, c.args...), &out, &errb)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", c.args, code)
		}
		for _, w := range c.want {
			if !strings.Contains(errb.String(), w) {
				t.Errorf("%v: message %q lacks %q", c.args, errb.String(), w)
			}
		}
	}
}

// TestNotLearnedWithinBudget: an init scale too small for the budget. The
// dry run gives the predicted times and a budget that fits; the run says
// which modality was not learned within how many steps, with no time.
func TestNotLearnedWithinBudget(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"simulate", "--init", "0.02", "--steps", "500", "--dry-run"}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "predicted t_A ≈ 7.81k steps and t_B ≈ 31.2k steps, beyond the step budget of 500") ||
		!strings.Contains(out.String(), "--steps 46866 fits") {
		t.Fatalf("dry run (exit %d):\n%s", code, out.String())
	}
	out.Reset()
	if code := Main([]string{"simulate", "--init", "0.02", "--steps", "500"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		TA, TB any
		Status string
		Reason string
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.TA != nil || rep.TB != nil || rep.Status != "budget" || rep.Reason != "A and B not learned within 500 steps (the step budget): no learning time is reported" {
		t.Fatalf("report: t_A %v, t_B %v, status %q, reason %q", rep.TA, rep.TB, rep.Status, rep.Reason)
	}
}

// TestDivergingLearningRate: η = 1.5 diverges; the run stops early and
// says so, with the safe rate.
func TestDivergingLearningRate(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"simulate", "--lr", "1.5"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		Diverged    bool     `json:"diverged"`
		StepsRun    int      `json:"steps_run"`
		Reason      string   `json:"reason"`
		SuggestedLR *float64 `json:"suggested_lr"`
		TA          *float64 `json:"t_A"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Diverged || rep.StepsRun >= 20000 || rep.SuggestedLR == nil || *rep.SuggestedLR >= 1.5 || !strings.Contains(rep.Reason, "try a learning rate of at most") || rep.TA != nil {
		t.Fatalf("diverging run: %+v", rep)
	}
	t.Logf("η = 1.5: stopped after %d steps; %s", rep.StepsRun, rep.Reason)
}
