// Package cli is the native command line of unibias: `theory`, `simulate`,
// `sweep` and `serve`. Flags are the parameters of package params, so the
// command line, the page's URL and the exports share one vocabulary.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"time"

	"unibias/engine/custom"
	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/engine/sweep"
	"unibias/protocol"
)

const usage = `unibias — unimodal bias in multimodal deep linear networks

usage: unibias <command> [--param value ...]

commands:
  theory     predictions only (instant), JSON
  simulate   one training run with the theory beside it, JSON
             (--trajectory adds the recorded trajectory; --format csv prints it as CSV)
  sweep      a grid of runs (--x, --from, --to, --points, --series, --values, --repeats),
             JSON or CSV (--format csv); progress on stderr
  figure     a figure as a standalone SVG, the one the page exports: --preset NAME,
             or the phase diagram of the parameters; --out file.svg (default stdout),
             --simulate to run its simulations and draw their marks (progress on stderr)
  simulate, sweep and figure estimate their cost first: --dry-run prints the
             estimate and exits; above the limit they refuse unless --force
  moments    the moments file (JSON) of your data: --csv file.csv --a 'audio_*' --b 'video_*'
             --y label [--scale center|standardize|none]
  compete    classification on the insufficient-data model (--data insufficient, --loss logistic):
             the joint network and each modality alone from the same weights, JSON
             (--format csv prints the series); a summary on stderr (docs/theory.md §10.2)
  serve      serve the built static site (--dir, --addr)
  params     list every parameter with its default and valid range

Your own data (docs/theory.md §2.5): theory, simulate, sweep and figure take
--moments m.json, or --csv file.csv --a COLS --b COLS --y COL, for --data custom.

Run "unibias params" for the parameters.`

// Main runs the command line and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	noticeOut = stderr
	var err error
	switch cmd {
	case "theory":
		err = runTheory(rest, stdout)
	case "simulate":
		err = runSimulate(rest, stdout)
	case "sweep":
		err = runSweep(rest, stdout, stderr)
	case "figure":
		err = runFigure(rest, stdout, stderr)
	case "compete":
		err = runCompete(rest, stdout, stderr)
	case "moments":
		err = runMoments(rest, stdout, stderr)
	case "serve":
		err = runServe(rest, stdout)
	case "params":
		printParams(stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
	default:
		fmt.Fprintf(stderr, "unibias: unknown command %q\n\n%s\n", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "unibias:", err)
		return 1
	}
	return 0
}

// extra holds the non-parameter flags of a command.
type extra struct {
	format     string
	trajectory bool
	workers    int
	dir, addr  string
	preset     string
	out        string
	simulate   bool
	data       dataFlags // your own data (cli/moments.go)
	dryRun     bool      // print the cost estimate and exit (cli/dryrun.go)
	force      bool      // start even above the cost limit
}

