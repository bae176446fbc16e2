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
	"slices"
	"strconv"
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

// Change says what a call of Controller.OnChange has to redraw.
type Change int

const (
	// FigureChanged: a new figure is shown (a description, an imported
	// run, an added job), or the figure was cleared by an error, or the
	// Controller was restarted or stopped: redraw the whole figure.
	FigureChanged Change = iota + 1
	// ResultsChanged: only results, progress or the elapsed time changed:
	// redraw the figure's simulated marks and its status.
	ResultsChanged
)

// String names the change for test and log messages.
func (ch Change) String() string {
	switch ch {
	case FigureChanged:
		return "FigureChanged"
	case ResultsChanged:
		return "ResultsChanged"
	}
	return "Change(" + strconv.Itoa(int(ch)) + ")"
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

	runner Runner
	sched  Scheduler

	mu     sync.Mutex
	calls  []func() // Runner and Scheduler calls to make once mu is released
	change Change   // the OnChange to make once mu is released (0: none)

	gen         int
	query       string
	restartedAt time.Time // time of the last Restart (start of the debounce)

	describing     bool // a Describe is in flight
	describeSeq    int  // identifies the Describe in flight
	describeAgain  bool // Restart was called while it was: ask again for the current query
	awaiting       bool // the description of the current generation has not arrived
	stopped        bool // Stop was called and no Restart since
	imported       bool // the figure is an imported run (Show)
	jobsStarted    bool // the jobs of the current figure were queued (or never will be)
	demand         bool // on-demand jobs are requested and counted
	fig            *protocol.Figure
	figGen         int // generation the figure was described for
	results        []protocol.JobResult
	queued         []bool // job i was sent to the Runner in the current generation
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
	c.elapsed = 0
	c.resetResults()
	c.requestDescription()
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
	if c.fig == nil {
		c.results, c.queued = nil, nil
		return
	}
	c.results = make([]protocol.JobResult, len(c.fig.Jobs))
	c.queued = make([]bool, len(c.fig.Jobs))
}

// requestDescription asks the Runner for the description of the current
// query, or, while a request is in flight, remembers to ask when it is
// answered (mu held).
func (c *Controller) requestDescription() {
	if c.describing {
		c.describeAgain = true
		return
	}
	c.describing, c.describeAgain = true, false
	c.describeSeq++
	seq, gen, query := c.describeSeq, c.gen, c.query
	c.later(func() {
		c.runner.Describe(gen, query, func(r protocol.Response) {
			c.sched.After(0, func() { c.described(seq, gen, r) })
		})
	})
}

// described applies the answer to the description of generation gen
// (UI goroutine).
func (c *Controller) described(seq, gen int, r protocol.Response) {
	c.mu.Lock()
	defer c.unlock()
	if !c.describing || seq != c.describeSeq {
		return // a second answer to the same request
	}
	c.describing = false
	failed := r.Type == protocol.RespError || r.Figure == nil
	switch {
	case !c.awaiting:
		// shown: an imported run, a stop, or already the current figure
	case gen == c.gen && failed:
		c.err = r.Error
		if c.err == "" {
			c.err = "the figure could not be computed"
		}
		c.awaiting = false
		c.fig, c.figGen = nil, gen
		c.resetResults()
		c.touch(FigureChanged)
	case gen == c.gen:
		c.awaiting, c.err = false, ""
		c.fig, c.figGen = r.Figure, gen
		c.resetResults()
		if wait := c.Debounce - c.sched.Now().Sub(c.restartedAt); wait > 0 {
			c.later(func() { c.sched.After(wait, func() { c.startAfterRest(gen) }) })
		} else {
			c.startJobs(gen)
		}
		c.touch(FigureChanged)
	case !failed && gen > c.figGen:
		// A description of an older query still replaces the figure while
		// the current one is computed: the curves follow a moving slider.
		c.fig, c.figGen = r.Figure, gen
		c.resetResults()
		c.touch(FigureChanged)
	}
	if c.describeAgain {
		c.requestDescription()
	}
}

// startAfterRest queues the jobs of generation gen once its query has
// rested (UI goroutine).
func (c *Controller) startAfterRest(gen int) {
	c.mu.Lock()
	defer c.unlock()
	if c.startJobs(gen) {
		c.touch(ResultsChanged)
	}
}

// startJobs queues the figure's jobs (the on-demand ones only if requested)
// if gen is current, its figure shown and its jobs not yet queued; it
// reports whether it did (mu held).
func (c *Controller) startJobs(gen int) bool {
	if gen != c.gen || c.figGen != gen || c.fig == nil || c.awaiting || c.stopped || c.jobsStarted {
		return false
	}
	c.jobsStarted = true
	for i, j := range c.fig.Jobs {
		if (!j.OnDemand || c.demand) && !c.queued[i] {
			c.queue(i)
		}
	}
	return true
}

// queue sends job i of the shown figure to the Runner and starts the clock
// if it is not running (mu held).
func (c *Controller) queue(i int) {
	c.queued[i] = true
	c.outstanding++
	if !c.running {
		c.running = true
		c.startedAt = c.sched.Now()
		c.elapsed = 0
		c.startTick()
	}
	gen, job := c.gen, c.fig.Jobs[i]
	c.later(func() {
		c.runner.Simulate(gen, job, func(r protocol.Response) { c.deliver(gen, i, r) })
	})
}

