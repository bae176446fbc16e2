package custom

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"unibias/engine/data"
)

// wantErr checks that err is an *Invalid whose message contains every part.
func wantErr(t *testing.T, err error, parts ...string) *Invalid {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one mentioning %q", parts)
	}
	iv, ok := err.(*Invalid)
	if !ok {
		t.Fatalf("error %T %v is not an *Invalid", err, err)
	}
	for _, p := range parts {
		if !strings.Contains(iv.Msg, p) {
			t.Errorf("message %q does not mention %q", iv.Msg, p)
		}
	}
	return iv
}

const okBlocks = `{"names": ["audio", "video"], "sigma_a": [[2, 0.3], [0.3, 1.5]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5, 1], "sigma_yb": 0.9, "eyy": 5}`

func TestParseBlocks(t *testing.T) {
	d, err := ParseMoments([]byte(okBlocks))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{2, 0.3, 0.4, 0.3, 1.5, 0, 0.4, 0, 1}
	for i, v := range want {
		if d.M.Sxx[i] != v {
			t.Fatalf("Σ = %v, want %v", d.M.Sxx, want)
		}
	}
	if d.M.DA != 2 || d.M.DB != 1 || d.M.Eyy != 5 || d.NameA != "audio" || d.M.Syx[2] != 0.9 {
		t.Errorf("parsed %+v", d)
	}
	// Marshal and parse again: the same data.
	again, err := ParseMoments(Marshal(d, nil))
	if err != nil || Encode(again) != Encode(d) {
		t.Errorf("Marshal round trip: %v\n%s", err, Marshal(d, nil))
	}
}

// TestNoiseVariance: E[y²] = W*·Σ_yx + σ² (toy r = 2, ρ = 0, y = x_A + x_B: 5 + σ²).
func TestNoiseVariance(t *testing.T) {
	d, err := ParseMoments([]byte(`{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "noise_variance": 0.25}`))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.M.Eyy-5.25) > 1e-12 {
		t.Errorf("E[y²] = %v, want 5.25", d.M.Eyy)
	}
	wantErr(t, func() error {
		_, err := ParseMoments([]byte(`{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "noise_variance": -1}`))
		return err
	}(), "noise_variance", "negative")
}

func parseErr(t *testing.T, text string, parts ...string) *Invalid {
	t.Helper()
	_, err := ParseMoments([]byte(text))
	return wantErr(t, err, parts...)
}

func TestNotSymmetric(t *testing.T) {
	iv := parseErr(t, `{"names": ["audio", "video"], "sigma_a": [[2, 0.3], [0.35, 1.5]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5, 1], "sigma_yb": 0.9, "eyy": 5}`,
		"not symmetric", "(audio[1], audio[2])", "0.3", "0.35", "difference of 0.05", "½(Σ + Σᵀ)", "--repair", "0.325")
	if iv.Fix == nil {
		t.Fatal("no repair offered")
	}
	if math.Abs(iv.Fix.M.Sxx[1]-0.325) > 1e-15 || iv.Fix.M.Sxx[3] != iv.Fix.M.Sxx[1] {
		t.Errorf("repair %v", iv.Fix.M.Sxx)
	}
	if err := Check(iv.Fix); err != nil {
		t.Errorf("the repair is not valid: %v", err)
	}
}

func TestCovarianceNotSymmetricInY(t *testing.T) {
	iv := parseErr(t, `{"da": 1, "db": 1, "covariance": [[4, 0, 4], [0, 1, 1], [4, 1.5, 6]]}`, "not symmetric", "(y, B[1])", "1.5", "(B[1], y)")
	if iv.Fix == nil || iv.Fix.M.Syx[1] != 1.25 {
		t.Errorf("repair %+v", iv.Fix)
	}
}

func TestNotPSD(t *testing.T) {
	// ρ = 1.2 is no correlation: eigenvalues of [[1, 1.2], [1.2, 1]] are 2.2 and −0.2.
	iv := parseErr(t, `{"sigma_a": 1, "sigma_b": 1, "sigma_ab": 1.2, "sigma_ya": 1, "sigma_yb": 1, "eyy": 3}`,
		"not positive semi-definite", "smallest eigenvalue is -0.", "nearest valid covariance sets the negative eigenvalues to 0", "changes no entry by more than")
	if iv.Fix == nil {
		t.Fatal("no repair offered")
	}
	if lmin, _, _ := eigRange(joint(&iv.Fix.M), 3); lmin < -1e-12 {
		t.Errorf("repair still has eigenvalue %v", lmin)
	}
	if err := Check(iv.Fix); err != nil {
		t.Errorf("the repair is not valid: %v", err)
	}
	// Σ valid, E[y²] too small: y would be explained more than fully.
	parseErr(t, `{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": 4}`,
		"not positive semi-definite", "E[y²] is smaller than the part of y the inputs explain")
}

