// Package app is the browser user interface of unibias, written with go-app
// v10. It draws the phase diagram of unimodal bias (docs/theory.md §7): for each
// value of a series parameter, the predicted times t_A and t_B at which the
// two modalities are learned (§5 closed forms, §4 reduced ODE) along a sweep
// axis, with the simulated times measured as in §6 put on top, plus the time
// ratio t_B/t_A and a live training run.
//
// The page thread only renders: plans (theory curves) and simulations are
// computed by Web Workers (package worker) that speak package protocol. The
// package imports only engine/params (the one parameter table), protocol and
// go-app, which keeps app.wasm small.
//
// Components, one per file: Page (the root), Diagram (phase-diagram section),
// PhasePanel (one small multiple), RatioPanel (t_B/t_A for every series),
// Readout (agreement and progress), LiveRun (a live training run), Controls
// (the parameter form) and NoticeBar. Pure helpers: Scale and ticks
// (scale.go), paths (path.go), deviation statistics (stats.go), the colour
// palette (palette.go) and the sweep model (model.go). Pool (workers.go)
// owns the Web Workers.
package app
