package theory

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"unibias/engine/stats"
)

func TestTable81LateFusion(t *testing.T) {
	// docs/theory.md §8.1: wa, wb, g, t_B/t_A (§5.3), the discrete η = 0.04 ratio
	// (§5.10), W_A^uni (§5.1), misattribution (§5.2) and ℒ(M_A)/ℒ(0) (§5.1),
	// all printed with 6 decimals (the symbols exactly).
	for _, row := range table81 {
		t.Run(fmt.Sprintf("r=%g,rho=%g", row.r, row.rho), func(t *testing.T) {
			m := toy(t, row.r, row.rho)
			s, err := ScalarSymbols(m)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "wa", s.WA, row.wa, 12)
			printed(t, "wb", s.WB, row.wb, 12)
			printed(t, "g", s.G, row.g, 12)
			ratio, err := LateFusionRatio(m)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "§5.3 t_B/t_A", ratio, row.ratio, 6)
			disc, err := FiniteLRRatio(m, 0.04)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "§5.10 t_B/t_A at η=0.04", disc, row.discrete, 6)
			w, err := UnimodalPlateau(m)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "W_A^uni", w[0], row.wuni, 6)
			mis, err := Misattribution(m)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "misattribution", mis[0], row.mis, 6)
			l, err := PlateauLoss(m)
			if err != nil {
				t.Fatal(err)
			}
			printed(t, "ℒ(M_A)/ℒ(0)", l/(0.5*m.Eyy), row.loss, 6)
		})
	}
}

func TestScalarFormulasReduceToTheReferenceCode(t *testing.T) {
	// docs/theory.md §5 preamble and §5.7: for the standard toy the general
	// symbols must reduce to the code's W_A^uni = 1 + ρ/r, g = 1 − ρ²,
	// misattribution ρ/r (§5.2) and ℒ(M_A)/ℒ(0) = (1 − ρ²)/(r² + 1 + 2ρr).
	for _, r := range []float64{1.1, 1.5, 2, 3} {
		for _, rho := range []float64{-0.9, -0.5, -0.1, 0, 0.3, 0.5, 0.9} {
			m := toy(t, r, rho)
			s, err := ScalarSymbols(m)
			if err != nil {
				t.Fatal(err)
			}
			within(t, "W_A^uni", s.WUni, 1+rho/r, 1e-14)
			within(t, "g", s.G, 1-rho*rho, 1e-13)
			within(t, "W_B^∞", s.WBInf, 1, 1e-13)
			mis, _ := Misattribution(m)
			if math.Abs(mis[0]-rho/r) > 1e-12 {
				t.Errorf("r=%g ρ=%g: misattribution %v, want ρ/r", r, rho, mis[0])
			}
			l, _ := PlateauLoss(m)
			within(t, "ℒ(M_A)/ℒ(0)", l/(0.5*m.Eyy), (1-rho*rho)/(r*r+1+2*rho*r), 1e-12)
			ratio, _ := LateFusionRatio(m)
			// §5.3 standard toy: 1 + (k − 1)/(1 − ρ²), k = r².
			within(t, "§5.3 ratio", ratio, 1+(r*r-1)/(1-rho*rho), 1e-12)
		}
	}
}

func TestLateFusionUsesSignedWb(t *testing.T) {
	// docs/theory.md §5.3: with wb < 0 (r = 3, ρ = −0.5, wb = −0.5) the signed
	// formula gives 11.666667 (§8.1); using |wb| (as §5.6 does) is wrong.
	m := toy(t, 3, -0.5)
	signed, _ := LateFusionRatio(m)
	printed(t, "signed", signed, 11.666667, 6)
	abs, _ := MultiDimRatio(m)
	printed(t, "§5.6 with |wb|", abs, 1+7.0/0.75, 9)
}

