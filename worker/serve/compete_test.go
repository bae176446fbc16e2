package serve

import (
	"testing"

	"unibias/engine/preset"
	"unibias/protocol"
)

// TestCompeteJob: a simulation job whose query carries compete=1 is answered
// with the joint-vs-unimodal report (docs/theory.md §10.2), and a repeat of
// the same job comes from the cache.
func TestCompeteJob(t *testing.T) {
	fig, err := preset.Build("drive")
	if err != nil {
		t.Fatal(err)
	}
	x := newHarness()
	q := fig.Jobs[0].Query
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 1, Gen: 1, Query: q})
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 2, Gen: 1, Query: q})
	x.pump(100)
	if len(x.out) != 2 {
		t.Fatalf("answers %+v", x.out)
	}
	for _, r := range x.out {
		if r.Type != protocol.RespResult || r.Report == nil || r.Report.Compete == nil || len(r.Report.Compete.Runs) != 3 {
			t.Fatalf("answer %+v", r)
		}
	}
	c := x.out[0].Report.Compete
	if c.DriveRatio == nil || c.DriveTheory == nil {
		t.Fatalf("no drive ratio: %+v", c)
	}
	if x.out[1].Report != x.out[0].Report {
		t.Error("the repeated job was computed again")
	}
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 3, Gen: 1, Query: "compete=1&data=toy"})
	x.pump(10)
	if last := x.out[len(x.out)-1]; last.Type != protocol.RespError || last.Error == "" {
		t.Fatalf("data=toy comparison: %+v", last)
	}
}
