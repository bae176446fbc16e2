package cli

import (
	"bytes"
	"strings"
	"testing"

	"unibias/engine/params"
)

var issue14 = []string{"--width", "1000", "--depth", "8", "--fusion", "8", "--samples", "200000", "--act", "relu"}

// Above the limit the command refuses without --force, naming the
// estimate, the limit and the fix; --dry-run prints the estimate instead.
func TestOverBudgetRefused(t *testing.T) {
	for _, cmd := range []string{"simulate", "sweep"} {
		var out, errb bytes.Buffer
		if code := Main(append([]string{cmd}, issue14...), &out, &errb); code != 1 {
			t.Fatalf("%s: exit %d, want 1 (stderr %q)", cmd, code, errb.String())
		}
		msg := errb.String()
		for _, want := range []string{"multiply-adds", "above 3.0e12", "--force", "--dry-run", "fewer --samples", "a smaller --width"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: refusal %q lacks %q", cmd, msg, want)
			}
		}
		if out.Len() != 0 {
			t.Errorf("%s: refused but printed %q", cmd, out.String())
		}
	}
}

func TestDryRunPrintsEstimate(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main(append([]string{"simulate", "--dry-run"}, issue14...), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"nothing was run", "12004000", "7.2e12 multiply-adds", "over it", "not learned within 20k steps"} {
		if !strings.Contains(strings.ReplaceAll(s, "1.2e07 weights", "12004000"), want) {
			t.Errorf("dry run lacks %q:\n%s", want, s)
		}
	}
	// The default sweep: 28 runs, within the limit.
	out.Reset()
	if code := Main([]string{"sweep", "--dry-run"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "runs:   28") || !strings.Contains(out.String(), "within it") {
		t.Fatalf("default sweep dry run (exit %d):\n%s", code, out.String())
	}
	// A figure without --simulate runs nothing.
	out.Reset()
	if code := Main([]string{"figure", "--dry-run"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "none (theory only") {
		t.Fatalf("figure dry run (exit %d):\n%s", code, out.String())
	}
	// A budget too small for the predicted times says so and offers one that fits.
	out.Reset()
	if code := Main([]string{"simulate", "--dry-run", "--init", "0.02"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "beyond the step budget of 20k") || !strings.Contains(out.String(), "--steps 4") {
		t.Fatalf("init too small (exit %d):\n%s", code, out.String())
	}
}

// Within the limit nothing changes; --force lets a configuration over it
// start (preflight lets it through; running it would take hours).
func TestWithinLimitRuns(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"simulate", "--depth", "2", "--fusion", "2", "--steps", "50"}, &out, &errb); code != 0 || !strings.Contains(out.String(), `"steps_run"`) {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	p, ex, err := parseFlags("simulate", append(issue14, "--force"))
	if err != nil || !ex.force {
		t.Fatalf("--force not parsed: %v", err)
	}
	out.Reset()
	if done, err := preflight(&out, "simulate", []params.Set{p}, ex); done || err != nil || out.Len() != 0 {
		t.Fatalf("--force: done %v, err %v, printed %q", done, err, out.String())
	}
	ex.force = false
	if done, err := preflight(&out, "simulate", []params.Set{p}, ex); done || err == nil {
		t.Fatalf("without --force: done %v, err %v", done, err)
	}
}
