package theory

import (
	"fmt"
	"math"
	"testing"
)

func TestTable82Intermediate(t *testing.T) {
	// docs/theory.md §8.2: intermediate fusion, L = 4; ratio (I, lag) for
	// ρ = −0.5, 0, +0.5, printed with 6 decimals; quadrature tolerance 1e-6
	// relative (§8.6).
	type cell struct{ ratio, I, lag float64 }
	rows := []struct {
		u0    float64
		Lf    int
		r     float64
		cells [3]cell
	}{
		{0.1, 2, 1.5, [3]cell{{1.142378, 22.007812, 3.133421}, {1.093653, 13.659092, 1.279214}, {1.113037, 9.800607, 1.107832}}},
		{0.1, 2, 2, [3]cell{{1.311336, 11.386614, 3.545062}, {1.213340, 8.094768, 1.726939}, {1.264622, 6.226235, 1.647596}}},
		{0.1, 2, 3, [3]cell{{1.778071, 4.610570, 3.587350}, {1.551334, 3.712344, 2.046742}, {1.700264, 3.092571, 2.165617}}},
		{0.1, 3, 1.5, [3]cell{{1.456572, 26.932180, 12.296466}, {1.318067, 17.466622, 5.555556}, {1.401867, 12.865016, 5.170027}}},
		{0.1, 3, 2, [3]cell{{2.050344, 13.640867, 14.327599}, {1.748077, 10.025703, 7.500000}, {1.957719, 7.899952, 7.565933}}},
		{0.1, 3, 3, [3]cell{{3.715572, 5.481525, 14.885478}, {2.971310, 4.509127, 8.888889}, {3.556487, 3.823483, 9.774684}}},
		{0.05, 2, 2, [3]cell{{1.100171, 46.043353, 4.612232}, {1.068613, 32.746023, 2.246799}, {1.085091, 25.191537, 2.143572}}},
		{0.05, 3, 2, [3]cell{{1.520418, 55.061912, 28.655198}, {1.370591, 40.475857, 15.000000}, {1.474390, 31.897497, 15.131866}}},
		{0.05, 3, 3, [3]cell{{2.345547, 22.125546, 29.770955}, {1.976665, 18.202534, 17.777778}, {2.266473, 15.436066, 19.549368}}},
	}
	for _, row := range rows {
		for k, rho := range []float64{-0.5, 0, 0.5} {
			c := row.cells[k]
			name := fmt.Sprintf("u0=%g,Lf=%d,r=%g,rho=%g", row.u0, row.Lf, row.r, rho)
			I, lag, ratio, err := Intermediate(toy(t, row.r, rho), 4, row.Lf, row.u0)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			quadrature(t, name+" ratio", ratio, c.ratio, 6)
			quadrature(t, name+" I", I, c.I, 6)
			quadrature(t, name+" lag", lag, c.lag, 6)
		}
	}
}

func TestTable82U0Sweep(t *testing.T) {
	// docs/theory.md §8.2 "u0 sweep (L = 4, ρ = 0, r = 2)", 4 decimals.
	u0s := []float64{0.001, 0.01, 0.03, 0.0675, 0.105, 0.1425, 0.18, 0.2}
	want := map[int][]float64{
		2: {1.0001, 1.0042, 1.0288, 1.1129, 1.2306, 1.3723, 1.5322, 1.6237},
		3: {1.0074, 1.0739, 1.2219, 1.5016, 1.7865, 2.0797, 2.3846, 2.5531},
	}
	m := toy(t, 2, 0)
	for lf, ws := range want {
		for i, u0 := range u0s {
			_, _, r, err := Intermediate(m, 4, lf, u0)
			if err != nil {
				t.Fatal(err)
			}
			quadrature(t, fmt.Sprintf("Lf=%d u0=%g", lf, u0), r, ws[i], 4)
		}
	}
	// "Lf = 1 gives 1 and Lf = 4 gives the §8.1 values for every u0."
	for _, u0 := range u0s {
		for lf, want := range map[int]float64{1: 1, 4: 4} {
			p, err := Predict(m, Arch{L: 4, Lf: lf, U0: u0})
			if err != nil {
				t.Fatal(err)
			}
			printed(t, fmt.Sprintf("Predict Lf=%d u0=%g", lf, u0), p.Ratio, want, 9)
		}
	}
}

func TestTable82OtherDepths(t *testing.T) {
	// docs/theory.md §8.2 "Other depths (ρ = 0, r = 2, u0 = 0.1), Lf = 1…L",
	// 6 decimals (Lf = 1 and Lf = L exact).
	m := toy(t, 2, 0)
	for L, ws := range map[int][]float64{
		3: {1, 1.908652, 4},
		5: {1, 1.042789, 1.145594, 1.572862, 4},
		6: {1, 1.007837, 1.026141, 1.100850, 1.519036, 4},
	} {
		for i, want := range ws {
			lf := i + 1
			p, err := Predict(m, Arch{L: L, Lf: lf, U0: 0.1})
			if err != nil {
				t.Fatalf("L=%d Lf=%d: %v", L, lf, err)
			}
			quadrature(t, fmt.Sprintf("L=%d Lf=%d (%s)", L, lf, p.RatioFormula), p.Ratio, want, 6)
		}
	}
}

