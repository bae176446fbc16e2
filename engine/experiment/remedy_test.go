package experiment

import (
	"math"
	"strconv"
	"testing"

	"unibias/engine/measure"
	"unibias/engine/remedy"
	"unibias/engine/train"
)

// The checks of docs/theory.md §10 (THEORY.md §10.1–§10.5, "[derived]" numbers
// worked by hand and with width-1 chains on moments) on the toy of §2.1 with
// r = σ_A/σ_B = 2: two-layer late fusion, η = 0.01, u0 = 0.01, aligned init.
var wuToy = []string{"depth", "2", "fusion", "2", "lr", "0.01", "init", "0.01", "steps", "6000", "tol", "1e-12"}

// trainRun builds the experiment of the default parameters with overrides
// kv, trains it to the end (with a step budget of steps when steps > 0) and
// returns the setup and the runner.
func trainRun(t *testing.T, steps int, kv ...string) (*Setup, *train.Runner) {
	t.Helper()
	s, err := Build(set(t, kv...))
	if err != nil {
		t.Fatal(err)
	}
	net, err := s.NewNet()
	if err != nil {
		t.Fatal(err)
	}
	o := s.Options()
	if steps > 0 {
		o.Steps = steps
	}
	r := train.NewRunner(net, s.Data, o)
	for !r.Advance(1 << 20) {
	}
	return s, r
}

// runRemedy trains the experiment of kv and returns the runner and the
// measured times.
func runRemedy(t *testing.T, kv ...string) (*train.Runner, measure.Times) {
	t.Helper()
	s, r := trainRun(t, 0, kv...)
	return r, s.Measure(r)
}

func kv(base []string, more ...string) []string {
	return append(append([]string(nil), base...), more...)
}

// §10.1: the conditional learning speed at initialisation is d₀ =
// log10(Σ_yB²/Σ_yA²) = log10(1/16) = −1.2041 at ρ = 0 (−0.7959 at ρ = 0.5),
// exactly, for L = 2 late fusion and scalar inputs (μ_m = e_m²).
func TestSpeedImbalanceAtInit(t *testing.T) {
	for _, c := range []struct {
		rho  string
		want float64
	}{{"0", -1.2041}, {"0.5", -0.7959}} {
		r, _ := runRemedy(t, kv(wuToy, "rho", c.rho, "steps", "1")...)
		got := r.Trajectory()[0].D
		if math.Abs(got-c.want) > 5e-5 {
			t.Errorf("ρ=%s: d₀ = %.5f, want %.4f", c.rho, got, c.want)
		}
	}
}

// §10.1: on A's plateau u(B|A) ≈ 0, u(A|B) ≈ 1 (d_util ≈ −1); at the optimum
// W = (1, 1), P(f) = 1, P(f_A′) = 0.8, P(f_B′) = 0.2, so u(B|A) = 0.2,
// u(A|B) = 0.8, d_util = −0.6.
func TestUtilisationRates(t *testing.T) {
	r, m := runRemedy(t, wuToy...)
	traj := r.Trajectory()
	plateau, end := onPlateau(traj), traj[len(traj)-1]
	_ = m
	if math.Abs(plateau.UBA) > 0.01 || math.Abs(plateau.UAB-1) > 0.01 {
		t.Errorf("plateau (step %d, W=(%.3f, %.3f)): u(B|A)=%.4f, u(A|B)=%.4f; want ≈ 0 and ≈ 1", plateau.Step, plateau.WA, plateau.WB, plateau.UBA, plateau.UAB)
	}
	if math.Abs(end.WA-1) > 1e-3 || math.Abs(end.WB-1) > 1e-3 {
		t.Fatalf("run ended at W=(%.4f, %.4f), not the optimum (1, 1)", end.WA, end.WB)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"P(f)", end.PF, 1}, {"P(f_A′)", end.PA, 0.8}, {"P(f_B′)", end.PB, 0.2},
		{"u(B|A)", end.UBA, 0.2}, {"u(A|B)", end.UAB, 0.8}, {"d_util", end.UBA - end.UAB, -0.6}} {
		if math.Abs(c.got-c.want) > 2e-3 {
			t.Errorf("at the optimum %s = %.4f, want %.4f ± 0.002", c.name, c.got, c.want)
		}
	}
}