func TestMismatchedSizes(t *testing.T) {
	parseErr(t, `{"sigma_a": [[2, 0.3], [0.3, 1.5]], "sigma_b": 1, "sigma_ab": [[0.4, 0]], "sigma_ya": [2.5, 1], "sigma_yb": 0.9, "eyy": 5}`, `"sigma_ab" is 1×2`, "must be 2×1")
	parseErr(t, `{"sigma_a": [[2, 0.3], [0.3, 1.5]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5], "sigma_yb": 0.9, "eyy": 5}`, `"sigma_ya" has 1 entries`, "needs 2")
	parseErr(t, `{"sigma_a": [[2, 0.3], [0.3]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5, 1], "sigma_yb": 0.9, "eyy": 5}`, `"sigma_a" row 2 has 1 entries`)
	parseErr(t, `{"sigma_a": [[2, 0.3]], "sigma_b": 1, "sigma_ab": [[0.4]], "sigma_ya": [2.5], "sigma_yb": 0.9, "eyy": 5}`, `"sigma_a" is 1×2; it must be square`)
	parseErr(t, `{"da": 2, "db": 2, "covariance": [[1, 0], [0, 1]]}`, `"covariance" is 2×2 but da + db + 1 = 2 + 2 + 1 = 5`)
	parseErr(t, `{"covariance": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}`, `needs the split`)
	parseErr(t, `{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "eyy": 5}`, `"sigma_yb" is missing`)
	parseErr(t, `{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1}`, `give "eyy"`)
	parseErr(t, `{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": 5, "noise_variance": 0}`, `not both`)
	parseErr(t, `{"names": ["a"], "sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": 5}`, `"names" has 1 entries`)
}

func TestMalformedFile(t *testing.T) {
	parseErr(t, ``, "empty")
	parseErr(t, `{"sigma_a": [1,}`, "not a moments file", "line 1")
	parseErr(t, `{"sigma_x": 1}`, "not a moments file", `unknown field "sigma_x"`)
	parseErr(t, `{"unibias": "run"}`, `not "moments"`, "Load run")
	parseErr(t, `{}`, "the file has no moments")
	parseErr(t, `{"sigma_a": "four", "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": 5}`, `"sigma_a" is not a matrix of numbers`)
	parseErr(t, `{"sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": "5"}`, `"eyy" should be float64`)
}

func TestConstantFeatureInMoments(t *testing.T) {
	parseErr(t, `{"names": ["audio", "video"], "sigma_a": [[2, 0], [0, 0]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5, 0], "sigma_yb": 0.9, "eyy": 5}`,
		"feature audio[2] has variance 0", "constant feature", "leave it out")
}

func TestFewerSamplesThanDimensions(t *testing.T) {
	parseErr(t, `{"samples": 3, "sigma_a": [[2, 0.3], [0.3, 1.5]], "sigma_b": 1, "sigma_ab": [[0.4], [0]], "sigma_ya": [2.5, 1], "sigma_yb": 0.9, "eyy": 5}`,
		"3 samples for 3 features", "use more than 3 rows")
}

func TestTooManyFeatures(t *testing.T) {
	d := &Data{}
	d.M.DA, d.M.DB = 150, 100
	wantErr(t, Check(d), "250 features", "more than unibias takes (200")
}

func TestCompactErrors(t *testing.T) {
	for _, c := range []struct{ text, part string }{
		{"", "data=custom needs moments"},
		{"x1_1_1", "not in unibias's compact form"},
		{"m1_1_1_0_c_4_0_1_4_1", "has 5 numbers"},
		{"m1_1_1_0_c_4_0_1_4_x_5", `"x" is not a number`},
		{"m1_1_1_0_q_4_0_1_4_1_5", "unknown preprocessing"},
		{"m1_1_1_0_c_4_2.5_1_4_1_5", "not positive semi-definite"},
	} {
		_, err := Decode(c.text)
		wantErr(t, err, c.part)
	}
}

