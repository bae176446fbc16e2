package protocol

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
)

// SweepRow is one simulation of a sweep as the sweep CSV shows it. The page
// (from its plan and the workers' results) and the command line (from
// engine/sweep) both fill it, so their CSV files have the same columns.
type SweepRow struct {
	Job    int     // index of the job in the sweep's plan
	X      float64 // value of the x-axis parameter
	Series float64 // value of the series parameter; NaN when there is none
	Repeat int     // repeat index (seed = base seed + Repeat)
	Seed   string  // the run's seed, as text
	Query  string  // the run's full parameters as a URL query
	Report *Report // the run's report; nil when it failed
	Error  string  // why the run failed ("" when it did not)
}

// SweepCSVHeader is the header row of the sweep CSV.
var SweepCSVHeader = []string{
	"job", "x_name", "x", "series_name", "series_value", "repeat", "seed",
	"theory_ratio", "theory_formula", "theory_t_A_steps", "theory_t_B_steps",
	"ode_ratio", "ode_t_A_steps", "ode_t_B_steps", "theory_misattribution",
	"sim_t_A", "sim_t_B", "sim_ratio", "sim_misattribution", "final_loss", "steps_run",
	"status", "error", "query",
}

// WriteSweepCSV writes the results of a sweep as CSV: a comment line
// "# unibias <Version> sweep <query>" (query is the sweep's parameters, as a
// URL query; "(defaults)" when empty), the header SweepCSVHeader and one row
// per element of rows. x and series name the sweep's axis and series
// parameters (series "" when there is none). Numbers are written in the
// shortest form that reads back exactly; missing values are empty cells.
// Times are in steps.
func WriteSweepCSV(w io.Writer, query, x, series string, rows []SweepRow) error {
	if err := writeComment(w, "sweep", query); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(SweepCSVHeader)
	for _, r := range rows {
		sv := ""
		if series != "" {
			sv = csvFloat(r.Series)
		}
		row := []string{strconv.Itoa(r.Job), x, csvFloat(r.X), series, sv, strconv.Itoa(r.Repeat), r.Seed}
		if rep := r.Report; rep != nil {
			th := &rep.Theory
			mis := ""
			if len(th.Misattribution) == 1 {
				mis = csvNum(th.Misattribution[0])
			}
			row = append(row, csvNum(th.Ratio), th.RatioFormula, csvNum(th.TASteps), csvNum(th.TBSteps),
				csvNum(th.ODERatio), csvNum(th.ODETASteps), csvNum(th.ODETBSteps), mis,
				csvNum(rep.TA), csvNum(rep.TB), csvNum(rep.Ratio), csvNum(rep.Misattribution), csvNum(rep.FinalLoss),
				strconv.Itoa(rep.StepsRun), rep.Status, r.Error, r.Query)
		} else {
			row = append(row, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "error", r.Error, r.Query)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// TrajectoryCSVHeader is the header row of the trajectory CSV.
var TrajectoryCSVHeader = []string{"step", "t", "loss", "w_A", "w_B", "norm_A", "norm_B", "eg", "dec_A", "dec_B", "xor", "lin",
	"p_f", "p_A", "p_B", "u_AB", "u_BA", "d", "s_A", "s_B", "k_A", "k_B", "feat_A", "feat_B", "cont_A", "cont_B"}

// WriteTrajectoryCSV writes the trajectory of one run as CSV: a comment line
// "# unibias <Version> simulate <query>" (query is the run's parameters, as a
// URL query; "(defaults)" when empty), the header TrajectoryCSVHeader and one
// row per point. Missing values are empty cells.
func WriteTrajectoryCSV(w io.Writer, query string, pts []TrajPoint) error {
	if err := writeComment(w, "simulate", query); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(TrajectoryCSVHeader)
	for _, p := range pts {
		_ = cw.Write([]string{strconv.Itoa(p.Step), csvNum(p.T), csvNum(p.Loss), csvNum(p.WA), csvNum(p.WB),
			csvNum(p.NormA), csvNum(p.NormB), csvNum(p.Eg), csvNum(p.DecA), csvNum(p.DecB), csvNum(p.Xor), csvNum(p.Lin),
			csvNum(p.PF), csvNum(p.PA), csvNum(p.PB), csvNum(p.UAB), csvNum(p.UBA), csvNum(p.D), csvNum(p.SA), csvNum(p.SB),
			csvNum(p.KA), csvNum(p.KB), csvNum(p.FeatA), csvNum(p.FeatB), csvNum(p.ContA), csvNum(p.ContB)})
	}
	cw.Flush()
	return cw.Error()
}

// writeComment writes the provenance line that starts every CSV export.
func writeComment(w io.Writer, kind, query string) error {
	if query == "" {
		query = "(defaults)"
	}
	_, err := fmt.Fprintf(w, "# unibias %s %s %s\n", Version, kind, query)
	return err
}

func csvNum(n Num) string { return csvFloat(V(n)) }

func csvFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// PlanSweepRows returns the sweep rows of the finished jobs of a plan, in
// plan order: results is indexed like plan.Jobs, and jobs that are not Done
// (or have no result) are left out. A job's seed is read from its query;
// defaultSeed is used when the query does not set one (it is the seed
// parameter's default, which an encoded query leaves out).
func PlanSweepRows(plan *Plan, results []JobResult, defaultSeed string) []SweepRow {
	if plan == nil {
		return nil
	}
	var out []SweepRow
	for i, j := range plan.Jobs {
		if i >= len(results) || !results[i].Done {
			continue
		}
		r := results[i]
		sv := math.NaN()
		if plan.Series != "" && j.Series >= 0 && j.Series < len(plan.SeriesValues) {
			sv = plan.SeriesValues[j.Series]
		}
		seed := defaultSeed
		if q, err := url.ParseQuery(j.Query); err == nil && q.Get("seed") != "" {
			seed = q.Get("seed")
		}
		out = append(out, SweepRow{Job: i, X: j.X, Series: sv, Repeat: j.Repeat, Seed: seed, Query: j.Query, Report: r.Report, Error: r.Err})
	}
	return out
}
