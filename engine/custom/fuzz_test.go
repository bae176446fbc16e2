package custom

import (
	"math"
	"strings"
	"testing"
)

// finiteData reports whether accepted data are well formed and finite.
func finiteData(t *testing.T, d *Data) {
	t.Helper()
	if err := d.M.Validate(); err != nil {
		t.Fatalf("accepted data fail stats validation: %v", err)
	}
	s := Summarise(d)
	for _, v := range []float64{s.R2A, s.R2B, s.R2, s.PredCorr, s.CorrA, s.CorrB} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("summary of accepted data has %v: %+v", v, s)
		}
	}
	again, err := Decode(Encode(d))
	if err != nil {
		t.Fatalf("accepted data do not survive the compact form: %v", err)
	}
	if Encode(again) != Encode(d) {
		t.Fatalf("compact form is not stable")
	}
}

// FuzzParseMoments: the moments-file reader never panics; what it accepts
// is valid, summarises without NaN and survives the compact form; what it
// refuses comes with a message.
func FuzzParseMoments(f *testing.F) {
	f.Add([]byte(okBlocks))
	f.Add([]byte(`{"da": 1, "db": 1, "covariance": [[4, 0, 4], [0, 1, 1], [4, 1, 6]]}`))
	f.Add([]byte(`{"sigma_a": 1, "sigma_b": 1, "sigma_ab": 1.2, "sigma_ya": 1, "sigma_yb": 1, "eyy": 3}`))
	f.Add([]byte(`{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "noise_variance": 0.25}`))
	f.Fuzz(func(t *testing.T, text []byte) {
		d, err := ParseMoments(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			if fix := FixOf(err); fix != nil && fix.M.D() > 0 {
				_ = Check(fix) // the repair must not panic either
			}
			return
		}
		finiteData(t, d)
	})
}

// FuzzReadCSV: the CSV reader never panics; accepted moments are valid.
func FuzzReadCSV(f *testing.F) {
	f.Add("a1,a2,b1,y\n1,2,3,4\n2,1,5,3\n0,3,1,1\n4,4,2,9\n5,0,1,2\n", "a*", "b*", "y")
	f.Add("a1,b1,y\n1,NA,3\n", "a1", "b1", "y")
	f.Add("\ufeffx,\"z\",t\n1,2,3\n", "x", "z", "t")
	f.Fuzz(func(t *testing.T, text, a, b, y string) {
		res, err := ReadCSV(strings.NewReader(text), CSVSpec{A: a, B: b, Y: y, MaxBytes: 1 << 16})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		finiteData(t, &res.Data)
	})
}

// FuzzDecode: the compact form's reader never panics; what it accepts
// encodes back to itself.
func FuzzDecode(f *testing.F) {
	f.Add("m1_1_1_0_c_4_0_1_4_1_5")
	f.Add("m1_1_1_500_s_4_0_1_4_1_5~audio~video")
	f.Add("m1_2_1_0_u_2_0.3_0.4_1.5_0_1_2.5_1_0.9_5")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Decode(text)
		if err != nil {
			return
		}
		finiteData(t, d)
	})
}
