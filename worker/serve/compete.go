package serve

import (
	"context"
	"sync"

	"unibias/engine/compete"
	"unibias/protocol"
)

// competeJob answers a simulation job whose query carries compete=1: the
// joint network and each modality alone (engine/compete, docs/theory.md
// §10.2), yielding regularly; a cancel for its generation aborts it
// silently.
func (h *Handler) competeJob(r protocol.Request) {
	h.runJob(r, 3, func(progress func() bool) (*protocol.Report, error) {
		return RunCompete(context.Background(), r.Query, progress)
	})
}

// competeCache keeps the last few comparisons by their canonical query: a
// figure draws one comparison in several panels (one job each), and a seed
// reproduces a run bit for bit, so a repeated job is answered at once. A
// job that asks for a comparison already being computed (the command
// line's figure runs jobs on several goroutines) waits for it instead of
// computing it again.
var competeCache struct {
	sync.Mutex
	keys    []string
	reps    map[string]*protocol.Report
	running map[string]*competeFlight
}

// competeFlight is a comparison being computed; done is closed when rep or
// err is set.
type competeFlight struct {
	done chan struct{}
	rep  *protocol.Report
	err  error
}

const competeCacheSize = 16

// RunCompete runs the joint-versus-unimodal comparison of a job's query
// (parameters clamped as for any job); more is asked between chunks of
// steps and cancels when it returns false. The page's worker and the
// command line's figure jobs both call it. The report is shared with the
// cache: callers must not modify it.
func RunCompete(ctx context.Context, query string, more func() bool) (*protocol.Report, error) {
	p, _ := Parse(query)
	key := p.Encode()
	for {
		competeCache.Lock()
		rep, ok := competeCache.reps[key]
		f := competeCache.running[key]
		if !ok && f == nil {
			break // computed here, below, with competeCache still locked
		}
		competeCache.Unlock()
		if ok {
			return rep, nil
		}
		var canceled <-chan struct{}
		if ctx != nil {
			canceled = ctx.Done()
		}
		select {
		case <-f.done:
			if f.err == nil {
				return f.rep, nil
			}
			// It failed (or was canceled by its own caller): try again here.
		case <-canceled:
			return nil, compete.ErrCanceled
		}
	}
	f := &competeFlight{done: make(chan struct{})}
	if competeCache.running == nil {
		competeCache.running = map[string]*competeFlight{}
	}
	competeCache.running[key] = f
	competeCache.Unlock()
	var progress compete.Progress
	if more != nil {
		progress = func(done, total int) bool { return more() }
	}
	rep, err := compete.Run(ctx, p, progress)
	competeCache.Lock()
	defer competeCache.Unlock()
	delete(competeCache.running, key)
	f.rep, f.err = rep, err
	close(f.done)
	if err != nil {
		return nil, err
	}
	if competeCache.reps == nil {
		competeCache.reps = map[string]*protocol.Report{}
	}
	if _, ok := competeCache.reps[key]; !ok {
		if len(competeCache.keys) == competeCacheSize {
			delete(competeCache.reps, competeCache.keys[0])
			competeCache.keys = competeCache.keys[1:]
		}
		competeCache.keys = append(competeCache.keys, key)
		competeCache.reps[key] = rep
	}
	return rep, nil
}