// §10.4: OGM's coefficient on A's plateau W = (1, 0): s_A = 1/√2, s_B = 1/√6,
// ratio √3, k_A = 0.8285 (α 0.1), 0.1178 (α 0.8); continuous 0.9269 / 0.4732;
// at a tie k_A = 0.9003 / 0.3360; at (1, 1) k_A = 0.8432 / 0.1476.
func TestOGMCoefficientsOnTheToy(t *testing.T) {
	r, _ := runRemedy(t, wuToy...)
	traj := r.Trajectory()
	plateau, end := onPlateau(traj), traj[len(traj)-1]
	if math.Abs(plateau.SA-1/math.Sqrt2) > 2e-3 || math.Abs(plateau.SB-1/math.Sqrt(6)) > 2e-3 {
		t.Errorf("plateau scores (%.4f, %.4f), want (1/√2, 1/√6) = (0.7071, 0.4082)", plateau.SA, plateau.SB)
	}
	if math.Abs(plateau.KA-0.8285) > 2e-3 || plateau.KB != 1 {
		t.Errorf("plateau k = (%.4f, %.4f) at α=0.1, want (0.8285, 1)", plateau.KA, plateau.KB)
	}
	if math.Abs(end.KA-0.8432) > 1e-3 {
		t.Errorf("k_A at (1, 1) = %.4f, want 0.8432", end.KA)
	}
	for _, c := range []struct {
		alpha, cont string
		want        float64
	}{{"0.8", "false", 0.1178}, {"0.1", "true", 0.9269}, {"0.8", "true", 0.4732}} {
		r, _ := runRemedy(t, kv(wuToy, "alpha", c.alpha, "ogmcont", c.cont, "steps", "600")...)
		if p := onPlateau(r.Trajectory()); math.Abs(p.KA-c.want) > 2e-3 {
			t.Errorf("α=%s continuous=%s: plateau k_A = %.4f, want %.4f", c.alpha, c.cont, p.KA, c.want)
		}
	}
	// A tie (s_A = s_B) runs the else-branch: k_A = 1 − tanh(α).
	for _, c := range []struct{ alpha, want float64 }{{0.1, 0.9003}, {0.8, 0.3360}} {
		if kA, kB := remedy.OGMCoefficients(0.5, 0.5, c.alpha, false); math.Abs(kA-c.want) > 5e-5 || kB != 1 {
			t.Errorf("tie at α=%g: k = (%.4f, %g), want (%.4f, 1)", c.alpha, kA, kB, c.want)
		}
	}
	// Logistic scores with ŷ_B = 0 and A perfect: ratio 2, k_A = 1 − tanh(2α).
	if kA, _ := remedy.OGMCoefficients(1, 0.5, 0.1, false); math.Abs(kA-(1-math.Tanh(0.2))) > 1e-12 {
		t.Errorf("ratio 2: k_A = %.6f, want 1 − tanh(0.2)", kA)
	}
}

// onPlateau is the first point at which A has finished (W_A ≥ 0.999) while B
// is still near 0: the unimodal plateau W = (1, 0) of the toy.
func onPlateau(traj []train.Point) train.Point {
	for _, p := range traj {
		if p.WA >= 0.999 {
			return p
		}
	}
	return traj[len(traj)-1]
}

// §10.4 dynamics: in two-layer late fusion at ρ = 0 OGM leaves B's trajectory
// unchanged exactly (t_B = 463 for α ∈ {none, 0.1, 0.8}) and delays A
// (t_A 117 → 124 → 207).
func TestOGMLateFusionLeavesTBUnchanged(t *testing.T) {
	_, none := runRemedy(t, wuToy...)
	// OGM at α = 0 takes the gradient-stage path with k = 1: B's trajectory
	// must then be the same bit for bit at every α.
	rNone, _ := runRemedy(t, kv(wuToy, "ogm", "ogm", "alpha", "0", "ogmwindow", "1")...)
	for _, c := range []struct {
		alpha string
		tA    int
	}{{"0.1", 124}, {"0.8", 207}} {
		r, m := runRemedy(t, kv(wuToy, "ogm", "ogm", "alpha", c.alpha, "ogmwindow", "1")...)
		if m.TB != none.TB {
			t.Errorf("α=%s: t_B = %d, without OGM %d: OGM must leave B unchanged at ρ=0", c.alpha, m.TB, none.TB)
		}
		if abs(m.TA-c.tA) > 2 {
			t.Errorf("α=%s: t_A = %d, want %d ± 2 (none: %d)", c.alpha, m.TA, c.tA, none.TA)
		}
		// B's whole trajectory is the same bit for bit.
		a, b := rNone.Dense().B, r.Dense().B
		for i := 0; i < min(len(a), len(b), 2000); i++ {
			if a[i] != b[i] {
				t.Errorf("α=%s: W_B differs at step %d: %g vs %g", c.alpha, i, b[i], a[i])
				break
			}
		}
	}
	if abs(none.TA-117) > 2 || abs(none.TB-463) > 2 {
		t.Errorf("no remedy: t_A=%d, t_B=%d; want 117, 463 ± 2", none.TA, none.TB)
	}
}

