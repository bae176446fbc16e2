// Package sweepctl is the state machine behind a figure of the page: a
// phase-diagram sweep or a preset figure. It asks a Runner (the Web Workers)
// for the description of a query, keeps the previous figure on screen while
// the new one is computed, waits for the query to rest before it queues the
// simulations, applies their results in batches, keeps the elapsed time,
// cancels the work of superseded generations and shows imported runs.
//
// The package knows nothing of go-app or JavaScript: the page adapts its
// worker pool to Runner and its Context to Scheduler, so the whole behaviour
// is tested natively.
package sweepctl

import (
	"sync"
	"time"

	"unibias/protocol"
)

// Runner runs work on Web Workers. Its callbacks may be called from any
// goroutine (the JavaScript event loop), never while the Controller's
// methods hold its lock: the Controller releases its lock before it calls
// the Runner, so a Runner may also call done synchronously.
type Runner interface {
	// Describe asks for the figure of a query (a page URL query: the
	// experiment's parameters, or "preset=NAME"); done receives a
	// protocol.Response of Type protocol.RespFigure (Figure set) or
	// RespError. done must be called exactly once: the Controller asks for
	// no other description until it has been.
	Describe(gen int, query string, done func(protocol.Response))
	// Simulate queues one simulation job; done receives RespResult (Report
	// set) or RespError.
	Simulate(gen int, job protocol.FigJob, done func(protocol.Response))
	// Cancel drops every queued or running simulation of generations < gen.
	Cancel(gen int)
}

// Scheduler runs callbacks on the UI goroutine (go-app: Context.After /
// Dispatch) and tells the time. After may be called from any goroutine.
type Scheduler interface {
	// After runs f on the UI goroutine once d has passed.
	After(d time.Duration, f func())
	// Now is the current time.
	Now() time.Time
}

// Default timings of a new Controller.
const (
	// DefaultDebounce is the default Controller.Debounce.
	DefaultDebounce = 150 * time.Millisecond
	// DefaultBatch is the default Controller.Batch.
	DefaultBatch = 120 * time.Millisecond
	// DefaultElapsedTick is the default Controller.ElapsedTick.
	DefaultElapsedTick = time.Second
)

// Controller holds the state of one figure: the current generation and
// query, the figure shown, the results of its simulation jobs, the elapsed
// time and the error of the last description. Its methods are called on the
// UI goroutine; its getters may be called from any goroutine. Every slice and
// figure it returns is a snapshot that the Controller never modifies again
// (changes replace them), so callers may keep them but must not modify them.
type Controller struct {
	// Debounce is how long the query must rest after the last Restart
	// before simulations are queued; the description is requested at once.
	Debounce time.Duration
	// Batch is how long a simulation result waits for others: results
	// arriving within Batch are applied in one update.
	Batch time.Duration
	// ElapsedTick is the interval of the OnChange(ResultsChanged) calls
	// that let the page redraw the elapsed time while simulations run.
	ElapsedTick time.Duration
	// OnChange, when set, is called on the UI goroutine after the state
	// changed (after the Controller released its lock: it may call any
	// method).
	OnChange func(Change)
	// Gate, when set, is asked before a figure's jobs are queued; when it
	// returns false the jobs wait (Held) until Approve. The page holds
	// figures whose estimated cost is above the limit of a responsive tab
	// (app/cost.go). It is asked about the jobs still to simulate: a
	// figure whose results are kept (reuse.go) comes with those jobs
	// left out, and one whose results are all kept is not asked about. It
	// is called with the Controller's lock held: it must not call the
	// Controller.
	Gate func(fig *protocol.Figure) bool
	// Preview, when set, describes a query at once, approximately (the
	// page's closed-form theory), or returns nil. Restart shows it until
	// the Runner's description arrives. It is called with the lock held.
	Preview func(query string) *protocol.Figure
	// Order, when set, gives the order in which a figure's jobs are queued
	// (indices into fig.Jobs; the page puts the longest first when it has
	// several workers); jobs it leaves out are queued after, in order.
	Order func(fig *protocol.Figure) []int

	runner Runner
	sched  Scheduler

	mu     sync.Mutex
	calls  []func() // Runner and Scheduler calls to make once mu is released
	change Change   // the OnChange to make once mu is released (0: none)

	gen         int
	query       string
	restartedAt time.Time // time of the last Restart (start of the debounce)

	describing    bool // a Describe is in flight
	describeSeq   int  // identifies the Describe in flight
	describeAgain bool // Restart was called while it was: ask again for the current query
	awaiting      bool // the description of the current generation has not arrived
	previewing    bool // the figure shown is the current generation's Preview
	stopped       bool // Stop was called and no Restart since
	imported      bool // the figure is an imported run (Show)
	jobsStarted   bool // the jobs of the current figure were queued (or never will be)
	held          bool // Gate held the jobs of the current figure until Approve
	approved      bool // Approve was called for the current generation
	demand        bool // on-demand jobs are requested and counted
	fig           *protocol.Figure
	figGen        int // generation the figure was described for
	results       []protocol.JobResult
	queued        []bool // job i was sent to the Runner in the current generation
	// leads maps a job's simulation (query and trajectory flag) to the
	// first job queued with it; twins lists the later jobs that share its
	// answer. The same parameters and seed give the same bits, so a figure
	// that draws one run in two panels simulates it once.
	leads          map[string]int
	twins          map[int][]int
	kept           resultCache // finished simulations, while the page is open (reuse.go)
	err            string
	outstanding    int // queued jobs of the current generation without a result
	running        bool
	startedAt      time.Time
	elapsed        time.Duration // frozen elapsed time when not running
	ticking        bool          // an elapsed tick is pending
	rev            int
	inbox          []delivery // simulation results waiting for flush
	flushScheduled bool
}

