package app

// How many simulation workers the pool runs: the rules per view, and the
// pool's maximum.

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

// HoldJobs keeps queued simulations from going to the workers until
// ReleaseJobs. The phase diagram holds its sweep while the page comes
// alive and warms up (app/warmup.go): its workers, started while the page
// loaded, would otherwise answer during the start-up, and the first
// results would be drawn by code not compiled yet.
func (p *Pool) HoldJobs() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdJobs = true
}

// ReleaseJobs sends the held simulations to the idle workers.
func (p *Pool) ReleaseJobs() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdJobs = false
	p.dispatchLocked()
}
