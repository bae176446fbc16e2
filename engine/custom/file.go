package custom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"unibias/engine/stats"
)

// MaxFile is the largest moments file ParseMoments reads (a 200-feature
// covariance written with 17 digits is about 0.8 MB).
const MaxFile = 16 << 20

// File is the JSON moments file (docs/theory.md §2.5). Either the blocks
// (sigma_a, sigma_b, sigma_ab, sigma_ya, sigma_yb) or one covariance of
// [x_A; x_B; y] with its split da, db; and either eyy = E[y²] or
// noise_variance (then E[y²] = W*·Σ_yx + noise variance, W* the
// least-squares map). A 1×1 matrix or a 1-vector may be written as a plain
// number.
//
//	{"unibias": "moments", "names": ["audio", "video"],
//	 "sigma_a": 4, "sigma_b": 1, "sigma_ab": 0, "sigma_ya": 4, "sigma_yb": 1, "eyy": 5}
type File struct {
	Unibias       string          `json:"unibias,omitempty"` // "moments" (optional on input)
	Names         []string        `json:"names,omitempty"`   // [name of A, name of B]
	SigmaA        json.RawMessage `json:"sigma_a,omitempty"`
	SigmaB        json.RawMessage `json:"sigma_b,omitempty"`
	SigmaAB       json.RawMessage `json:"sigma_ab,omitempty"`
	SigmaYA       json.RawMessage `json:"sigma_ya,omitempty"`
	SigmaYB       json.RawMessage `json:"sigma_yb,omitempty"`
	Eyy           *float64        `json:"eyy,omitempty"`
	NoiseVariance *float64        `json:"noise_variance,omitempty"`
	Covariance    json.RawMessage `json:"covariance,omitempty"`
	DA            int             `json:"da,omitempty"`
	DB            int             `json:"db,omitempty"`
	Samples       int             `json:"samples,omitempty"`
	Preprocessing string          `json:"preprocessing,omitempty"`
	Columns       *Columns        `json:"columns,omitempty"`
	Note          string          `json:"note,omitempty"`
}

// Columns records which CSV columns made the moments.
type Columns struct {
	A []string `json:"a"`
	B []string `json:"b"`
	Y string   `json:"y"`
}

// ParseMoments reads a moments file and validates it (Check). Problems are
// *Invalid errors naming the field and the fix.
func ParseMoments(text []byte) (*Data, error) {
	d, err := decodeFile(text)
	if err != nil {
		return nil, err
	}
	if err := Check(d); err != nil {
		return d, err
	}
	return d, nil
}

// decodeFile reads a moments file without the checks of Check (sizes are
// checked: the moments are well formed).
func decodeFile(text []byte) (*Data, error) {
	if len(text) > MaxFile {
		return nil, invalid("the moments file is %s; a moments file is at most %s (a CSV of samples goes through --csv or “Load CSV…”)", sizeText(int64(len(text))), sizeText(MaxFile))
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, invalid("the moments file is empty")
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, invalid("not a moments file: %s", jsonErr(text, err))
	}
	if dec.More() {
		return nil, invalid("not a moments file: more than one JSON value")
	}
	if f.Unibias != "" && f.Unibias != "moments" {
		return nil, invalid(`not a moments file: "unibias" is %q, not "moments" (a run file loads with “Load run…”)`, f.Unibias)
	}
	d := &Data{Samples: f.Samples, Preprocessing: f.Preprocessing}
	switch len(f.Names) {
	case 0:
	case 2:
		d.NameA, d.NameB = strings.TrimSpace(f.Names[0]), strings.TrimSpace(f.Names[1])
	default:
		return nil, invalid(`"names" has %d entries; give two, the names of modality A and B (e.g. ["audio", "video"])`, len(f.Names))
	}
	if len(d.NameA) > 64 || len(d.NameB) > 64 {
		return nil, invalid(`a name in "names" is longer than 64 characters`)
	}
	blocks := f.SigmaA != nil || f.SigmaB != nil || f.SigmaAB != nil || f.SigmaYA != nil || f.SigmaYB != nil
	switch {
	case blocks && f.Covariance != nil:
		return nil, invalid(`give either the blocks (sigma_a, sigma_b, sigma_ab, sigma_ya, sigma_yb) or "covariance" with "da" and "db", not both`)
	case f.Covariance != nil:
		if err := fromCovariance(d, &f); err != nil {
			return nil, err
		}
	case blocks:
		if err := fromBlocks(d, &f); err != nil {
			return nil, err
		}
	default:
		return nil, invalid(`the file has no moments: give sigma_a, sigma_b, sigma_ab, sigma_ya, sigma_yb and eyy (or noise_variance), or "covariance" of [x_A; x_B; y] with "da" and "db"`)
	}
	return d, nil
}

