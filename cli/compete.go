package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"unibias/engine/compete"
	"unibias/protocol"
)

// runCompete trains the joint network and each modality alone on the
// insufficient-data model (docs/theory.md §10.2) and prints the report as
// JSON, or its series as CSV (--format csv); a summary goes to stderr.
func runCompete(args []string, w, stderr io.Writer) error {
	p, ex, err := parseFlags("compete", args)
	if err != nil {
		return err
	}
	if p.Get("data") != "insufficient" {
		return fmt.Errorf("compete runs on the insufficient-data model: add --data insufficient (docs/theory.md §10.2)")
	}
	ctx, cancel := signalContext()
	defer cancel()
	start := time.Now()
	progress := newProgress(stderr)
	rep, err := compete.Run(ctx, p, func(done, total int) bool {
		progress(fmt.Sprintf("compete: %d/%d steps, %.1fs", done, total, time.Since(start).Seconds()), false)
		return true
	})
	progress(fmt.Sprintf("compete: done in %.1fs", time.Since(start).Seconds()), true)
	if err != nil {
		return err
	}
	CompeteSummary(stderr, rep.Compete)
	if ex.format == "csv" {
		return CompeteCSV(w, paramsQuery(rep.Params), rep.Compete)
	}
	return writeJSON(w, rep)
}

// CompeteSummary writes one line per run: final alignments, the modality's
// own losses and the test accuracies, then the gaps.
func CompeteSummary(w io.Writer, c *protocol.CompeteReport) {
	f := func(n protocol.Num) string { return strconv.FormatFloat(protocol.V(n), 'g', 4, 64) }
	last := func(s []protocol.Num) protocol.Num {
		if len(s) == 0 {
			return nil
		}
		return s[len(s)-1]
	}
	for _, r := range c.Runs {
		fmt.Fprintf(w, "%-8s align A %s (from %s), align B %s (from %s); own loss A %s, B %s; test acc %s, without A %s; %s after %d steps\n",
			r.Name, f(last(r.AlignA)), f(r.AlignA[0]), f(last(r.AlignB)), f(r.AlignB[0]), f(last(r.OwnLossA)), f(last(r.OwnLossB)),
			f(r.TestAcc), f(r.TestAccNoA), r.Status, r.StepsRun)
	}
	fmt.Fprintf(w, "best unimodal − joint test accuracy: %s (full), %s (A absent)\n", f(c.GapFull), f(c.GapNoA))
	if c.DriveRatio != nil {
		fmt.Fprintf(w, "B's drive on A's plateau (step %s): %s of its initial value", f(c.PlateauStep), f(c.DriveRatio))
		if c.DriveTheory != nil {
			fmt.Fprintf(w, "; squared-loss closed form %s", f(c.DriveTheory))
		}
		fmt.Fprintln(w)
	}
}

// CompeteCSV writes the recorded series of every run, one row per run and
// step, after a comment line with the parameters.
func CompeteCSV(w io.Writer, query string, c *protocol.CompeteReport) error {
	if _, err := fmt.Fprintf(w, "# unibias compete %s %s\n", protocol.Version, query); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"run", "step", "align_A", "align_B", "w_A", "w_B", "loss", "own_loss_A", "own_loss_B", "drive_A", "drive_B"})
	f := func(n protocol.Num) string {
		if n == nil {
			return ""
		}
		return strconv.FormatFloat(*n, 'g', -1, 64)
	}
	for _, r := range c.Runs {
		for i, st := range c.Steps {
			_ = cw.Write([]string{r.Name, strconv.Itoa(st), f(r.AlignA[i]), f(r.AlignB[i]), f(r.WA[i]), f(r.WB[i]), f(r.Loss[i]),
				f(r.OwnLossA[i]), f(r.OwnLossB[i]), f(r.DriveA[i]), f(r.DriveB[i])})
		}
	}
	cw.Flush()
	return cw.Error()
}
