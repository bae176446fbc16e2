package app

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Starting the pool's workers: all at once when they share the page's
// compiled module, else one at a time; the theory worker first when it is
// asked for.

// StartTheory starts the theory worker ahead of its first request (with
// the others when they share the page's module, else once the workers
// before it are ready), so that the first change of a control does not
// wait for a worker to boot.
func (p *Pool) StartTheory() {
	p.mu.Lock()
	p.theoryConn()
	p.mu.Unlock()
}

// growLocked creates the wanted simulation workers and launches the
// workers that may start.
func (p *Pool) growLocked() {
	if p.broken != "" {
		return
	}
	for len(p.sims) < p.want {
		p.serial++
		p.sims = append(p.sims, &workerConn{name: "sim" + itoa(p.serial)})
	}
	p.launchLocked()
	p.dispatchLocked()
}

// launchLocked starts the workers created but not started: all at once
// when they share the page's compiled module (app/workers_module.go), else
// one at a time until one is ready: the browser then reuses the compiled
// WebAssembly module instead of compiling the same code once per worker at
// the same time, which would hold the page's frames up on a small machine.
func (p *Pool) launchLocked() {
	if p.offline || p.broken != "" || !p.moduleKnownLocked() {
		return
	}
	conns := append([]*workerConn{p.theory}, p.sims...)
	ready, booting := false, false
	for _, c := range conns {
		if c != nil && c.started {
			ready = ready || c.ready
			booting = booting || !c.ready
		}
	}
	for _, c := range conns {
		if c == nil || c.started || (!p.shared && booting && !ready) {
			continue
		}
		p.start(c)
		booting = true
	}
}

// start starts worker c (the caller holds p.mu).
func (p *Pool) start(c *workerConn) {
	c.started = true
	if !app.IsClient {
		return
	}
	if !app.Window().Get("Worker").Truthy() {
		p.brokenLocked("this browser has no Web Workers")
		return
	}
	onMessage := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		d := args[0].Get("data")
		if d.Type() != app.TypeObject {
			p.receive(c, d.String(), nil)
			return nil
		}
		// {json, packed}: packed numbers beside the text
		// (worker/worker.go).
		var packed []byte
		if u := d.Get("packed"); u.Truthy() {
			packed = make([]byte, u.Get("length").Int())
			app.CopyBytesToGo(packed, u)
		}
		p.receive(c, d.Get("json").String(), packed)
		return nil
	})
	onError := app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "an error it did not catch"
		if len(args) > 0 {
			if m := args[0].Get("message"); m.Truthy() {
				msg = m.String()
			}
			args[0].Call("preventDefault")
		}
		p.lost(c, msg)
		return nil
	})
	// A worker index.html started while the page loaded, if one is left:
	// it gets the two handlers, and what it sent before is read here.
	if take := app.Window().Get("unibiasTakeWorker"); take.Type() == app.TypeFunction {
		if e := take.Invoke(onMessage, onError); e.Truthy() {
			c.w = e.Get("worker")
			var early []string
			for i, msgs := 0, e.Get("messages"); i < msgs.Length(); i++ {
				if m := msgs.Index(i); m.Type() == app.TypeString {
					early = append(early, m.String())
				}
			}
			p.adoptLocked(c, early, e.Get("error").String())
			return
		}
	}
	c.w = app.Window().Get("Worker").New(p.url, map[string]any{"name": c.name})
	c.w.Set("onmessage", onMessage)
	c.w.Set("onerror", onError)
	p.postModule(c.w)
}

// adoptLocked takes in what an early worker c sent before the pool had it:
// a ready message makes it ready at once (the caller then dispatches to
// it, in this very task); anything after it, and an error it raised, are
// received as usual once p.mu is released (caller holds p.mu).
func (p *Pool) adoptLocked(c *workerConn, msgs []string, failure string) {
	if len(msgs) > 0 && isReady(msgs[0]) {
		c.ready = true
		p.loadFailures = 0
		msgs = msgs[1:]
	}
	if len(msgs) == 0 && failure == "" {
		return
	}
	go func() {
		for _, m := range msgs {
			p.receive(c, m, nil)
		}
		if failure != "" {
			p.lost(c, failure)
		}
	}()
}

// isReady reports whether a worker's message is its ready message. It
// reads the type alone: the first decoding of a whole protocol.Response in
// the page builds encoding/json's description of the type, which took a
// seventh of the page's first render when the pool took its early workers
// over.
func isReady(msg string) bool {
	var r struct {
		Type string `json:"type"`
	}
	return json.Unmarshal([]byte(msg), &r) == nil && r.Type == protocol.RespReady
}

// theoryConn returns the theory worker, creating it if needed (caller
// holds p.mu).
func (p *Pool) theoryConn() *workerConn {
	if p.theory == nil {
		p.theory = &workerConn{name: "theory", sent: map[int]protocol.Request{}}
		p.launchLocked()
	}
	return p.theory
}

// HoldJobs keeps queued simulations from going to the workers until
// ReleaseJobs. The phase diagram holds its sweep while the page comes
// alive and warms up (app/warmup.go): its workers, started while the page
// loaded, would otherwise answer during the start-up, and the first
// results would be drawn by code not compiled yet.
func (p *Pool) HoldJobs() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdJobs = true
}

// ReleaseJobs sends the held simulations to the idle workers.
func (p *Pool) ReleaseJobs() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdJobs = false
	p.dispatchLocked()
}
