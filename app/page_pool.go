package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// startPool sets the worker pool up for the mounted page (OnMount): as
// many simulation workers as the view and the cores call for, the longest
// jobs first, failures as notices, the phase diagram's simulations held
// for its warm-up; the workers start once the first render is painted.
func (p *Page) startPool(ctx app.Context) {
	cores := 2
	if v := app.Window().Get("navigator").Get("hardwareConcurrency"); v.Truthy() {
		cores = v.Int()
	}
	p.cores = cores
	p.fitWorkers()
	// One worker runs the jobs in any order in the same time; several
	// finish sooner with the longest started first.
	p.sweep.Order = func(fig *protocol.Figure) []int {
		if p.pool.MaxSims() <= 1 {
			return nil
		}
		return LongestFirst(fig)
	}
	p.pool.OnFailure = func(msg string) {
		ctx.Dispatch(func(ctx app.Context) { p.notices.Add(msg) })
	}
	p.pool.installKillHook()
	if p.view.Preset == "" {
		p.pool.HoldJobs() // until the warm-up is done (OnMount, live)
	}
	// The workers are taken over (or started) in a task of their own,
	// once this first render is painted: it was a fifth of the page's
	// first render.
	afterPaint(func() {
		ctx.Dispatch(func(ctx app.Context) {
			ctx.PreventUpdate()
			p.pool.EnsureSims(p.pool.MaxSims())
			// A preset figure's description is a file: its theory
			// worker starts when something asks for it (a missing
			// file, the phase diagram opened from the menu).
			if p.view.Preset == "" {
				p.pool.StartTheory()
			}
		})
	})
}

// fitWorkers sets the pool's simulation workers for the view: a preset
// figure may use every core (PresetWorkerCount), the phase diagram leaves
// one to the page thread (SimWorkerCount). Nothing before OnMount.
func (p *Page) fitWorkers() {
	if p.cores == 0 {
		return
	}
	n := SimWorkerCount(p.cores)
	if p.view.Preset != "" {
		n = PresetWorkerCount(p.cores)
	}
	p.pool.SetMaxSims(n)
}
