package cli

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"

	"unibias/engine/cost"
	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
)

// Estimate is the cost of a command's runs before any of them starts
// (package cost), with what the theory says about their learning times.
type Estimate struct {
	Total   cost.Total
	Workers int
	// Notes name the runs whose predicted times lie beyond their budget
	// (with a budget that fits) and the runs without a prediction.
	Notes []string
	// Shape is the first run's shape, for the summary.
	Shape cost.Shape
}

// estimateRuns estimates the runs of the parameter sets on workers
// goroutines. The theory of a configuration is computed once for all its
// seeds (the seed changes only the draw of random data).
func estimateRuns(sets []params.Set, workers int) Estimate {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	e := Estimate{Workers: workers}
	type times struct {
		ta, tb float64
		err    string
	}
	cache := map[string]times{}
	type note struct {
		where string
		n     int
	}
	notes := map[string]*note{}
	var order []string
	for i, p := range sets {
		key := p.Clone()
		if p.Get("data") != "random" {
			_ = key.Set("seed", "1")
		}
		k := key.Encode()
		tt, ok := cache[k]
		if !ok {
			tt = times{ta: math.NaN(), tb: math.NaN()}
			if s, err := experiment.BuildTheory(p); err != nil {
				tt.err = err.Error()
			} else {
				tr := s.TheoryReport()
				tt.ta, tt.tb = compose.PredictedTimes(&tr, p.Get("initscheme"))
				if !tr.OK {
					tt.err = tr.Error
				}
			}
			cache[k] = tt
		}
		sh := cost.ShapeOf(p)
		if i == 0 {
			e.Shape = sh
		}
		budget := p.Int("steps")
		r := cost.RunOf(sh, tt.ta, tt.tb, budget)
		e.Total.Add(r)
		text := ""
		if r.Beyond {
			text = beyondNote(tt.ta, tt.tb, budget)
		} else if !r.Predicted {
			text = "no predicted learning time"
			if tt.err != "" {
				text += " (" + shorten(tt.err, 90) + ")"
			}
			text += "; estimated by its whole budget of " + figure.FormatSteps(float64(budget)) + " steps"
		}
		if text == "" {
			continue
		}
		if nt, ok := notes[text]; ok {
			nt.n++
			continue
		}
		notes[text] = &note{where: "run " + itoa(i+1) + " (" + compose.DescribeQuery(p.Encode()) + ")", n: 1}
		order = append(order, text)
	}
	for _, text := range order {
		nt := notes[text]
		switch {
		case len(sets) == 1:
		case nt.n == 1:
			text = nt.where + ": " + text
		default:
			text = itoa(nt.n) + " runs, the first " + nt.where + ": " + text
		}
		e.Notes = append(e.Notes, text)
	}
	return e
}

// shorten cuts s to about n characters at a word.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		n = i
	}
	return s[:n] + " …"
}

// beyondNote says which predicted time lies past the budget, what the run
// will report, and a budget that fits (docs/theory.md §5: the times grow as
// the init scale shrinks, so a larger --init also fits).
func beyondNote(ta, tb float64, budget int) string {
	var parts []string
	late := 0.0
	for _, m := range []struct {
		name string
		t    float64
	}{{"A", ta}, {"B", tb}} {
		if m.t > float64(budget) && !math.IsInf(m.t, 0) {
			parts = append(parts, "t_"+m.name+" ≈ "+figure.FormatSteps(m.t)+" steps")
			late = math.Max(late, m.t)
		}
	}
	fit := math.Ceil(cost.StopFactor * late)
	s := "predicted " + strings.Join(parts, " and ") + ", beyond the step budget of " + figure.FormatSteps(float64(budget)) +
		": the run will report \"not learned within " + figure.FormatSteps(float64(budget)) + " steps\""
	if fit <= 5e6 {
		s += "; --steps " + strconv.FormatFloat(fit, 'f', 0, 64) + " fits, or a larger --init"
	} else {
		s += "; that is past the largest budget (5e6 steps): use a larger --init or --lr"
	}
	return s
}