// §10.1 balanced training: at ρ = 0, t_B unchanged (462) and t_A delayed
// (116 → 696); at ρ = 0.5 the run ends near the fixed point (W_A, W_B) =
// (18/23, 43/23) of "Q B-only steps + 1 joint step".
func TestWuBalancedTraining(t *testing.T) {
	_, none := runRemedy(t, wuToy...)
	_, m := runRemedy(t, kv(wuToy, "wu", "balanced")...)
	if abs(m.TB-none.TB) > 2 {
		t.Errorf("ρ=0: t_B = %d with balanced training, %d without; want unchanged", m.TB, none.TB)
	}
	if abs(m.TA-696) > 6 {
		t.Errorf("ρ=0: t_A = %d with balanced training, want 696 ± 6 (none: %d)", m.TA, none.TA)
	}
	// At ρ = 0.5 the run settles on a cycle of Q B-only steps and one joint
	// step. Its gradient-flow fixed point is (18/23, 43/23); at η = 0.01 the
	// discrete cycle sits within 0.5% of it (W_B swings by ±0.5% inside the
	// cycle, so it is averaged over one cycle of Q+1 = 6 steps).
	r, _ := runRemedy(t, kv(wuToy, "wu", "balanced", "rho", "0.5", "steps", "15000")...)
	d := r.Dense()
	n := len(d.A)
	wa, wb := d.A[n-1], 0.0
	for _, v := range d.B[n-6:] {
		wb += v / 6
	}
	if math.Abs(wa-18.0/23) > 0.005 || math.Abs(wb-43.0/23) > 0.01 {
		t.Errorf("ρ=0.5: balanced training settles at (%.4f, %.4f), want (18/23, 43/23) = (0.7826, 1.8696) ± (0.005, 0.01)", wa, wb)
	}
}

