package sweepctl

import (
	"strconv"

	"unibias/protocol"
)

// Results are kept while the page is open, by simulation: the same
// parameters and seed give the same bits, so a figure shown again — a
// slider moved back, a preset revisited, the phase diagram after a preset
// — takes the results it had instead of simulating them again. The cache
// holds at most maxKept results and maxKeptPoints trajectory points, the
// oldest dropped first; a failed simulation is not kept.
const (
	maxKept       = 4096
	maxKeptPoints = 200_000
)

// resultCache is the Controller's store of finished simulations.
type resultCache struct {
	byKey  map[string]protocol.JobResult
	order  []string // keys, oldest first
	points int
}

// simKey names a job's simulation: its query and whether it records the
// trajectory.
func simKey(j protocol.FigJob) string {
	return j.Query + "\x00" + strconv.FormatBool(j.Trajectory)
}

// lookup returns a kept result that answers job j: its own simulation's,
// or, for a job that does not record its trajectory, that of the same run
// that did (the Controller drops the trajectory: resultOf).
func (rc *resultCache) lookup(j protocol.FigJob) (protocol.JobResult, bool) {
	if r, ok := rc.byKey[simKey(j)]; ok {
		return r, true
	}
	if !j.Trajectory {
		j.Trajectory = true
		r, ok := rc.byKey[simKey(j)]
		return r, ok
	}
	return protocol.JobResult{}, false
}

// keep stores the result of job j's simulation if it succeeded, dropping
// the oldest results beyond the bounds.
func (rc *resultCache) keep(j protocol.FigJob, r protocol.JobResult) {
	if !r.Done || r.Err != "" || r.Report == nil {
		return
	}
	key := simKey(j)
	if _, ok := rc.byKey[key]; ok {
		return
	}
	if rc.byKey == nil {
		rc.byKey = map[string]protocol.JobResult{}
	}
	rc.byKey[key] = r
	rc.order = append(rc.order, key)
	rc.points += len(r.Report.Trajectory)
	for len(rc.order) > 1 && (len(rc.order) > maxKept || rc.points > maxKeptPoints) {
		old := rc.order[0]
		rc.order = rc.order[1:]
		rc.points -= len(rc.byKey[old].Report.Trajectory)
		delete(rc.byKey, old)
	}
}

// toSimulate is the shown figure as the Gate sees it: the figure itself
// when no kept result answers any of its jobs to run now, a copy without
// the jobs kept results answer, or nil when they answer all of them (mu
// held).
func (c *Controller) toSimulate() *protocol.Figure {
	var todo []protocol.FigJob
	kept := 0
	for _, j := range c.fig.Jobs {
		if j.OnDemand && !c.demand {
			continue
		}
		if _, ok := c.kept.lookup(j); ok {
			kept++
			continue
		}
		todo = append(todo, j)
	}
	switch {
	case kept == 0:
		return c.fig
	case len(todo) == 0:
		return nil
	}
	fig := *c.fig
	fig.Jobs = todo
	return &fig
}
