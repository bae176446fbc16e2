package serve

import (
	"context"
	"encoding/json"
	"reflect"
	"sync"
	"testing"

	"unibias/engine/compete"
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
	// The report travels to the page packed (protocol.CompetePack) and
	// arrives as the plain one.
	packed := x.out[0]
	packed.PackCompete()
	if packed.CompetePack == nil {
		t.Fatal("the drive figure's report was not packed")
	}
	plainJSON, _ := json.Marshal(x.out[0])
	packedJSON, _ := json.Marshal(packed)
	var plain, got protocol.Response
	if err := json.Unmarshal(plainJSON, &plain); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(packedJSON, &got); err != nil {
		t.Fatal(err)
	}
	if err := got.UnpackCompete(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Report, plain.Report) {
		t.Error("the packed report arrives different from the plain one")
	}
	t.Logf("drive report: %d bytes of JSON plain, %d packed", len(plainJSON), len(packedJSON))
	x.send(protocol.Request{Type: protocol.ReqSimulate, ID: 3, Gen: 1, Query: "compete=1&data=toy"})
	x.pump(10)
	if last := x.out[len(x.out)-1]; last.Type != protocol.RespError || last.Error == "" {
		t.Fatalf("data=toy comparison: %+v", last)
	}
}

// TestRunCompeteConcurrent: jobs asking at the same time for one comparison
// (the command line runs a figure's jobs on several goroutines) get the
// same report, computed once: the others wait for it.
func TestRunCompeteConcurrent(t *testing.T) {
	fig, err := preset.Build("drive")
	if err != nil {
		t.Fatal(err)
	}
	q := fig.Jobs[1].Query + "&seed=77"
	reps := make([]*protocol.Report, 4)
	errs := make([]error, len(reps))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			reps[i], errs[i] = RunCompete(context.Background(), q, nil)
		}()
	}
	close(start)
	wg.Wait()
	for i, r := range reps {
		if errs[i] != nil || r == nil || r.Compete == nil {
			t.Fatalf("call %d: %v, %v", i, r, errs[i])
		}
		if r != reps[0] {
			t.Errorf("call %d got a report of its own: the comparison was computed again", i)
		}
	}
	// A canceled wait returns at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	competeCache.Lock()
	f := &competeFlight{done: make(chan struct{})}
	if competeCache.running == nil {
		competeCache.running = map[string]*competeFlight{}
	}
	p, _ := Parse(fig.Jobs[2].Query + "&seed=78")
	competeCache.running[p.Encode()] = f
	competeCache.Unlock()
	if _, err := RunCompete(ctx, fig.Jobs[2].Query+"&seed=78", nil); err != compete.ErrCanceled {
		t.Errorf("canceled wait: %v, want ErrCanceled", err)
	}
	competeCache.Lock()
	delete(competeCache.running, p.Encode())
	competeCache.Unlock()
}
