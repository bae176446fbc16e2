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
// reproduces a run bit for bit, so a repeated job is answered at once.
var competeCache struct {
	sync.Mutex
	keys []string
	reps map[string]*protocol.Report
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
	competeCache.Lock()
	rep, ok := competeCache.reps[key]
	competeCache.Unlock()
	if ok {
		return rep, nil
	}
	var progress compete.Progress
	if more != nil {
		progress = func(done, total int) bool { return more() }
	}
	rep, err := compete.Run(ctx, p, progress)
	if err != nil {
		return nil, err
	}
	competeCache.Lock()
	defer competeCache.Unlock()
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
