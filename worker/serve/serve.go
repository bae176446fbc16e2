// Package serve is the platform-independent core of the Web Worker: it turns
// protocol requests into engine calls and answers. The js/wasm entry point
// only moves messages; this package is tested natively.
package serve

import (
	"context"
	"net/url"
	"time"

	"unibias/engine/compete"
	"unibias/engine/experiment"
	"unibias/engine/measure"
	"unibias/engine/params"
	"unibias/engine/preset"
	"unibias/engine/sweep"
	"unibias/engine/train"
	"unibias/protocol"
)

// Handler processes requests one at a time.
type Handler struct {
	post    func(protocol.Response)
	drain   func() []protocol.Request
	yield   func()
	pending []protocol.Request
	cancel  int // jobs with Gen < cancel are dropped
	live    *live
	// YieldEvery is how long work runs before yielding to the event loop.
	YieldEvery time.Duration
	// Tick is the interval between live-run snapshots.
	Tick time.Duration
}

type live struct {
	id, gen   int
	setup     *experiment.Setup
	runner    *train.Runner
	paused    bool
	speed     int // steps per tick; 0 = as many as fit in the tick
	stepBy    int // pending single steps while paused
	sent      int // trajectory points already sent
	theory    bool
	lastTick  time.Time
	start     time.Time
	stepsDone int
	finished  bool
}

// New returns a handler that answers through post, fetches newly arrived
// requests with drain and yields to the event loop with yield.
func New(post func(protocol.Response), drain func() []protocol.Request, yield func()) *Handler {
	return &Handler{post: post, drain: drain, yield: yield, YieldEvery: 40 * time.Millisecond, Tick: 66 * time.Millisecond}
}

func (h *Handler) absorb() {
	for _, r := range h.drain() {
		switch r.Type {
		case protocol.ReqCancel:
			if r.Gen > h.cancel {
				h.cancel = r.Gen
			}
			if h.live != nil && h.live.gen < h.cancel {
				h.live = nil
			}
		case protocol.ReqControl:
			h.control(r)
		default:
			h.pending = append(h.pending, r)
		}
	}
}

// Poll does one unit of work and reports whether there may be more to do
// without new messages (false: wait for a message).
func (h *Handler) Poll() bool {
	h.absorb()
	for len(h.pending) > 0 {
		r := h.pending[0]
		h.pending = h.pending[1:]
		if r.Gen < h.cancel {
			continue
		}
		h.handle(r)
		return true
	}
	if h.live != nil && !h.live.finished && (!h.live.paused || h.live.stepBy > 0) {
		h.tickLive()
		return true
	}
	return false
}

func (h *Handler) handle(r protocol.Request) {
	switch r.Type {
	case protocol.ReqSimulate:
		h.simulate(r)
	case protocol.ReqRun:
		h.startLive(r)
	case protocol.ReqFigure:
		start := time.Now()
		fig, notices, err := Describe(r.Query, r.Dense)
		if err != nil {
			h.post(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: err.Error()})
			return
		}
		if fig.Plan != nil {
			fig.Plan.Notices = append(notices, fig.Plan.Notices...)
		}
		h.post(protocol.Response{Type: protocol.RespFigure, ID: r.ID, Gen: r.Gen, Figure: fig, Millis: ms(time.Since(start))})
	default:
		h.post(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: "unknown request type " + r.Type})
	}
}

// Describe builds the figure of a page query: the preset named by its
// "preset" key, or else the phase diagram of its parameters (the plan with
// dense theory curves, protocol.DiagramFigure). The notices say which
// parameters were clamped or replaced.
func Describe(query string, dense int) (*protocol.Figure, []string, error) {
	if q, err := url.ParseQuery(query); err == nil && q.Get("preset") != "" {
		fig, err := preset.Build(q.Get("preset"))
		return fig, nil, err
	}
	p, notices := Parse(query)
	plan, err := MakePlan(p, dense)
	if err != nil {
		return nil, notices, err
	}
	return protocol.DiagramFigure(plan), notices, nil
}

// Parse decodes a query into a parameter set (clamping, with notices).
func Parse(query string) (params.Set, []string) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return params.FromQuery(url.Values{})
	}
	return params.FromQuery(q)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// MakePlan expands the sweep of p and evaluates its full theory curves
// on dense points along x (sweep.MakePlan).
func MakePlan(p params.Set, dense int) (*protocol.Plan, error) {
	return sweep.MakePlan(p, dense, sweep.Full)
}

