package custom

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"unibias/engine/stats"
)

// Tolerances of Check, relative to the largest entry (symmetry) or the
// largest eigenvalue (definiteness) of the joint covariance: what rounding
// in a file written with a dozen digits can produce, far below any real
// defect.
const (
	symTol = 1e-9
	psdTol = 1e-10
	varTol = 1e-14
)

// repairHint tells the user how to accept the nearest valid data.
const repairHint = "use it with --repair on the command line or “Use the nearest valid moments” on the page"

// coord names coordinate i of the joint vector [x_A; x_B; y] in the user's
// names: "audio[2]" (1-based), or "y".
func (d *Data) coord(i int) string {
	a, b := d.Names()
	switch {
	case i < d.M.DA:
		return fmt.Sprintf("%s[%d]", a, i+1)
	case i < d.M.D():
		return fmt.Sprintf("%s[%d]", b, i-d.M.DA+1)
	}
	return "y"
}

// block names the block of Σ that holds entry (i, j).
func (d *Data) block(i, j int) string {
	a, b := d.Names()
	ia, ja := i < d.M.DA, j < d.M.DA
	switch {
	case ia && ja:
		return "Σ_A (" + a + ")"
	case !ia && !ja:
		return "Σ_B (" + b + ")"
	}
	return "Σ_AB (" + a + " × " + b + ")"
}

// Check validates user data: sizes, finite entries, a symmetric Σ, no
// feature of zero variance, a positive semi-definite joint covariance of
// [x_A; x_B; y] (docs/theory.md §2.5), and more samples than inputs when the
// number of samples is stated. A problem is an *Invalid error whose message
// names the entry and the fix; an asymmetric or indefinite covariance
// carries the nearest valid data (see Nearest).
func Check(d *Data) error {
	m := &d.M
	if m.DA < 1 || m.DB < 1 {
		return invalid("each modality needs at least one feature (d_A = %d, d_B = %d)", m.DA, m.DB)
	}
	if m.D() > MaxDim {
		return invalid("%d features (d_A = %d, d_B = %d) are more than unibias takes (%d in all); reduce them first, e.g. with PCA per modality", m.D(), m.DA, m.DB, MaxDim)
	}
	dd := m.D()
	if len(m.Sxx) != dd*dd {
		return invalid("Σ has %d entries; with d_A = %d and d_B = %d it needs %d×%d = %d", len(m.Sxx), m.DA, m.DB, dd, dd, dd*dd)
	}
	if len(m.Syx) != dd {
		return invalid("Σ_yx has %d entries; with d_A = %d and d_B = %d it needs %d", len(m.Syx), m.DA, m.DB, dd)
	}
	for i := 0; i < dd; i++ {
		for j := 0; j < dd; j++ {
			if v := m.Sxx[i*dd+j]; math.IsNaN(v) || math.IsInf(v, 0) {
				return invalid("%s entry (%s, %s) is %v: every entry must be a finite number", d.block(i, j), d.coord(i), d.coord(j), v)
			}
		}
		if v := m.Syx[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return invalid("Σ_yx entry %s is %v: every entry must be a finite number", d.coord(i), v)
		}
	}
	if math.IsNaN(m.Eyy) || math.IsInf(m.Eyy, 0) {
		return invalid("E[y²] is %v: it must be a finite number", m.Eyy)
	}
	if d.Samples < 0 {
		return invalid("samples = %d: the number of samples cannot be negative", d.Samples)
	}
	// Symmetry of Σ.
	scale := 0.0
	for _, v := range m.Sxx {
		scale = math.Max(scale, math.Abs(v))
	}
	bi, bj, worst := 0, 0, 0.0
	for i := 0; i < dd; i++ {
		for j := i + 1; j < dd; j++ {
			if diff := math.Abs(m.Sxx[i*dd+j] - m.Sxx[j*dd+i]); diff > worst {
				bi, bj, worst = i, j, diff
			}
		}
	}
	if worst > symTol*scale {
		fix := Nearest(*d)
		return &Invalid{Fix: &fix, Msg: fmt.Sprintf("the covariance is not symmetric: entry (%s, %s) of %s is %s but entry (%s, %s) is %s, a difference of %s (%.3g%% of the largest entry, %s). "+
			"The nearest valid covariance is the symmetric part ½(Σ + Σᵀ)%s; %s",
			d.coord(bi), d.coord(bj), d.block(bi, bj), num(m.Sxx[bi*dd+bj]), d.coord(bj), d.coord(bi), num(m.Sxx[bj*dd+bi]), num(worst), 100*worst/scale, num(scale),
			fixExtra(*d, fix), repairHint)}
	}
	// No feature of zero variance.
	maxDiag := 0.0
	for i := 0; i < dd; i++ {
		maxDiag = math.Max(maxDiag, math.Abs(m.Sxx[i*dd+i]))
	}
	for i := 0; i < dd; i++ {
		if v := m.Sxx[i*dd+i]; math.Abs(v) <= varTol*maxDiag {
			return invalid("feature %s has variance %s: a constant feature carries no information and makes Σ singular; leave it out", d.coord(i), num(v))
		}
	}
	if !(m.Eyy > 0) {
		return invalid("E[y²] = %s: the target must have a positive second moment", num(m.Eyy))
	}
	// Positive semi-definite joint covariance.
	lmin, lmax, ok := eigRange(joint(m), dd+1)
	if !ok {
		return invalid("the eigenvalues of the covariance could not be computed")
	}
	if lmin < -psdTol*math.Max(math.Abs(lmax), math.Abs(lmin)) {
		fix := Nearest(*d)
		why := "no data have these moments"
		if smin, _, ok := eigRange(m.Sxx, dd); ok && smin >= -psdTol*math.Abs(lmax) {
			why = "Σ itself is valid, but E[y²] is smaller than the part of y the inputs explain, so no data have these moments"
		}
		return &Invalid{Fix: &fix, Msg: fmt.Sprintf("the joint covariance of [x_A; x_B; y] is not positive semi-definite: its smallest eigenvalue is %s (the largest is %s); %s. "+
			"The nearest valid covariance sets the negative eigenvalues to 0%s; %s",
			num(lmin), num(lmax), why, fixExtra(*d, fix), repairHint)}
	}
	if d.Samples > 0 && d.Samples <= dd {
		return invalid("%d samples for %d features (d_A = %d, d_B = %d): the covariance of fewer samples than features is singular; use more than %d rows or fewer features",
			d.Samples, dd, m.DA, m.DB, dd)
	}
	return nil
}

