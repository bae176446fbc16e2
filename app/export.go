package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"

	"unibias/engine/params"
	"unibias/protocol"
)

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
func NewRunFile(query string, plan *protocol.Plan, results []protocol.JobResult) RunFile {
	rf := RunFile{Unibias: "run", Version: protocol.Version, Query: query, Plan: plan, Results: []RunResult{}}
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
	// Every series index must name a series of the plan (one series when
	// the plan has none).
	series := max(1, len(rf.Plan.SeriesValues))
	for i, j := range rf.Plan.Jobs {
		if j.Series < 0 || j.Series >= series {
			return RunFile{}, errors.New("the run file's job " + strconv.Itoa(i) + " belongs to series " + strconv.Itoa(j.Series) + ", which its plan does not have")
		}
	}
	for _, c := range rf.Plan.Curves {
		if c.Series < 0 || c.Series >= series {
			return RunFile{}, errors.New("the run file has a theory curve for series " + strconv.Itoa(c.Series) + ", which its plan does not have")
		}
	}
	if len(rf.Plan.Curves) > series {
		return RunFile{}, errors.New("the run file has more theory curves than series")
	}
	return rf, nil
}

// JobResults expands the run file's results to the plan's jobs.
func (rf RunFile) JobResults() []protocol.JobResult {
	out := make([]protocol.JobResult, len(rf.Plan.Jobs))
	for _, r := range rf.Results {
		out[r.Job] = protocol.JobResult{Done: true, Report: r.Report, Err: r.Error, Millis: r.Millis}
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

// SweepCSV is the sweep CSV of the page (protocol.WriteSweepCSV, the same
// file as `unibias sweep --format csv`): one row per finished simulation of
// the plan, in plan order. query is the sweep's parameters as a URL query.
func SweepCSV(query string, plan *protocol.Plan, results []protocol.JobResult) string {
	var buf bytes.Buffer
	x, series := "", ""
	if plan != nil {
		x, series = plan.X, plan.Series
	}
	_ = protocol.WriteSweepCSV(&buf, query, x, series, protocol.PlanSweepRows(plan, results, params.Default("seed")))
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

// LiveCSV is the trajectory CSV of a live run (protocol.WriteTrajectoryCSV,
// the same file as `unibias simulate --format csv`): one row per point.
func LiveCSV(query string, pts []protocol.TrajPoint) string {
	var buf bytes.Buffer
	_ = protocol.WriteTrajectoryCSV(&buf, query, pts)
	return buf.String()
}
