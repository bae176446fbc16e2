package sweepctl

import (
	"time"

	"unibias/protocol"
)

// Figure is the figure shown (nil before the first description, after a
// description error, or for an empty import).
func (c *Controller) Figure() *protocol.Figure {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fig
}

// ToSimulate is the shown figure as the Gate sees it: without the jobs
// that kept results answer (nil when they answer all of them).
func (c *Controller) ToSimulate() *protocol.Figure {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fig == nil {
		return nil
	}
	return c.toSimulate()
}

// Previewing reports whether the figure shown is the current query's
// Preview, its full description still to come.
func (c *Controller) Previewing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.previewing && c.awaiting
}

// Stale reports whether the figure shown is not the current query's: its
// description is being computed.
func (c *Controller) Stale() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.awaiting && c.fig != nil && !c.previewing
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
