package app

import (
	"bytes"
	"context"
	"net/url"
	"sort"
	"testing"

	"unibias/cli"
	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/protocol"
	"unibias/worker/serve"
)

// cliFlags turns a URL query into command-line flags (--name value), in
// sorted order.
func cliFlags(t *testing.T, query string) []string {
	t.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, "--"+k, q.Get(k))
	}
	return out
}

// querySet reads a query onto the defaults, failing on any correction.
func querySet(t *testing.T, query string) params.Set {
	t.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	p, notes := params.FromQuery(q)
	if len(notes) > 0 {
		t.Fatalf("query %q needs corrections: %v", query, notes)
	}
	return p
}

// TestSweepCSVPageEqualsCLI runs one small sweep through the command line
// (`unibias sweep --format csv`) and through the page's path (the worker's
// plan, each job's query simulated as a worker does, the page's SweepCSV)
// and requires the two files to be byte-identical.
func TestSweepCSVPageEqualsCLI(t *testing.T) {
	const query = "depth=2&fusion=2&points=3&values=1,2&repeats=2&steps=3000"
	p := querySet(t, query)

	var out, errb bytes.Buffer
	args := append([]string{"sweep", "--format", "csv", "--workers", "2"}, cliFlags(t, query)...)
	if code := cli.Main(args, &out, &errb); code != 0 {
		t.Fatalf("cli exit %d: %s", code, errb.String())
	}

	plan, err := serve.MakePlan(p, 2)
	if err != nil {
		t.Fatal(err)
	}
	results := make([]protocol.JobResult, len(plan.Jobs))
	for i, j := range plan.Jobs {
		jp, _ := serve.Parse(j.Query)
		rep, err := experiment.Simulate(context.Background(), jp, false, nil)
		results[i] = protocol.JobResult{Done: true, Report: rep}
		if err != nil {
			results[i].Err = err.Error()
		}
	}
	page := SweepCSV(p.Encode(), plan, results)

	if len(plan.Jobs) != 12 {
		t.Fatalf("plan has %d jobs, want 3 points × 2 values × 2 repeats", len(plan.Jobs))
	}
	if page != out.String() {
		t.Fatalf("page and command-line sweep CSV differ\npage:\n%s\ncli:\n%s", page, out.String())
	}
}

// TestTrajectoryCSVPageEqualsCLI runs one short training through the
// command line (`unibias simulate --format csv`) and as a live run of the
// worker (the points the page collects from its progress messages, then
// the page's LiveCSV) and requires the two files to be byte-identical.
func TestTrajectoryCSVPageEqualsCLI(t *testing.T) {
	const query = "depth=2&fusion=2&rho=0.3&steps=600"
	p := querySet(t, query)

	var out, errb bytes.Buffer
	args := append([]string{"simulate", "--format", "csv"}, cliFlags(t, query)...)
	if code := cli.Main(args, &out, &errb); code != 0 {
		t.Fatalf("cli exit %d: %s", code, errb.String())
	}

	var pts []protocol.TrajPoint
	finished := false
	sent := false
	h := serve.New(func(r protocol.Response) {
		if r.Type == protocol.RespError {
			t.Fatalf("worker error: %s", r.Error)
		}
		if pr := r.Progress; pr != nil {
			if pr.Reset {
				pts = nil
			}
			pts = append(pts, pr.Points...)
			finished = pr.Status != "training" && pr.Status != ""
		}
	}, func() []protocol.Request {
		if sent {
			return nil
		}
		sent = true
		return []protocol.Request{{Type: protocol.ReqRun, ID: 1, Gen: 1, Query: p.Encode()}}
	}, func() {})
	for h.Poll() {
	}
	if !finished || len(pts) == 0 {
		t.Fatalf("live run did not finish (%d points)", len(pts))
	}
	page := LiveCSV(p.Encode(), pts)

	if page != out.String() {
		t.Fatalf("page and command-line trajectory CSV differ\npage:\n%.2000s\ncli:\n%.2000s", page, out.String())
	}
}
