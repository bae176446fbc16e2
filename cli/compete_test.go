package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"unibias/protocol"
)

// TestCompeteCommand: `unibias compete` prints the joint-vs-unimodal report
// (docs/theory.md §10.2) with a summary on stderr, its series as CSV, and
// refuses bad values with the parameter's name and range.
func TestCompeteCommand(t *testing.T) {
	args := []string{"compete", "--data", "insufficient", "--depth", "2", "--fusion", "2", "--width", "1", "--dim", "2", "--mua", "2", "--mub", "0.05",
		"--init", "0.0001", "--lr", "0.05", "--steps", "3000", "--tol", "1e-12"}
	var out, errb bytes.Buffer
	if code := Main(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep protocol.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Compete == nil || len(rep.Compete.Runs) != 3 {
		t.Fatalf("report: %v %+v", err, rep.Compete)
	}
	if !strings.Contains(errb.String(), "squared-loss closed form 0.2") || !strings.Contains(errb.String(), "B alone") {
		t.Errorf("summary: %s", errb.String())
	}
	out.Reset()
	if code := Main(append(args, "--format", "csv"), &out, &errb); code != 0 {
		t.Fatalf("csv exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.HasPrefix(lines[0], "# unibias compete") || lines[1] != "run,step,align_A,align_B,w_A,w_B,loss,own_loss_A,own_loss_B,drive_A,drive_B" ||
		len(lines) != 2+3*len(rep.Compete.Steps) {
		t.Errorf("csv: %d lines, head %q", len(lines), lines[:2])
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"compete"}, "--data insufficient"},
		{[]string{"compete", "--data", "insufficient", "--q", "2"}, `parameter q="2": out of range`},
		{[]string{"compete", "--data", "insufficient", "--loss", "hinge"}, "one of squared, logistic"},
		{[]string{"simulate", "--act", "smoothrelu", "--beta", "-1"}, `parameter beta="-1"`},
	} {
		errb.Reset()
		if code := Main(c.args, &out, &errb); code == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errb.String(), c.want)
		}
	}
}
