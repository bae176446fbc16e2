package figure

import (
	"strings"
	"testing"
)

func TestLinePath(t *testing.T) {
	sx := Scale{D0: 0, D1: 10, R0: 0, R1: 100}
	sy := Scale{D0: 1, D1: 100, R0: 200, R1: 0, Log: true}
	nan := func() float64 { var z float64; return z / z }()
	cases := []struct {
		name   string
		xs, ys []float64
		want   string
	}{
		{"simple", []float64{0, 5, 10}, []float64{1, 10, 100}, "M0 200 L50 100 L100 0"},
		{"gap at NaN", []float64{0, 5, 10}, []float64{1, nan, 100}, "M0 200 M100 0"},
		{"gap at non-positive on log", []float64{0, 2, 5, 10}, []float64{1, 10, 0, 100}, "M0 200 L20 100 M100 0"},
		{"nothing", []float64{0}, []float64{nan}, ""},
	}
	for _, c := range cases {
		if got := LinePath(c.xs, c.ys, sx, sy); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestBandPath(t *testing.T) {
	sx := Scale{D0: 0, D1: 10, R0: 0, R1: 100}
	sy := Scale{D0: 0, D1: 10, R0: 100, R1: 0}
	xs := []float64{0, 5, 10}
	lo := []float64{1, 2, 3}
	hi := []float64{5, 20, 6} // 20 is above the plot: clamped to the top edge
	got := BandPath(xs, lo, hi, sx, sy, false, false)
	want := "M0 90 L50 80 L100 70 L100 40 L50 0 L0 50 Z"
	if got != want {
		t.Errorf("band: got %q, want %q", got, want)
	}
	// Region below a curve down to the bottom edge.
	if got := BandPath(xs, nil, lo, sx, sy, true, false); got != "M0 100 L50 100 L100 100 L100 70 L50 80 L0 90 Z" {
		t.Errorf("below: got %q", got)
	}
	// Region above a curve up to the top edge.
	if got := BandPath(xs, hi, nil, sx, sy, false, true); !strings.HasPrefix(got, "M0 50 L50 0 L100 40 L100 0") {
		t.Errorf("above: got %q", got)
	}
	// A gap splits the band into closed sub-paths; single points are dropped.
	nan := func() float64 { var z float64; return z / z }()
	got = BandPath([]float64{0, 2, 4, 6, 8}, []float64{1, 1, nan, 1, 1}, []float64{2, 2, 2, 2, 2}, sx, sy, false, false)
	if strings.Count(got, "Z") != 2 || strings.Count(got, "M") != 2 {
		t.Errorf("gap: got %q", got)
	}
}

func TestMarkerPath(t *testing.T) {
	for _, s := range append([]string{"circle"}, seriesShapes...) {
		d := MarkerPath(s, 10, 10, 5)
		if !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "Z") {
			t.Errorf("%s: malformed path %q", s, d)
		}
	}
}

func TestPx(t *testing.T) {
	cases := map[float64]string{12.34: "12.3", -4.05: "-4.1", 0: "0", -0.04: "0", 7: "7", 99.96: "100", 1e9: "100000", -1e9: "-100000"}
	for v, want := range cases {
		if got := Px(v); got != want {
			t.Errorf("Px(%g) = %q, want %q", v, got, want)
		}
	}
}