// fromBlocks fills d from the block form.
func fromBlocks(d *Data, f *File) error {
	for _, b := range []struct {
		name string
		v    json.RawMessage
	}{{"sigma_a", f.SigmaA}, {"sigma_b", f.SigmaB}, {"sigma_ab", f.SigmaAB}, {"sigma_ya", f.SigmaYA}, {"sigma_yb", f.SigmaYB}} {
		if b.v == nil {
			return invalid(`"%s" is missing: the block form needs sigma_a, sigma_b, sigma_ab, sigma_ya and sigma_yb`, b.name)
		}
	}
	if f.DA != 0 || f.DB != 0 {
		return invalid(`"da" and "db" belong to the "covariance" form; the blocks give their own sizes`)
	}
	sa, err := matrix("sigma_a", f.SigmaA)
	if err != nil {
		return err
	}
	sb, err := matrix("sigma_b", f.SigmaB)
	if err != nil {
		return err
	}
	sab, err := matrix("sigma_ab", f.SigmaAB)
	if err != nil {
		return err
	}
	ya, err := vector("sigma_ya", f.SigmaYA)
	if err != nil {
		return err
	}
	yb, err := vector("sigma_yb", f.SigmaYB)
	if err != nil {
		return err
	}
	da, db := len(sa), len(sb)
	if err := square("sigma_a", sa); err != nil {
		return err
	}
	if err := square("sigma_b", sb); err != nil {
		return err
	}
	if len(sab) != da || len(sab[0]) != db {
		return invalid(`"sigma_ab" is %d×%d; with sigma_a %d×%d and sigma_b %d×%d it must be %d×%d (rows: features of A, columns: features of B)`,
			len(sab), len(sab[0]), da, da, db, db, da, db)
	}
	if len(ya) != da {
		return invalid(`"sigma_ya" has %d entries; sigma_a is %d×%d, so it needs %d`, len(ya), da, da, da)
	}
	if len(yb) != db {
		return invalid(`"sigma_yb" has %d entries; sigma_b is %d×%d, so it needs %d`, len(yb), db, db, db)
	}
	if da+db > MaxDim {
		return invalid("%d features (d_A = %d, d_B = %d) are more than unibias takes (%d in all); reduce them first, e.g. with PCA per modality", da+db, da, db, MaxDim)
	}
	dd := da + db
	m := stats.Moments{DA: da, DB: db, Sxx: make([]float64, dd*dd), Syx: make([]float64, dd)}
	for i := 0; i < da; i++ {
		copy(m.Sxx[i*dd:], sa[i])
		copy(m.Sxx[i*dd+da:], sab[i])
		for j := 0; j < db; j++ {
			m.Sxx[(da+j)*dd+i] = sab[i][j]
		}
	}
	for i := 0; i < db; i++ {
		copy(m.Sxx[(da+i)*dd+da:], sb[i])
	}
	copy(m.Syx, ya)
	copy(m.Syx[da:], yb)
	d.M = m
	return target(d, f)
}

