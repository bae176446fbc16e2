package sweepctl

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"unibias/protocol"
)

// fakeClock is a Scheduler with a manual clock: After queues callbacks that
// Advance runs, in time order, on the calling (test) goroutine.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	seq     int
	pending []timer
	// immediate makes After(0, f) run f at once, in the caller.
	immediate bool
}

type timer struct {
	at  time.Time
	d   time.Duration
	seq int
	f   func()
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)}
}

func (s *fakeClock) After(d time.Duration, f func()) {
	if s.immediate && d <= 0 {
		f()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.pending = append(s.pending, timer{at: s.now.Add(d), d: d, seq: s.seq, f: f})
}

func (s *fakeClock) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance moves the clock by d, running every callback due on the way (also
// those that the callbacks schedule) at its own time.
func (s *fakeClock) Advance(d time.Duration) {
	s.mu.Lock()
	target := s.now.Add(d)
	s.mu.Unlock()
	for {
		s.mu.Lock()
		k := -1
		for i, t := range s.pending {
			if t.at.After(target) {
				continue
			}
			if k < 0 || t.at.Before(s.pending[k].at) || (t.at.Equal(s.pending[k].at) && t.seq < s.pending[k].seq) {
				k = i
			}
		}
		if k < 0 {
			s.now = target
			s.mu.Unlock()
			return
		}
		t := s.pending[k]
		s.pending = append(s.pending[:k], s.pending[k+1:]...)
		if t.at.After(s.now) {
			s.now = t.at
		}
		s.mu.Unlock()
		t.f()
	}
}

// Pending counts the callbacks not yet run; with d > 0 only those scheduled
// with delay d.
func (s *fakeClock) Pending(d time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.pending {
		if d == 0 || t.d == d {
			n++
		}
	}
	return n
}

type describeCall struct {
	gen   int
	query string
	done  func(protocol.Response)
}

type simCall struct {
	gen  int
	job  protocol.FigJob
	done func(protocol.Response)
}

// fakeRunner records the calls; the test answers them, or answerDescribe /
// answerSimulate answer them synchronously, inside the call.
type fakeRunner struct {
	mu             sync.Mutex
	describes      []describeCall
	sims           []simCall
	cancels        []int
	answerDescribe func(gen int, query string) protocol.Response
	answerSimulate func(gen int, job protocol.FigJob) protocol.Response
}

func (r *fakeRunner) Describe(gen int, query string, done func(protocol.Response)) {
	r.mu.Lock()
	r.describes = append(r.describes, describeCall{gen, query, done})
	answer := r.answerDescribe
	r.mu.Unlock()
	if answer != nil {
		done(answer(gen, query))
	}
}

func (r *fakeRunner) Simulate(gen int, job protocol.FigJob, done func(protocol.Response)) {
	r.mu.Lock()
	r.sims = append(r.sims, simCall{gen, job, done})
	answer := r.answerSimulate
	r.mu.Unlock()
	if answer != nil {
		done(answer(gen, job))
	}
}

func (r *fakeRunner) Cancel(gen int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cancels = append(r.cancels, gen)
}

func (r *fakeRunner) describeCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.describes)
}

func (r *fakeRunner) describe(k int) describeCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.describes[k]
}

func (r *fakeRunner) simCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sims)
}

func (r *fakeRunner) sim(k int) simCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sims[k]
}

func (r *fakeRunner) cancelled() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.cancels...)
}

// harness is a Controller on a fake Runner and Scheduler that records its
// OnChange calls.
type harness struct {
	t       *testing.T
	r       *fakeRunner
	s       *fakeClock
	c       *Controller
	mu      sync.Mutex
	changes []Change
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, r: &fakeRunner{}, s: newFakeClock()}
	h.c = New(h.r, h.s)
	h.c.OnChange = func(ch Change) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.changes = append(h.changes, ch)
	}
	return h
}

// count is the number of OnChange calls of kind ch so far.
func (h *harness) count(ch Change) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.changes {
		if c == ch {
			n++
		}
	}
	return n
}

// answerDescribe answers the k-th Describe with fig and runs the hop onto
// the UI goroutine.
func (h *harness) answerDescribe(k int, fig *protocol.Figure) {
	d := h.r.describe(k)
	d.done(protocol.Response{Type: protocol.RespFigure, Gen: d.gen, Figure: fig})
	h.s.Advance(0)
}

// failDescribe answers the k-th Describe with an error.
func (h *harness) failDescribe(k int, msg string) {
	d := h.r.describe(k)
	d.done(protocol.Response{Type: protocol.RespError, Gen: d.gen, Error: msg})
	h.s.Advance(0)
}

// answerSim answers the k-th Simulate with a report whose Version is
// version (not flushed: the batch is applied by advancing the clock).
func (h *harness) answerSim(k int, version string) {
	s := h.r.sim(k)
	s.done(protocol.Response{Type: protocol.RespResult, Gen: s.gen, Report: &protocol.Report{Version: version}, Millis: 5})
}

// answerRun answers simulation call s with a report of version v that has
// a two-point trajectory when the job records it.
func answerRun(s simCall, v string, millis float64) {
	rep := &protocol.Report{Version: v}
	if s.job.Trajectory {
		rep.Trajectory = []protocol.TrajPoint{{Step: 1}, {Step: 2}}
	}
	s.done(protocol.Response{Type: protocol.RespResult, Gen: s.gen, Report: rep, Millis: millis})
}

// startFigure restarts with query, answers its Describe (the last one) with
// fig and lets the debounce pass, so the jobs are queued.
func (h *harness) startFigure(query string, fig *protocol.Figure) {
	h.c.Restart(query)
	h.answerDescribe(h.r.describeCount()-1, fig)
	h.s.Advance(h.c.Debounce)
}

// figure is a figure with n jobs, the last onDemand of them on demand.
func figure(name string, n, onDemand int) *protocol.Figure {
	f := &protocol.Figure{Name: name}
	for i := range n {
		f.Jobs = append(f.Jobs, protocol.FigJob{Query: name + "&job=" + strconv.Itoa(i), OnDemand: i >= n-onDemand})
	}
	return f
}

func assertCounts(t *testing.T, c *Controller, wantDone, wantTotal int) {
	t.Helper()
	if done, total := c.Counts(); done != wantDone || total != wantTotal {
		t.Fatalf("Counts() = %d/%d, want %d/%d", done, total, wantDone, wantTotal)
	}
}
