package app

import (
	"encoding/json"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Pool owns the Web Workers that do all computation: simulation workers,
// each running one job at a time from a shared queue, and one theory worker
// that answers plan requests (theory curves and the job list) and runs the
// live training run, so that neither ever waits behind a long simulation.
//
// Messages are JSON strings of protocol.Request and protocol.Response. The
// handlers are called from the JavaScript event loop, not the UI goroutine:
// they must hand their work to it with Context.Dispatch.
type Pool struct {
	// OnPlan receives plan answers (and errors for plan requests).
	OnPlan func(protocol.Response)
	// OnResult receives simulation results and errors.
	OnResult func(protocol.Response)
	// OnProgress receives live-run snapshots (and errors for the live run).
	OnProgress func(protocol.Response)
	// OnFailure receives errors not tied to a request, such as a worker
	// that could not start.
	OnFailure func(string)

	url     string
	maxSims int

	mu     sync.Mutex
	theory *workerConn
	sims   []*workerConn
	want   int // simulation workers wanted (started once the theory worker is ready)
	queue  []protocol.Request
	nextID int
	liveID int

	host    app.Context
	hasHost bool
}

// workerConn is one Web Worker and what the pool knows about it.
type workerConn struct {
	name    string
	w       app.Value
	onmsg   app.Func
	onerr   app.Func
	ready   bool
	job     int      // id of the simulation it is running, 0 when idle
	backlog []string // messages waiting for the worker to be ready
}

// NewPool returns a pool that starts workers from the script at url
// (relative to the page, e.g. "web/worker.js") and runs at most maxSims
// simulation workers. No worker starts before the first request.
func NewPool(url string, maxSims int) *Pool {
	return &Pool{url: url, maxSims: max(1, maxSims)}
}

// SetHost records the context of the component that renders the pool's
// consumers. Isolate uses it.
func (p *Pool) SetHost(ctx app.Context) {
	p.host, p.hasHost = ctx, true
}

// Isolate, called inside a child component's Dispatch, cancels the update
// that Dispatch scheduled for the host and its ancestors, so only the child
// re-renders (go-app marks every ancestor of a dispatching component).
func (p *Pool) Isolate() {
	if p != nil && p.hasHost {
		p.host.PreventUpdate()
	}
}

// SimWorkers returns the number of simulation workers started so far.
func (p *Pool) SimWorkers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sims)
}

// EnsureSims starts simulation workers until there are n of them (capped at
// the pool's maximum). They start once the theory worker is ready: the
// browser then reuses its compiled WebAssembly module instead of compiling
// the same code once per worker at the same time, which would hold the
// page's frames up on a small machine.
func (p *Pool) EnsureSims(n int) {
	p.mu.Lock()
	p.want = max(p.want, min(n, p.maxSims))
	p.theoryConn()
	p.growLocked()
	p.mu.Unlock()
}

// growLocked starts the wanted simulation workers if the theory worker is
// ready.
func (p *Pool) growLocked() {
	if p.theory == nil || !p.theory.ready {
		return
	}
	for len(p.sims) < p.want {
		p.sims = append(p.sims, p.start("sim"+itoa(len(p.sims)+1)))
	}
	p.dispatchLocked()
}

// start creates a worker (the caller holds p.mu).
func (p *Pool) start(name string) *workerConn {
	c := &workerConn{name: name}
	if !app.IsClient {
		return c
	}
	c.w = app.Window().Get("Worker").New(p.url, map[string]any{"name": name})
	c.onmsg = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			p.receive(c, args[0].Get("data").String())
		}
		return nil
	})
	c.onerr = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "a worker failed"
		if len(args) > 0 {
			if m := args[0].Get("message"); m.Truthy() {
				msg += ": " + m.String()
			}
		}
		if p.OnFailure != nil {
			p.OnFailure(msg)
		}
		return nil
	})
	c.w.Set("onmessage", c.onmsg)
	c.w.Set("onerror", c.onerr)
	return c
}

func (p *Pool) theoryConn() *workerConn {
	if p.theory == nil {
		p.theory = p.start("theory")
	}
	return p.theory
}

// send posts a request to a worker, or keeps it until the worker is ready
// (a worker drops messages that arrive before its Go side listens). The
// caller holds p.mu.
func (p *Pool) send(c *workerConn, r protocol.Request) {
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
	if !c.ready {
		c.backlog = append(c.backlog, string(b))
		return
	}
	if c.w != nil {
		c.w.Call("postMessage", string(b))
	}
}