func TestGeneralisedToySignFlip(t *testing.T) {
	// docs/theory.md §5.3: generalised scalar toy, t_B/t_A = 1 +
	// (Σ_yA − Σ_yB)/(w_B* σ_B² (1 − ρ²)); "if w_B* < 0, first flip the sign
	// of x_B, which flips ρ and w_B*". Flipping the sign of either input is
	// a relabelling that leaves every time and ratio unchanged.
	sa, sb, rho, wa, wb := 1.7, 0.8, 0.3, 1.2, 0.9
	m, _ := stats.ScalarToy(sa, sb, rho, wa, wb, 0)
	want := 1 + (m.Syx[0]-m.Syx[1])/(wb*sb*sb*(1-rho*rho))
	got, err := LateFusionRatio(m)
	if err != nil {
		t.Fatal(err)
	}
	within(t, "generalised §5.3", got, want, 1e-12)
	ta, tb, _ := TwoLayerTimes(m, 1e-10)
	_, _, r7, _ := Intermediate(m, 4, 3, 0.1)
	disc, _ := FiniteLRRatio(m, 0.04)
	for _, c := range []struct {
		name       string
		rho, wa, w float64
	}{{"flip x_B", -rho, wa, -wb}, {"flip x_A", -rho, -wa, wb}, {"flip both", rho, -wa, -wb}} {
		f, _ := stats.ScalarToy(sa, sb, c.rho, c.wa, c.w, 0)
		s, err := ScalarSymbols(f)
		if err != nil {
			t.Fatal(err)
		}
		if !s.FlipA && !s.FlipB {
			t.Errorf("%s: no flip recorded", c.name)
		}
		g, _ := LateFusionRatio(f)
		within(t, c.name+" §5.3", g, want, 1e-12)
		a, b, _ := TwoLayerTimes(f, 1e-10)
		within(t, c.name+" §5.4 t_A", a, ta, 1e-12)
		within(t, c.name+" §5.4 t_B", b, tb, 1e-12)
		_, _, r, _ := Intermediate(f, 4, 3, 0.1)
		within(t, c.name+" §5.7", r, r7, 1e-12)
		d, _ := FiniteLRRatio(f, 0.04)
		within(t, c.name+" §5.10", d, disc, 1e-12)
		w, _ := UnimodalPlateau(f)
		if math.Signbit(w[0]) != (c.wa < 0) {
			t.Errorf("%s: plateau %v must keep the data's sign", c.name, w[0])
		}
	}
}

func TestMultiDimensionalExample84(t *testing.T) {
	// docs/theory.md §8.4 (10 printed decimals; W_A^uni 8).
	m := example84()
	printed(t, "‖Σ_yA‖", norm(m.SyA()), 2.5793410011, 10)
	printed(t, "‖Σ_yB‖", norm(m.SyB()), 0.9732420048, 10)
	w, err := UnimodalPlateau(m)
	if err != nil {
		t.Fatal(err)
	}
	printed(t, "W_A^uni[0]", w[0], 1.13195876, 8)
	printed(t, "W_A^uni[1]", w[1], 0.42027491, 8)
	printed(t, "‖W_A^uni‖", norm(w), 1.2074608252, 10)
	printed(t, "‖g⃗‖", norm(gVector(m, w)), 0.5628777907, 10)
	r, err := MultiDimRatio(m)
	if err != nil {
		t.Fatal(err)
	}
	printed(t, "§5.6 t_B/t_A", r, 3.8533707010, 10)
	if l, _ := LateFusionRatio(m); l != r {
		t.Errorf("LateFusionRatio must use §5.6 for vectors: %v vs %v", l, r)
	}
	// §8.4: simulated t_A·η ≈ 7.3, t_B·η ≈ 28.1 (two-layer, h = 100,
	// γ = 1e-9, so W_0 = hγ²/2 = 5e-17); §5.4 with §5.6 norms.
	ta, tb, err := TwoLayerTimes(m, 5e-17)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ta-7.3) > 0.1 || math.Abs(tb-28.1) > 0.3 {
		t.Errorf("§5.4 with norms: t_A = %v, t_B = %v; simulated ≈ 7.3, 28.1", ta, tb)
	}
	within(t, "t_B/t_A", tb/ta, r, 1e-12)
}

