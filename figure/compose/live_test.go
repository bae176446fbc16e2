package compose

import (
	"math"
	"strings"
	"testing"

	"unibias/figure"
	"unibias/protocol"
)

// liveRun is a run of 3000 steps that learned A at step 600 and B at 1800,
// as the predictions say (closed form: entrywise initialisation).
func liveRun() *Live {
	l := &Live{Step: 3000, Budget: 20000, InitScheme: "entrywise", Started: true,
		Theory: &protocol.TheoryReport{OK: true, TASteps: protocol.N(600), TBSteps: protocol.N(1800),
			Plateau: []protocol.Num{protocol.N(1.15)}, LossPlateau: protocol.N(0.1), LossZero: protocol.N(1)},
		TA: protocol.N(600), TB: protocol.N(1800)}
	for s := 0; s <= 3000; s += 10 {
		wa := 1.15 / (1 + math.Exp(-float64(s-600)/60))
		wb := 1 / (1 + math.Exp(-float64(s-1800)/60))
		loss := 1.0 - 0.8*wa/1.15 - 0.199*wb
		l.Points = append(l.Points, protocol.TrajPoint{Step: s, Loss: protocol.N(loss), WA: protocol.N(wa), WB: protocol.N(wb)})
	}
	return l
}

func TestLossChart(t *testing.T) {
	l := liveRun()
	p := l.LossChart()
	if p.ID != "live-loss" || !p.Y.Log || p.X.Min != 0 || p.X.Max != 3000 {
		t.Errorf("loss chart %q: log %v, x [%g, %g]", p.ID, p.Y.Log, p.X.Min, p.X.Max)
	}
	// The log domain holds the curve and the plateau.
	if !(p.Y.Min <= 0.001 && p.Y.Max >= 1) {
		t.Errorf("loss domain [%g, %g]", p.Y.Min, p.Y.Max)
	}
	n := p.Node()
	sx, sy := p.Scales()
	plateau := byClass(n, "plateau")
	if len(plateau) != 1 || plateau[0].Get("y1") != figure.Px(sy.Map(0.1)) {
		t.Fatalf("plateau line %d", len(plateau))
	}
	if !hasText(n, "plateau ℒ(M_A)") {
		t.Error("plateau label missing")
	}
	xs, ys := l.series(func(p protocol.TrajPoint) protocol.Num { return p.Loss })
	if c := byClass(n, "live-loss"); len(c) != 1 || c[0].Get("d") != figure.LinePath(xs, ys, sx, sy) {
		t.Error("loss curve missing or not through the points")
	}
	// Predicted times dashed with labels, detected times solid.
	for cls, at := range map[string]float64{"pred-ta": 600, "pred-tb": 1800, "det-ta": 600, "det-tb": 1800} {
		v := byTag(n, "line")
		found := false
		for _, k := range v {
			if hasClass(k, cls) {
				found = true
				if k.Get("x1") != figure.Px(sx.Map(at)) {
					t.Errorf("%s at x %s, want %s", cls, k.Get("x1"), figure.Px(sx.Map(at)))
				}
			}
		}
		if !found {
			t.Errorf("no %s line", cls)
		}
	}
	// t = 600 of 3000 steps on a 354-pixel axis starting at 56.
	if got := byClass(n, "pred-ta")[0].Get("x1"); got != "126.8" {
		t.Errorf("predicted t_A at x = %s, want 126.8", got)
	}
	if !hasText(n, "t_A predicted") || !hasText(n, "t_B predicted") || hasText(n, "no run yet") {
		t.Error("labels of the predicted times missing, or a placeholder over a run")
	}
	// Linear loss axis from 0.
	l.LinearLoss = true
	if q := l.LossChart(); q.Y.Log || q.Y.Min != 0 || q.Y.Max < 1 {
		t.Errorf("linear loss axis [%g, %g] log %v", q.Y.Min, q.Y.Max, q.Y.Log)
	}
}

