package app

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"unibias/protocol"
)

// TestPresetOf: only a query that is exactly a known preset has a
// prebuilt description.
func TestPresetOf(t *testing.T) {
	for q, want := range map[string]string{"preset=deep": "deep", "preset=your-data": "your-data", "preset=nope": "", "rho=0.5": "", "preset=deep&rho=0": "", "": ""} {
		name, ok := presetOf(q)
		if ok != (want != "") || ok && name != want {
			t.Errorf("presetOf(%q) = %q, %v; want %q", q, name, ok, want)
		}
	}
}

// TestDecodePrebuilt: a prebuilt file is used only when it is the named
// preset's description.
func TestDecodePrebuilt(t *testing.T) {
	good, _ := json.Marshal(protocol.Figure{Name: "deep", Panels: []protocol.Panel{{ID: "p"}}})
	if fig := decodePrebuilt("deep", string(good)); fig == nil || fig.Name != "deep" || len(fig.Panels) != 1 {
		t.Fatalf("a good file: %+v", fig)
	}
	noPanels, _ := json.Marshal(protocol.Figure{Name: "deep"})
	for what, text := range map[string]string{"empty": "", "junk": "<html>not found</html>", "another figure": strings.Replace(string(good), `"deep"`, `"relu"`, 1), "no panels": string(noPanels)} {
		if fig := decodePrebuilt("deep", text); fig != nil {
			t.Errorf("%s was taken: %+v", what, fig)
		}
	}
}

// TestPrebuiltArrived: the calls waiting for a prebuilt description get it
// (and later calls get it at once); when the file is missing they go to
// the theory worker, and fail with the reason when no worker can start.
func TestPrebuiltArrived(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	var got []protocol.Response
	wait := func(gen int) describeWaiter {
		return describeWaiter{gen, func(r protocol.Response) { got = append(got, r) }}
	}
	p.prebuilt["preset=deep"] = []describeWaiter{wait(1), wait(2)}
	good, _ := json.Marshal(protocol.Figure{Name: "deep", Panels: []protocol.Panel{{ID: "p"}}})
	p.prebuiltArrived("preset=deep", "deep", string(good))
	if len(got) != 2 || got[0].Gen != 1 || got[1].Gen != 2 || got[1].Figure == nil || got[1].Figure.Name != "deep" || p.theory != nil {
		t.Fatalf("waiting calls got %+v (theory worker %v)", got, p.theory)
	}
	p.Describe(3, "preset=deep", wait(3).done)
	if len(got) != 3 || got[2].Figure == nil || len(p.prebuilt) != 0 {
		t.Fatalf("a later call was not answered at once: %+v", got)
	}

	// A missing file: the theory worker describes the preset.
	got = nil
	p.prebuilt["preset=relu"] = []describeWaiter{wait(4)}
	p.prebuiltArrived("preset=relu", "relu", "")
	if len(got) != 0 || p.theory == nil || len(p.theory.sent) != 1 {
		t.Fatalf("a missing file did not go to the theory worker: %+v", got)
	}
	for _, r := range p.theory.sent {
		if r.Type != protocol.ReqFigure || r.Query != "preset=relu" || r.Gen != 4 {
			t.Fatalf("theory worker asked %+v", r)
		}
	}

	// No worker can start: the call fails with the reason.
	q := NewPool("web/worker.js", 1)
	q.broken = "no Web Workers here"
	q.prebuilt["preset=relu"] = []describeWaiter{wait(5)}
	q.prebuiltArrived("preset=relu", "relu", "")
	if len(got) != 1 || got[0].Type != protocol.RespError || got[0].Gen != 5 {
		t.Fatalf("a broken pool answered %+v", got)
	}
}

// TestAdoptEarlyWorker: a worker index.html started that already sent its
// ready message takes jobs at once; one that failed meanwhile is lost and
// replaced.
func TestAdoptEarlyWorker(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	p.Simulate(1, protocol.FigJob{Query: "rho=0"}, nil)
	c := p.sims[0]
	p.mu.Lock()
	p.adoptLocked(c, []string{msg(protocol.Response{Type: protocol.RespReady})}, "")
	p.dispatchLocked()
	p.mu.Unlock()
	if !c.ready || c.job == 0 || p.Queued() != 0 {
		t.Fatalf("an adopted ready worker: ready %v, job %d, %d queued", c.ready, c.job, p.Queued())
	}
	if isReady(msg(protocol.Response{Type: protocol.RespExit})) || isReady("junk") {
		t.Fatal("isReady took a message that is not ready")
	}
	// An early worker that failed to load is lost and replaced, its
	// reason reported.
	var (
		fmu      sync.Mutex
		failures []string
	)
	q := NewPool("web/worker.js", 1)
	q.OnFailure = func(m string) { fmu.Lock(); failures = append(failures, m); fmu.Unlock() }
	q.EnsureSims(1)
	bad := q.sims[0]
	q.mu.Lock()
	q.adoptLocked(bad, nil, "it failed to load")
	q.mu.Unlock()
	for i := 0; i < 100 && !lostAndReplaced(q, bad); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	fmu.Lock()
	defer fmu.Unlock()
	if !lostAndReplaced(q, bad) || len(failures) == 0 || !strings.Contains(failures[0], "it failed to load") {
		t.Fatalf("a failed early worker: dead %v, failures %q", bad.dead, failures)
	}
}

// lostAndReplaced reports whether worker c of p is lost and another runs in
// its place.
func lostAndReplaced(p *Pool, c *workerConn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return c.dead && len(p.sims) == 1 && p.sims[0] != c
}
