package app

import (
	"encoding/json"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Pool owns the Web Workers that do all computation, for every view of the
// page: simulation workers, each running one job at a time from a shared
// queue, and one theory worker that describes figures (theory curves and
// their jobs) and runs the live training run, so that neither ever waits
// behind a long simulation. It implements sweepctl.Runner.
//
// Every request carries its own callback, which receives the typed
// answers; the pool knows nothing of rendering. Callbacks are called from
// the JavaScript event loop, not the UI goroutine, and never with the
// pool's lock held.
type Pool struct {
	// OnFailure receives errors not tied to a request, such as a worker
	// that could not start.
	OnFailure func(string)

	url     string
	maxSims int

	mu       sync.Mutex
	theory   *workerConn
	sims     []*workerConn
	want     int // simulation workers wanted (started by launchLocked)
	queue    []protocol.Request
	nextID   int
	liveID   int
	handlers map[int]func(protocol.Response)
	figures  map[string]*protocol.Figure // descriptions known without asking a worker
	prebuilt map[string][]describeWaiter // calls waiting for a preset's prebuilt description

	// Faults (app/workers_fault.go): tries counts the retries of each
	// request whose worker was lost, loadFailures the workers in a row lost
	// before they were ready, serial names replacements, and broken is the
	// reason no worker can start (then every request fails at once).
	tries        map[int]int
	loadFailures int
	serial       int
	broken       string

	// The workers' shared module (app/workers_module.go): shared when
	// module is a WebAssembly.Module every worker is given.
	moduleState moduleState
	module      app.Value
	shared      bool

	holdJobs bool // HoldJobs: simulations wait in the queue until ReleaseJobs
	offline  bool // no worker ever starts: a page rendered for its code alone (app/precompile.go)
}

// workerConn is one Web Worker and what the pool knows about it.
type workerConn struct {
	name    string
	w       app.Value
	started bool
	ready   bool
	job     int      // id of the simulation it is running, 0 when idle
	backlog []string // messages waiting for the worker to be ready

	dead bool                     // lost (crashed, failed to load, killed) and replaced
	req  protocol.Request         // the simulation it is running, retried if it is lost
	sent map[int]protocol.Request // theory worker: descriptions and the live run not yet answered
}

// denseTheory is the number of x points of the phase diagram's theory
// curves.
const denseTheory = 120

// NewPool returns a pool that starts workers from the script at url
// (relative to the page, e.g. "web/worker.js") and runs at most maxSims
// simulation workers. No worker starts before the first request.
func NewPool(url string, maxSims int) *Pool {
	return &Pool{url: url, maxSims: max(1, maxSims), handlers: map[int]func(protocol.Response){}, figures: map[string]*protocol.Figure{},
		prebuilt: map[string][]describeWaiter{}, tries: map[int]int{}}
}

// Preload records the description of a query that is already known (the
// figure prerendered into index.html): Describe answers it at once.
func (p *Pool) Preload(query string, fig *protocol.Figure) {
	p.mu.Lock()
	p.figures[query] = fig
	p.mu.Unlock()
}

// SimWorkers returns the number of simulation workers started so far.
func (p *Pool) SimWorkers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sims)
}

