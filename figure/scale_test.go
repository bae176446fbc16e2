package figure

import (
	"math"
	"reflect"
	"testing"
)

func TestScaleMap(t *testing.T) {
	cases := []struct {
		s    Scale
		v    float64
		want float64
	}{
		{Scale{D0: 0, D1: 10, R0: 0, R1: 100}, 5, 50},
		{Scale{D0: 0, D1: 10, R0: 100, R1: 0}, 2.5, 75},                // inverted pixel range (y axes)
		{Scale{D0: 1, D1: 1000, R0: 0, R1: 300, Log: true}, 10, 100},   // one decade of three
		{Scale{D0: 1, D1: 1000, R0: 0, R1: 300, Log: true}, 1000, 300}, // upper end
		{Scale{D0: 10, D1: 1000, R0: 200, R1: 0, Log: true}, 100, 100}, // log, inverted
		{Scale{D0: 3, D1: 3, R0: 0, R1: 10}, 3, 5},                     // degenerate domain: middle
	}
	for _, c := range cases {
		if got := c.s.Map(c.v); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%+v.Map(%g) = %g, want %g", c.s, c.v, got, c.want)
		}
	}
	if v := (Scale{D0: 1, D1: 10, R0: 0, R1: 1, Log: true}).Map(0); !math.IsNaN(v) {
		t.Errorf("log scale maps 0 to %g, want NaN", v)
	}
	if v := (Scale{D0: 1, D1: 10, R0: 0, R1: 1, Log: true}).Map(-3); !math.IsNaN(v) {
		t.Errorf("log scale maps −3 to %g, want NaN", v)
	}
}

func TestLinearTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-0.9, 0.9, 6, []float64{-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8}},
		{0, 20000, 5, []float64{0, 5000, 10000, 15000, 20000}},
		{1, 4, 4, []float64{1, 2, 3, 4}},
		{2, 2, 5, []float64{2}},
	}
	for _, c := range cases {
		got := LinearTicks(c.lo, c.hi, c.n)
		if len(got) != len(c.want) {
			t.Errorf("LinearTicks(%g, %g, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("LinearTicks(%g, %g, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
				break
			}
		}
	}
}

func labelled(ts []Tick) []float64 {
	var out []float64
	for _, t := range ts {
		if t.Label != "" {
			out = append(out, t.V)
		}
	}
	return out
}

func TestLogTicks(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi float64
		want   []float64 // labelled ticks
	}{
		{"three decades: decades only", 10, 10000, []float64{10, 100, 1000, 10000}},
		{"two decades: 1-2-5", 100, 10000, []float64{100, 200, 500, 1000, 2000, 5000, 10000}},
		{"within a decade: linear", 1, 6, []float64{1, 2, 3, 4, 5, 6}},
		{"ten decades thinned", 1e-5, 1e5, []float64{1e-5, 1e-3, 1e-1, 10, 1e3, 1e5}},
	}
	for _, c := range cases {
		got := labelled(LogTicks(c.lo, c.hi, 6, nil))
		if len(got) != len(c.want) {
			t.Errorf("%s: labelled ticks %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]/c.want[i]-1) > 1e-9 {
				t.Errorf("%s: labelled ticks %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
	// Minor ticks are present, unlabelled, for a few decades.
	all := LogTicks(10, 10000, 6, nil)
	if len(all) <= 4 {
		t.Errorf("expected minor ticks between decades, got %v", all)
	}
	if LogTicks(0, 10, 5, nil) != nil || LogTicks(10, 1, 5, nil) != nil {
		t.Error("invalid log domains should give no ticks")
	}
}

func TestNiceLogDomain(t *testing.T) {
	cases := []struct{ lo, hi, wlo, whi float64 }{
		{130, 7000, 100, 10000},
		{260, 4100, 200, 5000},
		{1, 10, 1, 10},
		{0.9, 4.2, 0.5, 5},
	}
	for _, c := range cases {
		a, b := NiceLogDomain(c.lo, c.hi)
		if math.Abs(a/c.wlo-1) > 1e-9 || math.Abs(b/c.whi-1) > 1e-9 {
			t.Errorf("NiceLogDomain(%g, %g) = %g, %g; want %g, %g", c.lo, c.hi, a, b, c.wlo, c.whi)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{FormatNum(-0.45), "−0.45"},
		{FormatNum(0.04), "0.04"},
		{FormatNum(1e-9), "1e−09"},
		{FormatNum(20000), "20000"},
		{FormatNum(math.NaN()), "–"},
		{FormatSteps(950), "950"},
		{FormatSteps(1200), "1.2k"},
		{FormatSteps(35000), "35k"},
		{FormatSteps(1.5e6), "1.5M"},
		{FormatPercent(0.0312), "3.1%"},
		{FormatPercent(0.25), "25%"},
		{FormatPercent(0.004), "0.40%"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestTicksUseFormat(t *testing.T) {
	s := Scale{D0: 100, D1: 100000, R0: 0, R1: 1, Log: true}
	got := labelled(s.Ticks(6, FormatSteps))
	if !reflect.DeepEqual(got, []float64{100, 1000, 10000, 100000}) {
		t.Fatalf("ticks %v", got)
	}
	for _, tk := range s.Ticks(6, FormatSteps) {
		if tk.V == 10000 && tk.Label != "10k" {
			t.Errorf("label of 10000 = %q, want 10k", tk.Label)
		}
	}
}
