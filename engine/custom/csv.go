package custom

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"

	"unibias/engine/stats"
)

// MaxTabCSV is the largest CSV the page reads in the browser tab; larger
// files go through the command line (unibias moments --csv …).
const MaxTabCSV = 64 << 20

// Scalings of the samples before the moments are taken.
const (
	ScaleCenter      = "center"      // subtract each column's mean (the default)
	ScaleStandardize = "standardize" // centre, and scale every feature to unit variance (y only centred)
	ScaleNone        = "none"        // raw second moments E[v vᵀ], as a network without biases sees them
)

// CSVSpec chooses the columns of a CSV and what to do with them.
type CSVSpec struct {
	// A and B are the features of each modality: comma-separated column
	// names or glob patterns (path.Match: audio_*, f[0-9]), matched
	// against the header; columns keep the header's order.
	A, B string
	// Y is the name of the target column.
	Y string
	// NameA and NameB name the modalities; by default the patterns with
	// their wildcards and trailing separators removed ("audio_*" → "audio").
	NameA, NameB string
	// Scale is ScaleCenter (when empty), ScaleStandardize or ScaleNone.
	Scale string
	// MaxBytes bounds the bytes read (0: no bound); the page sets MaxTabCSV.
	MaxBytes int64
}

// CSVResult is what ReadCSV computed.
type CSVResult struct {
	Data    Data
	Columns Columns
	Rows    int
	Bytes   int64
	// Means and SDs of the selected columns (features of A, of B, then y),
	// before any scaling.
	Means, SDs []float64
}

// ReadCSV computes the moments of the chosen columns of a CSV with a
// header, in one streaming pass that keeps only the running sums (docs/theory.md
// §2.4, §2.5): memory grows with the square of the number of columns, not
// with the rows. Sums are taken about the first row, so large means cost
// no precision. A missing value, a non-numeric cell, a constant column, a
// header that does not name the chosen columns, fewer rows than features or
// a file beyond MaxBytes stops it with an *Invalid error naming the row and
// column. The moments are then checked (Check).
func ReadCSV(r io.Reader, spec CSVSpec) (*CSVResult, error) {
	scale := spec.Scale
	if scale == "" {
		scale = ScaleCenter
	}
	if scale != ScaleCenter && scale != ScaleStandardize && scale != ScaleNone {
		return nil, invalid("scale %q: want %s, %s or %s", scale, ScaleCenter, ScaleStandardize, ScaleNone)
	}
	counter := &countReader{r: r, max: spec.MaxBytes}
	cr := csv.NewReader(bufio.NewReaderSize(counter, 1<<16))
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, invalid("the CSV is empty: it needs a header line naming the columns, then one row per sample")
		}
		return nil, csvErr(counter, err)
	}
	header = append([]string(nil), header...)
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	cols, res, err := chooseColumns(header, spec)
	if err != nil {
		return nil, err
	}
	p := len(cols) // features of A, of B, then y
	shift := make([]float64, p)
	s1 := make([]float64, p)
	s2 := make([]float64, p*p) // upper triangle used
	z := make([]float64, p)
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvErr(counter, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // a blank line
		}
		rows++
		for k, c := range cols {
			cell := strings.TrimSpace(rec[c])
			v, perr := strconv.ParseFloat(cell, 64)
			if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				line, _ := cr.FieldPos(c)
				if isMissing(cell) {
					return nil, invalid("row %d (line %d), column %q: missing value (%q); remove or fill in the rows with missing values first", rows, line, header[c], cell)
				}
				return nil, invalid("row %d (line %d), column %q: %q is not a number", rows, line, header[c], cell)
			}
			if rows == 1 {
				shift[k] = v
			}
			z[k] = v - shift[k]
		}
		for i := 0; i < p; i++ {
			zi := z[i]
			s1[i] += zi
			if zi == 0 {
				continue
			}
			row := s2[i*p : (i+1)*p]
			for j := i; j < p; j++ {
				row[j] += zi * z[j]
			}
		}
	}
	res.Rows, res.Bytes = rows, counter.n
	if rows == 0 {
		return nil, invalid("the CSV has a header but no rows of data")
	}
	n := float64(rows)
	// Mean and covariance about the mean, from the shifted sums.
	mean := make([]float64, p)
	cov := make([]float64, p*p)
	for i := 0; i < p; i++ {
		mean[i] = shift[i] + s1[i]/n
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			c := s2[i*p+j]/n - (s1[i]/n)*(s1[j]/n)
			cov[i*p+j], cov[j*p+i] = c, c
		}
	}
	res.Means = mean
	res.SDs = make([]float64, p)
	for i := 0; i < p; i++ {
		v := cov[i*p+i]
		res.SDs[i] = math.Sqrt(math.Max(v, 0))
		if v <= varTol*math.Max(mean[i]*mean[i], 1e-300) {
			what := "feature"
			if i == p-1 {
				what = "target"
			}
			return nil, invalid("column %q is constant (every row is %s): a constant %s carries no information; leave it out", header[cols[i]], num(mean[i]), what)
		}
	}
	dd := p - 1
	if rows <= dd {
		return nil, invalid("%d rows for %d features (d_A = %d, d_B = %d): the covariance of fewer samples than features is singular; use more than %d rows or fewer columns",
			rows, dd, len(res.Columns.A), len(res.Columns.B), dd)
	}
	// The moments of the scaled samples.
	at := func(i, j int) float64 {
		switch scale {
		case ScaleNone:
			return cov[i*p+j] + mean[i]*mean[j]
		case ScaleStandardize:
			c := cov[i*p+j]
			if i < dd {
				c /= res.SDs[i]
			}
			if j < dd {
				c /= res.SDs[j]
			}
			return c
		}
		return cov[i*p+j]
	}
	m := stats.Moments{DA: len(res.Columns.A), DB: len(res.Columns.B), Sxx: make([]float64, dd*dd), Syx: make([]float64, dd)}
	for i := 0; i < dd; i++ {
		for j := 0; j < dd; j++ {
			m.Sxx[i*dd+j] = at(i, j)
		}
		m.Syx[i] = at(dd, i)
	}
	m.Eyy = at(dd, dd)
	res.Data.M = m
	res.Data.Samples = rows
	res.Data.Preprocessing = map[string]string{ScaleCenter: "centred", ScaleStandardize: "standardised", ScaleNone: "raw"}[scale]
	if err := Check(&res.Data); err != nil {
		return res, err
	}
	return res, nil
}

