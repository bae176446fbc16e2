package app

import (
	"encoding/json"
	"testing"

	"unibias/protocol"
	"unibias/worker/serve"
)

// TestPrecompile: Precompile mounts the page at an address and gives it
// the description the page will have (a preset's prebuilt one, the
// prerendered one), and starts its simulations into the pool without
// starting a worker; a description of another figure is not taken.
func TestPrecompile(t *testing.T) {
	describe := func(query string) string {
		fig, _, err := serve.Describe(query, denseTheory)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(fig)
		return string(b)
	}
	portrait := describe(KeyPreset + "=portrait")
	var pr Prerendered
	pr.Query = FigureQuery("")
	if err := json.Unmarshal([]byte(describe(pr.Query)), &pr.Figure); err != nil {
		t.Fatal(err)
	}
	prerendered, _ := json.Marshal(pr)
	for _, c := range []struct {
		search, prerendered, preset string
		want                        string // the figure described; "" none
		given                       bool   // with the description given
	}{
		{"?preset=portrait", "", portrait, "portrait", true},
		{"", string(prerendered), "", pr.Figure.Name, true},
		{"?preset=relu", "", portrait, "", false},                    // another preset's file
		{"?ratio=3", string(prerendered), "", pr.Figure.Name, false}, // the prerendered figure is the default's; the page previews its own
		{"?preset=portrait", "", "<html>not found</html>", "", false},
	} {
		p, err := precompile(c.search, c.prerendered, c.preset)
		if err != nil {
			t.Errorf("%q: %v", c.search, err)
			continue
		}
		if precompiling {
			t.Errorf("%q: still precompiling", c.search)
		}
		fig := p.sweep.Figure()
		if got := ""; fig != nil {
			got = fig.Name
			if got != c.want {
				t.Errorf("%q: described %q, want %q", c.search, got, c.want)
			}
		} else if c.want != "" {
			t.Errorf("%q: not described, want %q", c.search, c.want)
		}
		if _, given := p.pool.figures[FigureQuery(c.search)]; given != c.given {
			t.Errorf("%q: description given %v, want %v", c.search, given, c.given)
		}
		// The start of the figure's simulations ran too (precompileJobs),
		// into the offline pool.
		if fig != nil && len(fig.Jobs) > 0 && len(p.pool.queue) == 0 {
			t.Errorf("%q: no simulation of the figure was queued", c.search)
		}
		for _, w := range append([]*workerConn{p.pool.theory}, p.pool.sims...) {
			if w != nil && w.started {
				t.Errorf("%q: worker %s started", c.search, w.name)
			}
		}
	}
}

// Precompile runs to the end for every preset with its own description:
// its figure warm-ups (warmFigure, warmCompose) draw and compose every
// preset's first panel from reports without values.
func TestPrecompileEveryPreset(t *testing.T) {
	for _, pr := range protocol.Presets {
		fig, _, err := serve.Describe(KeyPreset+"="+pr.Name, denseTheory)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(fig)
		p, err := precompile("?preset="+pr.Name, "", string(b))
		if err != nil {
			t.Errorf("%s: %v", pr.Name, err)
			continue
		}
		if f := p.sweep.Figure(); f == nil || f.Name != pr.Name {
			t.Errorf("%s: not described", pr.Name)
		}
	}
}