// delivery is one simulation answer waiting in the inbox.
type delivery struct {
	gen, index int
	resp       protocol.Response
}

// New returns a Controller that runs work on r and schedules on s, with the
// default timings. Nothing happens before the first Restart or Show.
func New(r Runner, s Scheduler) *Controller {
	return &Controller{
		Debounce:    DefaultDebounce,
		Batch:       DefaultBatch,
		ElapsedTick: DefaultElapsedTick,
		runner:      r,
		sched:       s,
	}
}

// later queues a call to make once the lock is released (mu held).
func (c *Controller) later(f func()) { c.calls = append(c.calls, f) }

// notify records the change to report when the lock is released (mu held);
// FigureChanged outranks ResultsChanged.
func (c *Controller) notify(ch Change) {
	if c.change == 0 || ch == FigureChanged {
		c.change = ch
	}
}

// touch records a change of the figure or results: it increments Rev and
// notifies (mu held).
func (c *Controller) touch(ch Change) {
	c.rev++
	c.notify(ch)
}

// unlock releases the lock, then makes the queued Runner and Scheduler
// calls in order and the pending OnChange. Those calls may re-enter the
// Controller.
func (c *Controller) unlock() {
	calls, ch, onChange := c.calls, c.change, c.OnChange
	c.calls, c.change = nil, 0
	c.mu.Unlock()
	for _, f := range calls {
		f()
	}
	if ch != 0 && onChange != nil {
		onChange(ch)
	}
}

// Restart shows new parameters or a new preset: it starts a generation,
// cancels the simulations of the earlier ones, clears the results and
// requests the description of query, at once if none is in flight, else
// when the one in flight answers (only the newest query is remembered).
// Until the description arrives the previous figure stays shown and Stale
// is true; simulations are queued once the query has rested for Debounce.
func (c *Controller) Restart(query string) {
	c.mu.Lock()
	defer c.unlock()
	c.newGen()
	c.query = query
	c.restartedAt = c.sched.Now()
	c.awaiting = true
	c.stopped, c.imported = false, false
	c.jobsStarted, c.demand = false, false
	c.held, c.approved = false, false
	c.elapsed = 0
	c.resetResults()
	if c.showPreview() {
		c.requestDescriptionAtRest()
	} else {
		c.requestDescription()
	}
	c.touch(FigureChanged)
}

// Show shows an imported run: fig and its results as they are, without
// simulating. It starts a generation and cancels the earlier ones'
// simulations; no description in flight replaces the figure afterwards.
// results is indexed like fig.Jobs (missing entries are pending, extra ones
// dropped). On-demand jobs count in Counts when one of them has a result.
// Query keeps the query of the last Restart.
func (c *Controller) Show(fig *protocol.Figure, results []protocol.JobResult) {
	c.mu.Lock()
	defer c.unlock()
	c.newGen()
	c.awaiting, c.describeAgain = false, false
	c.stopped, c.imported = false, true
	c.jobsStarted, c.demand = true, false
	c.held = false
	c.elapsed, c.err = 0, ""
	c.fig, c.figGen = fig, c.gen
	c.resetResults()
	copy(c.results, results)
	for i := range c.results {
		if c.results[i].Done && fig.Jobs[i].OnDemand {
			c.demand = true
		}
	}
	c.touch(FigureChanged)
}

// Stop cancels all simulations (the page leaves the view): it starts a
// generation, so nothing in flight is applied any more, and freezes the
// elapsed time. The figure and results stay as they are; Restart resumes.
func (c *Controller) Stop() {
	c.mu.Lock()
	defer c.unlock()
	c.newGen()
	c.awaiting, c.describeAgain = false, false
	c.stopped = true
	c.touch(FigureChanged)
}

// newGen starts a generation: it cancels the earlier generations'
// simulations and stops the clock (mu held).
func (c *Controller) newGen() {
	c.gen++
	gen := c.gen
	c.later(func() { c.runner.Cancel(gen) })
	c.stopClock()
	c.outstanding = 0
}

// stopClock freezes the elapsed time (mu held).
func (c *Controller) stopClock() {
	if c.running {
		c.running = false
		c.elapsed = c.sched.Now().Sub(c.startedAt)
	}
}

// resetResults makes pending results (and clears the queued marks) for the
// jobs of the shown figure (mu held).
func (c *Controller) resetResults() {
	c.leads, c.twins = map[string]int{}, map[int][]int{}
	if c.fig == nil {
		c.results, c.queued = nil, nil
		return
	}
	c.results = make([]protocol.JobResult, len(c.fig.Jobs))
	c.queued = make([]bool, len(c.fig.Jobs))
}
