package app

import "testing"

// The precompile steps run the code they are meant to compile: the tiny
// description and result decode, and the panel composes with its theory
// lines and the simulated mark (a typo in the JSON would silently leave
// the figure code out).
func TestPrecompileDrawsItsFigure(t *testing.T) {
	w := &precompile{}
	for _, step := range w.steps() {
		step()
	}
	if w.err != nil {
		t.Fatal(w.err)
	}
	if len(w.fig.Panels) != 1 || len(w.fig.Panels[0].Lines) != 3 || len(w.fig.Jobs) != 1 || w.res.Report == nil || w.res.Report.Ratio == nil {
		t.Fatalf("tiny figure or result did not decode: %+v %+v", w.fig, w.res)
	}
	if w.counts.Theory < 3 || w.counts.Sim != 1 {
		t.Fatalf("tiny panel: %d theory marks, %d simulated, want ≥ 3 and 1", w.counts.Theory, w.counts.Sim)
	}
}
