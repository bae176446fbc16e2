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
	p.receive(s1, msg(protocol.Response{Type: protocol.RespReady}), nil)
	if !s2.started {
		t.Fatal("the second worker should start once the first is ready")
	}
	if s1.job != ids[0] || p.Queued() != 3 {
		t.Fatalf("first ready worker should take job %d: has %d, %d queued", ids[0], s1.job, p.Queued())
	}
	p.receive(s2, msg(protocol.Response{Type: protocol.RespReady}), nil)
	if s2.job != ids[1] || p.Queued() != 2 {
		t.Fatalf("second worker: job %d, %d queued", s2.job, p.Queued())
	}
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[0], Gen: 1, Report: &protocol.Report{}}), nil)
	if len(results) != 1 || s1.job != ids[2] {
		t.Fatalf("a result should free the worker for job %d: results %d, job %d", ids[2], len(results), s1.job)
	}
	// A second answer for the same request reaches nobody.
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[0], Gen: 1, Report: &protocol.Report{}}), nil)
	if len(results) != 1 {
		t.Fatalf("a duplicate answer was delivered: %d results", len(results))
	}
	// Errors free the worker too.
	p.receive(s2, msg(protocol.Response{Type: protocol.RespError, ID: ids[1], Gen: 1, Error: "boom"}), nil)
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
	p.receive(s1, msg(protocol.Response{Type: protocol.RespResult, ID: ids[2], Gen: 1}), nil)
	if s1.job != id || len(results) != 2 {
		t.Fatalf("a stale result freed the worker or was delivered: job %d, %d results", s1.job, len(results))
	}
	// The theory worker: descriptions and live-run snapshots.
	q := NewPool("web/worker.js", 1)
	q.Describe(2, "", func(r protocol.Response) { figures = append(figures, r) })
	if th := q.theory; len(th.backlog) != 1 {
		t.Fatal("the figure request should wait for the theory worker")
	}
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespReady}), nil)
	if len(q.theory.backlog) != 0 {
		t.Fatal("backlog not flushed on ready")
	}
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespFigure, ID: q.nextID, Gen: 2, Figure: &protocol.Figure{}}), nil)
	lid := q.Run("rho=0", 10, func(r protocol.Response) { progress = append(progress, r) })
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespProgress, ID: lid, Progress: &protocol.Progress{Step: 5}}), nil)
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespProgress, ID: lid, Progress: &protocol.Progress{Step: 9}}), nil)
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespError, ID: lid, Error: "bad run"}), nil)
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
	q.receive(q.theory, msg(protocol.Response{Type: protocol.RespError, Error: "worker failed to start"}), nil)
	q.receive(q.theory, "{not json", nil)
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
		p.receive(c, msg(protocol.Response{Type: protocol.RespReady}), nil)
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

// A result whose trajectory a worker packed (worker/worker.go) reaches the
// figure with the trajectory in its report, whether the packed numbers came
// inside the JSON text or beside it; a malformed pack is reported as an
// unreadable message.
func TestPoolUnpacksTrajectory(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	var failures []string
	p.OnFailure = func(s string) { failures = append(failures, s) }
	var got []protocol.Response
	onResult := func(r protocol.Response) { got = append(got, r) }
	p.EnsureSims(1)
	p.receive(p.sims[0], msg(protocol.Response{Type: protocol.RespReady}), nil)
	points := []protocol.TrajPoint{{Step: 0, T: protocol.N(0), Eg: protocol.N(1.5)}, {Step: 10, T: protocol.N(0.4), Eg: protocol.N(0.25), TrajMeasures: protocol.TrajMeasures{D: protocol.N(-2)}}}
	result := func() protocol.Response {
		r := protocol.Response{Type: protocol.RespResult, ID: p.nextID, Gen: 1, Report: &protocol.Report{Trajectory: points}}
		r.PackTrajectory()
		if r.Traj == nil {
			t.Fatal("the test response was not packed")
		}
		return r
	}
	check := func(n int) {
		t.Helper()
		if len(got) != n || got[n-1].Traj != nil {
			t.Fatalf("%d results, want %d, packed form left", len(got), n)
		}
		tr := got[n-1].Report.Trajectory
		if len(tr) != 2 || tr[1].Step != 10 || *tr[1].Eg != 0.25 || *tr[1].D != -2 || tr[0].D != nil {
			t.Fatalf("trajectory after the trip: %+v", tr)
		}
	}

	p.Simulate(1, protocol.FigJob{Query: "rho=0", Trajectory: true}, onResult)
	bad := result()
	bad.Traj = &protocol.TrajPack{N: 3, Cols: bad.Traj.Cols, Data: bad.Traj.Data}
	p.receive(p.sims[0], msg(bad), nil)
	if len(failures) != 1 || len(got) != 0 {
		t.Fatalf("malformed pack: failures %q, %d results delivered", failures, len(got))
	}
	p.receive(p.sims[0], msg(result()), nil) // inside the text
	check(1)

	p.Simulate(1, protocol.FigJob{Query: "rho=1", Trajectory: true}, onResult)
	r := result()
	beside := r.DetachPacked()
	p.receive(p.sims[0], msg(r), beside) // beside it, as a worker sends
	check(2)
}

// TestPoolSharedModuleStartsAll: workers given the page's compiled module
// (app/workers_module.go) start at once, the theory worker with them; a
// pool still waiting for the module starts none, and one told there is no
// shared module starts one at a time.
func TestPoolSharedModuleStartsAll(t *testing.T) {
	p := NewPool("web/worker.js", 3)
	p.moduleState = moduleAsked
	p.EnsureSims(3)
	p.StartTheory()
	if p.sims[0].started || p.theory.started {
		t.Fatal("a worker started before the pool knew whether the module is shared")
	}
	// The page's promise resolves with a module.
	p.mu.Lock()
	p.moduleState, p.shared = moduleKnown, true
	p.growLocked()
	p.mu.Unlock()
	for _, c := range append(p.sims, p.theory) {
		if !c.started {
			t.Fatalf("worker %s did not start with the others", c.name)
		}
	}
	// Without a shared module (a page without it, or null): one at a time.
	q := NewPool("web/worker.js", 3)
	q.EnsureSims(3)
	q.StartTheory()
	n := 0
	for _, c := range append(q.sims, q.theory) {
		if c.started {
			n++
		}
	}
	if n != 1 || q.shared {
		t.Fatalf("%d workers started without a shared module, want 1", n)
	}
}

// TestPoolHoldJobs: held simulations stay queued although a worker is
// ready, and go out on ReleaseJobs.
func TestPoolHoldJobs(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	p.HoldJobs()
	p.Simulate(1, protocol.FigJob{Query: "rho=0"}, nil)
	c := p.sims[0]
	p.receive(c, msg(protocol.Response{Type: protocol.RespReady}), nil)
	if c.job != 0 || p.Queued() != 1 {
		t.Fatalf("a held job went out: worker job %d, %d queued", c.job, p.Queued())
	}
	p.ReleaseJobs()
	if c.job == 0 || p.Queued() != 0 {
		t.Fatalf("after ReleaseJobs: worker job %d, %d queued", c.job, p.Queued())
	}
}