// fromCovariance fills d from the covariance form.
func fromCovariance(d *Data, f *File) error {
	c, err := matrix("covariance", f.Covariance)
	if err != nil {
		return err
	}
	if err := square("covariance", c); err != nil {
		return err
	}
	n := len(c)
	if f.DA < 1 || f.DB < 1 {
		return invalid(`"covariance" needs the split: "da" and "db", the numbers of features of A and B (da + db + 1 = %d, the last row and column being y)`, n)
	}
	if f.DA+f.DB+1 != n {
		return invalid(`"covariance" is %d×%d but da + db + 1 = %d + %d + 1 = %d: it must cover [x_A; x_B; y], y last`, n, n, f.DA, f.DB, f.DA+f.DB+1)
	}
	if f.DA+f.DB > MaxDim {
		return invalid("%d features (d_A = %d, d_B = %d) are more than unibias takes (%d in all); reduce them first, e.g. with PCA per modality", f.DA+f.DB, f.DA, f.DB, MaxDim)
	}
	if f.NoiseVariance != nil || f.Eyy != nil {
		return invalid(`"covariance" holds E[y²] in its last entry; leave out "eyy" and "noise_variance"`)
	}
	dd := n - 1
	d.M = stats.Moments{DA: f.DA, DB: f.DB, Sxx: make([]float64, dd*dd), Syx: make([]float64, dd), Eyy: c[dd][dd]}
	// The y row and column must agree like any other pair of entries.
	scale := 0.0
	for _, row := range c {
		for _, v := range row {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	wi, worst := 0, 0.0
	for i := 0; i < dd; i++ {
		copy(d.M.Sxx[i*dd:], c[i][:dd])
		d.M.Syx[i] = c[dd][i]
		if diff := math.Abs(c[dd][i] - c[i][dd]); diff > worst {
			wi, worst = i, diff
		}
	}
	if worst > symTol*scale {
		// Symmetrise y's row and column for the offered repair.
		fixed := *d
		fixed.M.Syx = append([]float64(nil), d.M.Syx...)
		for i := 0; i < dd; i++ {
			fixed.M.Syx[i] = 0.5 * (c[dd][i] + c[i][dd])
		}
		fix := Nearest(fixed)
		return &Invalid{Fix: &fix, Msg: fmt.Sprintf("the covariance is not symmetric: entry (y, %s) is %s but entry (%s, y) is %s, a difference of %s (%.3g%% of the largest entry, %s). "+
			"The nearest valid covariance is the symmetric part ½(C + Cᵀ)%s; %s",
			d.coord(wi), num(c[dd][wi]), d.coord(wi), num(c[wi][dd]), num(worst), 100*worst/scale, num(scale), fixExtra(fixed, fix), repairHint)}
	}
	return nil
}

// target sets E[y²] from eyy or noise_variance.
func target(d *Data, f *File) error {
	switch {
	case f.Eyy != nil && f.NoiseVariance != nil:
		return invalid(`give either "eyy" (E[y²]) or "noise_variance", not both`)
	case f.Eyy != nil:
		d.M.Eyy = *f.Eyy
	case f.NoiseVariance != nil:
		nv := *f.NoiseVariance
		if !(nv >= 0) {
			return invalid(`"noise_variance" is %s: a variance cannot be negative`, num(nv))
		}
		// E[y²] = W*·Σ_yx + σ², W* = Σ_yx Σ⁺ (docs/theory.md §3): the part of y the
		// inputs explain plus the noise. Σ must be checked first.
		if err := checkSigma(d); err != nil {
			return err
		}
		w, _ := d.M.LeastSquares()
		expl := 0.0
		for i, v := range w {
			expl += v * d.M.Syx[i]
		}
		d.M.Eyy = expl + nv
	default:
		return invalid(`give "eyy" (E[y²], the second moment of the target) or "noise_variance" (the variance of y that no input explains)`)
	}
	return nil
}

// checkSigma runs Check on Σ and Σ_yx alone, before E[y²] is known: with
// an E[y²] above the explained part, only Σ can fail.
func checkSigma(d *Data) error {
	probe := *d
	w, _ := d.M.LeastSquares()
	explained := 0.0
	for i, v := range w {
		explained += v * d.M.Syx[i]
	}
	probe.M.Eyy = math.Abs(explained)*(1+1e-6) + 1
	if math.IsNaN(probe.M.Eyy) || math.IsInf(probe.M.Eyy, 0) {
		probe.M.Eyy = 1
	}
	return Check(&probe)
}

// matrix reads a JSON matrix (array of equal-length rows of numbers, or one
// number for 1×1).
func matrix(name string, raw json.RawMessage) ([][]float64, error) {
	var x float64
	if err := json.Unmarshal(raw, &x); err == nil {
		return [][]float64{{x}}, nil
	}
	var rows [][]float64
	if err := json.Unmarshal(raw, &rows); err != nil {
		var flat []float64
		if json.Unmarshal(raw, &flat) == nil && len(flat) == 1 {
			return [][]float64{{flat[0]}}, nil
		}
		return nil, invalid(`"%s" is not a matrix of numbers (write it as rows, e.g. [[2, 0.3], [0.3, 1.5]]): %s`, name, shortErr(err))
	}
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, invalid(`"%s" is empty`, name)
	}
	for i, r := range rows {
		if len(r) != len(rows[0]) {
			return nil, invalid(`"%s" row %d has %d entries but row 1 has %d: every row must have the same length`, name, i+1, len(r), len(rows[0]))
		}
	}
	return rows, nil
}

// vector reads a JSON vector (array of numbers, or one number).
func vector(name string, raw json.RawMessage) ([]float64, error) {
	var x float64
	if err := json.Unmarshal(raw, &x); err == nil {
		return []float64{x}, nil
	}
	var v []float64
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, invalid(`"%s" is not a list of numbers (e.g. [0.5, 1.2]): %s`, name, shortErr(err))
	}
	if len(v) == 0 {
		return nil, invalid(`"%s" is empty`, name)
	}
	return v, nil
}

