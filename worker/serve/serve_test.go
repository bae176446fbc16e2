package serve

import (
	"encoding/json"
	"testing"

	"unibias/protocol"
)

// harness drives a Handler with an in-memory mailbox.
type harness struct {
	h     *Handler
	inbox []protocol.Request
	out   []protocol.Response
}

func newHarness() *harness {
	x := &harness{}
	x.h = New(func(r protocol.Response) {
		// Every answer must survive JSON (no NaN).
		if _, err := json.Marshal(r); err != nil {
			panic(err)
		}
		x.out = append(x.out, r)
	}, func() []protocol.Request { q := x.inbox; x.inbox = nil; return q }, func() {})
	return x
}

func (x *harness) send(r protocol.Request) { x.inbox = append(x.inbox, r) }

func (x *harness) pump(max int) {
	for i := 0; i < max && x.h.Poll(); i++ {
	}
}

func TestPlanDefault(t *testing.T) {
	x := newHarness()
	x.send(protocol.Request{Type: protocol.ReqFigure, ID: 1, Gen: 1, Dense: 40})
	x.pump(10)
	if len(x.out) != 1 || x.out[0].Type != protocol.RespFigure || x.out[0].Figure.Plan == nil {
		t.Fatalf("answers %+v", x.out)
	}
	fig := x.out[0].Figure
	pl := fig.Plan
	if len(fig.Jobs) != len(pl.Jobs) || fig.Jobs[27].Query != pl.Jobs[27].Query || fig.Jobs[27].Panel != "phase-3" {
		t.Fatalf("the diagram's jobs are not the plan's: %d vs %d", len(fig.Jobs), len(pl.Jobs))
	}
	if len(pl.Jobs) != 28 || len(pl.Curves) != 4 || len(pl.Curves[3].Points) < 40 {
		t.Fatalf("plan: %d jobs, %d curves", len(pl.Jobs), len(pl.Curves))
	}
	for _, c := range pl.Curves {
		for _, p := range c.Points {
			if p.Ratio == nil || p.TA == nil || p.TB == nil || *p.TB < *p.TA {
				t.Fatalf("series %d x=%v: incomplete theory %+v", c.Series, p.X, p)
			}
		}
	}
}

func TestSimulateAndCancel(t *testing.T) {
	x := newHarness()
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 1, Gen: 1, Query: "depth=2&fusion=2&initscheme=entrywise&init=1e-9"})
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 2, Gen: 1, Query: "depth=2&fusion=2"})
	x.send(protocol.Request{Type: protocol.ReqCancel, Gen: 2})
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 3, Gen: 2, Query: "depth=2&fusion=2&rho=0.5"})
	x.pump(100)
	if len(x.out) != 1 || x.out[0].ID != 3 || x.out[0].Report == nil || x.out[0].Report.Ratio == nil {
		t.Fatalf("only job 3 should be answered after the cancel: %+v", x.out)
	}
}

func TestLiveRunControls(t *testing.T) {
	x := newHarness()
	x.send(protocol.Request{Type: protocol.ReqRun, ID: 7, Gen: 1, Query: "depth=2&fusion=2&initscheme=entrywise&init=1e-9", Action: "pause"})
	x.pump(5)
	if len(x.out) != 1 || x.out[0].Progress == nil || x.out[0].Progress.Theory == nil || !x.out[0].Progress.Reset {
		t.Fatalf("first snapshot should carry the theory: %+v", x.out)
	}
	x.send(protocol.Request{Type: protocol.ReqControl, ID: 7, Action: "step", N: 10})
	x.pump(5)
	last := x.out[len(x.out)-1].Progress
	if last.Step != 10 || !last.Paused {
		t.Fatalf("after step 10: %+v", last)
	}
	x.send(protocol.Request{Type: protocol.ReqControl, ID: 7, Action: "resume"})
	x.pump(1000)
	last = x.out[len(x.out)-1].Progress
	if last.Status != "converged" || last.TA == nil || last.TB == nil {
		t.Fatalf("run should converge with both times: %+v", last)
	}
	n := 0
	for _, o := range x.out {
		n += len(o.Progress.Points)
	}
	if n < 50 {
		t.Fatalf("only %d trajectory points streamed", n)
	}
}

func TestPresetFigure(t *testing.T) {
	x := newHarness()
	x.send(protocol.Request{Type: protocol.ReqFigure, ID: 4, Gen: 1, Query: "preset=ratio-rho"})
	x.send(protocol.Request{Type: protocol.ReqFigure, ID: 5, Gen: 1, Query: "preset=no-such"})
	x.pump(10)
	if len(x.out) != 2 || x.out[0].Figure == nil || x.out[0].Figure.Name != "ratio-rho" || x.out[1].Type != protocol.RespError {
		t.Fatalf("answers %+v", x.out)
	}
}
