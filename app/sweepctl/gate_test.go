package sweepctl

import (
	"strconv"
	"testing"
	"time"

	"unibias/protocol"
)

// A figure the Gate refuses queues nothing until Approve; the next Restart
// asks the Gate again.
func TestGateHoldsJobsUntilApprove(t *testing.T) {
	h := newHarness(t)
	asked := 0
	h.c.Gate = func(fig *protocol.Figure) bool { asked++; return fig.Name != "costly" }
	h.c.Restart("a=1")
	h.answerDescribe(0, figure("costly", 3, 0))
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 0 || !h.c.Held() || h.c.Running() || asked != 1 {
		t.Fatalf("held figure: %d jobs queued, Held %v, Running %v, Gate asked %d times", n, h.c.Held(), h.c.Running(), asked)
	}
	h.c.RunOnDemand()
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("RunOnDemand queued %d jobs of a held figure", n)
	}
	h.c.Approve()
	if n := h.r.simCount(); n != 3 || h.c.Held() || !h.c.Running() {
		t.Fatalf("after Approve: %d jobs, Held %v, Running %v; want 3 queued and running", n, h.c.Held(), h.c.Running())
	}
	h.c.Approve() // nothing held: no second queueing
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("a second Approve queued again: %d jobs", n)
	}
	h.c.Restart("a=2")
	h.answerDescribe(1, figure("cheap", 2, 0))
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 5 || h.c.Held() || asked != 2 {
		t.Fatalf("cheap figure after Restart: %d jobs in all, Held %v, Gate asked %d times; want 5, false, 2", n, h.c.Held(), asked)
	}
}

// The Gate is asked about the simulations still to run: a held figure shown
// again once its results are kept is not held, and one with new jobs
// besides is asked about those only.
func TestGateAsksAboutJobsNotKept(t *testing.T) {
	h := newHarness(t)
	var asked [][]string
	h.c.Gate = func(fig *protocol.Figure) bool {
		var qs []string
		for _, j := range fig.Jobs {
			qs = append(qs, j.Query)
		}
		asked = append(asked, qs)
		return false // every figure asked about is "too costly"
	}
	h.startFigure("a=1", figure("costly", 3, 0))
	if !h.c.Held() || len(asked) != 1 || len(asked[0]) != 3 {
		t.Fatalf("first showing: Held %v, Gate asked %v; want held, asked once about 3 jobs", h.c.Held(), asked)
	}
	h.c.Approve()
	for k := range 3 {
		answerRun(h.r.sim(k), "c"+strconv.Itoa(k), 5)
	}
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 3, 3)

	// Shown again: every result is kept, nothing to ask about.
	h.startFigure("a=2", figure("other", 1, 0)) // held too: asked about 1 job
	h.startFigure("a=1", figure("costly", 3, 0))
	h.s.Advance(h.c.Batch)
	if h.c.Held() || len(asked) != 2 || h.r.simCount() != 3 {
		t.Fatalf("shown again with its results kept: Held %v, Gate asked %v, %d simulations; want not held, no new question, none simulated", h.c.Held(), asked, h.r.simCount())
	}
	assertCounts(t, h.c, 3, 3)

	// With a fourth job: the Gate sees that job alone.
	h.startFigure("a=1&more", figure("costly", 4, 0))
	if !h.c.Held() || len(asked) != 3 || len(asked[2]) != 1 || asked[2][0] != "costly&job=3" {
		t.Fatalf("with one job not kept: Held %v, Gate asked %v; want held, asked about costly&job=3 only", h.c.Held(), asked)
	}
	if f := h.c.ToSimulate(); f == nil || len(f.Jobs) != 1 || f.Jobs[0].Query != "costly&job=3" || len(h.c.Figure().Jobs) != 4 {
		t.Fatalf("ToSimulate() = %+v; want the figure with costly&job=3 alone (the shown figure keeps its 4 jobs)", f)
	}
}
