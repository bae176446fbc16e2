package app

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
	"unibias/protocol"
)

// BenchmarkDiagramRender renders the default-sized diagram (4 series × 7
// points, 120 theory points per curve) with every simulation finished.
func BenchmarkDiagramRender(b *testing.B) {
	pl := fakePlan(7, 120)
	res := fakeResults(pl, 28)
	for i := 0; i < b.N; i++ {
		_ = app.HTMLString(&Diagram{Params: params.Defaults(), Plan: pl, Results: res, Rev: i})
	}
}

// diagramHost holds a mounted Diagram and changes its inputs through its
// own context, as the Page does.
type diagramHost struct {
	app.Compo
	ctx  app.Context
	plan *protocol.Plan
	res  []JobResult
	rev  int
}

func (h *diagramHost) OnPreRender(ctx app.Context) { h.ctx = ctx } // natively OnMount is not called

func (h *diagramHost) ParamsChanged(ctx app.Context, p params.Set) {}

func (h *diagramHost) Render() app.UI {
	return app.Div().Body(&Diagram{Params: params.Defaults(), Plan: h.plan, Results: h.res, Rev: h.rev},
		&Controls{Params: params.Defaults(), OnChange: h})
}

// BenchmarkSweepUpdates mounts the empty diagram, delivers a plan and then
// 28 results one update at a time: the page's work during a default sweep.
func BenchmarkSweepUpdates(b *testing.B) {
	pl := fakePlan(7, 120)
	all := fakeResults(pl, 28)
	for i := 0; i < b.N; i++ {
		e := app.NewTestEngine()
		h := &diagramHost{}
		if err := e.Load(h); err != nil {
			b.Fatal(err)
		}
		e.ConsumeAll()
		h.ctx.Dispatch(func(ctx app.Context) { h.plan, h.res, h.rev = pl, make([]JobResult, 28), 1 })
		e.ConsumeAll()
		for j := 0; j < 28; j++ {
			h.ctx.Dispatch(func(ctx app.Context) { h.res[j] = all[j]; h.rev++ })
			e.ConsumeAll()
		}
	}
}