// writeCSV writes samples as CSV with a header: an id column, A's columns
// audio_1.., B's video_1.., the target, and a text column.
func writeCSV(x, y []float64, da, db int) string {
	var b bytes.Buffer
	b.WriteString("id,")
	for i := 0; i < da; i++ {
		b.WriteString("audio_" + strconv.Itoa(i+1) + ",")
	}
	b.WriteString("label")
	for i := 0; i < db; i++ {
		b.WriteString(",video_" + strconv.Itoa(i+1))
	}
	b.WriteString(",comment\n")
	d := da + db
	for k := range y {
		b.WriteString(strconv.Itoa(k) + ",")
		for i := 0; i < da; i++ {
			b.WriteString(strconv.FormatFloat(x[k*d+i], 'g', -1, 64) + ",")
		}
		b.WriteString(strconv.FormatFloat(y[k], 'g', -1, 64))
		for i := 0; i < db; i++ {
			b.WriteString("," + strconv.FormatFloat(x[k*d+da+i], 'g', -1, 64))
		}
		b.WriteString(",\"a, b\"\n")
	}
	return b.String()
}

// TestCSVMatchesDirect: the streaming moments of a CSV equal the in-memory
// ones (data.Empirical of the centred, standardised or raw samples), also
// with large means.
func TestCSVMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, da, db = 500, 3, 2
	d := da + db
	x := make([]float64, n*d)
	y := make([]float64, n)
	for k := 0; k < n; k++ {
		z := rng.NormFloat64()
		for i := 0; i < d; i++ {
			x[k*d+i] = 1000 + float64(i) + z*float64(i+1) + rng.NormFloat64()
		}
		y[k] = 50 + z + 0.1*rng.NormFloat64()
	}
	text := writeCSV(x, y, da, db)
	mean := make([]float64, d+1)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			mean[i] += x[k*d+i] / n
		}
		mean[d] += y[k] / n
	}
	for _, scale := range []string{ScaleCenter, ScaleStandardize, ScaleNone} {
		res, err := ReadCSV(strings.NewReader(text), CSVSpec{A: "audio_*", B: "video_1, video_2", Y: "label", Scale: scale})
		if err != nil {
			t.Fatal(err)
		}
		xc := append([]float64(nil), x...)
		yc := append([]float64(nil), y...)
		if scale != ScaleNone {
			sd := make([]float64, d)
			for k := 0; k < n; k++ {
				for i := 0; i < d; i++ {
					xc[k*d+i] -= mean[i]
					sd[i] += xc[k*d+i] * xc[k*d+i] / n
				}
				yc[k] -= mean[d]
			}
			if scale == ScaleStandardize {
				for k := 0; k < n; k++ {
					for i := 0; i < d; i++ {
						xc[k*d+i] /= math.Sqrt(sd[i])
					}
				}
			}
		}
		want := data.Empirical(xc, yc, da, db)
		got := res.Data.M
		tol := 1e-9
		for i := range want.Sxx {
			if math.Abs(got.Sxx[i]-want.Sxx[i]) > tol*math.Max(1, math.Abs(want.Sxx[i])) {
				t.Errorf("%s: Σ[%d] = %v, direct %v", scale, i, got.Sxx[i], want.Sxx[i])
			}
		}
		for i := range want.Syx {
			if math.Abs(got.Syx[i]-want.Syx[i]) > tol*math.Max(1, math.Abs(want.Syx[i])) {
				t.Errorf("%s: Σ_yx[%d] = %v, direct %v", scale, i, got.Syx[i], want.Syx[i])
			}
		}
		if math.Abs(got.Eyy-want.Eyy) > tol*math.Max(1, want.Eyy) {
			t.Errorf("%s: E[y²] = %v, direct %v", scale, got.Eyy, want.Eyy)
		}
		if res.Rows != n || res.Data.Samples != n || res.Data.NameA != "audio" || res.Data.NameB != "video" || strings.Join(res.Columns.B, ",") != "video_1,video_2" {
			t.Errorf("%s: result %+v", scale, res.Columns)
		}
	}
}

func csvErr1(t *testing.T, text string, spec CSVSpec, parts ...string) {
	t.Helper()
	if spec.A == "" && spec.B == "" && spec.Y == "" {
		spec = CSVSpec{A: "a*", B: "b*", Y: "y"}
	}
	_, err := ReadCSV(strings.NewReader(text), spec)
	wantErr(t, err, parts...)
}

