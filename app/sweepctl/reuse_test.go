package sweepctl

import (
	"strconv"
	"testing"

	"unibias/protocol"
)

// TestResultsKeptWhileOpen: a figure shown again takes the results its
// simulations had, without simulating them again; a failed simulation is
// simulated again; a job without the trajectory flag takes the result of
// the same run that recorded it, without the trajectory.
func TestResultsKeptWhileOpen(t *testing.T) {
	h := newHarness(t)
	a := figure("a", 3, 0)
	a.Jobs[2].Trajectory = true
	h.startFigure("preset=a", a)
	h.s.Advance(0)
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("%d simulations for the first figure", n)
	}
	for k := range 3 {
		s := h.r.sim(k)
		if k == 1 {
			s.done(protocol.Response{Type: protocol.RespError, Gen: s.gen, Error: "worker lost"})
			continue
		}
		answerRun(s, "a"+strconv.Itoa(k), 7)
	}
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 3, 3)

	// Another figure, then the first one again, with a job that does not
	// record the trajectory of a run that did.
	h.startFigure("preset=b", figure("b", 2, 0))
	h.s.Advance(0)
	if n := h.r.simCount(); n != 5 {
		t.Fatalf("%d simulations after the second figure, want 5", n)
	}
	again := figure("a", 3, 0)
	again.Jobs[2].Trajectory = true
	again.Jobs = append(again.Jobs, protocol.FigJob{Query: again.Jobs[2].Query, Panel: "end"})
	h.startFigure("preset=a", again)
	h.s.Advance(0)
	if n := h.r.simCount(); n != 6 {
		t.Fatalf("%d simulations after showing the first figure again, want 6 (only the failed one again)", n)
	}
	if s := h.r.sim(5); s.job.Query != a.Jobs[1].Query {
		t.Fatalf("simulated again: %q, want the failed %q", s.job.Query, a.Jobs[1].Query)
	}
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 3, 4)
	res := h.c.Results()
	if r := res[0].Report; r == nil || r.Version != "a0" || res[0].Millis != 7 {
		t.Errorf("job 0: %+v, want the kept a0", res[0])
	}
	if r := res[2].Report; r == nil || r.Version != "a2" || len(r.Trajectory) != 2 {
		t.Errorf("job 2: %+v, want the kept a2 with its trajectory", res[2])
	}
	if r := res[3].Report; r == nil || r.Version != "a2" || r.Trajectory != nil {
		t.Errorf("job 3: %+v, want a2 without the trajectory", res[3])
	}
}

// TestResultCacheBounds: the oldest results go first, beyond the count or
// the trajectory points kept.
func TestResultCacheBounds(t *testing.T) {
	var rc resultCache
	job := func(k int) protocol.FigJob { return protocol.FigJob{Query: "k=" + strconv.Itoa(k)} }
	for k := range maxKept + 1 {
		rc.keep(job(k), protocol.JobResult{Done: true, Report: &protocol.Report{}})
	}
	if _, ok := rc.lookup(job(0)); ok || len(rc.byKey) != maxKept {
		t.Fatalf("after %d results: the oldest kept %v, %d kept", maxKept+1, ok, len(rc.byKey))
	}
	if _, ok := rc.lookup(job(maxKept)); !ok {
		t.Fatal("the newest result was dropped")
	}
	big := protocol.JobResult{Done: true, Report: &protocol.Report{Trajectory: make([]protocol.TrajPoint, maxKeptPoints/2+1)}}
	rc.keep(job(-1), big)
	rc.keep(job(-2), big)
	if _, ok := rc.lookup(job(-1)); ok || rc.points != maxKeptPoints/2+1 {
		t.Fatalf("two results over the points bound: the first kept %v, %d points", ok, rc.points)
	}
	if _, ok := rc.lookup(job(-2)); !ok {
		t.Fatal("the last result over the points bound was dropped")
	}
	rc.keep(job(-3), protocol.JobResult{Done: true, Err: "the simulation failed"})
	if _, ok := rc.lookup(job(-3)); ok {
		t.Fatal("a failed simulation was kept")
	}
}
