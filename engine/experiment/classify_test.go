package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"unibias/engine/nn"
	"unibias/engine/params"
)

func classifySet(t *testing.T, kv ...string) params.Set {
	t.Helper()
	p := params.Defaults()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := p.Set(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// TestLogisticRunStopsOnLoss: a run under the logistic loss on separable
// data (μ_A = 4, σ_n = 0.5) stops once ℒ < tol and says so; the closed
// forms of §5 are not offered for it (docs/theory.md §10.2).
func TestLogisticRunStopsOnLoss(t *testing.T) {
	p := classifySet(t, "data", "insufficient", "loss", "logistic", "depth", "2", "fusion", "2", "width", "1", "dim", "2", "mua", "4", "sigman", "0.5",
		"samples", "600", "lr", "0.5", "init", "0.01", "steps", "20000", "tol", "0.001")
	rep, err := Simulate(context.Background(), p, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Converged || !strings.Contains(rep.Reason, "loss criterion") || *rep.FinalLoss >= 0.001 {
		t.Errorf("status %s, reason %q, final loss %v", rep.Status, rep.Reason, *rep.FinalLoss)
	}
	if rep.Theory.OK || !strings.Contains(rep.Theory.Error, "§10.2") {
		t.Errorf("theory offered for the logistic loss: %+v", rep.Theory.Error)
	}
	if l0 := *rep.InitialLoss; math.Abs(l0-math.Ln2) > 1e-3 {
		t.Errorf("initial loss %v, want ≈ log 2", l0)
	}
}

// TestClassifyArch: act=smoothrelu and loss=logistic reach the network.
func TestClassifyArch(t *testing.T) {
	p := classifySet(t, "data", "insufficient", "act", "smoothrelu", "q", "4", "beta", "0.5", "loss", "logistic", "samples", "100", "depth", "2", "fusion", "2")
	s, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	a := s.Arch
	if a.Act != nn.SmoothReLU || a.Q != 4 || a.Beta != 0.5 || a.Loss != nn.Logistic || a.DA != 10 || a.DB != 10 || a.MomentForm() {
		t.Errorf("arch %+v", a)
	}
	if s.Data.Kind != "insufficient" || s.Data.N != 100 {
		t.Errorf("data %s N=%d", s.Data.Kind, s.Data.N)
	}
}
