package compose

import (
	"testing"
	"unibias/figure/compose/composetest"

	"unibias/engine/params"
)

// BenchmarkPhaseFigure composes and writes the default-sized phase diagram
// (4 series × 7 points, 120 theory points per curve) with every simulation
// finished, as the command line and the page's export do.
func BenchmarkPhaseFigure(b *testing.B) {
	pl := composetest.FakePlan(7, 120)
	res := composetest.FakeResults(pl, 28)
	p := params.Defaults()
	b.ReportAllocs()
	for b.Loop() {
		_ = PhaseFigure(p, pl, res).SVG()
	}
}

// BenchmarkPhasePanelNode renders one phase panel's tree, the page's work
// per panel when its results change.
func BenchmarkPhasePanelNode(b *testing.B) {
	pl := composetest.FakePlan(7, 120)
	specs, _, _ := PhaseLayout(params.Defaults(), pl, composetest.FakeResults(pl, 28))
	b.ReportAllocs()
	for b.Loop() {
		_ = PhasePanel(specs[2]).Node()
	}
}