// RunOnDemand queues the figure's on-demand jobs (those without a result
// and not yet queued); from then on Counts includes them. It does nothing
// while no current figure is shown (no figure, Stale, or stopped). Before
// the debounce has passed the jobs are queued with the others.
func (c *Controller) RunOnDemand() {
	c.mu.Lock()
	defer c.unlock()
	if c.fig == nil || c.awaiting || c.stopped {
		return
	}
	changed := !c.demand
	c.demand = true
	if c.jobsStarted {
		for i, j := range c.fig.Jobs {
			if j.OnDemand && !c.queued[i] && !c.results[i].Done {
				c.queue(i)
				changed = true
			}
		}
	}
	if changed {
		c.touch(ResultsChanged)
	}
}

// OnDemandRequested reports whether the on-demand jobs were requested
// (RunOnDemand, or an imported run with on-demand results).
func (c *Controller) OnDemandRequested() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.demand
}

// Add appends job to the shown figure (a clicked point) and runs it at
// once; it returns the job's index in Figure().Jobs and Results(), or -1
// when no current figure is shown (no figure, Stale, or stopped). The job
// counts in Counts whatever its OnDemand flag.
func (c *Controller) Add(job protocol.FigJob) int {
	c.mu.Lock()
	defer c.unlock()
	if c.fig == nil || c.awaiting || c.stopped {
		return -1
	}
	job.OnDemand = false
	fig := *c.fig
	fig.Jobs = append(slices.Clip(c.fig.Jobs), job)
	c.fig = &fig
	c.results = append(slices.Clip(c.results), protocol.JobResult{})
	c.queued = append(c.queued, false)
	i := len(fig.Jobs) - 1
	c.queue(i)
	c.touch(FigureChanged)
	return i
}

// deliver keeps a simulation answer for job index of generation gen until
// the next flush, which the first answer of a batch schedules after Batch
// (any goroutine).
func (c *Controller) deliver(gen, index int, r protocol.Response) {
	c.mu.Lock()
	defer c.unlock()
	c.inbox = append(c.inbox, delivery{gen, index, r})
	if !c.flushScheduled {
		c.flushScheduled = true
		d := c.Batch
		c.later(func() { c.sched.After(d, c.flush) })
	}
}

// flush applies the answers in the inbox in one update: those of other
// generations and second answers for a job are dropped. When the last
// queued job is done the clock stops (UI goroutine).
func (c *Controller) flush() {
	c.mu.Lock()
	defer c.unlock()
	in := c.inbox
	c.inbox, c.flushScheduled = nil, false
	applied := false
	for _, d := range in {
		if d.gen != c.gen || d.index < 0 || d.index >= len(c.results) || c.results[d.index].Done {
			continue
		}
		if !applied {
			c.results = slices.Clone(c.results) // earlier snapshots stay as they were
			applied = true
		}
		c.results[d.index] = jobResult(d.resp)
		c.outstanding--
	}
	if !applied {
		return
	}
	if c.outstanding <= 0 {
		c.outstanding = 0
		c.stopClock()
	}
	c.touch(ResultsChanged)
}

// jobResult is the result of a job from the Runner's answer; a failed job
// always has an error message.
func jobResult(r protocol.Response) protocol.JobResult {
	res := protocol.JobResult{Done: true, Report: r.Report, Err: r.Error, Millis: r.Millis}
	switch {
	case res.Err != "":
	case r.Type == protocol.RespError:
		res.Err = "the simulation failed"
	case r.Report == nil:
		res.Err = "the simulation returned no report"
	}
	return res
}

// startTick schedules the next elapsed tick unless one is pending (mu
// held).
func (c *Controller) startTick() {
	if c.ticking {
		return
	}
	c.ticking = true
	d := c.ElapsedTick
	c.later(func() { c.sched.After(d, c.tick) })
}

// tick lets the page redraw the elapsed time and schedules the next tick
// while simulations run (UI goroutine).
func (c *Controller) tick() {
	c.mu.Lock()
	defer c.unlock()
	c.ticking = false
	if c.running {
		c.startTick()
		c.notify(ResultsChanged)
	}
}

// Figure is the figure shown (nil before the first description, after a
// description error, or for an empty import).
func (c *Controller) Figure() *protocol.Figure {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fig
}

// Stale reports whether the figure shown is not the current query's: its
// description is being computed.
func (c *Controller) Stale() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.awaiting && c.fig != nil
}

// Results are the results of the shown figure's jobs, indexed like
// Figure().Jobs (same length); pending jobs have Done false.
func (c *Controller) Results() []protocol.JobResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.results
}

// Rev increments on every change of the figure or results (not on elapsed
// ticks): the page compares it to know whether to redraw.
func (c *Controller) Rev() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rev
}

// Running reports whether queued simulations are still without a result.
func (c *Controller) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// Elapsed is the time since the simulations were queued while they run,
// and the time they took (frozen) once done or stopped.
func (c *Controller) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return c.sched.Now().Sub(c.startedAt)
	}
	return c.elapsed
}

// Err is the error of the current query's description ("" if none); it
// stays until a description of the current query arrives or Show.
func (c *Controller) Err() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Counts returns how many of the shown figure's jobs are done and how many
// there are; on-demand jobs count only once requested (RunOnDemand).
func (c *Controller) Counts() (done, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fig == nil {
		return 0, 0
	}
	for i, j := range c.fig.Jobs {
		if j.OnDemand && !c.demand {
			continue
		}
		total++
		if c.results[i].Done {
			done++
		}
	}
	return done, total
}

// Gen is the current generation: Restart, Show and Stop increment it.
func (c *Controller) Gen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Imported reports whether the figure shown is an imported run (Show) and
// no Restart came since.
func (c *Controller) Imported() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.imported
}

// Query is the query of the last Restart.
func (c *Controller) Query() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.query
}
