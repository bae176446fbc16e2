package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Starting the pool's workers: one at a time, the theory worker first when
// it is asked for.

// StartTheory starts the theory worker ahead of its first request (once
// the workers before it are ready), so that the first change of a control
// does not wait for a worker to boot.
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

// launchLocked starts the workers created but not started, one at a time
// until one is ready: the browser then reuses the compiled WebAssembly
// module instead of compiling the same code once per worker at the same
// time, which would hold the page's frames up on a small machine.
func (p *Pool) launchLocked() {
	if p.broken != "" {
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
		if c == nil || c.started || (booting && !ready) {
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
	c.w = app.Window().Get("Worker").New(p.url, map[string]any{"name": c.name})
	c.w.Set("onmessage", app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		d := args[0].Get("data")
		if d.Type() != app.TypeObject {
			p.receive(c, d.String(), nil)
			return nil
		}
		// {json, traj}: a packed trajectory's bytes beside the text
		// (worker/main.go).
		var traj []byte
		if u := d.Get("traj"); u.Truthy() {
			traj = make([]byte, u.Get("length").Int())
			app.CopyBytesToGo(traj, u)
		}
		p.receive(c, d.Get("json").String(), traj)
		return nil
	}))
	c.w.Set("onerror", app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "an error it did not catch"
		if len(args) > 0 {
			if m := args[0].Get("message"); m.Truthy() {
				msg = m.String()
			}
			args[0].Call("preventDefault")
		}
		p.lost(c, msg)
		return nil
	}))
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