// EnsureSims starts simulation workers until there are n of them (capped at
// the pool's maximum).
func (p *Pool) EnsureSims(n int) {
	p.mu.Lock()
	p.want = max(p.want, min(n, p.maxSims))
	p.growLocked()
	p.mu.Unlock()
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

// request registers a callback under a new request id (caller holds p.mu).
func (p *Pool) request(done func(protocol.Response)) int {
	p.nextID++
	if done != nil {
		p.handlers[p.nextID] = done
	}
	return p.nextID
}

// Describe asks the theory worker for the figure of a page query (the
// parameters, or preset=NAME); done receives a RespFigure or RespError.
// A preloaded description is answered at once, a preset's from its
// prebuilt file where the page can fetch it (app/workers_presets.go).
func (p *Pool) Describe(gen int, query string, done func(protocol.Response)) {
	p.mu.Lock()
	if fig, ok := p.figures[query]; ok {
		p.mu.Unlock()
		done(protocol.Response{Type: protocol.RespFigure, Gen: gen, Figure: fig})
		return
	}
	if p.describePrebuiltLocked(gen, query, done) {
		p.mu.Unlock()
		return
	}
	if failed := p.describeByWorkerLocked(gen, query, done); failed != nil {
		p.mu.Unlock()
		failed()
		return
	}
	p.mu.Unlock()
}

// Simulate queues one simulation job; done receives its RespResult or
// RespError. Jobs go to idle simulation workers in the order they were
// queued.
func (p *Pool) Simulate(gen int, job protocol.FigJob, done func(protocol.Response)) {
	p.mu.Lock()
	if p.broken != "" {
		p.mu.Unlock()
		done(protocol.Response{Type: protocol.RespError, Gen: gen, Error: p.brokenText()})
		return
	}
	defer p.mu.Unlock()
	id := p.request(done)
	p.queue = append(p.queue, protocol.Request{Type: protocol.ReqSimulate, ID: id, Gen: gen, Query: job.Query, Trajectory: job.Trajectory})
	p.want = max(p.want, min(len(p.queue), p.maxSims))
	p.growLocked()
}

// Cancel drops every queued simulation and tells the simulation workers to
// abandon jobs older than gen; their callbacks are forgotten. The theory
// worker is not cancelled: descriptions never queue up behind each other
// and the live run is independent of the figures.
func (p *Pool) Cancel(gen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.queue {
		delete(p.handlers, r.ID)
	}
	p.queue = nil
	for _, c := range p.sims {
		p.send(c, protocol.Request{Type: protocol.ReqCancel, Gen: gen})
		// The worker drops its current job at its next yield (and answers
		// nothing for it); new jobs queue behind in the worker.
		delete(p.handlers, c.job)
		c.job = 0
	}
}

// Queued returns the number of simulations waiting for a worker.
func (p *Pool) Queued() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}

// dispatchLocked hands queued jobs to idle, ready simulation workers.
func (p *Pool) dispatchLocked() {
	if p.holdJobs {
		return
	}
	busy := 0
	for _, c := range p.sims {
		if c.job != 0 {
			busy++
		}
	}
	for _, c := range p.sims {
		if len(p.queue) == 0 || busy >= p.maxSims {
			return
		}
		if !c.ready || c.job != 0 {
			continue
		}
		r := p.queue[0]
		p.queue = p.queue[1:]
		c.job, c.req = r.ID, r
		p.send(c, r)
		busy++
	}
}

// receive handles one message from worker c (JavaScript event loop): its
// JSON text and, when the message carried packed numbers beside the text
// (worker/worker.go, protocol.Response.DetachPacked), those bytes; nil
// otherwise.
func (p *Pool) receive(c *workerConn, data string, packed []byte) {
	var r protocol.Response
	err := json.Unmarshal([]byte(data), &r)
	if err == nil {
		err = r.AttachPacked(packed)
	}
	if err == nil {
		err = r.UnpackTrajectory()
	}
	if err == nil {
		err = r.UnpackCompete()
	}
	if err != nil {
		if p.OnFailure != nil {
			p.OnFailure("unreadable worker message: " + err.Error())
		}
		return
	}
	if r.Type == protocol.RespExit || (r.Type == protocol.RespError && r.ID == 0 && !c.ready) {
		// The worker's Go program ended (a panic, out of memory) or never
		// started (its module failed to load).
		p.lost(c, r.Error)
		return
	}
	p.mu.Lock()
	if c.dead {
		p.mu.Unlock()
		return
	}
	if r.Type == protocol.RespReady {
		c.ready = true
		p.loadFailures = 0
		backlog := c.backlog
		c.backlog = nil
		for _, m := range backlog {
			if c.w != nil {
				c.w.Call("postMessage", m)
			}
		}
		p.growLocked()
		p.mu.Unlock()
		return
	}
	if c != p.theory && r.ID != 0 && c.job == r.ID && (r.Type == protocol.RespResult || r.Type == protocol.RespError) {
		c.job = 0
		p.dispatchLocked()
	}
	h := p.handlers[r.ID]
	if r.Type != protocol.RespProgress && r.ID != p.liveID {
		delete(p.handlers, r.ID) // one answer per request, but many for a live run
		delete(p.tries, r.ID)
		if c.sent != nil {
			delete(c.sent, r.ID)
		}
	}
	p.mu.Unlock()
	switch {
	case h != nil:
		h(r)
	case r.ID == 0 && r.Type == protocol.RespError && p.OnFailure != nil:
		p.OnFailure(r.Error)
	}
}
