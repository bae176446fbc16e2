package app

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"strconv"

	"unibias/protocol"
)

// Version is the application version written into every export; it is the
// same as engine/experiment.Version.
const Version = "0.1.0"

// RunFile is a saved sweep: the parameters, the plan (with its theory) and
// the finished simulations. Loading it back redraws the same figure without
// simulating again.
type RunFile struct {
	Unibias string         `json:"unibias"` // always "run"
	Version string         `json:"version"`
	Query   string         `json:"query"`
	Seed    string         `json:"seed,omitempty"`
	Plan    *protocol.Plan `json:"plan"`
	Results []RunResult    `json:"results"`
}

// RunResult is one finished simulation of a run file, indexed like
// Plan.Jobs.
type RunResult struct {
	Job    int              `json:"job"`
	Report *protocol.Report `json:"report,omitempty"`
	Error  string           `json:"error,omitempty"`
	Millis float64          `json:"ms,omitempty"`
}

// NewRunFile builds the run file of a sweep.
func NewRunFile(query string, plan *protocol.Plan, results []JobResult) RunFile {
	rf := RunFile{Unibias: "run", Version: Version, Query: query, Plan: plan, Results: []RunResult{}}
	if q, err := url.ParseQuery(query); err == nil {
		rf.Seed = q.Get("seed")
	}
	for i, r := range results {
		if !r.Done {
			continue
		}
		rf.Results = append(rf.Results, RunResult{Job: i, Report: r.Report, Error: r.Err, Millis: r.Millis})
	}
	return rf
}

// maxRunFile bounds the size of a run file the page accepts.
const maxRunFile = 64 << 20

// DecodeRunFile reads and checks a run file.
func DecodeRunFile(data []byte) (RunFile, error) {
	var rf RunFile
	if len(data) > maxRunFile {
		return rf, errors.New("the file is too large for a unibias run file")
	}
	if err := json.Unmarshal(data, &rf); err != nil {
		return RunFile{}, errors.New("not a unibias run file (" + err.Error() + ")")
	}
	switch {
	case rf.Unibias != "run":
		return RunFile{}, errors.New(`not a unibias run file (no "unibias":"run")`)
	case rf.Plan == nil:
		return RunFile{}, errors.New("the run file has no plan")
	case len(rf.Plan.Jobs) > 100000:
		return RunFile{}, errors.New("the run file has too many jobs")
	}
	if _, err := url.ParseQuery(rf.Query); err != nil {
		return RunFile{}, errors.New("the run file's parameters cannot be read: " + err.Error())
	}
	for _, r := range rf.Results {
		if r.Job < 0 || r.Job >= len(rf.Plan.Jobs) {
			return RunFile{}, errors.New("the run file has a result for job " + strconv.Itoa(r.Job) + ", which its plan does not have")
		}
	}
	return rf, nil
}

// JobResults expands the run file's results to the plan's jobs.
func (rf RunFile) JobResults() []JobResult {
	out := make([]JobResult, len(rf.Plan.Jobs))
	for _, r := range rf.Results {
		out[r.Job] = JobResult{Done: true, Report: r.Report, Err: r.Error, Millis: r.Millis}
	}
	return out
}

// EncodeJSON is the indented JSON of v.
func EncodeJSON(v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return `{"error":` + strconv.Quote(err.Error()) + `}`
	}
	return string(b)
}

func fnum(n protocol.Num) string { return fmtF(protocol.V(n)) }

func fmtF(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// SweepCSVHeader is the first row of the sweep CSV.
var SweepCSVHeader = []string{"version", "query", "job", "series", "series_value", "x_name", "x", "repeat", "seed",
	"theory_ratio", "theory_t_A", "theory_t_B", "sim_t_A", "sim_t_B", "sim_ratio", "misattribution", "status", "error", "params"}

// SweepCSV is one row per finished simulation of the sweep.
func SweepCSV(query string, plan *protocol.Plan, results []JobResult) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(SweepCSVHeader)
	if plan != nil {
		for i, r := range results {
			if !r.Done || i >= len(plan.Jobs) {
				continue
			}
			j := plan.Jobs[i]
			sv := ""
			if j.Series < len(plan.SeriesValues) {
				sv = fmtF(plan.SeriesValues[j.Series])
			}
			seed := ""
			if q, err := url.ParseQuery(j.Query); err == nil {
				seed = q.Get("seed")
			}
			row := []string{Version, query, strconv.Itoa(i), plan.Series, sv, plan.X, fmtF(j.X), strconv.Itoa(j.Repeat), seed}
			if rep := r.Report; rep != nil {
				row = append(row, fnum(rep.Theory.Ratio), fnum(rep.Theory.TASteps), fnum(rep.Theory.TBSteps),
					fnum(rep.TA), fnum(rep.TB), fnum(rep.Ratio), fnum(rep.Misattribution), rep.Status, r.Err, j.Query)
			} else {
				row = append(row, "", "", "", "", "", "", "", "error", r.Err, j.Query)
			}
			w.Write(row)
		}
	}
	w.Flush()
	return buf.String()
}

// LiveFile is the JSON export of a live run.
type LiveFile struct {
	Unibias    string                 `json:"unibias"` // "live"
	Version    string                 `json:"version"`
	Query      string                 `json:"query"`
	Seed       string                 `json:"seed,omitempty"`
	Status     string                 `json:"status"`
	Theory     *protocol.TheoryReport `json:"theory,omitempty"`
	TA         protocol.Num           `json:"t_A"`
	TB         protocol.Num           `json:"t_B"`
	Trajectory []protocol.TrajPoint   `json:"trajectory"`
}

// LiveCSVHeader is the first row of the live-run CSV.
var LiveCSVHeader = []string{"version", "query", "seed", "step", "t", "loss", "w_A", "w_B", "norm_A", "norm_B"}

// LiveCSV is one row per trajectory point of a live run.
func LiveCSV(query string, pts []protocol.TrajPoint) string {
	seed := ""
	if q, err := url.ParseQuery(query); err == nil {
		seed = q.Get("seed")
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(LiveCSVHeader)
	for _, p := range pts {
		w.Write([]string{Version, query, seed, strconv.Itoa(p.Step), fnum(p.T), fnum(p.Loss), fnum(p.WA), fnum(p.WB), fnum(p.NormA), fnum(p.NormB)})
	}
	w.Flush()
	return buf.String()
}