// chooseColumns matches the spec against the header: the column indices of
// A's features, B's, then y.
func chooseColumns(header []string, spec CSVSpec) ([]int, *CSVResult, error) {
	seen := map[string]int{}
	for i, h := range header {
		if h == "" {
			continue
		}
		if j, dup := seen[h]; dup {
			return nil, nil, invalid("the header names column %q twice (columns %d and %d); give every column its own name", h, j+1, i+1)
		}
		seen[h] = i
	}
	list := strings.Join(header, ", ")
	if len(list) > 300 {
		list = list[:300] + "…"
	}
	match := func(flag, pats string) ([]int, error) {
		if strings.TrimSpace(pats) == "" {
			return nil, invalid("no columns chosen for %s: give column names or patterns (e.g. --%s 'audio_*'); the header has: %s", flag, strings.ToLower(flag), list)
		}
		var out []int
		taken := map[int]bool{}
		for _, pat := range strings.Split(pats, ",") {
			pat = strings.TrimSpace(pat)
			if pat == "" {
				continue
			}
			if _, err := path.Match(pat, ""); err != nil {
				return nil, invalid("%s pattern %q is not a valid pattern (%v)", flag, pat, err)
			}
			found := false
			for i, h := range header {
				if ok, _ := path.Match(pat, h); ok && h != "" {
					found = true
					if !taken[i] {
						taken[i] = true
						out = append(out, i)
					}
				}
			}
			if !found {
				return nil, invalid("%s: %q matches no column of the header; the header has: %s", flag, pat, list)
			}
		}
		// Header order.
		for i := 1; i < len(out); i++ {
			for j := i; j > 0 && out[j] < out[j-1]; j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
		return out, nil
	}
	a, err := match("A", spec.A)
	if err != nil {
		return nil, nil, err
	}
	b, err := match("B", spec.B)
	if err != nil {
		return nil, nil, err
	}
	y := strings.TrimSpace(spec.Y)
	if y == "" {
		return nil, nil, invalid("no target column: give its name (e.g. --y label); the header has: %s", list)
	}
	yi, ok := seen[y]
	if !ok {
		return nil, nil, invalid("target column %q is not in the header; the header has: %s", y, list)
	}
	inA := map[int]bool{}
	for _, i := range a {
		inA[i] = true
	}
	for _, i := range b {
		if inA[i] {
			return nil, nil, invalid("column %q is chosen for both A and B; each column belongs to one modality", header[i])
		}
	}
	for _, i := range append(append([]int(nil), a...), b...) {
		if i == yi {
			return nil, nil, invalid("the target column %q is also chosen as a feature; leave it out of A and B", y)
		}
	}
	if len(a)+len(b) > MaxDim {
		return nil, nil, invalid("%d features (d_A = %d, d_B = %d) are more than unibias takes (%d in all); reduce them first, e.g. with PCA per modality", len(a)+len(b), len(a), len(b), MaxDim)
	}
	res := &CSVResult{}
	for _, i := range a {
		res.Columns.A = append(res.Columns.A, header[i])
	}
	for _, i := range b {
		res.Columns.B = append(res.Columns.B, header[i])
	}
	res.Columns.Y = y
	res.Data.NameA, res.Data.NameB = spec.NameA, spec.NameB
	if res.Data.NameA == "" {
		res.Data.NameA = patternName(res.Columns.A)
	}
	if res.Data.NameB == "" {
		res.Data.NameB = patternName(res.Columns.B)
	}
	cols := append(append(append([]int(nil), a...), b...), yi)
	return cols, res, nil
}

// patternName derives a modality's name from its columns: the common
// prefix of their names without trailing separators and digits
// ("audio_1", "audio_2" → "audio"); a single column names itself.
func patternName(cols []string) string {
	if len(cols) == 1 {
		return cols[0]
	}
	p := cols[0]
	for _, c := range cols[1:] {
		for !strings.HasPrefix(c, p) {
			p = p[:len(p)-1]
		}
	}
	p = strings.TrimRight(p, "_-. 0123456789")
	if len(p) > 64 {
		p = p[:64]
	}
	return p
}

// isMissing reports whether a cell is one of the usual spellings of a
// missing value.
func isMissing(cell string) bool {
	switch strings.ToLower(cell) {
	case "", "na", "n/a", "nan", "null", "none", "?", "-", ".", "missing":
		return true
	}
	return false
}

// countReader counts bytes and stops at max.
type countReader struct {
	r   io.Reader
	n   int64
	max int64
}

var errTooLarge = errors.New("too large")

func (c *countReader) Read(p []byte) (int, error) {
	if c.max > 0 && int64(len(p)) > c.max-c.n {
		p = p[:c.max-c.n+1] // one byte more tells "exactly max" from "more"
	}
	k, err := c.r.Read(p)
	c.n += int64(k)
	if c.max > 0 && c.n > c.max {
		return k, errTooLarge
	}
	return k, err
}

// TooLarge is the message for a CSV beyond the page's limit.
func TooLarge(size, limit int64) error {
	return invalid("the CSV is %s; the page reads CSV files of up to %s. Compute its moments on the command line, "+
		"unibias moments --csv file.csv --a 'cols of A' --b 'cols of B' --y target > moments.json, and load moments.json here",
		sizeText(size), sizeText(limit))
}

// csvErr turns a reader error into an *Invalid message.
func csvErr(c *countReader, err error) error {
	if errors.Is(err, errTooLarge) {
		return TooLarge(c.n, c.max)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return invalid("line %d has a different number of cells than the header; every row needs one cell per column", pe.Line)
		}
		return invalid("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return invalid("reading the CSV: %v", err)
}

// Describe says in one line what ReadCSV did, for the command line and
// the page.
func (r *CSVResult) Describe() string {
	a, b := r.Data.Names()
	return fmt.Sprintf("%d rows, %s: %s = %d columns, %s = %d columns, target %q; %s", r.Rows, sizeText(r.Bytes), a, len(r.Columns.A), b, len(r.Columns.B), r.Columns.Y, preText(r.Data.Preprocessing))
}

// preText explains a preprocessing value.
func preText(p string) string {
	switch p {
	case "centred":
		return "centred (each column's mean subtracted)"
	case "standardised":
		return "standardised (features centred and scaled to unit variance; y centred)"
	case "raw":
		return "raw second moments (no centring)"
	}
	return "preprocessing not stated"
}