func TestTwoLayerTimes85(t *testing.T) {
	// docs/theory.md §8.5 (and §5.4 example): absolute two-layer times with
	// W_0 = hγ²/2, h = 100, γ = 1e-9, printed with 4 decimals.
	w0 := 100 * 1e-9 * 1e-9 / 2
	for _, c := range []struct{ r, rho, ta, tb float64 }{
		{2, 0, 4.6918, 18.7673},
		{2, 0.5, 3.7758, 18.7301},
		{3, -0.5, 2.4901, 29.1732},
	} {
		ta, tb, err := TwoLayerTimes(toy(t, c.r, c.rho), w0)
		if err != nil {
			t.Fatal(err)
		}
		printed(t, fmt.Sprintf("(%g,%g) t_A", c.r, c.rho), ta, c.ta, 4)
		printed(t, fmt.Sprintf("(%g,%g) t_B", c.r, c.rho), tb, c.tb, 4)
	}
	// §5.4 example: t_A = 4.692, t_B = 18.767 → 117 and 469 steps at η = 0.04.
	ta, tb, _ := TwoLayerTimes(toy(t, 2, 0), w0)
	if math.Round(ta/0.04) != 117 || math.Round(tb/0.04) != 469 {
		t.Errorf("steps %v, %v; §5.4 says 117 and 469", ta/0.04, tb/0.04)
	}
}

func TestTwoLayerTimesFiniteLRMatchMeasured(t *testing.T) {
	// docs/theory.md §5.4 example: measured 127 and 478 steps at η = 0.04 (r = 2,
	// ρ = 0, h = 100, γ = 1e-9); "the gap is the finite-η effect of §5.10".
	// With the §5.10 rates the closed form lands within 1% of both.
	ta, tb, err := TwoLayerTimesFiniteLR(toy(t, 2, 0), 5e-17, 0.04)
	if err != nil {
		t.Fatal(err)
	}
	within(t, "t_A steps", ta/0.04, 127, 0.01)
	within(t, "t_B steps", tb/0.04, 478, 0.01)
	// And its ratio tends to the §5.10 ratio as W_0 → 0.
	a, b, _ := TwoLayerTimesFiniteLR(toy(t, 2, 0), 1e-300, 0.04)
	r, _ := FiniteLRRatio(toy(t, 2, 0), 0.04)
	within(t, "ratio as W_0 → 0", b/a, r, 0.01)
}

