package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"testing"

	"unibias/engine/data"
	"unibias/engine/params"
)

// set returns the default parameters with overrides name, value, ….
func set(t testing.TB, kv ...string) params.Set {
	t.Helper()
	p := params.Defaults()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := p.Set(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func simulate(t testing.TB, p params.Set) *Report {
	t.Helper()
	rep, err := Simulate(context.Background(), p, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func relDev(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// wasm runs the engine tests under node, 3–4× slower than native: grids are
// thinned there (every point still runs natively).
var wasm = runtime.GOARCH == "wasm"

func TestTwoLayerLateFusionMatchesFiniteLR(t *testing.T) {
	// docs/theory.md §8.6: two-layer simulation (entrywise γ = 1e-9, h = 100,
	// η = 0.04, population moments) vs §5.10 within 3%, on the grid
	// ρ ∈ {−0.5, 0, 0.5} × σ_A/σ_B ∈ {1.5, 2, 3}. The §5.10 values are the
	// "discrete η = 0.04" column of §8.1.
	table := map[[2]float64]float64{
		{1.5, -0.5}: 2.634660, {1.5, 0}: 2.197250, {1.5, 0.5}: 2.545057,
		{2, -0.5}: 4.834008, {2, 0}: 3.784225, {2, 0.5}: 4.564438,
		{3, -0.5}: 10.559487, {3, 0}: 7.839855, {3, 0.5}: 9.638601,
	}
	for key, want := range table {
		r, rho := key[0], key[1]
		t.Run(fmt.Sprintf("r=%g,rho=%g", r, rho), func(t *testing.T) {
			t.Parallel()
			rep := simulate(t, set(t, "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9",
				"lr", "0.04", "ratio", fmt.Sprint(r), "rho", fmt.Sprint(rho)))
			th := V(rep.Theory.Ratio)
			if relDev(th, want) > 1e-6 {
				t.Fatalf("theory ratio %v (%s), §8.1 says %v", th, rep.Theory.RatioFormula, want)
			}
			if !rep.Converged || rep.Ratio == nil {
				t.Fatalf("run did not converge with both modalities learned: %+v", rep.Status)
			}
			if d := relDev(*rep.Ratio, th); d > 0.03 {
				t.Errorf("simulated ratio %.4f vs §5.10 %.4f: %.2f%% > 3%%", *rep.Ratio, th, 100*d)
			}
		})
	}
}

func TestDeepAlignedMatchesReducedODE(t *testing.T) {
	// docs/theory.md §8.6: aligned-balanced init (same u0) vs the reduced ODE of §4
	// within 1% on the ratio; L = 4, Lf ∈ {2, 3, 4}, u0 = 0.1, r = 2.
	// §8.6 asks for η ≤ 0.01 (at η = 0.04 late fusion at ρ = 0.5 comes out
	// 1.4% low).
	rhos := []float64{-0.5, 0, 0.5}
	if wasm {
		rhos = []float64{0}
	}
	for _, lf := range []int{2, 3, 4} {
		for _, rho := range rhos {
			t.Run(fmt.Sprintf("Lf=%d,rho=%g", lf, rho), func(t *testing.T) {
				t.Parallel()
				rep := simulate(t, set(t, "depth", "4", "fusion", fmt.Sprint(lf), "initscheme", "aligned", "init", "0.1",
					"lr", "0.01", "steps", "40000", "ratio", "2", "rho", fmt.Sprint(rho)))
				ode := V(rep.Theory.ODERatio)
				if math.IsNaN(ode) || rep.Ratio == nil {
					t.Fatalf("missing ODE ratio or simulated ratio: %+v", rep.Theory)
				}
				if d := relDev(*rep.Ratio, ode); d > 0.01 {
					t.Errorf("simulated ratio %.4f vs reduced ODE %.4f: %.2f%% > 1%%", *rep.Ratio, ode, 100*d)
				}
			})
		}
	}
}

func TestEarlyFusionHasNoUnimodalPhase(t *testing.T) {
	// docs/theory.md §5.8: early fusion ratio → 1; finite-init values 1.02–1.09
	// (reduced ODE, L = 4, u0 = 0.1, r = 2) and 1.05–1.09 (two-layer,
	// γ = 1e-9, wb > 0). The bound is 1.15.
	cases := [][]string{
		{"depth", "4", "fusion", "1", "initscheme", "aligned", "init", "0.1", "rho", "-0.5"},
		{"depth", "4", "fusion", "1", "initscheme", "aligned", "init", "0.1", "rho", "0"},
		{"depth", "4", "fusion", "1", "initscheme", "aligned", "init", "0.1", "rho", "0.5"},
		{"depth", "2", "fusion", "1", "initscheme", "entrywise", "init", "1e-9", "rho", "0"},
		{"depth", "2", "fusion", "1", "initscheme", "entrywise", "init", "1e-9", "rho", "0.5"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			t.Parallel()
			rep := simulate(t, set(t, c...))
			if rep.Ratio == nil || *rep.Ratio < 0.99 || *rep.Ratio >= 1.15 {
				t.Errorf("early fusion ratio %v, want in [1, 1.15)", rep.Ratio)
			}
		})
	}
}

func TestReLURatiosMatchLinear(t *testing.T) {
	// docs/theory.md §9.1/§5.12: two-layer ReLU on the scalar toy keeps the linear
	// ratio (measured 3.69 vs 3.63 at r = 2, ρ = 0; 11.12 vs 10.70 at r = 3,
	// ρ = −0.5), times double. Issue bound: within 5%. Same samples for both.
	if testing.Short() || wasm {
		t.Skip("ReLU runs train on samples: native, non-short only")
	}
	for _, c := range [][2]string{{"2", "0"}, {"3", "-0.5"}} {
		t.Run("r="+c[0]+",rho="+c[1], func(t *testing.T) {
			t.Parallel()
			base := []string{"depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "lr", "0.04",
				"ratio", c[0], "rho", c[1], "samples", "4096"}
			lin := simulate(t, set(t, base...))
			relu := simulate(t, set(t, append(base, "act", "relu")...))
			if lin.Ratio == nil || relu.Ratio == nil {
				t.Fatalf("missing ratios: linear %v relu %v (%s)", lin.Ratio, relu.Ratio, relu.Status)
			}
			if d := relDev(*relu.Ratio, *lin.Ratio); d > 0.05 {
				t.Errorf("ReLU ratio %.3f vs linear %.3f: %.1f%% > 5%%", *relu.Ratio, *lin.Ratio, 100*d)
			}
			// Times double (§5.12): loose 15% band on t_A.
			if d := relDev(*relu.TA, 2**lin.TA); d > 0.15 {
				t.Errorf("ReLU t_A %v vs 2× linear %v", *relu.TA, 2**lin.TA)
			}
		})
	}
}

// example84 is the multi-dimensional example of docs/theory.md §8.4.
func example84(t testing.TB) *data.Set {
	sigma := []float64{2.0, 0.3, 0.4, 0.0, 0.3, 1.5, 0.0, 0.2, 0.4, 0.0, 1.0, 0.1, 0.0, 0.2, 0.1, 0.8}
	d, err := data.Gaussian("multi", sigma, []float64{1.0, 0.5, 0.6, -0.4}, 2, 2, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMultiDimensionalExample(t *testing.T) {
	// docs/theory.md §8.4: t_B/t_A = 3.8533707010 (§5.6, the small-init limit);
	// simulated two-layer late fusion, h = 100, γ = 1e-9: 3.8408 at η = 0.005,
	// 3.8587 at η = 0.0005. Issue bound: 2%. Here η = 0.0005 gives 3.7811
	// (1.9%); at η = 0.005 we measure 3.763 for seed 1 (3.748–3.798 over six
	// seeds), 2.3% below the limit because γ = 1e-9 is not yet the small-init
	// limit: the finite-W_0 times of §5.4 (t_A = 7.31, t_B = 27.72) give 3.79.
	if wasm {
		t.Skip("400,000 steps: native only")
	}
	s, err := BuildWith(set(t, "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "lr", "0.0005", "steps", "400000"), example84(t))
	if err != nil {
		t.Fatal(err)
	}
	if relDev(s.Pred.RatioGradientFlow, 3.8533707010) > 1e-9 {
		t.Fatalf("§5.6 ratio %v", s.Pred.RatioGradientFlow)
	}
	rep := s.run(t)
	if rep.Ratio == nil {
		t.Fatalf("ratio missing: %s", rep.Status)
	}
	if d := relDev(*rep.Ratio, 3.8533707010); d > 0.02 {
		t.Errorf("simulated %.4f vs §5.6 3.8534: %.2f%% > 2%%", *rep.Ratio, 100*d)
	}
	// §8.4: t_A·η ≈ 7.3, t_B·η ≈ 28.1.
	if math.Abs(V(rep.TATime)-7.3) > 0.3 || math.Abs(V(rep.TBTime)-28.1) > 0.6 {
		t.Errorf("times %v, %v; §8.4 says ≈ 7.3, 28.1", V(rep.TATime), V(rep.TBTime))
	}
}

func (s *Setup) run(t testing.TB) *Report {
	t.Helper()
	net, err := s.NewNet()
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(s, net)
	for !r.Advance(1 << 12) {
	}
	return s.Report(r, false)
}

func TestPlateauAndMisattribution(t *testing.T) {
	// docs/theory.md §8.6: plateau W_A(t_uni) vs W_A^uni within 1e-3 with population
	// moments; misattribution with 8192 samples vs ρ/r within 0.015.
	for _, rho := range []float64{-0.5, 0.5} {
		rep := simulate(t, set(t, "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "ratio", "2", "rho", fmt.Sprint(rho)))
		want := 1 + rho/2 // §5.1 W_A^uni = 1 + ρ/r
		if math.Abs(V(rep.PlateauValue)-want) > 1e-3 {
			t.Errorf("ρ=%g: plateau %v, want %v", rho, V(rep.PlateauValue), want)
		}
		if math.Abs(V(rep.Theory.Plateau[0])-want) > 1e-12 {
			t.Errorf("theory plateau %v", V(rep.Theory.Plateau[0]))
		}
		sam := simulate(t, set(t, "depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "1e-9", "ratio", "2", "rho", fmt.Sprint(rho), "samples", "8192"))
		if math.Abs(V(sam.Misattribution)-rho/2) > 0.015 {
			t.Errorf("ρ=%g: misattribution %v, want ρ/r = %v ± 0.015", rho, V(sam.Misattribution), rho/2)
		}
	}
}

func TestDivergenceIsReported(t *testing.T) {
	rep := simulate(t, set(t, "lr", "2", "depth", "4", "fusion", "2"))
	if !rep.Diverged || rep.Status != "diverged" || rep.Reason == "" || rep.SuggestedLR == nil || *rep.SuggestedLR >= 2 {
		t.Fatalf("divergence not reported properly: %+v", rep)
	}
	if rep.Ratio != nil || rep.TA != nil {
		t.Fatal("a diverged run must not report learning times")
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatalf("report must encode (no NaN): %v", err)
	}
	// The suggestion works.
	ok := simulate(t, set(t, "lr", fmt.Sprint(*rep.SuggestedLR), "depth", "4", "fusion", "2", "steps", "2000"))
	if ok.Diverged {
		t.Fatalf("suggested learning rate %v diverged too", *rep.SuggestedLR)
	}
}

func TestReproducibleFromSeed(t *testing.T) {
	p := set(t, "depth", "3", "fusion", "2", "initscheme", "scaled", "init", "0.1", "samples", "256", "steps", "3000")
	a, _ := json.Marshal(simulate(t, p))
	b, _ := json.Marshal(simulate(t, p))
	if string(a) != string(b) {
		t.Fatal("same seed, different report")
	}
	p2 := p.Clone()
	_ = p2.Set("seed", "2")
	c, _ := json.Marshal(simulate(t, p2))
	if string(a) == string(c) {
		t.Fatal("different seeds gave identical reports")
	}
}

func TestNearOneCorrelationIsHandled(t *testing.T) {
	// |ρ| → 1: B carries almost no new information; the theory ratio is huge
	// but finite, and a budget-limited run reports B as not learned instead
	// of inventing a time.
	rep := simulate(t, set(t, "rho", "0.99", "steps", "3000"))
	if rep.Theory.Ratio == nil || *rep.Theory.Ratio < 100 {
		t.Fatalf("theory ratio %v", rep.Theory.Ratio)
	}
	if rep.BLearned || rep.TB != nil || rep.Ratio != nil {
		t.Fatalf("B cannot be learned in 3000 steps at ρ = 0.99: %+v", rep)
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
}
