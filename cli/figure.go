package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"unibias/engine/compete"
	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/engine/sweep"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
	"unibias/worker/serve"
)

// denseTheory is the number of x points of the phase diagram's theory
// curves, as the page asks for them.
const denseTheory = 120

// runFigure writes a figure as a standalone SVG: the preset named by
// --preset, or the phase diagram of the parameters. The description comes
// from the same code the page's worker runs, and the SVG from the same
// package the page draws and exports with.
func runFigure(args []string, w, stderr io.Writer) error {
	p, ex, err := parseFlags("figure", args)
	if err != nil {
		return err
	}
	query := p.Encode()
	if ex.preset != "" {
		if _, ok := protocol.PresetByName(ex.preset); !ok {
			return fmt.Errorf("no preset %q; choose one of %s", ex.preset, presetNames())
		}
		query = url.Values{"preset": {ex.preset}}.Encode()
	}
	fig, _, err := serve.Describe(query, denseTheory)
	if err != nil {
		return err
	}
	var sets []params.Set
	if ex.simulate {
		for _, j := range fig.Jobs {
			if !j.OnDemand {
				s, _ := serve.Parse(j.Query)
				sets = append(sets, s)
			}
		}
	}
	if done, err := preflight(w, "figure", sets, ex); done || err != nil {
		return err
	}
	var results []protocol.JobResult
	if ex.simulate {
		ctx, cancel := signalContext()
		defer cancel()
		if results, err = simulateJobs(ctx, fig, ex.workers, stderr); err != nil {
			return err
		}
	}
	var out *figure.Figure
	if fig.Plan != nil {
		out = compose.PhaseFigure(p, fig.Plan, results)
	} else {
		reports := make([]*protocol.Report, len(fig.Jobs))
		for i := range results {
			reports[i] = results[i].Report
		}
		out = compose.PresetFigure(fig, reports)
	}
	if ex.out == "" {
		return out.WriteSVG(w)
	}
	f, err := os.Create(ex.out)
	if err != nil {
		return err
	}
	if err := out.WriteSVG(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func presetNames() string {
	s := ""
	for i, p := range protocol.Presets {
		if i > 0 {
			s += ", "
		}
		s += p.Name
	}
	return s
}

// simulateJobs runs every job of a figure that is not on demand, on
// `workers` goroutines (all cores when ≤ 0), reporting progress on stderr.
func simulateJobs(ctx context.Context, fig *protocol.Figure, workers int, stderr io.Writer) ([]protocol.JobResult, error) {
	var run []int
	for i, j := range fig.Jobs {
		if !j.OnDemand {
			run = append(run, i)
		}
	}
	results := make([]protocol.JobResult, len(fig.Jobs))
	progress, start := newProgress(stderr), time.Now()
	err := sweep.Each(ctx, len(run), workers, func(k int) { results[run[k]] = runJob(ctx, fig.Jobs[run[k]]) }, func(done, total int) {
		progress(fmt.Sprintf("figure: %d/%d runs, %.1fs", done, total, time.Since(start).Seconds()), done == total)
	})
	return results, err
}

// runJob simulates one job of a figure, as a page worker does.
func runJob(ctx context.Context, j protocol.FigJob) protocol.JobResult {
	if compete.Wanted(j.Query) {
		rep, err := serve.RunCompete(ctx, j.Query, nil)
		if err != nil {
			return protocol.JobResult{Done: true, Err: err.Error()}
		}
		return protocol.JobResult{Done: true, Report: rep}
	}
	p, _ := serve.Parse(j.Query)
	rep, err := experiment.Simulate(ctx, p, j.Trajectory, nil)
	if err != nil {
		return protocol.JobResult{Done: true, Err: err.Error()}
	}
	return protocol.JobResult{Done: true, Report: rep}
}
