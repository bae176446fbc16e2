package compose

import (
	"strings"
	"testing"

	"unibias/figure"
	"unibias/protocol"
)

func overTexts(items []figure.Item) []string {
	var out []string
	for _, it := range items {
		if t, ok := it.(figure.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

// Predicted times far beyond the budget are said on the panel, with the
// smallest one; a panel whose theory is in view says nothing of the kind.
func TestBeyondBudgetLabel(t *testing.T) {
	pt := func(x, ta, tb float64) protocol.CurvePoint {
		return protocol.CurvePoint{X: x, TA: protocol.N(ta), TB: protocol.N(tb)}
	}
	s := PhaseSpec{ID: "p", Title: "Lf = 4", XName: "rho", XLabel: "ρ", XDomain: [2]float64{-1, 1}, YDomain: [2]float64{1e4, 1e5},
		Eta: 0.04, Budget: 20000, Curve: protocol.Curve{Points: []protocol.CurvePoint{pt(-0.5, 3.1e6, 1.2e7), pt(0.5, 2.5e6, 9e6)}}}
	got := strings.Join(overTexts(PhaseBase(s).Over), " | ")
	if !strings.Contains(got, "↑ predicted t_A, t_B ≥ 2.5M steps | beyond the step budget of 20k") {
		t.Fatalf("labels %q lack the beyond-budget label", got)
	}
	// Only B beyond the plot.
	s.Curve.Points = []protocol.CurvePoint{pt(-0.5, 3e4, 1.2e7), pt(0.5, 2.5e4, 9e6)}
	got = strings.Join(overTexts(PhaseBase(s).Over), " | ")
	if !strings.Contains(got, "↑ predicted t_B ≥ 9M steps | beyond the step budget of 20k") || strings.Contains(got, "t_A,") {
		t.Fatalf("labels %q: want t_B alone beyond the budget", got)
	}
	// In view: no label.
	s.Curve.Points = []protocol.CurvePoint{pt(-0.5, 2e4, 5e4), pt(0.5, 1.5e4, 4e4)}
	if got = strings.Join(overTexts(PhaseBase(s).Over), " | "); strings.Contains(got, "↑") {
		t.Fatalf("labels %q: a label for times in view", got)
	}
}

// Every run of a panel diverged: the panel says so over the theory.
func TestDivergedLabel(t *testing.T) {
	s := PhaseSpec{ID: "p", XName: "rho", XLabel: "ρ", XDomain: [2]float64{-1, 1}, YDomain: [2]float64{10, 1e4}, Eta: 1.5, Budget: 20000,
		Sims: []SimPoint{{X: 0, Status: "diverged"}, {X: 0.5, Status: "diverged"}}}
	p := PhaseBase(s)
	got := strings.Join(overTexts(PhaseMarkers(s, p)), " | ")
	if !strings.Contains(got, "gradient descent diverged at η = 1.5") || !strings.Contains(got, "the theory does not hold") {
		t.Fatalf("markers' labels %q", got)
	}
	r := RatioSpec{ID: "r", XName: "rho", XDomain: [2]float64{-1, 1}, YDomain: [2]float64{0.5, 20}, Sims: s.Sims}
	if got := strings.Join(overTexts(RatioMarkers(r)), " | "); !strings.Contains(got, "gradient descent diverged") {
		t.Fatalf("ratio panel labels %q", got)
	}
	s.Sims[1].Status = "converged"
	if got = strings.Join(overTexts(PhaseMarkers(s, p)), " | "); strings.Contains(got, "diverged") {
		t.Fatalf("a label while some runs converged: %q", got)
	}
}
