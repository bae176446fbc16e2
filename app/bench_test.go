package app

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
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
