// Package app is the browser user interface of unibias, written with go-app
// v10. It shows the phase diagram of unimodal bias (docs/theory.md §7) — for
// each value of a series parameter, the predicted times t_A and t_B at which
// the two modalities are learned (§5 closed forms, §4 reduced ODE) along a
// sweep axis, with the simulated times measured as in §6 on top — the
// figures of the paper (presets) and a live training run.
//
// The page thread only renders. Web Workers (package worker) describe
// figures and run simulations; package figure/compose turns descriptions and
// results into figure descriptions (package figure), which the components
// draw. The package imports only engine/params (the one parameter table),
// protocol, figure, figure/compose and go-app, which keeps app.wasm small.
//
// State: Page (page.go) is the root and holds view state only — the
// parameters, the view keys of the address (view.go), the notices and the
// live run asked for. The figure on screen lives in a sweepctl.Controller
// (package app/sweepctl); the worker Pool (workers.go) runs the work of
// every view. Components redraw alone through redrawAlone (redraw.go).
//
// Components, inputs in and callbacks out: Diagram (diagram.go), PresetView
// (presetview.go), PanelView (svgui.go, one figure panel), Readout,
// LiveRun (live.go), Controls (the parameter form), DataBar (share.go:
// downloads, run-file import, link copy), ClassroomBar with TourDialog and
// ShareDialog (classroom.go), FigureButtons (exportui.go) and NoticeBar.
// PrerenderHTML (prerender_html.go) is the page's first render, written
// into index.html by app/prerender; the live page then takes it over in
// steps (takeover.go).
package app
