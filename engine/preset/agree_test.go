package preset

import (
	"context"
	"net/url"
	"runtime"
	"sync"
	"testing"

	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/protocol"
)

// TestPresetSimulationsAgree runs every compared simulation of the presets
// with a closed form and checks each against the tolerance of docs/theory.md §8.6
// that its panel states: ratio-rho (§5.10, 3%; ReLU 5%), misattribution
// (0.015 absolute), the heat map's coarse grid (§5.3 at η = 0.004, 4%), deep
// aligned nets vs the reduced ODE (1%) and the ReLU toy.
func TestPresetSimulationsAgree(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("runs ~150 simulations: native, non-short only")
	}
	type item struct {
		fig   string
		panel *protocol.Panel
		job   protocol.FigJob
	}
	var items []item
	for _, name := range []string{"early-late", "portrait", "ratio-rho", "misattribution", "heatmap", "deep", "relu"} {
		fig, err := Build(name)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*protocol.Panel{}
		for i := range fig.Panels {
			byID[fig.Panels[i].ID] = &fig.Panels[i]
		}
		for _, j := range fig.Jobs {
			p := byID[j.Panel]
			kind, tol := p.Compare, p.Tol
			if j.Compare != "" {
				kind, tol = j.Compare, j.Tol
			}
			if kind == "" || kind == "none" || tol == 0 {
				continue
			}
			items = append(items, item{name, p, j})
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for _, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func(it item) {
			defer wg.Done()
			defer func() { <-sem }()
			q, _ := url.ParseQuery(it.job.Query)
			p, _ := params.FromQuery(q)
			rep, err := experiment.Simulate(context.Background(), p, false, nil)
			if err != nil {
				t.Errorf("%s: %v", it.fig, err)
				return
			}
			dev, tol, rel, ok := protocol.Deviation(it.panel, &it.job, rep)
			if !ok {
				t.Errorf("%s/%s x=%v: no comparison possible (%s)", it.fig, it.panel.ID, it.job.X, rep.Status)
				return
			}
			if dev > tol {
				unit := ""
				if rel {
					unit = " (relative)"
				}
				t.Errorf("%s/%s %s x=%v y=%v: deviation %.4f > %.4f%s", it.fig, it.panel.ID, it.job.Label, it.job.X, it.job.Y, dev, tol, unit)
			}
		}(it)
	}
	wg.Wait()
	t.Logf("%d preset simulations compared with theory", len(items))
}