func TestIntermediateQuadratureRulesAgree(t *testing.T) {
	// docs/theory.md §5.7 numerics: composite Simpson in s = ln u with 2000
	// intervals gives ≤ 1e-11 relative error, 200 intervals ≤ 1e-7; the
	// Gauss–Legendre result must agree.
	for _, L := range []int{3, 4, 6, 8} {
		for lf := 2; lf < L; lf++ {
			for _, u0 := range []float64{0.001, 0.05, 0.1, 0.2, 0.9} {
				for _, rho := range []float64{-0.5, 0, 0.7} {
					s, err := ScalarSymbols(toy(t, 2.5, rho))
					if err != nil {
						t.Fatal(err)
					}
					I, _, _, err := intermediate(s, L, lf, u0, 0)
					if err != nil {
						t.Fatal(err)
					}
					I2000, _, _, _ := intermediate(s, L, lf, u0, 2000)
					I200, _, _, _ := intermediate(s, L, lf, u0, 200)
					name := fmt.Sprintf("L=%d Lf=%d u0=%g ρ=%g", L, lf, u0, rho)
					// At u0 = 0.001 and L = 8 the integrand spans 36 orders of
					// magnitude over [ln u0, 0]; Simpson needs more points.
					if u0 >= 0.05 || L <= 4 {
						within(t, name+" Simpson 2000", I2000, I, 1e-10)
						within(t, name+" Simpson 200", I200, I, 1e-6)
					}
					I20000, _, _, _ := intermediate(s, L, lf, u0, 20000)
					within(t, name+" Simpson 20000", I20000, I, 1e-9)
				}
			}
		}
	}
}

func TestIntermediateBehaviour(t *testing.T) {
	// docs/theory.md §5.7 "Behaviour": increases with Lf; increases with u0; → 1
	// as u0 → 0 (Lf < L), while t_B − t_A grows like ln(1/u0) (Lf = 2) or
	// u0^{−(Lf−2)} (Lf ≥ 3).
	m := toy(t, 2, 0.3)
	L := 6
	prev := 1.0
	for lf := 2; lf < L; lf++ {
		_, _, r, _ := Intermediate(m, L, lf, 0.1)
		if !(r > prev) {
			t.Errorf("ratio not increasing with Lf: Lf=%d %v ≤ %v", lf, r, prev)
		}
		prev = r
	}
	late, _ := LateFusionRatio(m)
	if !(late > prev) {
		t.Errorf("late fusion %v should exceed every intermediate ratio (%v)", late, prev)
	}
	for lf := 2; lf < L; lf++ {
		prev := 1.0
		for _, u0 := range []float64{1e-4, 1e-3, 0.01, 0.1, 0.3} {
			_, _, r, _ := Intermediate(m, L, lf, u0)
			if !(r > prev) {
				t.Errorf("Lf=%d: ratio not increasing with u0 at %g", lf, u0)
			}
			prev = r
		}
		_, _, r, _ := Intermediate(m, L, lf, 1e-6)
		if r-1 > 1e-3 {
			t.Errorf("Lf=%d: ratio %v should tend to 1 as u0 → 0", lf, r)
		}
	}
	_, lag1, _, _ := Intermediate(m, 4, 2, 1e-2)
	_, lag2, _, _ := Intermediate(m, 4, 2, 1e-4)
	within(t, "Lf = 2 lag ∝ ln(1/u0)", lag2/lag1, 2, 1e-12)
	_, lag1, _, _ = Intermediate(m, 5, 4, 1e-2)
	_, lag2, _, _ = Intermediate(m, 5, 4, 1e-3)
	within(t, "Lf = 4 lag ∝ u0^{-2}", lag2/lag1, 100, 1e-12)
}

func TestIntermediateExtremesStayFinite(t *testing.T) {
	// No NaN/Inf with a nil error, even at extreme depths and scales.
	m := toy(t, 3, -0.9)
	for _, L := range []int{3, 10, 30} {
		for lf := 2; lf < L; lf += 3 {
			for _, u0 := range []float64{1e-12, 1e-6, 0.5, 0.999999} {
				I, lag, r, err := Intermediate(m, L, lf, u0)
				if err == nil && !(allFinite(I, lag, r) && I > 0 && r >= 1) {
					t.Errorf("L=%d Lf=%d u0=%g: %v %v %v with nil error", L, lf, u0, I, lag, r)
				}
				if err == nil && math.IsInf(r, 0) {
					t.Error("infinite ratio")
				}
			}
		}
	}
}
