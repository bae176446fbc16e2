package app

import (
	"encoding/json"
	"testing"

	"unibias/protocol"
)

func msg(r protocol.Response) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// TestPoolQueue checks the bookkeeping of the pool without browser workers:
// jobs wait for ready workers, go one per idle worker, results free the
// worker for the next job, and a cancel empties the queue.
func TestPoolQueue(t *testing.T) {
	p := NewPool("web/worker.js", 2)
	var results, plans, progress []protocol.Response
	p.OnResult = func(r protocol.Response) { results = append(results, r) }
	p.OnPlan = func(r protocol.Response) { plans = append(plans, r) }
	p.OnProgress = func(r protocol.Response) { progress = append(progress, r) }
	p.EnsureSims(5)
	if p.SimWorkers() != 0 {
		t.Fatalf("simulation workers should wait for the theory worker: %d started", p.SimWorkers())
	}
	p.receive(p.theory, msg(protocol.Response{Type: protocol.RespReady}))
	if p.SimWorkers() != 2 {
		t.Fatalf("%d workers, want the maximum 2", p.SimWorkers())
	}
	var ids []int
	for i := 0; i < 4; i++ {
		ids = append(ids, p.Simulate(1, "rho=0"))
	}
	if p.Queued() != 4 {
		t.Fatalf("jobs should wait for ready workers: %d queued", p.Queued())
	}
	s1, s2 := p.sims[0], p.sims[1]
	p.receive(s1, msg(protocol.Response{Type: protocol.RespReady}))
	if s1.job != ids[0] || p.Queued() != 3 {
		t.Fatalf("first ready worker should take job %d: has %d, %d queued", ids[0], s1.job, p.Queued())
	}
	p.receive(s2, msg(protocol.Response{Type: protocol.RespReady}))
	if s2.job != ids[1] || p.Queued() != 2 {
		t.Fatalf("second worker: job %d, %d queued", s2.job, p.Queued())
	}
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[0], Gen: 1, Report: &protocol.Report{}}))
	if len(results) != 1 || s1.job != ids[2] {
		t.Fatalf("a result should free the worker for job %d: results %d, job %d", ids[2], len(results), s1.job)
	}
	// Errors free the worker too.
	p.receive(s2, msg(protocol.Response{Type: protocol.RespError, ID: ids[1], Gen: 1, Error: "boom"}))
	if len(results) != 2 || s2.job != ids[3] {
		t.Fatalf("an error should free the worker: job %d", s2.job)
	}
	// Cancel: nothing queued, workers idle, new jobs go out at once.
	p.Simulate(1, "rho=0.5")
	p.Cancel(2)
	if p.Queued() != 0 || s1.job != 0 || s2.job != 0 {
		t.Fatal("cancel should empty the queue and idle the workers")
	}
	id := p.Simulate(2, "rho=0.9")
	if s1.job != id {
		t.Fatal("after a cancel new jobs start at once")
	}
	// A late result of a cancelled job does not free the worker running the new one.
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[2], Gen: 1}))
	if s1.job != id {
		t.Fatal("a stale result freed the worker")
	}
	// The theory worker: plans and live-run snapshots.
	q := NewPool("web/worker.js", 1)
	pid := q.Plan(2, "", 120)
	if th := q.theory; len(th.backlog) != 1 {
		t.Fatal("the plan request should wait for the theory worker")
	}
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespReady}))
	if len(q.theory.backlog) != 0 {
		t.Fatal("backlog not flushed on ready")
	}
	th := p.theory
	p.receive(th, msg(protocol.Response{Type: protocol.RespPlan, ID: pid, Gen: 2, Plan: &protocol.Plan{}}))
	lid := p.Run("rho=0", 10)
	p.receive(th, msg(protocol.Response{Type: protocol.RespProgress, ID: lid, Progress: &protocol.Progress{Step: 5}}))
	p.receive(th, msg(protocol.Response{Type: protocol.RespError, ID: lid, Error: "bad run"}))
	if len(plans) != 1 || len(progress) != 2 {
		t.Fatalf("routing: %d plans, %d progress", len(plans), len(progress))
	}
	var failures []string
	p.OnFailure = func(s string) { failures = append(failures, s) }
	p.receive(th, msg(protocol.Response{Type: protocol.RespError, Error: "worker failed to start"}))
	p.receive(th, "{not json")
	if len(failures) != 2 {
		t.Fatalf("failures %q", failures)
	}
}
