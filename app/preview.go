package app

import (
	"net/url"

	"unibias/engine/params"
	"unibias/engine/sweep"
	"unibias/protocol"
)

// Instant theory. While a control moves, the diagram follows it with
// curves computed on the page's own thread: the closed forms of
// docs/theory.md §5 (and, for early fusion, whose times only the reduced
// ODE gives, the ODE of §4) on previewDense points per curve, a few
// milliseconds in all. The theory worker's full description, with the
// dashed reduced-ODE curves on denseTheory points, follows once the
// control rests (sweepctl.Controller.Preview).

// previewDense is the number of x points of a preview's theory curves:
// enough for smooth curves at the width of a panel, a fifth of the work of
// the full description. With more than four series each curve gets fewer
// (previewPoints in all, at least previewMinDense a curve), so the cost
// of a preview stays a few milliseconds.
const (
	previewDense    = 24
	previewMinDense = 12
	previewPoints   = 96
)

// Preview returns the closed-form description of a phase-diagram query, or
// nil where none is due: a preset, a description the pool already has (it
// is answered at once), or data whose theory needs more than population
// moments of scalar modalities (samples, dimensions in the hundreds), which
// could hold the page's thread for longer than a frame.
func (p *Pool) Preview(query string) *protocol.Figure {
	p.mu.Lock()
	_, known := p.figures[query]
	p.mu.Unlock()
	if known {
		return nil
	}
	return previewFigure(query)
}

func previewFigure(query string) *protocol.Figure {
	q, err := url.ParseQuery(query)
	if err != nil || q.Get(KeyPreset) != "" {
		return nil
	}
	s, _ := params.FromQuery(q)
	if s.Get("data") != "toy" {
		return nil
	}
	series := 1
	if s.Get("series") != "" {
		series = max(1, len(s.List("values")))
	}
	dense := min(previewDense, max(previewMinDense, previewPoints/series))
	plan, err := sweep.MakePlan(s, dense, sweep.ClosedForm)
	if err != nil {
		return nil
	}
	return protocol.DiagramFigure(plan)
}