// limitText is the limit of the command line in words.
func limitText() string {
	return cost.Work(cost.CLILimit) + " multiply-adds (≈ " + cost.Duration(cost.CLILimit/cost.NativeRate) + " of one core) and " +
		cost.Bytes(cost.MemoryLimit) + " per run"
}

// Write prints the estimate for command cmd.
func (e Estimate) Write(w io.Writer, cmd string) {
	t := e.Total
	fmt.Fprintf(w, "unibias %s --dry-run: the estimate before any run starts (nothing was run)\n", cmd)
	if t.Runs == 0 {
		fmt.Fprintln(w, "  runs:   none (theory only; add --simulate to run the figure's simulations)")
		return
	}
	sh := e.Shape
	on := "moments"
	if sh.OnSamples() {
		on = itoa(sh.Samples) + " samples"
	}
	fmt.Fprintf(w, "  runs:   %d (first: L=%d, Lf=%d, h=%d, d_A=%d, d_B=%d, %s weights, a step on the %s = %s multiply-adds)\n",
		t.Runs, sh.L, sh.Lf, sh.H, sh.DA, sh.DB, cost.Work(sh.Weights()), on, cost.Work(sh.WorkPerStep()))
	fmt.Fprintf(w, "  work:   %s multiply-adds; ≈ %s on %d core(s) at %s per core and second\n",
		cost.Work(t.Work), cost.Duration(t.Seconds(cost.NativeRate, e.Workers)), e.Workers, cost.Work(cost.NativeRate))
	fmt.Fprintf(w, "  memory: up to %s per run (records bounded: at most %s whatever the budget)\n",
		cost.Bytes(t.Memory), cost.Bytes(cost.RecordBytes(5000000, 2, false)))
	for _, n := range e.Notes {
		fmt.Fprintln(w, "  note:   "+n)
	}
	if over, why := t.Over(cost.CLILimit); over {
		fmt.Fprintf(w, "  limit:  %s — over it (%s): without --dry-run this command refuses unless --force\n", limitText(), why)
	} else {
		fmt.Fprintf(w, "  limit:  %s — within it\n", limitText())
	}
}

// refusal is the error of a command over the limit: the estimate, the
// limit and the fix.
func (e Estimate) refusal(cmd string) error {
	over, why := e.Total.Over(cost.CLILimit)
	if !over {
		return nil
	}
	fix := []string{}
	sh := e.Shape
	if sh.OnSamples() && sh.Samples > 8192 {
		fix = append(fix, "fewer --samples (a ReLU step costs 3 multiply-adds per weight and sample)")
	}
	if sh.H > 100 {
		fix = append(fix, "a smaller --width")
	}
	if e.Total.Unpredicted > 0 || e.Total.Beyond > 0 {
		fix = append(fix, "a smaller --steps budget")
	}
	if e.Total.Runs > 1 {
		fix = append(fix, "fewer --points, --values or --repeats")
	}
	fixText := ""
	if len(fix) > 0 {
		fixText = "; make it cheaper with " + strings.Join(fix, ", ")
	}
	if e.Total.Memory <= cost.MemoryLimit {
		why = "above"
	} else {
		why += "; the limit is"
	}
	return fmt.Errorf("%s would need %s (≈ %s on %d core(s)), %s %s. Run with --force to start anyway, or --dry-run to see the estimate%s",
		cmd, runsText(e.Total), cost.Duration(e.Total.Seconds(cost.NativeRate, e.Workers)), e.Workers, why, limitText(), fixText)
}

func runsText(t cost.Total) string {
	s := itoa(t.Runs) + " run"
	if t.Runs != 1 {
		s += "s"
	}
	return s + " of " + cost.Work(t.Work) + " multiply-adds in all"
}

func itoa(n int) string { return fmt.Sprint(n) }

// preflight estimates the runs of cmd before any starts: with --dry-run it
// prints the estimate and reports done; over the limit without --force it
// returns the refusal.
func preflight(w io.Writer, cmd string, sets []params.Set, ex extra) (done bool, err error) {
	if !ex.dryRun && ex.force {
		return false, nil
	}
	e := estimateRuns(sets, ex.workers)
	if ex.dryRun {
		e.Write(w, cmd)
		return true, nil
	}
	return false, e.refusal(cmd)
}