func TestCSVMissingValue(t *testing.T) {
	csvErr1(t, "a1,b1,y\n1,2,3\n4,NA,6\n", CSVSpec{}, "row 2 (line 3)", `column "b1"`, "missing value")
	csvErr1(t, "a1,b1,y\n1,2,3\n4,5,\n", CSVSpec{}, "row 2 (line 3)", `column "y"`, "missing value")
}

func TestCSVNonNumeric(t *testing.T) {
	csvErr1(t, "a1,b1,y\n1,2,3\n4,5,6\n7,eight,9\n", CSVSpec{}, "row 3 (line 4)", `column "b1"`, `"eight" is not a number`)
	csvErr1(t, "a1,b1,y\n1,2,3\n4,5,Inf\n", CSVSpec{}, "row 2", `"Inf" is not a number`)
}

func TestCSVHeaderErrors(t *testing.T) {
	csvErr1(t, "", CSVSpec{}, "the CSV is empty", "header")
	csvErr1(t, "a1,b1,y\n", CSVSpec{}, "no rows of data")
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "audio_*", B: "b*", Y: "y"}, `"audio_*" matches no column`, "the header has: a1, b1, y")
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a*", B: "b*", Y: "label"}, `target column "label" is not in the header`)
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a*", B: "b*"}, "no target column")
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a*", Y: "y"}, "no columns chosen for B")
	csvErr1(t, "a1,a1,y\n1,2,3\n", CSVSpec{A: "a1", B: "y", Y: "y"}, `names column "a1" twice`)
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a*,b1", B: "b*", Y: "y"}, `"b1" is chosen for both A and B`)
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a*,y", B: "b*", Y: "y"}, `target column "y" is also chosen`)
	csvErr1(t, "a1,b1,y\n1,2,3\n4,5\n", CSVSpec{}, "line 3 has a different number of cells")
	csvErr1(t, "a1,b1,y\n1,2,3\n", CSVSpec{A: "a[", B: "b*", Y: "y"}, "not a valid pattern")
}

func TestCSVConstantColumn(t *testing.T) {
	csvErr1(t, "a1,a2,b1,y\n1,7,2,3\n4,7,5,1\n2,7,1,1\n5,7,3,2\n", CSVSpec{}, `column "a2" is constant (every row is 7)`, "leave it out")
	csvErr1(t, "a1,b1,y\n1,2,3\n4,5,3\n2,7,3\n", CSVSpec{}, `column "y" is constant`, "target")
}

func TestCSVFewerRowsThanFeatures(t *testing.T) {
	csvErr1(t, "a1,a2,b1,b2,y\n1,2,3,4,5\n2,1,4,3,3\n3,5,2,2,1\n", CSVSpec{}, "3 rows for 4 features", "d_A = 2, d_B = 2", "use more than 4 rows")
}

func TestCSVTooLargeForTab(t *testing.T) {
	text := "a1,b1,y\n" + strings.Repeat("1,2,3\n4,5,7\n", 1000)
	csvErr1(t, text, CSVSpec{A: "a*", B: "b*", Y: "y", MaxBytes: 1000}, "the page reads CSV files of up to 1000 bytes", "unibias moments --csv")
	if _, err := ReadCSV(strings.NewReader(text), CSVSpec{A: "a*", B: "b*", Y: "y", MaxBytes: int64(len(text))}); err == nil {
		t.Log("a file of exactly the limit is read (its moments may still be refused)")
	} else if strings.Contains(err.Error(), "page reads") {
		t.Errorf("a file of exactly the limit is refused as too large: %v", err)
	}
	wantErr(t, TooLarge(200<<20, MaxTabCSV), "200.0 MB", "64.0 MB", "command line")
}

func TestGuessColumns(t *testing.T) {
	for _, c := range []struct{ header, a, b, y string }{
		{"id,audio_1,audio_2,audio_3,video_1,video_2,label", "audio_*", "video_*", "label"},
		{"x1,x2,z1,out", "x*", "z1", "out"},
		{"left,right,Target", "left", "right", "Target"},
		{"f1,f10,g1,y", "f*", "g1", "y"},
	} {
		a, b, y, ok := GuessColumns([]byte(c.header + "\n1,2,3,4\n"))
		if !ok || a != c.a || b != c.b || y != c.y {
			t.Errorf("%s: guessed %q %q %q %v; want %q %q %q", c.header, a, b, y, ok, c.a, c.b, c.y)
		}
	}
	if _, _, _, ok := GuessColumns([]byte("a1,a2,y\n")); ok {
		t.Error("one group of features: want no guess")
	}
}