// fixExtra describes how far the repair moves the data: the largest change
// of an entry, naming it.
func fixExtra(d, fix Data) string {
	dd := d.M.D()
	bi, bj, worst := 0, 0, -1.0
	at := func(m *stats.Moments, i, j int) float64 {
		switch {
		case i < dd && j < dd:
			return m.Sxx[i*dd+j]
		case i < dd:
			return m.Syx[i]
		case j < dd:
			return m.Syx[j]
		}
		return m.Eyy
	}
	for i := 0; i <= dd; i++ {
		for j := 0; j <= dd; j++ {
			if c := math.Abs(at(&fix.M, i, j) - at(&d.M, i, j)); c > worst {
				bi, bj, worst = i, j, c
			}
		}
	}
	if worst <= 0 {
		return ""
	}
	return fmt.Sprintf(" (it changes no entry by more than %s: entry (%s, %s) goes from %s to %s)",
		num(worst), d.coord(bi), d.coord(bj), num(at(&d.M, bi, bj)), num(at(&fix.M, bi, bj)))
}

// joint returns the (D+1)×(D+1) covariance of [x_A; x_B; y] of m, row-major.
func joint(m *stats.Moments) []float64 {
	dd := m.D()
	n := dd + 1
	c := make([]float64, n*n)
	for i := 0; i < dd; i++ {
		copy(c[i*n:i*n+dd], m.Sxx[i*dd:(i+1)*dd])
		c[i*n+dd] = m.Syx[i]
		c[dd*n+i] = m.Syx[i]
	}
	c[dd*n+dd] = m.Eyy
	return c
}

// eigRange returns the smallest and largest eigenvalue of the symmetric
// part of the n×n row-major matrix a.
func eigRange(a []float64, n int) (lmin, lmax float64, ok bool) {
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(a[i*n+j]+a[j*n+i]))
		}
	}
	var e mat.EigenSym
	if !e.Factorize(s, false) {
		return 0, 0, false
	}
	v := e.Values(nil)
	return v[0], v[n-1], true
}

// Nearest returns the valid data nearest to d: Σ replaced by its symmetric
// part ½(Σ + Σᵀ), then the joint covariance of [x_A; x_B; y] projected onto
// the positive semi-definite matrices (negative eigenvalues set to 0, the
// nearest in the Frobenius norm; Higham 1988). Data that are already valid
// come back unchanged up to rounding. Sizes must be consistent.
func Nearest(d Data) Data {
	m := d.M
	dd := m.D()
	out := d
	out.M = stats.Moments{DA: m.DA, DB: m.DB, Sxx: make([]float64, dd*dd), Syx: append([]float64(nil), m.Syx...), Eyy: m.Eyy}
	for i := 0; i < dd; i++ {
		for j := 0; j < dd; j++ {
			out.M.Sxx[i*dd+j] = 0.5 * (m.Sxx[i*dd+j] + m.Sxx[j*dd+i])
		}
	}
	n := dd + 1
	c := joint(&out.M)
	s := mat.NewSymDense(n, c)
	var e mat.EigenSym
	if !e.Factorize(s, true) {
		return out
	}
	vals := e.Values(nil)
	if vals[0] >= 0 {
		return out
	}
	var v mat.Dense
	e.VectorsTo(&v)
	p := make([]float64, n*n)
	for k, l := range vals {
		if l <= 0 {
			continue
		}
		for i := 0; i < n; i++ {
			vik := l * v.At(i, k)
			for j := 0; j < n; j++ {
				p[i*n+j] += vik * v.At(j, k)
			}
		}
	}
	for i := 0; i < dd; i++ {
		for j := 0; j < dd; j++ {
			out.M.Sxx[i*dd+j] = 0.5 * (p[i*n+j] + p[j*n+i])
		}
		out.M.Syx[i] = 0.5 * (p[i*n+dd] + p[dd*n+i])
	}
	out.M.Eyy = p[dd*n+dd]
	return out
}
