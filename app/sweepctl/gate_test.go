package sweepctl

import (
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
