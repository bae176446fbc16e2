package sweepctl

import (
	"time"

	"unibias/protocol"
)

// Asking the Runner for the description of the current query and taking
// its answer; the preview shown meanwhile.

// previewRest is how long a previewed query must rest before its
// description is requested: while a slider moves, the preview follows it
// and the Runner computes only the query the slider stops at.
const previewRest = 60 * time.Millisecond

// showPreview shows the Preview of the current query, if there is one, and
// reports whether it did (mu held).
func (c *Controller) showPreview() bool {
	c.previewing = false
	if c.Preview == nil {
		return false
	}
	fig := c.Preview(c.query)
	if fig == nil {
		return false
	}
	c.fig, c.figGen, c.err = fig, c.gen, ""
	c.resetResults()
	c.previewing = true
	return true
}

// requestDescriptionAtRest requests the description of the current query
// once no Restart has followed for previewRest (mu held).
func (c *Controller) requestDescriptionAtRest() {
	gen := c.gen
	c.later(func() {
		c.sched.After(previewRest, func() {
			c.mu.Lock()
			defer c.unlock()
			if gen == c.gen && c.awaiting {
				c.requestDescription()
			}
		})
	})
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
	if gen == c.gen && c.awaiting {
		c.previewing = false
	}
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