func TestDeepLateTimes55(t *testing.T) {
	// docs/theory.md §5.5 example: L = 4, r = 2, ρ = 0, u0 = 0.1: t_A ≈ 12.5;
	// t_B − t_A = (1 − k̃) u0^{-2}/(2g) = 37.5, so the ratio is §5.3's 4.
	ta, tb, err := DeepLateTimes(toy(t, 2, 0), 4, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	within(t, "t_A", ta, 12.5, 1e-12)
	within(t, "t_B", tb, 50, 1e-12)
	// §5.3: the ratio is independent of u0 and L.
	for _, L := range []int{3, 5, 6} {
		for _, u0 := range []float64{0.01, 0.2} {
			for _, row := range table81 {
				a, b, err := DeepLateTimes(toy(t, row.r, row.rho), L, u0)
				if err != nil {
					t.Fatal(err)
				}
				printed(t, "§5.5 t_B/t_A vs §8.1", b/a, row.ratio, 6)
			}
		}
	}
}

func TestSuperficialExample(t *testing.T) {
	// docs/theory.md §5.9 / §8.5: σ_A = 2, σ_B = 1, ρ = 0, w* = (0.75, 2): Σ_yA = 3
	// > Σ_yB = 2 so A goes first; ratio 1.5; ℒ(M_A)/ℒ(0) = 0.64, ℒ(M_B)/ℒ(0)
	// = 0.36.
	m, err := stats.ScalarToy(2, 1, 0, 0.75, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := LateFusionRatio(m)
	if err != nil {
		t.Fatal(err)
	}
	printed(t, "ratio", r, 1.5, 1)
	la, _ := PlateauLoss(m)
	printed(t, "ℒ(M_A)/ℒ(0)", la/(0.5*m.Eyy), 0.64, 2)
	sw := m.Swap()
	lb, _ := PlateauLoss(sw)
	printed(t, "ℒ(M_B)/ℒ(0)", lb/(0.5*m.Eyy), 0.36, 2)
	// §5.9 boundaries at r = 2: 1/r² = 0.25 < w_A*/w_B* = 0.375 < 1/r = 0.5:
	// prioritised but contributes less.
	pri, more, err := Superficial(2, 0.75/2)
	if err != nil || !pri || more {
		t.Errorf("Superficial(2, 0.375) = %v, %v, %v; want prioritised, not contributing more", pri, more, err)
	}
	p, c, _ := SuperficialBoundaries(2)
	printed(t, "1/r²", p, 0.25, 12)
	printed(t, "1/r", c, 0.5, 12)
	for _, q := range []struct {
		q         float64
		pri, more bool
	}{{0.1, false, false}, {0.6, true, true}, {-0.375, true, false}} {
		a, b, err := Superficial(2, q.q)
		if err != nil || a != q.pri || b != q.more {
			t.Errorf("Superficial(2, %g) = %v, %v, %v", q.q, a, b, err)
		}
	}
	// Prioritisation is exactly "Σ_yA > Σ_yB" (§5.9): check along a sweep.
	for _, q := range []float64{0.2, 0.24, 0.26, 0.3, 0.49, 0.51, 1} {
		mm, _ := stats.ScalarToy(2, 1, 0, q, 1, 0)
		pri, more, _ := Superficial(2, q)
		if pri != (mm.Syx[0] > mm.Syx[1]) {
			t.Errorf("q=%g: prioritised %v but Σ_y = %v", q, pri, mm.Syx)
		}
		la, _ := PlateauLoss(mm)
		lb, _ := PlateauLoss(mm.Swap())
		if more != (la < lb) {
			t.Errorf("q=%g: contributes-more %v but ℒ(M_A) = %v, ℒ(M_B) = %v", q, more, la, lb)
		}
	}
}

func TestMisattributionSign(t *testing.T) {
	// docs/theory.md §5.2: positive ρ → A over-credited, negative → under-credited.
	for _, rho := range []float64{-0.7, -0.2, 0.2, 0.7} {
		mis, _ := Misattribution(toy(t, 2, rho))
		if math.Signbit(mis[0]) != (rho < 0) {
			t.Errorf("ρ=%g: misattribution %v", rho, mis[0])
		}
	}
	// Generalised §5.2: w_B* Σ_BA Σ_A⁻¹ with any σ's.
	m, _ := stats.ScalarToy(1.3, 0.7, 0.4, 0.5, 1.5, 0.2)
	mis, _ := Misattribution(m)
	within(t, "w_B* Σ_BA/Σ_A", mis[0], 1.5*0.4*1.3*0.7/(1.3*1.3), 1e-12)
}

func TestClosedFormDomainErrors(t *testing.T) {
	good := toy(t, 2, 0.3)
	bFirst := good.Swap()
	singular := stats.Moments{DA: 2, DB: 1, Sxx: []float64{1, 1, 0, 1, 1, 0, 0, 0, 1}, Syx: []float64{1, 1, 0.5}, Eyy: 3}
	noInfo, _ := stats.ScalarToy(2, 1, 0.5, 1, 0, 0) // w_B* = 0 ⇒ g = 0
	nan := toy(t, 2, 0)
	nan.Syx[1] = math.NaN()
	rhoOne := stats.Moments{DA: 1, DB: 1, Sxx: []float64{4, 2, 2, 1}, Syx: []float64{6, 3}, Eyy: 9}
	zero := stats.Moments{DA: 1, DB: 1, Sxx: []float64{1, 0, 0, 1}, Syx: []float64{0, 0}, Eyy: 1}
	badEyy := toy(t, 2, 0)
	badEyy.Eyy = 1
	wbNeg := toy(t, 3, -0.5) // wb = −0.5
	cases := []struct {
		name string
		err  error
		is   error
		sub  string
	}{
		{"B first", func() error { _, err := LateFusionRatio(bFirst); return err }(), ErrSecondFirst, ""},
		{"B first §5.6", func() error { _, err := MultiDimRatio(bFirst); return err }(), ErrSecondFirst, ""},
		{"singular Σ_A", func() error { _, err := UnimodalPlateau(singular); return err }(), ErrSingularSigmaA, ""},
		{"g = 0", func() error { _, err := LateFusionRatio(noInfo); return err }(), ErrNoNewInformation, "never learned"},
		{"g = 0 §5.7", func() error { _, _, _, err := Intermediate(noInfo, 4, 2, 0.1); return err }(), ErrNoNewInformation, ""},
		{"NaN", func() error { _, err := UnimodalPlateau(nan); return err }(), nil, "finite"},
		{"|ρ| = 1", func() error { _, err := LateFusionRatio(rhoOne); return err }(), nil, "|ρ| ≥ 1"},
		{"no signal", func() error { _, err := LateFusionRatio(zero); return err }(), ErrNoSignal, ""},
		{"E[y²] too small", func() error { _, err := PlateauLoss(badEyy); return err }(), nil, "not a valid covariance"},
		{"η = 0", func() error { _, err := FiniteLRRatio(good, 0); return err }(), nil, "positive"},
		{"η·wb ≤ −1", func() error { _, err := FiniteLRRatio(wbNeg, 2); return err }(), nil, "too large"},
		{"W_0 ≥ W^uni", func() error { _, _, err := TwoLayerTimes(good, 2); return err }(), nil, "plateau"},
		{"W_0 = 0", func() error { _, _, err := TwoLayerTimes(good, 0); return err }(), nil, "positive"},
		{"§5.5 L = 2", func() error { _, _, err := DeepLateTimes(good, 2, 0.1); return err }(), nil, "L ≥ 3"},
		{"§5.5 u0 = 1", func() error { _, _, err := DeepLateTimes(good, 4, 1); return err }(), nil, "u0"},
		{"§5.5 u0 = 0", func() error { _, _, err := DeepLateTimes(good, 4, 0); return err }(), nil, "u0"},
		{"§5.7 Lf = 1", func() error { _, _, _, err := Intermediate(good, 4, 1, 0.1); return err }(), nil, "Lf must be in 2..L-1"},
		{"§5.7 Lf = L", func() error { _, _, _, err := Intermediate(good, 4, 4, 0.1); return err }(), nil, "Lf must be in 2..L-1"},
		{"§5.7 Lf > L", func() error { _, _, _, err := Intermediate(good, 4, 5, 0.1); return err }(), nil, "1..L"},
		{"§5.7 L = 0", func() error { _, _, _, err := Intermediate(good, 0, 1, 0.1); return err }(), nil, "at least 1"},
		{"§5.7 u0 ≥ 1", func() error { _, _, _, err := Intermediate(good, 4, 2, 1.5); return err }(), nil, "u0"},
		{"§5.7 u0 NaN", func() error { _, _, _, err := Intermediate(good, 4, 2, math.NaN()); return err }(), nil, "u0"},
		{"§5.9 r ≤ 0", func() error { _, _, err := Superficial(0, 1); return err }(), nil, "positive"},
		{"§5.9 q NaN", func() error { _, _, err := Superficial(2, math.NaN()); return err }(), nil, "finite"},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if c.is != nil && !errors.Is(c.err, c.is) {
			t.Errorf("%s: error %q is not %v", c.name, c.err, c.is)
		}
		if c.sub != "" && !strings.Contains(c.err.Error(), c.sub) {
			t.Errorf("%s: error %q should mention %q", c.name, c.err, c.sub)
		}
	}
}

func TestNearOneCorrelationIsFinite(t *testing.T) {
	// docs/theory.md §5.3: diverges as |ρ| → 1, but stays finite below it.
	for _, rho := range []float64{0.99, 0.999999, -0.999999} {
		r, err := LateFusionRatio(toy(t, 2, rho))
		if err != nil || !allFinite(r) || r < 100 {
			t.Errorf("ρ=%g: ratio %v, %v", rho, r, err)
		}
	}
}