func (p *Pool) newID() int {
	p.nextID++
	return p.nextID
}

// Plan asks the theory worker for the plan of a parameter query (URL query
// of package params) with dense theory points; it returns the request id.
func (p *Pool) Plan(gen int, query string, dense int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.newID()
	p.send(p.theoryConn(), protocol.Request{Type: protocol.ReqPlan, ID: id, Gen: gen, Query: query, Dense: dense})
	return id
}

// Simulate queues one simulation and returns its request id. Jobs go to
// idle simulation workers in the order they were queued.
func (p *Pool) Simulate(gen int, query string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.newID()
	p.queue = append(p.queue, protocol.Request{Type: protocol.ReqSimulate, ID: id, Gen: gen, Query: query})
	p.dispatchLocked()
	return id
}

// Cancel drops every queued simulation and tells the simulation workers to
// abandon jobs older than gen. The theory worker is not cancelled: plan
// requests are never queued up behind each other (the page sends the next
// one when the previous one is answered) and the live run is independent of
// the sweep.
func (p *Pool) Cancel(gen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = nil
	for _, c := range p.sims {
		p.send(c, protocol.Request{Type: protocol.ReqCancel, Gen: gen})
		// The worker drops its current job at its next yield (and answers
		// nothing for it); new jobs queue behind in the worker.
		c.job = 0
	}
}

// Queued returns the number of simulations waiting for a worker.
func (p *Pool) Queued() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}

// Run starts a live run of query on the theory worker at speed steps per
// tick (0: as fast as possible), stopping the previous live run. It returns
// the run id; snapshots arrive through OnProgress.
func (p *Pool) Run(query string, speed int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.theoryConn()
	if p.liveID != 0 {
		p.send(c, protocol.Request{Type: protocol.ReqControl, ID: p.liveID, Action: "stop"})
	}
	id := p.newID()
	p.liveID = id
	p.send(c, protocol.Request{Type: protocol.ReqRun, ID: id, Query: query, N: speed})
	return id
}

// Control sends a control action ("pause", "resume", "step", "speed",
// "stop") to the live run id.
func (p *Pool) Control(id int, action string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id == 0 {
		return
	}
	p.send(p.theoryConn(), protocol.Request{Type: protocol.ReqControl, ID: id, Action: action, N: n})
	if action == "stop" && id == p.liveID {
		p.liveID = 0
	}
}

// dispatchLocked hands queued jobs to idle, ready simulation workers.
func (p *Pool) dispatchLocked() {
	for _, c := range p.sims {
		if len(p.queue) == 0 {
			return
		}
		if !c.ready || c.job != 0 {
			continue
		}
		r := p.queue[0]
		p.queue = p.queue[1:]
		c.job = r.ID
		p.send(c, r)
	}
}

// receive handles one message from worker c (JavaScript event loop).
func (p *Pool) receive(c *workerConn, data string) {
	var r protocol.Response
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		if p.OnFailure != nil {
			p.OnFailure("unreadable worker message: " + err.Error())
		}
		return
	}
	p.mu.Lock()
	isTheory := c == p.theory
	live := r.ID != 0 && r.ID == p.liveID
	switch r.Type {
	case protocol.RespReady:
		c.ready = true
		backlog := c.backlog
		c.backlog = nil
		for _, m := range backlog {
			if c.w != nil {
				c.w.Call("postMessage", m)
			}
		}
		p.growLocked()
		p.dispatchLocked()
		p.mu.Unlock()
		return
	case protocol.RespResult, protocol.RespError:
		if !isTheory && r.ID != 0 && c.job == r.ID {
			c.job = 0
			p.dispatchLocked()
		}
	}
	p.mu.Unlock()

	var h func(protocol.Response)
	switch {
	case r.ID == 0 && r.Type == protocol.RespError:
		if p.OnFailure != nil {
			p.OnFailure(r.Error)
		}
		return
	case r.Type == protocol.RespProgress || (isTheory && live):
		h = p.OnProgress
	case r.Type == protocol.RespPlan || isTheory:
		h = p.OnPlan
	default:
		h = p.OnResult
	}
	if h != nil {
		h(r)
	}
}
