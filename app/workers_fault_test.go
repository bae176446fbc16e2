package app

import (
	"strings"
	"testing"

	"unibias/protocol"
)

// A lost simulation worker is reported and replaced; its job is retried
// once, then answered with an error naming the reason.
func TestPoolReplacesLostWorkerAndRetriesOnce(t *testing.T) {
	p := NewPool("web/worker.js", 2)
	var failures []string
	p.OnFailure = func(m string) { failures = append(failures, m) }
	results := map[int]protocol.Response{}
	p.EnsureSims(2)
	s1 := p.sims[0]
	p.receive(s1, msg(protocol.Response{Type: protocol.RespReady}), nil)
	s2 := p.sims[1]
	p.receive(s2, msg(protocol.Response{Type: protocol.RespReady}), nil)
	var ids []int
	for i := 0; i < 3; i++ {
		p.Simulate(1, protocol.FigJob{Query: "rho=0"}, func(r protocol.Response) { results[r.ID] = r })
		ids = append(ids, p.nextID)
	}
	if s1.job != ids[0] || s2.job != ids[1] || p.Queued() != 1 {
		t.Fatalf("jobs %d, %d, queued %d", s1.job, s2.job, p.Queued())
	}
	p.lost(s1, "killed")
	if len(failures) != 1 || !strings.Contains(failures[0], "worker sim1 stopped (killed)") || !strings.Contains(failures[0], "replaced, its work retried") {
		t.Fatalf("failure report %q", failures)
	}
	if p.SimWorkers() != 2 || p.sims[1] == s1 || !p.sims[1].started || p.sims[1].name != "sim3" {
		t.Fatalf("the lost worker is not replaced: %d workers", p.SimWorkers())
	}
	if p.Queued() != 2 || p.queue[0].ID != ids[0] {
		t.Fatalf("the lost job should be first in the queue: %d queued", p.Queued())
	}
	// The second worker finishes and takes the retried job.
	p.receive(s2, msg(protocol.Response{Type: protocol.RespResult, ID: ids[1], Gen: 1, Report: &protocol.Report{}}), nil)
	if s2.job != ids[0] {
		t.Fatalf("the retried job did not go to the idle worker: it runs %d", s2.job)
	}
	// Lost again: no third try, an error with the reason.
	p.lost(s2, "out of memory")
	r, ok := results[ids[0]]
	if !ok || r.Type != protocol.RespError || !strings.Contains(r.Error, "lost twice") || !strings.Contains(r.Error, "out of memory") {
		t.Fatalf("a job lost twice: answer %+v (answered %v)", r, ok)
	}
	// A message of the dead worker is ignored; the replacement runs the rest.
	p.receive(s2, msg(protocol.Response{Type: protocol.RespResult, ID: ids[0], Gen: 1, Report: &protocol.Report{}}), nil)
	if results[ids[0]].Type != protocol.RespError {
		t.Fatal("a dead worker's late message was delivered")
	}
	n := p.sims[0]
	p.receive(n, msg(protocol.Response{Type: protocol.RespReady}), nil)
	if n.job != ids[2] {
		t.Fatalf("the replacement should run the queued job %d, runs %d", ids[2], n.job)
	}
	// The worker's bootstrap reports the end of its Go program.
	p.receive(n, msg(protocol.Response{Type: protocol.RespExit, Error: "its Go program ended (exit code 2)"}), nil)
	if !n.dead || p.queue[0].ID != ids[2] || !strings.Contains(failures[len(failures)-1], "exit code 2") {
		t.Fatalf("an exit message: dead %v, queue %v, report %q", n.dead, p.queue, failures[len(failures)-1])
	}
}

// The theory worker's descriptions go to its replacement; a live run ends
// with the reason.
func TestPoolLostTheoryWorker(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	var described, live []protocol.Response
	p.StartTheory()
	th := p.theory
	p.receive(th, msg(protocol.Response{Type: protocol.RespReady}), nil)
	p.Describe(1, "rho=0.3", func(r protocol.Response) { described = append(described, r) })
	run := p.Run("rho=0.1", 0, func(r protocol.Response) { live = append(live, r) })
	p.lost(th, "killed")
	if p.theory == nil || p.theory == th || len(p.theory.sent) != 1 {
		t.Fatalf("no replacement theory worker with the description: %+v", p.theory)
	}
	if len(live) != 1 || live[0].ID != run || !strings.Contains(live[0].Error, "live run stopped") {
		t.Fatalf("live run answers %+v", live)
	}
	p.receive(p.theory, msg(protocol.Response{Type: protocol.RespReady}), nil)
	id := 0
	for k := range p.theory.sent {
		id = k
	}
	p.receive(p.theory, msg(protocol.Response{Type: protocol.RespFigure, ID: id, Gen: 1, Figure: &protocol.Figure{Name: "x"}}), nil)
	if len(described) != 1 || described[0].Figure == nil || len(p.theory.sent) != 0 {
		t.Fatalf("the retried description was not answered: %+v", described)
	}
}

// Workers that fail to load again and again: the pool gives up, fails the
// queue and every later request with a message saying what still works.
func TestPoolGivesUpAfterLoadFailures(t *testing.T) {
	p := NewPool("web/worker.js", 1)
	var failures []string
	p.OnFailure = func(m string) { failures = append(failures, m) }
	var got []protocol.Response
	p.Simulate(1, protocol.FigJob{Query: "rho=0"}, func(r protocol.Response) { got = append(got, r) })
	for i := 0; i < maxLoadFailures; i++ {
		if p.SimWorkers() != 1 {
			t.Fatalf("round %d: %d workers", i, p.SimWorkers())
		}
		p.receive(p.sims[0], msg(protocol.Response{Type: protocol.RespError, Error: "worker failed to start: CompileError"}), nil)
	}
	if p.Broken() == "" || p.SimWorkers() != 0 {
		t.Fatalf("the pool did not give up: broken %q, %d workers", p.Broken(), p.SimWorkers())
	}
	if len(got) != 1 || got[0].Type != protocol.RespError || !strings.Contains(got[0].Error, "simulations are unavailable") {
		t.Fatalf("queued job answered %+v", got)
	}
	if last := failures[len(failures)-1]; !strings.Contains(last, "CompileError") || !strings.Contains(last, "command line") {
		t.Fatalf("report %q", last)
	}
	p.Simulate(2, protocol.FigJob{Query: "rho=0"}, func(r protocol.Response) { got = append(got, r) })
	if len(got) != 2 || got[1].Type != protocol.RespError || p.SimWorkers() != 0 {
		t.Fatalf("a request after giving up: %+v, %d workers", got, p.SimWorkers())
	}
}