// square checks that a matrix is square.
func square(name string, a [][]float64) error {
	if len(a) != len(a[0]) {
		return invalid(`"%s" is %d×%d; it must be square`, name, len(a), len(a[0]))
	}
	return nil
}

// jsonErr turns a JSON decoding error into a message with its line.
func jsonErr(text []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (line %d)", se.Error(), lineOf(text, se.Offset))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%q should be %s, not a JSON %s (line %d)", te.Field, te.Type, te.Value, lineOf(text, te.Offset))
	}
	return shortErr(err)
}

func shortErr(err error) string { return strings.TrimPrefix(err.Error(), "json: ") }

func lineOf(text []byte, off int64) int {
	off = min(max(off, 0), int64(len(text)))
	return 1 + bytes.Count(text[:off], []byte{'\n'})
}

// Marshal writes d as a moments file in block form, one matrix row per
// line, with the source columns when known. Numbers are written in their
// shortest exact form, so ParseMoments gives back the same bits.
func Marshal(d *Data, cols *Columns) []byte {
	m := &d.M
	a, b := d.Names()
	dd := m.D()
	var out strings.Builder
	str := func(s string) string { v, _ := json.Marshal(s); return string(v) }
	nums := func(v []float64) string {
		t := make([]string, len(v))
		for i, x := range v {
			t[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return "[" + strings.Join(t, ", ") + "]"
	}
	matrix := func(r0, nr, c0, nc int) string {
		rows := make([]string, nr)
		for i := range rows {
			rows[i] = nums(m.Sxx[(r0+i)*dd+c0 : (r0+i)*dd+c0+nc])
		}
		return "[\n    " + strings.Join(rows, ",\n    ") + "\n  ]"
	}
	out.WriteString("{\n  \"unibias\": \"moments\",\n")
	out.WriteString("  \"names\": [" + str(a) + ", " + str(b) + "],\n")
	if d.Samples > 0 {
		out.WriteString("  \"samples\": " + strconv.Itoa(d.Samples) + ",\n")
	}
	if d.Preprocessing != "" {
		out.WriteString("  \"preprocessing\": " + str(d.Preprocessing) + ",\n")
	}
	if cols != nil {
		c, _ := json.Marshal(cols)
		out.WriteString("  \"columns\": " + string(c) + ",\n")
	}
	out.WriteString("  \"sigma_a\": " + matrix(0, m.DA, 0, m.DA) + ",\n")
	out.WriteString("  \"sigma_b\": " + matrix(m.DA, m.DB, m.DA, m.DB) + ",\n")
	out.WriteString("  \"sigma_ab\": " + matrix(0, m.DA, m.DA, m.DB) + ",\n")
	out.WriteString("  \"sigma_ya\": " + nums(m.SyA()) + ",\n")
	out.WriteString("  \"sigma_yb\": " + nums(m.SyB()) + ",\n")
	out.WriteString("  \"eyy\": " + strconv.FormatFloat(m.Eyy, 'g', -1, 64) + "\n}\n")
	return []byte(out.String())
}

// sizeText formats a byte count ("12.3 MB").
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
