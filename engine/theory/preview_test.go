package theory

import (
	"math"
	"reflect"
	"testing"
)

// TestPredictClosedForm: where closed forms exist, PredictClosedForm is
// Predict without the ODE, field for field; for L = 1 and Lf = 1 its times
// come from the ODE at the preview's looser tolerances and agree with
// Predict's within 1e-4 (relative). Grid: σ_A/σ_B ∈ {0.5, 1.5, 3}, ρ ∈
// {−0.8, 0, 0.6}, (L, Lf) ∈ {(1,1), (2,1), (4,1), (2,2), (3,2), (4,3), (4,4)},
// u0 ∈ {0.01, 0.1}, η ∈ {0, 0.04}, ReLU on and off.
func TestPredictClosedForm(t *testing.T) {
	n := 0
	for _, r := range []float64{0.5, 1.5, 3} {
		for _, rho := range []float64{-0.8, 0, 0.6} {
			m := toy(t, r, rho)
			for _, d := range [][2]int{{1, 1}, {2, 1}, {4, 1}, {2, 2}, {3, 2}, {4, 3}, {4, 4}} {
				for _, u0 := range []float64{0.01, 0.1} {
					for _, lr := range []float64{0, 0.04} {
						for _, relu := range []bool{false, true} {
							a := Arch{L: d[0], Lf: d[1], U0: u0, LR: lr, ReLU: relu}
							full, ferr := Predict(m, a)
							cf, cerr := PredictClosedForm(m, a)
							if (ferr == nil) != (cerr == nil) {
								t.Fatalf("%+v r=%g ρ=%g: errors differ: %v vs %v", a, r, rho, ferr, cerr)
							}
							if ferr != nil {
								continue
							}
							n++
							if d[0] == 1 || d[1] == 1 {
								if full.ODE == nil || cf.ODE == nil {
									t.Fatalf("%+v: ODE missing (%v, %v)", a, full.ODE, cf.ODE)
								}
								for _, p := range [][2]float64{{full.TA, cf.TA}, {full.TB, cf.TB}, {full.ODE.Ratio, cf.ODE.Ratio}} {
									if math.Abs(p[0]-p[1]) > 1e-4*math.Abs(p[0]) {
										t.Errorf("%+v r=%g ρ=%g: preview ODE %g vs %g", a, r, rho, p[1], p[0])
									}
								}
								continue
							}
							if cf.ODE != nil {
								t.Fatalf("%+v: closed-form prediction carries the ODE", a)
							}
							full.ODE = nil
							full.Notes, cf.Notes = nil, nil // the ODE's notes
							if !reflect.DeepEqual(full, cf) {
								t.Fatalf("%+v r=%g ρ=%g: closed forms differ:\n%+v\n%+v", a, r, rho, full, cf)
							}
						}
					}
				}
			}
		}
	}
	if n < 200 {
		t.Fatalf("only %d predictions compared", n)
	}
}
