package app

import (
	"testing"
	"unibias/figure/compose/composetest"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// BenchmarkDiagramRender renders the default-sized diagram (4 series × 7
// points, 120 theory points per curve) from a controller showing 28
// finished simulations.
func BenchmarkDiagramRender(b *testing.B) {
	pl := composetest.FakePlan(7, 120)
	ctl := showing(pl, composetest.FakeResults(pl, 28))
	host := &fakeHost{}
	b.ReportAllocs()
	for b.Loop() {
		_ = app.HTMLString(&Diagram{Params: params.Defaults(), Sweep: ctl, Rev: ctl.Rev(), Host: host})
	}
}

// BenchmarkSweepUpdates mounts the diagram, delivers the description
// through the controller and then 28 results one update at a time: the
// page's work during a default sweep.
func BenchmarkSweepUpdates(b *testing.B) {
	pl := composetest.FakePlan(7, 120)
	fig := protocol.DiagramFigure(pl)
	reports := make([]*protocol.Report, len(pl.Jobs))
	for i := range reports {
		reports[i] = composetest.FakeReport(pl, i)
	}
	b.ReportAllocs()
	for b.Loop() {
		ctl, r := newController()
		h := &diagramHost{ctl: ctl}
		e := app.NewTestEngine()
		if err := e.Load(h); err != nil {
			b.Fatal(err)
		}
		e.ConsumeAll()
		h.do(e, func() { ctl.Restart("") })
		h.do(e, func() { r.describes[0](protocol.Response{Type: protocol.RespFigure, Figure: fig}) })
		if len(r.sims) != 28 {
			b.Fatalf("%d simulations queued", len(r.sims))
		}
		for j := range r.sims {
			h.do(e, func() { r.sims[j](protocol.Response{Type: protocol.RespResult, Report: reports[j]}) })
		}
		if done, _ := ctl.Counts(); done != 28 {
			b.Fatalf("%d results applied", done)
		}
	}
}
