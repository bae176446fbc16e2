package app

import (
	"encoding/json"
	"errors"

	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// Start-up precompile. On a first visit (nothing in the browser's code
// cache) the browser compiles each WebAssembly function when it is first
// called, on the page's thread: decoding the first figure description and
// drawing the first figure compiled about 330 functions — 0.28 s, in the
// one task that decoded the description (the JSON decoder, the figure's
// axes and text). precompileSteps run the same code on a tiny figure, one
// part a task, before the prerendered description is decoded or while a
// preset's description is computed by a worker: the compiling is spread
// over frames. A compiled function stays compiled whatever its input, so a
// small figure does; what the steps build is dropped.

// tinyFigure is a preset description with a line, a dashed and a
// horizontal reference, a marked point, log axes and a job; tinyResult is
// that job's result.
const (
	tinyFigure = `{"name":"warm","title":"warm","panels":[{"id":"p","title":"p","xlabel":"x","ylabel":"y","ylog":true,"xmin":0,"xmax":1,` +
		`"lines":[{"label":"a","series":0,"points":[[0,1],[0.5,2],[1,4]]},{"label":"b","series":1,"dash":true,"points":[[0,2],[1,3]]},` +
		`{"label":"c","series":0,"kind":"hline","at":2}],"marks":[{"x":0.5,"y":2,"label":"m"}],"compare":"ratio","tol":0.01}],` +
		`"jobs":[{"query":"rho=0","panel":"p","series":0,"x":0.5,"extract":"ratio"}],"legend":["a","b"]}`
	tinyResult = `{"type":"result","id":1,"gen":1,"report":{"version":"0","params":{"rho":"0"},"status":"converged",` +
		`"t_A":100,"t_B":300,"ratio":3,"theory":{"ok":true,"ratio":3,"t_A":100,"t_B":300}}}`
)

// precompile holds what the steps build, for the next step (and tests).
type precompile struct {
	fig    protocol.Figure
	res    protocol.Response
	err    error
	panel  *figure.Panel
	counts compose.PanelCounts
}

// precompileSteps are the start-up precompile's tasks.
func precompileSteps() []func() { return (&precompile{}).steps() }

func (w *precompile) steps() []func() {
	return []func(){
		func() { // the JSON decoder, on a description's and a result's shapes
			w.err = errors.Join(json.Unmarshal([]byte(tinyFigure), &w.fig), json.Unmarshal([]byte(tinyResult), &w.res))
		},
		func() { // a preset panel composed, as PresetView composes it
			if len(w.fig.Panels) > 0 && w.res.Report != nil {
				w.panel, w.counts = compose.PresetPanel(&w.fig, []*protocol.Report{w.res.Report}, &w.fig.Panels[0])
			}
		},
		func() { // its theory layer written as SVG (PanelView)
			if w.panel != nil {
				base, _ := w.panel.Layers()
				_ = base.XML()
			}
		},
		func() { // its marks, the agreement readout and the legend
			if w.panel != nil {
				_ = w.panel.MarksNode(w.panel.Picks()).XML()
				_, _ = compose.PresetAgreement(&w.fig, []*protocol.Report{w.res.Report})
				_ = compose.PresetLegend(&w.fig)
			}
		},
	}
}
