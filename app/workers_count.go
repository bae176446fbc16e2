package app

// How many simulation workers the pool runs: the rules per view, and the
// pool's maximum. index.html starts as many simulation workers while the
// page loads, by the same two rules (startEarlyWorkers): keep them in step.
// A mismatch costs no correctness: the pool starts what it lacks, and a
// worker it does not take waits idle for a later view.

// SimWorkerCount is the one rule for the number of simulation workers: one
// per core, leaving one core to the page thread, at most four. On a 2-core
// machine a second simulation worker halves a sweep's time but starves the
// page (frame gaps of 150–300 ms measured in headless Chromium).
func SimWorkerCount(cores int) int { return max(1, min(cores-1, 4)) }

// PresetWorkerCount is the rule for a preset figure: one simulation worker
// per core, at most four. A preset's page thread only draws batches of
// results (no slider follows its theory, no phase diagram is redrawn), so
// it needs no core of its own: on a 2-core machine two workers brought the
// deep figure from 14 s to 9.4–9.7 s in headless Chromium, with the worst
// frame gap after the figure was drawn 50–83 ms (pageprobe LiveGap).
func PresetWorkerCount(cores int) int { return max(1, min(cores, 4)) }

// SetMaxSims sets how many simulation workers may run jobs at once (at
// least one). Workers beyond a lowered maximum stay started but get no new
// job.
func (p *Pool) SetMaxSims(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.maxSims = max(1, n)
	want := p.want
	if len(p.queue) > 0 {
		want = max(want, len(p.sims)+len(p.queue))
	}
	p.want = min(want, p.maxSims)
	p.growLocked()
}

// MaxSims returns the number of simulation workers that may run at once.
func (p *Pool) MaxSims() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxSims
}
