package remedy

import (
	"math"
	"strings"
	"testing"

	"unibias/engine/params"
)

// Every remedy is off by default; each parameter switches its remedy on and
// is named in the description.
func TestConfigFromParams(t *testing.T) {
	if c := FromParams(params.Defaults()); c.Active() || c.Describe() != "none" {
		t.Errorf("defaults: active %v, %q", c.Active(), c.Describe())
	}
	for _, c := range []struct{ k, v, want string }{
		{"wu", "balanced", "Wu balanced"}, {"wu", "random", "Wu random"}, {"ogm", "ogm", "OGM α=0.1"},
		{"ogm", "ogm-ge", "OGM-GE"}, {"capw", "true", "capability"}, {"dropa", "0.3", "p_A=0.3"},
		{"dropb", "0.2", "p_B=0.2"}, {"deficit", "100", "withheld 100 steps"},
	} {
		p := params.Defaults()
		if err := p.Set(c.k, c.v); err != nil {
			t.Fatal(err)
		}
		cfg := FromParams(p)
		if !cfg.Active() || !strings.Contains(cfg.Describe(), c.want) || cfg.Validate() != nil {
			t.Errorf("%s=%s: active %v, %q (want %q), %v", c.k, c.v, cfg.Active(), cfg.Describe(), c.want, cfg.Validate())
		}
	}
	// The exponential memory is labelled as not in the paper.
	p := params.Defaults()
	_ = p.Set("wu", "balanced")
	_ = p.Set("wudecay", "0.9")
	if d := FromParams(p).Describe(); !strings.Contains(d, "not in the paper") {
		t.Errorf("EMA not labelled: %q", d)
	}
	if (Config{DropA: 1}).Validate() == nil {
		t.Error("p_A = 1 accepted")
	}
}

// docs/theory.md §10.3: the closed forms at the toy's optimum (W = (1, 1),
// σ_A/σ_B = 2): decision weights 1:1, features and contributions 2:1, for any
// depth; capability gains are 1 each for equal capabilities and sum to 2.
func TestDecisionRatiosAndGains(t *testing.T) {
	for _, L := range []int{2, 3, 5} {
		d, f, c := DecisionRatios(1, 1, 2, 1, L)
		if d != 1 || f != 2 || c != 2 {
			t.Errorf("L=%d: ratios %g, %g, %g at W = (1, 1)", L, d, f, c)
		}
	}
	// On a plateau W = (1, 1e-4), L = 2: decision 100, features 200, contributions 2e4.
	d, f, c := DecisionRatios(1, 1e-4, 2, 1, 2)
	if math.Abs(d-100) > 1e-9 || math.Abs(f-200) > 1e-9 || math.Abs(c-2e4) > 1e-6 {
		t.Errorf("plateau ratios %g, %g, %g", d, f, c)
	}
	if a, b := CapabilityGains(0.5, 0.5); a != 1 || b != 1 {
		t.Errorf("equal capabilities: gains %g, %g", a, b)
	}
	if a, b := CapabilityGains(0.75, 0.25); math.Abs(a-1.5) > 1e-12 || math.Abs(b-0.5) > 1e-12 {
		t.Errorf("gains %g, %g, want 1.5, 0.5", a, b)
	}
	if a, b := CapabilityGains(0, 0.5); a != 1 || b != 1 {
		t.Errorf("non-positive capability: gains %g, %g, want 1, 1", a, b)
	}
	if u, v := Utilisation(0.005, 0, 0); !math.IsNaN(u) || !math.IsNaN(v) {
		t.Error("utilisation defined before the network explains anything")
	}
	if math.Abs(GaussianScore(1)-1/math.Sqrt2) > 1e-15 {
		t.Errorf("GaussianScore(1) = %g", GaussianScore(1))
	}
	if !math.IsNaN(SpeedImbalance(0, 1)) || math.Abs(SpeedImbalance(16, 1)+1.2041) > 1e-4 {
		t.Error("SpeedImbalance")
	}
}