// parseFlags reads --name value / --name=value pairs into a parameter set,
// rejecting unknown flags and invalid values with messages that name the
// parameter and its range.
func parseFlags(cmd string, args []string) (params.Set, extra, error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	p := params.Defaults()
	var errs []error
	for i := range params.Table {
		pp := &params.Table[i]
		if pp.Kind == params.Text {
			continue // moments arrive through --moments or --csv (dataFlags)
		}
		fs.Func(pp.Name, pp.Help+" ("+pp.RangeText()+")", func(v string) error {
			if err := p.Set(pp.Name, v); err != nil {
				errs = append(errs, err)
				return err
			}
			return nil
		})
	}
	var ex extra
	fs.StringVar(&ex.format, "format", "json", "output format: json or csv")
	fs.BoolVar(&ex.trajectory, "trajectory", false, "include the recorded trajectory")
	fs.IntVar(&ex.workers, "workers", 0, "concurrent runs (0 = all cores)")
	fs.StringVar(&ex.dir, "dir", "site", "directory of the built site")
	fs.StringVar(&ex.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&ex.preset, "preset", "", "figure: a preset of the page (unibias figure --preset NAME)")
	fs.StringVar(&ex.out, "out", "", "figure: the SVG file to write (default: standard output)")
	fs.BoolVar(&ex.simulate, "simulate", false, "figure: run the figure's simulations and draw their marks")
	ex.data.register(fs)
	fs.BoolVar(&ex.dryRun, "dry-run", false, "simulate, sweep, figure: print the cost estimate and exit")
	fs.BoolVar(&ex.force, "force", false, "simulate, sweep, figure: start even above the cost limit")
	if err := fs.Parse(args); err != nil {
		if len(errs) > 0 {
			return p, ex, errs[0]
		}
		return p, ex, fmt.Errorf("%v (run \"unibias params\" for the list)", err)
	}
	if fs.NArg() > 0 {
		return p, ex, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	explicitX := false
	fs.Visit(func(f *flag.Flag) { explicitX = explicitX || f.Name == "x" })
	if err := ex.data.apply(p, explicitX || (cmd != "sweep" && cmd != "figure")); err != nil {
		return p, ex, err
	}
	if ex.format != "json" && ex.format != "csv" {
		return p, ex, fmt.Errorf("--format must be json or csv, not %q", ex.format)
	}
	if err := p.Validate(); err != nil {
		return p, ex, err
	}
	return p, ex, nil
}

func printParams(w io.Writer) {
	for _, p := range params.Table {
		fmt.Fprintf(w, "--%-10s default %-8s %s\n    %s\n", p.Name, p.Default, p.RangeText(), p.Help)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// TheoryOutput is what `theory` prints.
type TheoryOutput struct {
	Version string                  `json:"version"`
	Params  map[string]string       `json:"params"`
	Theory  experiment.TheoryReport `json:"theory"`
	// Data summarises your own data (data=custom): which modality is A, in
	// your names, and how much each explains.
	Data *custom.Summary `json:"data,omitempty"`
}

func runTheory(args []string, w io.Writer) error {
	p, _, err := parseFlags("theory", args)
	if err != nil {
		return err
	}
	s, err := experiment.BuildTheory(p)
	if err != nil {
		return err
	}
	return writeJSON(w, TheoryOutput{Version: protocol.Version, Params: p.Map(), Theory: s.TheoryReport(), Data: dataSummary(p)})
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func runSimulate(args []string, w io.Writer) error {
	p, ex, err := parseFlags("simulate", args)
	if err != nil {
		return err
	}
	if done, err := preflight(w, "simulate", []params.Set{p}, ex); done || err != nil {
		return err
	}
	ctx, cancel := signalContext()
	defer cancel()
	rep, err := experiment.Simulate(ctx, p, ex.trajectory || ex.format == "csv", nil)
	if err != nil {
		return err
	}
	if ex.format == "csv" {
		return TrajectoryCSV(w, rep)
	}
	return writeJSON(w, rep)
}

// TrajectoryCSV writes a report's trajectory as CSV
// (protocol.WriteTrajectoryCSV, the same file as the page's live-run CSV),
// with the run's parameters in the leading comment line.
func TrajectoryCSV(w io.Writer, rep *experiment.Report) error {
	return protocol.WriteTrajectoryCSV(w, paramsQuery(rep.Params), rep.Trajectory)
}

// paramsQuery encodes a parameter map as the URL query of its non-default
// values.
func paramsQuery(m map[string]string) string {
	p := params.Defaults()
	for k, v := range m {
		_ = p.Set(k, v)
	}
	return p.Encode()
}

// SweepOutput is what `sweep` prints as JSON.
type SweepOutput struct {
	Version string            `json:"version"`
	Params  map[string]string `json:"params"`
	Plan    *sweep.Plan       `json:"plan"`
	Rows    []SweepRow        `json:"rows"`
	Seconds float64           `json:"seconds"`
}

// SweepRow is one flattened grid point: parameters, theory and simulation.
type SweepRow struct {
	X       float64                 `json:"x"`
	Series  *float64                `json:"series,omitempty"`
	Seed    int                     `json:"seed"`
	Theory  experiment.TheoryReport `json:"theory"`
	TA      experiment.Num          `json:"t_A"`
	TB      experiment.Num          `json:"t_B"`
	Ratio   experiment.Num          `json:"ratio"`
	Misattr experiment.Num          `json:"misattribution"`
	Final   experiment.Num          `json:"final_loss"`
	Steps   int                     `json:"steps_run"`
	Status  string                  `json:"status"`
	Error   string                  `json:"error,omitempty"`
}

// Flatten turns sweep rows into output rows.
func Flatten(pl *sweep.Plan, rows []sweep.Row) []SweepRow {
	out := make([]SweepRow, 0, len(rows))
	for _, r := range rows {
		o := SweepRow{X: r.Job.X, Seed: r.Job.Params.Int("seed"), Error: r.Error}
		if pl.Series != "" {
			s := r.Job.S
			o.Series = &s
		}
		if r.Report != nil {
			o.Theory = r.Report.Theory
			o.TA, o.TB, o.Ratio, o.Misattr, o.Final = r.Report.TA, r.Report.TB, r.Report.Ratio, r.Report.Misattribution, r.Report.FinalLoss
			o.Steps, o.Status = r.Report.StepsRun, r.Report.Status
		} else {
			o.Status = "error"
		}
		out = append(out, o)
	}
	return out
}

// SweepCSV writes a finished sweep as CSV (protocol.WriteSweepCSV, the same
// file as the page's sweep CSV): one row per job, in plan order. query is
// the sweep's parameters as a URL query.
func SweepCSV(w io.Writer, pl *sweep.Plan, rows []sweep.Row, query string) error {
	out := make([]protocol.SweepRow, len(rows))
	for i, r := range rows {
		sv := math.NaN()
		if pl.Series != "" {
			sv = r.Job.S
		}
		out[i] = protocol.SweepRow{Job: r.Job.Index, X: r.Job.X, Series: sv, Repeat: r.Job.Repeat, Seed: r.Job.Params.Get("seed"),
			Query: r.Job.Query, Report: r.Report, Error: r.Error}
	}
	return protocol.WriteSweepCSV(w, query, pl.X, pl.Series, out)
}

func runSweep(args []string, w, stderr io.Writer) error {
	p, ex, err := parseFlags("sweep", args)
	if err != nil {
		return err
	}
	pl, err := sweep.NewPlan(p)
	if err != nil {
		return err
	}
	sets := make([]params.Set, len(pl.Jobs))
	for i, j := range pl.Jobs {
		sets[i] = j.Params
	}
	if done, err := preflight(w, "sweep", sets, ex); done || err != nil {
		return err
	}
	ctx, cancel := signalContext()
	defer cancel()
	start := time.Now()
	progress := newProgress(stderr)
	rows, err := sweep.Run(ctx, pl, ex.workers, func(done, total int) {
		progress(fmt.Sprintf("sweep: %d/%d runs, %.1fs", done, total, time.Since(start).Seconds()), done == total)
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("sweep interrupted")
		}
		return err
	}
	if ex.format == "csv" {
		return SweepCSV(w, pl, rows, p.Encode())
	}
	return writeJSON(w, SweepOutput{Version: protocol.Version, Params: p.Map(), Plan: pl, Rows: Flatten(pl, rows), Seconds: time.Since(start).Seconds()})
}
