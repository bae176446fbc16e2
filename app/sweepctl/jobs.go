package sweepctl

import (
	"slices"

	"unibias/protocol"
)

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
	if c.Gate != nil && !c.approved {
		if todo := c.toSimulate(); todo != nil && !c.Gate(todo) {
			c.held = true
			return true
		}
	}
	c.held = false
	c.jobsStarted = true
	var order []int
	if c.Order != nil {
		order = c.Order(c.fig)
	}
	for _, i := range order {
		if i >= 0 && i < len(c.fig.Jobs) && (!c.fig.Jobs[i].OnDemand || c.demand) && !c.queued[i] {
			c.queue(i)
		}
	}
	for i, j := range c.fig.Jobs {
		if (!j.OnDemand || c.demand) && !c.queued[i] {
			c.queue(i)
		}
	}
	return true
}

// queue sends job i of the shown figure to the Runner, unless a kept result
// (reuse.go) or a job of the same simulation answers it, and starts the
// clock if it is not running (mu held).
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
	if r, ok := c.kept.lookup(job); ok {
		c.inbox = append(c.inbox, delivery{gen, i, protocol.Response{Report: r.Report, Millis: r.Millis}})
		c.scheduleFlush()
		return
	}
	key := simKey(job)
	if c.leads == nil {
		c.leads, c.twins = map[string]int{}, map[int][]int{}
	}
	if t := c.recordingTwin(i); t >= 0 {
		// The same run recording its trajectory answers this job too.
		if !c.queued[t] {
			c.queue(t)
		}
		key = simKey(c.fig.Jobs[t])
	}
	// A lead that is done has its result kept (answered above) or failed.
	if lead, ok := c.leads[key]; ok && lead != i && !c.results[lead].Done {
		c.twins[lead] = append(c.twins[lead], i) // answered with its lead
		return
	}
	c.leads[key] = i
	c.later(func() {
		c.runner.Simulate(gen, job, func(r protocol.Response) { c.deliver(gen, i, r) })
	})
}

// recordingTwin returns a job of the shown figure that runs the same
// simulation as job i, which does not record its trajectory, but records
// it, and is to run now (not on demand, or on demand requested); -1 when
// there is none. A run's report does not depend on whether its trajectory
// is recorded (TestTrajectoryDoesNotChangeTheRun, engine/experiment), so
// the twin's answer, its trajectory dropped, is job i's (mu held).
func (c *Controller) recordingTwin(i int) int {
	job := c.fig.Jobs[i]
	if job.Trajectory {
		return -1
	}
	for t, j := range c.fig.Jobs {
		if j.Trajectory && j.Query == job.Query && (!j.OnDemand || c.demand) {
			return t
		}
	}
	return -1
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
	c.scheduleFlush()
}

// scheduleFlush arranges for the inbox to be applied after the batching
// delay (mu held).
func (c *Controller) scheduleFlush() {
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
		c.results[d.index] = c.resultOf(d.index, d.resp)
		c.kept.keep(c.fig.Jobs[d.index], c.results[d.index])
		c.outstanding--
		for _, t := range c.twins[d.index] {
			if !c.results[t].Done {
				c.results[t] = c.resultOf(t, d.resp)
				c.outstanding--
			}
		}
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

// resultOf is job index's result from an answer, which may be a twin's:
// a job that does not record its trajectory has none (mu held).
func (c *Controller) resultOf(index int, r protocol.Response) protocol.JobResult {
	res := jobResult(r)
	if rep := res.Report; rep != nil && rep.Trajectory != nil && !c.fig.Jobs[index].Trajectory {
		plain := *rep
		plain.Trajectory = nil
		res.Report = &plain
	}
	return res
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

// Held reports whether the jobs of the current figure wait for Approve
// (Gate refused them).
func (c *Controller) Held() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}

// Approve starts the jobs Gate held (the visitor chose to run them); it
// does nothing when none are held.
func (c *Controller) Approve() {
	c.mu.Lock()
	defer c.unlock()
	if !c.held {
		return
	}
	c.approved = true
	if c.startJobs(c.gen) {
		c.touch(ResultsChanged)
	}
}