// simulate runs one job to the end, yielding regularly; a cancel for its
// generation aborts it silently.
func (h *Handler) simulate(r protocol.Request) {
	if compete.Wanted(r.Query) {
		h.competeJob(r)
		return
	}
	p, _ := Parse(r.Query)
	h.runJob(r, 1, func(progress func() bool) (*protocol.Report, error) {
		return experiment.Simulate(context.Background(), p, r.Trajectory, func(*train.Runner) bool { return progress() })
	})
}

// runJob runs one simulation job: run trains (calling progress, which
// yields to the worker's message loop now and then and reports false once
// the job's generation is cancelled), and the result or the error is posted;
// a cancelled job posts nothing. trainings is how many networks run trains,
// for the reported steps per second.
func (h *Handler) runJob(r protocol.Request, trainings int, run func(progress func() bool) (*protocol.Report, error)) {
	start := time.Now()
	last := time.Now()
	canceled := false
	rep, err := run(func() bool {
		if time.Since(last) > h.YieldEvery {
			h.yield()
			h.absorb()
			last = time.Now()
			if r.Gen < h.cancel {
				canceled = true
				return false
			}
		}
		return true
	})
	if canceled {
		return
	}
	if err != nil {
		h.post(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: err.Error()})
		return
	}
	el := time.Since(start)
	resp := protocol.Response{Type: protocol.RespResult, ID: r.ID, Gen: r.Gen, Report: rep, Millis: ms(el)}
	if el > 0 {
		resp.StepsPerSec = float64(trainings*rep.StepsRun) / el.Seconds()
	}
	h.post(resp)
}

func (h *Handler) startLive(r protocol.Request) {
	p, _ := Parse(r.Query)
	s, err := experiment.Build(p)
	if err == nil {
		n, e := s.NewNet()
		if e == nil {
			h.live = &live{id: r.ID, gen: r.Gen, setup: s, runner: train.NewRunner(n, s.Data, s.Options()), speed: r.N, start: time.Now(), paused: r.Action == "pause"}
			h.sendLive(true)
			return
		}
		err = e
	}
	h.post(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: err.Error()})
}

func (h *Handler) control(r protocol.Request) {
	l := h.live
	if l == nil || l.id != r.ID {
		return
	}
	switch r.Action {
	case "pause":
		l.paused = true
		h.sendLive(false)
	case "resume":
		l.paused = false
	case "step":
		n := r.N
		if n < 1 {
			n = 1
		}
		l.paused = true
		l.stepBy += n
	case "speed":
		l.speed = r.N
	case "stop":
		h.live = nil
	}
}

func (h *Handler) tickLive() {
	l := h.live
	deadline := time.Now().Add(h.Tick)
	if l.stepBy > 0 {
		l.runner.Advance(l.stepBy)
		l.stepBy = 0
	} else if l.speed > 0 {
		l.runner.Advance(l.speed)
		// Sleep out the rest of the tick so the speed is steps per tick.
		for time.Now().Before(deadline) {
			h.yield()
			h.absorb()
			if h.live != l {
				return
			}
		}
	} else {
		for time.Now().Before(deadline) && !l.runner.Done() {
			l.runner.Advance(64)
		}
	}
	h.sendLive(false)
	h.yield()
}

func (h *Handler) sendLive(first bool) {
	l := h.live
	if l == nil {
		return
	}
	r := l.runner
	traj := r.Trajectory()
	pr := &protocol.Progress{Step: r.Step(), Status: string(r.Status()), Reason: r.Reason(), Paused: l.paused, Loss: protocol.N(r.Loss()), Reset: first}
	if first {
		t := l.setup.TheoryReport()
		pr.Theory = &t
	}
	for _, p := range traj[l.sent:] {
		pr.Points = append(pr.Points, l.setup.TrajPoint(p))
	}
	l.sent = len(traj)
	if r.Step() > 0 {
		m := measure.Read(r.Dense(), l.setup.Spec())
		if m.TA >= 0 {
			pr.TA = protocol.N(float64(m.TA))
		}
		if m.TB >= 0 && (r.Done() || m.BLearned) {
			pr.TB = protocol.N(float64(m.TB))
		}
	}
	if el := time.Since(l.start).Seconds(); el > 0 {
		pr.SPS = float64(r.Step()) / el
	}
	if r.Done() {
		l.finished = true
		if r.Status() == train.Diverged {
			rep := l.setup.Report(r, false)
			pr.Reason = rep.Reason
		}
	}
	h.post(protocol.Response{Type: protocol.RespProgress, ID: l.id, Gen: l.gen, Progress: pr})
}
