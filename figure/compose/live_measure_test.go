package compose

import (
	"strings"
	"testing"

	"unibias/protocol"
)

// Every measure chart of the live run draws its curves from the trajectory's
// §10 measures, skips points where a measure is undefined, and never writes
// NaN.
func TestMeasureCharts(t *testing.T) {
	n := protocol.N
	var pts []protocol.TrajPoint
	for i := 0; i < 50; i++ {
		x := float64(i) / 49
		p := protocol.TrajPoint{Step: i * 10, Loss: n(1 - x), WA: n(x), WB: n(x * x), DecA: n(1 + x), DecB: n(0.1 + x)}
		p.D = n(-1.2 + x)
		p.SA, p.SB, p.KA, p.KB = n(0.7), n(0.4+0.3*x), n(0.83), n(1)
		p.FeatA, p.FeatB, p.ContA, p.ContB = n(2*x+0.1), n(x+0.1), n(2*x+0.01), n(x*x+0.01)
		p.PF, p.PA, p.PB = n(x), n(0.8*x), n(0.2*x*x)
		if i > 0 { // undefined at initialisation
			p.UAB, p.UBA = n(1-0.2*x), n(0.2*x)
		}
		pts = append(pts, p)
	}
	l := &Live{Points: pts, Step: 490, Budget: 1000, Started: true}
	for _, k := range MeasureKinds {
		p := l.MeasureChart(k.Key)
		svg := p.Node().XML()
		if strings.Contains(svg, "NaN") {
			t.Errorf("%s: NaN in the chart", k.Key)
		}
		if !strings.Contains(svg, "live-measure-"+k.Key) {
			t.Errorf("%s: chart class missing", k.Key)
		}
		if curves := strings.Count(svg, `<path class="live-measure`); curves < 1 {
			t.Errorf("%s: %d curves drawn", k.Key, curves)
		}
		if !(p.Y.Min < p.Y.Max) {
			t.Errorf("%s: empty y axis [%g, %g]", k.Key, p.Y.Min, p.Y.Max)
		}
	}
	// An unknown kind falls back to the utilisation rates.
	if p := l.MeasureChart("bogus"); !strings.Contains(p.Class, "utilisation") {
		t.Errorf("unknown kind drew %q", p.Class)
	}
	// The export carries the measure chart shown.
	l.Measure = "decision"
	if f := l.LiveFigure("c"); len(f.Panels) != 3 || !strings.Contains(f.Panels[2].Class, "decision") {
		t.Error("the live figure lacks the measure chart")
	}
}