func TestWeightChart(t *testing.T) {
	l := liveRun()
	p := l.WeightChart()
	n := p.Node()
	sx, sy := p.Scales()
	if p.ID != "live-w" || p.Y.Min >= 0 || p.Y.Max <= 1.15 {
		t.Errorf("weight chart %q y [%g, %g]", p.ID, p.Y.Min, p.Y.Max)
	}
	plateau := byClass(n, "plateau")
	if len(plateau) != 1 || plateau[0].Get("y1") != figure.Px(sy.Map(1.15)) || !hasText(n, "plateau W_A^uni") {
		t.Fatalf("plateau line at W_A^uni missing")
	}
	// The label sits in the middle of the predicted unimodal phase.
	var label *figure.Node
	for _, k := range byClass(n, "ref-label") {
		if k.Text == "plateau W_A^uni" {
			label = k
		}
	}
	if label == nil || label.Get("text-anchor") != "middle" || label.Get("x") != figure.Px((sx.Map(600)+sx.Map(1800))/2) {
		t.Errorf("plateau label %+v", label)
	}
	for _, cls := range []string{"live-wa", "live-wb"} {
		// The curve and the key's sample line.
		if k := len(byClass(n, cls)); k != 2 {
			t.Errorf("%d elements of class %s, want the curve and its key", k, cls)
		}
	}
	ta, tb := byClass(n, "live-ta"), byClass(n, "live-tb")
	if len(ta) != 1 || len(tb) != 1 {
		t.Fatalf("detected markers: %d t_A, %d t_B", len(ta), len(tb))
	}
	if got, want := ta[0].Get("d"), figure.MarkerPath("circle", sx.Map(600), sy.Map(l.valueAt(600, func(p protocol.TrajPoint) protocol.Num { return p.WA })), 5.5); got != want {
		t.Errorf("t_A marker %q, want %q", got, want)
	}
	if math.Abs(l.valueAt(600, func(p protocol.TrajPoint) protocol.Num { return p.WA })-1.15/2) > 1e-9 {
		t.Error("valueAt(600) should be W_A at step 600")
	}
	if ta[0].Kids[0].Text != "t_A detected at step 600" || tb[0].Kids[0].Text != "t_B detected at step 1800" {
		t.Errorf("marker tooltips %q %q", ta[0].Kids[0].Text, tb[0].Kids[0].Text)
	}
	if !hasText(n, "W_A^tot") || !hasText(n, "W_B^tot") {
		t.Error("key labels missing")
	}
	// Not detected yet: no markers, no solid lines.
	l.TA, l.TB = nil, nil
	n = l.WeightChart().Node()
	if len(byClass(n, "live-ta")) != 0 || len(byClass(n, "det-ta")) != 0 {
		t.Error("detected markers drawn before detection")
	}
}

func TestLiveChartsWithoutPoints(t *testing.T) {
	for _, c := range []struct {
		l    *Live
		want string
	}{
		{&Live{}, "no run yet"},
		{&Live{Started: true, Theory: &protocol.TheoryReport{TASteps: protocol.N(600), TBSteps: protocol.N(1800)}}, "waiting for the first steps…"},
	} {
		for _, p := range []*figure.Panel{c.l.LossChart(), c.l.WeightChart()} {
			n := p.Node()
			ph := byClass(n, "placeholder")
			if len(ph) != 1 || ph[0].Text != c.want || ph[0].Get("text-anchor") != "middle" {
				t.Errorf("%s: placeholder %v, want %q", p.ID, texts(n), c.want)
			}
			if x := n.XML(); strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
				t.Errorf("%s: NaN or Inf without points", p.ID)
			}
			for _, cls := range []string{"det-ta", "live-ta"} {
				if len(byClass(n, cls)) != 0 {
					t.Errorf("%s: %s drawn without a run", p.ID, cls)
				}
			}
		}
	}
	// The predictions are drawn before the first steps.
	n := (&Live{Started: true, Theory: &protocol.TheoryReport{TASteps: protocol.N(600), TBSteps: protocol.N(1800)}}).WeightChart().Node()
	if len(byClass(n, "pred-ta")) != 1 || len(byClass(n, "pred-tb")) != 1 {
		t.Error("predicted times missing before the first steps")
	}
	if f := liveRun().LiveFigure("caption"); f.Name != "live" || len(f.Panels) != 2 || f.Caption != "caption" {
		t.Errorf("live figure %q with %d panels", f.Name, len(f.Panels))
	}
}
