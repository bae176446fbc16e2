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
	var results, figures, progress []protocol.Response
	onResult := func(r protocol.Response) { results = append(results, r) }
	p.EnsureSims(5)
	if p.SimWorkers() != 2 {
		t.Fatalf("%d workers, want the maximum 2", p.SimWorkers())
	}
	if !p.sims[0].started || p.sims[1].started || p.theory != nil {
		t.Fatalf("one worker compiles at a time, the theory worker only when needed: started %v %v, theory %v", p.sims[0].started, p.sims[1].started, p.theory)
	}
	var ids []int
	for i := 0; i < 4; i++ {
		p.Simulate(1, protocol.FigJob{Query: "rho=0"}, onResult)
		ids = append(ids, p.nextID)
	}
	if p.Queued() != 4 {
		t.Fatalf("jobs should wait for ready workers: %d queued", p.Queued())
	}
	s1, s2 := p.sims[0], p.sims[1]
	p.receive(s1, msg(protocol.Response{Type: protocol.RespReady}))
	if !s2.started {
		t.Fatal("the second worker should start once the first is ready")
	}
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
	// A second answer for the same request reaches nobody.
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[0], Gen: 1, Report: &protocol.Report{}}))
	if len(results) != 1 {
		t.Fatalf("a duplicate answer was delivered: %d results", len(results))
	}
	// Errors free the worker too.
	p.receive(s2, msg(protocol.Response{Type: protocol.RespError, ID: ids[1], Gen: 1, Error: "boom"}))
	if len(results) != 2 || s2.job != ids[3] {
		t.Fatalf("an error should free the worker: job %d", s2.job)
	}
	// Cancel: nothing queued, workers idle, new jobs go out at once, and
	// the callbacks of cancelled jobs are forgotten.
	p.Simulate(1, protocol.FigJob{Query: "rho=0.5"}, onResult)
	p.Cancel(2)
	if p.Queued() != 0 || s1.job != 0 || s2.job != 0 {
		t.Fatal("cancel should empty the queue and idle the workers")
	}
	p.Simulate(2, protocol.FigJob{Query: "rho=0.9"}, onResult)
	id := p.nextID
	if s1.job != id {
		t.Fatal("after a cancel new jobs start at once")
	}
	// A late result of a cancelled job does not free the worker running the
	// new one, and reaches nobody.
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[2], Gen: 1}))
	if s1.job != id || len(results) != 2 {
		t.Fatalf("a stale result freed the worker or was delivered: job %d, %d results", s1.job, len(results))
	}
	// The theory worker: descriptions and live-run snapshots.
	q := NewPool("web/worker.js", 1)
	q.Describe(2, "", func(r protocol.Response) { figures = append(figures, r) })
	if th := q.theory; len(th.backlog) != 1 {
		t.Fatal("the figure request should wait for the theory worker")
	}
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespReady}))
	if len(q.theory.backlog) != 0 {
		t.Fatal("backlog not flushed on ready")
	}
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespFigure, ID: q.nextID, Gen: 2, Figure: &protocol.Figure{}}))
	lid := q.Run("rho=0", 10, func(r protocol.Response) { progress = append(progress, r) })
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespProgress, ID: lid, Progress: &protocol.Progress{Step: 5}}))
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespProgress, ID: lid, Progress: &protocol.Progress{Step: 9}}))
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespError, ID: lid, Error: "bad run"}))
	if len(figures) != 1 || len(progress) != 3 {
		t.Fatalf("routing: %d figures, %d progress", len(figures), len(progress))
	}
	// A preloaded description is answered at once, without a worker.
	r := NewPool("web/worker.js", 1)
	r.Preload("", &protocol.Figure{Name: protocol.DiagramName})
	var got *protocol.Figure
	r.Describe(1, "", func(resp protocol.Response) { got = resp.Figure })
	if got == nil || got.Name != protocol.DiagramName || r.theory != nil {
		t.Fatalf("preloaded description: got %+v, theory worker started: %v", got, r.theory != nil)
	}
	var failures []string
	q.OnFailure = func(s string) { failures = append(failures, s) }
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespError, Error: "worker failed to start"}))
	q.receive(q.theory, "{not json")
	if len(failures) != 2 {
		t.Fatalf("failures %q", failures)
	}
}

func TestSimWorkerCount(t *testing.T) {
	for cores, want := range map[int]int{1: 1, 2: 1, 3: 2, 4: 3, 8: 4, 32: 4} {
		if got := SimWorkerCount(cores); got != want {
			t.Errorf("SimWorkerCount(%d) = %d, want %d", cores, got, want)
		}
	}
}

func TestPresetWorkerCount(t *testing.T) {
	for cores, want := range map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 8: 4} {
		if got := PresetWorkerCount(cores); got != want {
			t.Errorf("PresetWorkerCount(%d) = %d, want %d", cores, got, want)
		}
	}
}

// TestSetMaxSims: a lowered maximum leaves the extra workers started but
// without new jobs; a raised one starts more as jobs wait.
func TestSetMaxSims(t *testing.T) {
	p := NewPool("web/worker.js", 2)
	p.EnsureSims(2)
	for _, c := range p.sims {
		p.receive(c, msg(protocol.Response{Type: protocol.RespReady}))
	}
	p.SetMaxSims(1)
	var ids []int
	for i := 0; i < 3; i++ {
		p.Simulate(1, protocol.FigJob{Query: "rho=0"}, func(protocol.Response) {})
		ids = append(ids, p.nextID)
	}
	busy := 0
	for _, c := range p.sims {
		if c.job != 0 {
			busy++
		}
	}
	if busy != 1 || p.Queued() != 2 || p.MaxSims() != 1 {
		t.Fatalf("at most one worker: %d busy, %d queued", busy, p.Queued())
	}
	p.SetMaxSims(3)
	busy = 0
	for _, c := range p.sims {
		if c.job != 0 {
			busy++
		}
	}
	if busy != 2 || p.Queued() != 1 || len(p.sims) != 3 {
		t.Fatalf("after raising to 3: %d busy, %d queued, %d workers", busy, p.Queued(), len(p.sims))
	}
}
