package sweep

import (
	"math"
	"net/url"
	"testing"

	"unibias/engine/params"
	"unibias/protocol"
)

// TestClosedFormPlanMatchesFull: the closed-form plan has the full plan's
// jobs and, at every one of its dense points (the full plan's, less the
// simulated xs), the same closed-form values; only the reduced-ODE fields
// are missing. Checked on the default diagram and on an
// intermediate-fusion sweep over depth, where early-fusion series take
// their times from the ODE alone.
func TestClosedFormPlanMatchesFull(t *testing.T) {
	for _, query := range []string{"", "x=rho&series=fusion&values=2,3&depth=3&init=0.1"} {
		q, _ := url.ParseQuery(query)
		p, _ := params.FromQuery(q)
		full, err := MakePlan(p, 40, Full)
		if err != nil {
			t.Fatal(err)
		}
		closed, err := MakePlan(p, 40, ClosedForm)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Jobs) != len(closed.Jobs) || len(full.Curves) != len(closed.Curves) {
			t.Fatalf("%q: %d/%d jobs, %d/%d curves", query, len(full.Jobs), len(closed.Jobs), len(full.Curves), len(closed.Curves))
		}
		for i := range full.Jobs {
			if full.Jobs[i] != closed.Jobs[i] {
				t.Fatalf("%q: job %d differs: %+v vs %+v", query, i, full.Jobs[i], closed.Jobs[i])
			}
		}
		odes := 0
		for ci, fc := range full.Curves {
			cc := closed.Curves[ci]
			byX := map[float64]protocol.CurvePoint{}
			for _, fp := range fc.Points {
				byX[fp.X] = fp
			}
			if len(cc.Points) != 40 || len(fc.Points) <= len(cc.Points) {
				t.Fatalf("%q curve %d: %d full and %d closed-form points", query, ci, len(fc.Points), len(cc.Points))
			}
			for k, cp := range cc.Points {
				fp, ok := byX[cp.X]
				if !ok {
					t.Fatalf("%q curve %d: closed-form point %d at x=%g is not a point of the full curve", query, ci, k, cp.X)
				}
				if fp.ODETA != nil {
					odes++
				}
				early := fp.ODETA != nil && cp.ODETA != nil // Lf = 1: times from the ODE
				if !early && (cp.ODETA != nil || cp.ODETB != nil || cp.ODERatio != nil) {
					t.Fatalf("%q curve %d point %d: closed-form plan carries ODE values", query, ci, k)
				}
				for _, pair := range [][2]protocol.Num{{fp.ODETA, cp.ODETA}, {fp.ODETB, cp.ODETB}, {fp.ODERatio, cp.ODERatio}} {
					if early && !near(pair[0], pair[1], 1e-3) {
						t.Fatalf("%q curve %d at x=%g: ODE %v vs %v", query, ci, fp.X, deref(pair[0]), deref(pair[1]))
					}
				}
				for _, pair := range [][2]protocol.Num{{fp.TA, cp.TA}, {fp.TB, cp.TB}, {fp.Ratio, cp.Ratio}, {fp.Plateau, cp.Plateau}, {fp.Misattribution, cp.Misattribution}} {
					if early && !near(pair[0], pair[1], 1e-3) || !early && !same(pair[0], pair[1]) {
						t.Fatalf("%q curve %d at x=%g: %v vs %v", query, ci, fp.X, deref(pair[0]), deref(pair[1]))
					}
				}
			}
		}
		if odes == 0 {
			t.Fatalf("%q: the full plan has no ODE values: the comparison is empty", query)
		}
	}
}

func same(a, b protocol.Num) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// near: both missing, or both present within rel relative difference.
func near(a, b protocol.Num, rel float64) bool {
	return (a == nil) == (b == nil) && (a == nil || math.Abs(*a-*b) <= rel*math.Abs(*a))
}

func deref(n protocol.Num) any {
	if n == nil {
		return nil
	}
	return *n
}

// BenchmarkMakePlan: the default diagram's plan (4 series × 120 dense
// points), with the full theory and with the closed forms alone.
func BenchmarkMakePlan(b *testing.B) {
	p := params.Defaults()
	for _, c := range []struct {
		name  string
		th    Theory
		dense int
	}{{"full", Full, 120}, {"closed-form", ClosedForm, 120}, {"closed-form-24", ClosedForm, 24}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := MakePlan(p, c.dense, c.th); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
