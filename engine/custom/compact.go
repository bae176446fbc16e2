package custom

import (
	"net/url"
	"strconv"
	"strings"
	"sync"

	"unibias/engine/stats"
)

// compactVersion prefixes the compact form.
const compactVersion = "m1"

// Encode returns the compact text form of d, the value of the "moments"
// parameter (URL and worker queries): fields separated by "_",
//
//	m1_dA_dB_samples_pre_Σ (upper triangle, row by row)_Σ_yx_E[y²]~nameA~nameB
//
// with every number in its shortest exact form (strconv 'g', −1), so
// Decode(Encode(d)) gives back the same bits. pre is c (centred), s
// (standardised), r (raw) or u (not stated); names are query-escaped.
func Encode(d *Data) string {
	m := &d.M
	dd := m.D()
	var b strings.Builder
	b.Grow(16 * (dd*(dd+1)/2 + dd + 6))
	b.WriteString(compactVersion)
	put := func(x float64) {
		b.WriteByte('_')
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	b.WriteByte('_')
	b.WriteString(strconv.Itoa(m.DA))
	b.WriteByte('_')
	b.WriteString(strconv.Itoa(m.DB))
	b.WriteByte('_')
	b.WriteString(strconv.Itoa(d.Samples))
	b.WriteByte('_')
	b.WriteString(preCode(d.Preprocessing))
	for i := 0; i < dd; i++ {
		for j := i; j < dd; j++ {
			put(m.Sxx[i*dd+j])
		}
	}
	for _, v := range m.Syx {
		put(v)
	}
	put(m.Eyy)
	if d.NameA != "" || d.NameB != "" {
		b.WriteByte('~')
		b.WriteString(escapeName(d.NameA))
		b.WriteByte('~')
		b.WriteString(escapeName(d.NameB))
	}
	return b.String()
}

func escapeName(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "~", "%7E")
}

var preCodes = map[string]string{"centred": "c", "standardised": "s", "raw": "r", "": "u"}

func preCode(p string) string {
	if c, ok := preCodes[p]; ok {
		return c
	}
	return "u"
}

func preName(c string) (string, bool) {
	for k, v := range preCodes {
		if v == c {
			return k, true
		}
	}
	return "", false
}

// decodeCache remembers the last decoded text: a sweep builds the same
// moments for every theory point and job.
var decodeCache struct {
	sync.Mutex
	text string
	data Data
}

// Decode reads the compact form written by Encode and validates it (Check).
// The moments it returns are the caller's own copy.
func Decode(text string) (*Data, error) {
	decodeCache.Lock()
	if text != "" && text == decodeCache.text {
		d := clone(decodeCache.data)
		decodeCache.Unlock()
		return &d, nil
	}
	decodeCache.Unlock()
	d, err := decode(text)
	if err != nil {
		return nil, err
	}
	if err := Check(d); err != nil {
		return nil, err
	}
	decodeCache.Lock()
	decodeCache.text, decodeCache.data = text, clone(*d)
	decodeCache.Unlock()
	return d, nil
}

func clone(d Data) Data {
	d.M.Sxx = append([]float64(nil), d.M.Sxx...)
	d.M.Syx = append([]float64(nil), d.M.Syx...)
	return d
}

// badCompact is the message for text that is not the compact form.
func badCompact(why string) error {
	return invalid("the moments parameter is not in unibias's compact form (%s); load the moments file or CSV again (page: “Your data”, command line: --moments or --csv)", why)
}

func decode(text string) (*Data, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, invalid("data=custom needs moments: load a moments file or a CSV (page: “Your data”; command line: --moments m.json or --csv file.csv --a … --b … --y …)")
	}
	nums, names, hasNames := strings.Cut(text, "~")
	f := strings.Split(nums, "_")
	if len(f) < 5 || f[0] != compactVersion {
		return nil, badCompact("it must start with " + compactVersion)
	}
	da, err1 := strconv.Atoi(f[1])
	db, err2 := strconv.Atoi(f[2])
	n, err3 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil || err3 != nil || da < 1 || db < 1 || n < 0 {
		return nil, badCompact("bad sizes")
	}
	if da+db > MaxDim {
		return nil, invalid("%d features (d_A = %d, d_B = %d) are more than unibias takes (%d in all); reduce them first, e.g. with PCA per modality", da+db, da, db, MaxDim)
	}
	pre, ok := preName(f[4])
	if !ok {
		return nil, badCompact("unknown preprocessing code " + strconv.Quote(f[4]))
	}
	dd := da + db
	want := 5 + dd*(dd+1)/2 + dd + 1
	if len(f) != want {
		return nil, badCompact("it has " + strconv.Itoa(len(f)-5) + " numbers; d_A = " + f[1] + ", d_B = " + f[2] + " need " + strconv.Itoa(want-5))
	}
	vals := make([]float64, len(f)-5)
	for i, s := range f[5:] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, badCompact(strconv.Quote(s) + " is not a number")
		}
		vals[i] = v
	}
	d := &Data{Samples: n, Preprocessing: pre}
	m := stats.Moments{DA: da, DB: db, Sxx: make([]float64, dd*dd), Syx: make([]float64, dd)}
	k := 0
	for i := 0; i < dd; i++ {
		for j := i; j < dd; j++ {
			m.Sxx[i*dd+j] = vals[k]
			m.Sxx[j*dd+i] = vals[k]
			k++
		}
	}
	copy(m.Syx, vals[k:k+dd])
	m.Eyy = vals[k+dd]
	d.M = m
	if hasNames {
		a, b, ok := strings.Cut(names, "~")
		if !ok {
			return nil, badCompact("names must be ~nameA~nameB")
		}
		var e1, e2 error
		d.NameA, e1 = url.QueryUnescape(a)
		d.NameB, e2 = url.QueryUnescape(b)
		if e1 != nil || e2 != nil || len(d.NameA) > 64 || len(d.NameB) > 64 {
			return nil, badCompact("unreadable names")
		}
	}
	return d, nil
}

// FromMoments wraps population moments (e.g. the toy's) as user data.
func FromMoments(m stats.Moments, nameA, nameB string) *Data {
	d := &Data{M: m, NameA: nameA, NameB: nameB}
	*d = clone(*d)
	return d
}
