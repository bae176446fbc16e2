package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// maxLoadFailures is how many workers in a row may be lost before they
// were ready (their module fails to load) before the pool gives up:
// replacing them again would fail the same way.
const maxLoadFailures = 3

// sendTheory sends r to the theory worker and remembers it until it is
// answered, so that it can be sent again if the worker is lost (caller
// holds p.mu).
func (p *Pool) sendTheory(r protocol.Request) {
	c := p.theoryConn()
	c.sent[r.ID] = r
	p.send(c, r)
}

// lost handles a worker that crashed, failed to load or was killed: it is
// reported (OnFailure), replaced, and the work it held is retried once —
// its simulation goes back to the front of the queue, the theory worker's
// descriptions go to its replacement — then answered with an error naming
// the reason. A live run is not retried: it ends with the reason and can
// be started again. After maxLoadFailures workers in a row lost before
// they were ready, the pool stops starting workers and every request
// fails with the reason (brokenText).
func (p *Pool) lost(c *workerConn, reason string) {
	if reason == "" {
		reason = "it stopped without a message"
	}
	p.mu.Lock()
	if c.dead {
		p.mu.Unlock()
		return
	}
	c.dead = true
	if app.IsClient && c.w.Truthy() {
		c.w.Call("terminate")
	}
	if c.ready {
		p.loadFailures = 0
	} else {
		p.loadFailures++
	}
	var held []protocol.Request
	if c == p.theory {
		p.theory = nil
		for _, r := range c.sent {
			held = append(held, r)
		}
	} else {
		for i, s := range p.sims {
			if s == c {
				p.sims = append(p.sims[:i:i], p.sims[i+1:]...)
				break
			}
		}
		if c.job != 0 {
			held = append(held, c.req)
		}
	}
	what := "worker " + c.name
	if !c.ready {
		what += " failed to load"
	} else {
		what += " stopped"
	}
	what += " (" + reason + ")"
	giveUp := p.loadFailures >= maxLoadFailures
	if giveUp {
		p.broken = reason
	}
	type answer struct {
		h func(protocol.Response)
		r protocol.Response
	}
	var answers []answer
	fail := func(r protocol.Request, why string) {
		if h := p.handlers[r.ID]; h != nil {
			answers = append(answers, answer{h, protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: why}})
		}
		delete(p.handlers, r.ID)
		delete(p.tries, r.ID)
	}
	retried := 0
	for _, r := range held {
		switch {
		case giveUp:
			fail(r, p.brokenText())
		case r.Type == protocol.ReqRun:
			if r.ID == p.liveID {
				p.liveID = 0
			}
			fail(r, "the live run stopped: its "+what+"; start it again")
		case p.tries[r.ID] >= 1:
			fail(r, "failed: its worker was lost twice, last "+what)
		default:
			p.tries[r.ID]++
			retried++
			if r.Type == protocol.ReqSimulate {
				p.queue = append([]protocol.Request{r}, p.queue...)
			} else {
				p.sendTheory(r)
			}
		}
	}
	msg := what + "; "
	if giveUp {
		for _, r := range p.queue {
			fail(r, p.brokenText())
		}
		p.queue = nil
		msg = p.brokenText()
	} else {
		msg += "replaced"
		if retried > 0 {
			msg += ", its work retried"
		}
		p.growLocked()
	}
	onFailure := p.OnFailure
	p.mu.Unlock()
	for _, a := range answers {
		a.h(a.r)
	}
	if onFailure != nil {
		onFailure(msg)
	}
}

// brokenLocked gives up on workers for good (caller holds p.mu): the
// browser cannot run them.
func (p *Pool) brokenLocked(reason string) {
	if p.broken != "" {
		return
	}
	p.broken = reason
	queue := p.queue
	p.queue = nil
	onFailure := p.OnFailure
	var hs []func(protocol.Response)
	var rs []protocol.Request
	for _, r := range queue {
		if h := p.handlers[r.ID]; h != nil {
			hs, rs = append(hs, h), append(rs, r)
		}
		delete(p.handlers, r.ID)
	}
	text := p.brokenText()
	// Answer outside the lock, on the JavaScript event loop.
	go func() {
		for i, h := range hs {
			h(protocol.Response{Type: protocol.RespError, ID: rs[i].ID, Gen: rs[i].Gen, Error: text})
		}
		if onFailure != nil {
			onFailure(text)
		}
	}()
}

// brokenText says why nothing runs and what still works (caller holds
// p.mu or p.broken is set for good).
func (p *Pool) brokenText() string {
	return "simulations are unavailable: workers cannot run in this browser (" + p.broken +
		"); the page shows the prerendered theory only. Any current Chrome, Firefox, Safari or Edge runs them, as does the command line (unibias sweep)."
}

// Broken returns why no worker can run ("" while they can).
func (p *Pool) Broken() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.broken
}

// installKillHook defines window.unibiasKillWorker(which): it terminates a
// worker as a crash would ("sim": the first busy simulation worker, else
// the first one; "theory": the theory worker) and reports it through the
// worker's error handler, the browser's path for a crashed worker. Browser
// tests use it to check that the page recovers; it returns the name of the
// worker killed ("" when none).
func (p *Pool) installKillHook() {
	if !app.IsClient {
		return
	}
	app.Window().Set("unibiasKillWorker", app.FuncOf(func(this app.Value, args []app.Value) any {
		which := "sim"
		if len(args) > 0 && args[0].Truthy() {
			which = args[0].String()
		}
		p.mu.Lock()
		var c *workerConn
		if which == "theory" {
			c = p.theory
		} else {
			for _, s := range p.sims {
				if c == nil || (c.job == 0 && s.job != 0) {
					c = s
				}
			}
		}
		p.mu.Unlock()
		if c == nil || !c.w.Truthy() {
			return ""
		}
		c.w.Call("terminate")
		ev := app.Window().Get("ErrorEvent").New("error", map[string]any{"message": "killed by unibiasKillWorker"})
		c.w.Call("dispatchEvent", ev)
		return c.name
	}))
}