// §10.5 modality dropout: in two-layer late fusion at ρ = 0 without
// rescaling, A's time scales by exactly 1/(1−p_A) and its plateau value is
// unchanged.
func TestDropoutScalesTA(t *testing.T) {
	base := kv(wuToy, "lr", "0.001", "steps", "60000")
	r0, none := runRemedy(t, base...)
	for _, p := range []float64{0.25, 0.5} {
		r, m := runRemedy(t, kv(base, "dropa", fmtF(p))...)
		want := float64(none.TA) / (1 - p)
		if math.Abs(float64(m.TA)-want)/want > 0.01 {
			t.Errorf("p_A=%g: t_A = %d steps, want %d/(1−p) = %.0f ± 1%%", p, m.TA, none.TA, want)
		}
		// Plateau value: W_A midway through B's plateau.
		pl := func(r *train.Runner, tb int) float64 {
			return r.Dense().A[(int(want)+tb)/2/r.Dense().Stride]
		}
		if a, b := pl(r, m.TB), pl(r0, none.TB); math.Abs(a-1.0) > 0.01 || math.Abs(b-1.0) > 0.01 {
			t.Errorf("p_A=%g: plateau W_A = %.4f (none: %.4f), want 1 (Σ_yA/Σ_A)", p, a, b)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func fmtF(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// §10.4 and §10.1 at ρ = 0.5 and in intermediate fusion: OGM at ρ = 0.5
// moves t_B 459 → 450 → 322 (α none, 0.1, 0.8); balanced training 458 → 222;
// in L = 3, Lf = 2, u0 = 0.1 at ρ = 0 OGM slows B (t_B 350 → 351 → 367, and
// 425 with the fusion block modulated at α = 0.8).
func TestRemediesMoveTB(t *testing.T) {
	rho := kv(wuToy, "rho", "0.5")
	inter := []string{"depth", "3", "fusion", "2", "lr", "0.01", "init", "0.1", "steps", "6000", "tol", "1e-12"}
	ogm := func(base []string, alpha string, more ...string) []string {
		return kv(base, append([]string{"ogm", "ogm", "alpha", alpha, "ogmwindow", "1"}, more...)...)
	}
	for _, c := range []struct {
		name string
		kv   []string
		tB   int
	}{
		{"ρ=0.5 none", rho, 459},
		{"ρ=0.5 OGM α=0.1", ogm(rho, "0.1"), 450},
		{"ρ=0.5 OGM α=0.8", ogm(rho, "0.8"), 322},
		{"ρ=0.5 Wu balanced", kv(rho, "wu", "balanced"), 222},
		{"L3 Lf2 none", inter, 350},
		{"L3 Lf2 OGM α=0.1", ogm(inter, "0.1"), 351},
		{"L3 Lf2 OGM α=0.8", ogm(inter, "0.8"), 367},
		{"L3 Lf2 OGM α=0.8 + fusion block", ogm(inter, "0.8", "ogmfusion", "true"), 425},
	} {
		// t_B here is the first step at which W_B reaches half its optimum
		// W_B* = 1, the reading of the derived numbers. The page's argmin rule
		// reads half of B's maximum instead; the two differ only where B
		// overshoots, as under balanced training at ρ = 0.5 (249 there).
		r, _ := runRemedy(t, c.kv...)
		if tB := measure.FirstCrossing(r.Dense().B, 0.5); abs(tB-c.tB) > 3 {
			t.Errorf("%s: t_B = %d, want %d ± 3", c.name, tB, c.tB)
		}
	}
}

// §10.3: the decision layer in two-layer late fusion at convergence on the toy
// (W = (1, 1), r = 2): decision weights 1:1 while features and contributions
// are 2:1; on A's plateau the decision ratio is huge. The measured ratios
// follow the closed forms along the whole run.
func TestDecisionLayerRatios(t *testing.T) {
	r, _ := runRemedy(t, wuToy...)
	traj := r.Trajectory()
	end := traj[len(traj)-1]
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"‖F_A‖/‖F_B‖", end.DecA / end.DecB, 1}, {"feature ratio", end.FeatA / end.FeatB, 2}, {"contribution ratio", end.ContA / end.ContB, 2}} {
		if math.Abs(c.got-c.want) > 2e-3 {
			t.Errorf("at convergence %s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
	checked := 0
	for _, p := range traj {
		if math.IsNaN(p.FeatA) || p.Step == 0 {
			continue
		}
		dec, feat, cont := remedy.DecisionRatios(p.WA, p.WB, 2, 1, 2)
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"decision", p.DecA / p.DecB, dec}, {"feature", p.FeatA / p.FeatB, feat}, {"contribution", p.ContA / p.ContB, cont}} {
			if relDev(c.got, c.want) > 1e-3 {
				t.Errorf("step %d: %s ratio %.5g, closed form %.5g", p.Step, c.name, c.got, c.want)
			}
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d points had the decision-layer measures", checked)
	}
	if p := onPlateau(traj); p.DecA/p.DecB < 5 {
		t.Errorf("on A's plateau ‖F_A‖/‖F_B‖ = %.3g, want it large", p.DecA/p.DecB)
	}
}

// The gradient stage's two forms agree on linear nets (docs/theory.md §10.0):
// for each remedy, training on the moments of a sample set and on the samples
// themselves by backpropagation give the same weights to rounding. Dropout
// draws masks per sample, so there the two agree in expectation: on 4096
// samples the trajectories stay within 2%.
func TestGradientStageMomentsEqualSamples(t *testing.T) {
	base := []string{"depth", "3", "fusion", "2", "width", "8", "lr", "0.02", "init", "0.1", "steps", "400", "tol", "1e-12", "rho", "0.5", "samples", "256"}
	for _, c := range []struct {
		name string
		kv   []string
		tol  float64
	}{
		{"Wu balanced", []string{"wu", "balanced", "wueps", "0.01"}, 1e-9},
		{"Wu random", []string{"wu", "random"}, 1e-9},
		{"OGM", []string{"ogm", "ogm", "alpha", "0.8", "ogmwindow", "1"}, 1e-9},
		{"OGM + fusion block, continuous", []string{"ogm", "ogm", "alpha", "0.8", "ogmfusion", "true", "ogmcont", "true"}, 1e-9},
		{"OGM-GE", []string{"ogm", "ogm-ge", "alpha", "0.8"}, 1e-9},
		{"capability-weighted fusion", []string{"capw", "true", "capevery", "3"}, 1e-9},
		{"deficit", []string{"deficit", "150"}, 1e-9},
		{"dropout", []string{"dropa", "0.3", "dropb", "0.2", "samples", "4096"}, 0.02},
		{"dropout rescaled", []string{"dropa", "0.3", "droprescale", "true", "samples", "4096"}, 0.02},
	} {
		p := set(t, kv(base, c.kv...)...)
		var w [2][]float64
		for i, samples := range []bool{false, true} {
			s, err := Build(p)
			if err != nil {
				t.Fatal(err)
			}
			net, err := s.NewNet()
			if err != nil {
				t.Fatal(err)
			}
			o := s.Options()
			o.Samples = samples
			r := train.NewRunner(net, s.Data, o)
			for !r.Advance(1 << 20) {
			}
			w[i] = append(w[i], net.Weights()...)
		}
		worst, scale := 0.0, 0.0
		for i := range w[0] {
			worst = math.Max(worst, math.Abs(w[0][i]-w[1][i]))
			scale = math.Max(scale, math.Abs(w[0][i]))
		}
		if worst > c.tol*scale {
			t.Errorf("%s: moments and samples differ by %.3g (largest weight %.3g, tolerance %.0e relative)", c.name, worst, scale, c.tol)
		}
	}
}

// §10.5: without rescaling, dropout trains on the expected moments, so a run
// ends at their least-squares point, not at the data's optimum: at ρ = 0.5
// with p_A = 0.5 that is (6/7, 11/7) (Σ_A → 2, Σ_yA → 2.5, Σ_AB → 0.5).
func TestDropoutEndPoint(t *testing.T) {
	r, _ := runRemedy(t, kv(wuToy, "rho", "0.5", "dropa", "0.5")...)
	wa, wb := r.Current()
	if math.Abs(wa[0]-6.0/7) > 1e-4 || math.Abs(wb[0]-11.0/7) > 1e-4 {
		t.Errorf("dropout p_A=0.5 at ρ=0.5 ends at (%.5f, %.5f), want (6/7, 11/7) = (0.85714, 1.57143)", wa[0], wb[0])
	}
}

// The §10 measures under the logistic loss (docs/theory.md §10.0, §10.1):
// scores are mean σ(y ŷ_m), P is the accuracy. On the insufficient-data
// model with A much stronger, the trained network relies on A: u(A|B) is
// many times u(B|A), and A's score exceeds B's. (Accuracies flatter a weak
// modality: B's tiny weights with the right sign already classify 84%, so
// u(A|B) is far below 1, as docs/theory.md §10.2 warns.)
func TestMeasuresUnderLogisticLoss(t *testing.T) {
	_, r := trainRun(t, 0, "data", "insufficient", "loss", "logistic", "depth", "2", "fusion", "2", "width", "1", "dim", "2",
		"mua", "2", "mub", "1", "sigman", "1", "samples", "600", "lr", "0.05", "init", "0.01", "steps", "600", "tol", "1e-12")
	end := r.Trajectory()[len(r.Trajectory())-1]
	m := end.Measures
	for _, c := range []struct {
		name string
		v    float64
	}{{"P(f)", m.PF}, {"P(f_A′)", m.PA}, {"P(f_B′)", m.PB}, {"s_A", m.SA}, {"s_B", m.SB}} {
		if !(c.v >= 0 && c.v <= 1) {
			t.Errorf("%s = %g, want an accuracy or probability in [0, 1]", c.name, c.v)
		}
	}
	if !(m.PF > 0.9 && m.SA > m.SB && m.UAB > 10*m.UBA && m.UBA >= 0) {
		t.Errorf("A-dominated logistic run: P(f)=%.3f, s_A=%.3f, s_B=%.3f, u(A|B)=%.3f, u(B|A)=%.3f", m.PF, m.SA, m.SB, m.UAB, m.UBA)
	}
	if math.IsNaN(m.D) || m.D >= 0 {
		t.Errorf("learning-speed imbalance d = %g, want negative (A learns faster)", m.D)
	}
}
