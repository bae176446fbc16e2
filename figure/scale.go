package figure

import (
	"math"
	"strconv"
	"strings"
)

// Scale maps a data interval [D0, D1] onto a pixel interval [R0, R1],
// linearly or, when Log is set, logarithmically (then D0, D1 > 0).
type Scale struct {
	D0, D1 float64
	R0, R1 float64
	Log    bool
}

// Map returns the pixel position of v. Values outside the domain map
// outside the range; non-positive values on a log scale and NaN give NaN.
func (s Scale) Map(v float64) float64 {
	a, b, x := s.D0, s.D1, v
	if s.Log {
		if v <= 0 || s.D0 <= 0 || s.D1 <= 0 {
			return math.NaN()
		}
		a, b, x = math.Log(a), math.Log(b), math.Log(v)
	}
	if b == a {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (x-a)/(b-a)*(s.R1-s.R0)
}

// Contains reports whether v lies in the domain (with a small tolerance).
func (s Scale) Contains(v float64) bool {
	lo, hi := math.Min(s.D0, s.D1), math.Max(s.D0, s.D1)
	eps := 1e-9 * (hi - lo)
	return v >= lo-eps && v <= hi+eps
}

// Tick is an axis tick: a value, its label ("" for an unlabelled minor tick).
type Tick struct {
	V     float64
	Label string
}

// Ticks returns about n ticks inside the domain: 1-2-5 steps on a linear
// scale; on a log scale decades (every k-th decade for very wide domains),
// 1-2-5 within decades for domains of a few decades, and linear ticks for
// domains narrower than a decade. format turns a value into a label.
func (s Scale) Ticks(n int, format func(float64) string) []Tick {
	lo, hi := math.Min(s.D0, s.D1), math.Max(s.D0, s.D1)
	if format == nil {
		format = FormatNum
	}
	if !s.Log {
		var out []Tick
		for _, v := range LinearTicks(lo, hi, n) {
			out = append(out, Tick{v, format(v)})
		}
		return out
	}
	return LogTicks(lo, hi, n, format)
}

// LinearTicks returns the multiples of a 1-2-5 step in [lo, hi], about n of
// them.
func LinearTicks(lo, hi float64, n int) []float64 {
	if !(hi > lo) || n < 1 || math.IsInf(hi-lo, 0) {
		if lo == hi && !math.IsNaN(lo) && !math.IsInf(lo, 0) {
			return []float64{lo}
		}
		return nil
	}
	step := tickStep(lo, hi, n)
	start := math.Ceil(lo/step - 1e-9)
	var out []float64
	for i := start; i*step <= hi+step*1e-9; i++ {
		v := i * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, v)
		if len(out) > 1000 {
			break
		}
	}
	return out
}

// tickStep picks the 1-2-5 step whose tick count in [lo, hi] is closest to
// n (ties go to the finer step).
func tickStep(lo, hi float64, n int) float64 {
	raw := (hi - lo) / float64(n)
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	best, bestErr := NiceStep(raw), math.Inf(1)
	for _, m := range []float64{0.5, 1, 2, 5, 10} {
		step := m * e
		count := math.Floor(hi/step+1e-9) - math.Ceil(lo/step-1e-9) + 1
		if err := math.Abs(count - float64(n)); err < bestErr-1e-9 {
			best, bestErr = step, err
		}
	}
	return best
}

// NiceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func NiceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / e
	switch {
	case f <= 1.0001:
		return e
	case f <= 2.0001:
		return 2 * e
	case f <= 5.0001:
		return 5 * e
	}
	return 10 * e
}

// LogTicks returns ticks for a log axis over [lo, hi] (lo > 0). Minor ticks
// (2…9 within a decade) are included unlabelled when the axis spans at most
// four decades.
func LogTicks(lo, hi float64, n int, format func(float64) string) []Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	if format == nil {
		format = FormatNum
	}
	span := math.Log10(hi / lo)
	if span < 1 {
		// Less than a decade: linear ticks read best.
		var out []Tick
		for _, v := range LinearTicks(lo, hi, n) {
			if v > 0 {
				out = append(out, Tick{v, format(v)})
			}
		}
		return out
	}
	d0, d1 := int(math.Floor(math.Log10(lo)+1e-9)), int(math.Ceil(math.Log10(hi)-1e-9))
	every := 1
	if n > 0 {
		for float64(d1-d0)/float64(every) > float64(n)+0.5 {
			every++
		}
	}
	var mantissas []float64
	switch {
	case span <= 1.6:
		mantissas = []float64{1, 2, 3, 5}
	case span <= 2.6:
		mantissas = []float64{1, 2, 5}
	default:
		mantissas = []float64{1}
	}
	var out []Tick
	for d := d0; d <= d1; d++ {
		p := math.Pow(10, float64(d))
		for m := 1; m <= 9; m++ {
			v := float64(m) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			labelled := false
			if m == 1 {
				labelled = (d-d0)%every == 0
			} else if every == 1 {
				for _, mm := range mantissas {
					if float64(m) == mm {
						labelled = true
					}
				}
			}
			switch {
			case labelled:
				out = append(out, Tick{v, format(v)})
			case span <= 4 && every == 1:
				out = append(out, Tick{v, ""})
			}
		}
	}
	return out
}

// NiceLogDomain widens [lo, hi] (lo > 0) to 1-2-3-5 boundaries.
func NiceLogDomain(lo, hi float64) (float64, float64) {
	if !(lo > 0) || !(hi >= lo) {
		return 1, 10
	}
	down := func(v float64) float64 {
		p := math.Pow(10, math.Floor(math.Log10(v)+1e-12))
		for _, m := range []float64{5, 3, 2, 1} {
			if m*p <= v*(1+1e-12) {
				return m * p
			}
		}
		return p
	}
	up := func(v float64) float64 {
		p := math.Pow(10, math.Floor(math.Log10(v)-1e-12))
		for _, m := range []float64{1, 2, 3, 5, 10} {
			if m*p >= v*(1-1e-12) {
				return m * p
			}
		}
		return 10 * p
	}
	a, b := down(lo), up(hi)
	if a == b {
		b = up(b * 1.01)
	}
	return a, b
}

// FormatNum formats a number compactly with up to 4 significant digits and
// a typographic minus sign.
func FormatNum(v float64) string {
	return FormatSig(v, 4)
}

// FormatSig formats v with at most digits significant digits, without
// exponent for moderate magnitudes, and with U+2212 as the minus sign.
func FormatSig(v float64, digits int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	var s string
	if a >= 1e-4 && a < 1e7 {
		s = strconv.FormatFloat(v, 'g', digits, 64)
		if strings.ContainsAny(s, "e") {
			s = strconv.FormatFloat(roundSig(v, digits), 'f', -1, 64)
		}
	} else {
		s = strconv.FormatFloat(v, 'e', digits-1, 64)
		// Trim trailing zeros of the mantissa: 1.000e-05 → 1e-05.
		if i := strings.IndexByte(s, 'e'); i > 0 {
			m, e := s[:i], s[i:]
			if strings.Contains(m, ".") {
				m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
			}
			s = m + e
		}
	}
	return strings.ReplaceAll(s, "-", "−")
}

func roundSig(v float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	return r
}

// FormatSteps formats a step count compactly: 950, 1.2k, 35k, 1.5M.
func FormatSteps(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return FormatNum(v)
	case a >= 1e6:
		return FormatSig(v/1e6, 3) + "M"
	case a >= 1e3:
		return FormatSig(v/1e3, 3) + "k"
	}
	return FormatSig(v, 3)
}

// FormatPercent formats a fraction as a percentage with sensible precision.
func FormatPercent(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	p := 100 * f
	// The precision follows the rounded value: 9.996% is "10%", not "10.0%".
	switch a := math.Abs(p); {
	case math.Round(a*10)/10 >= 10:
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	case math.Round(a*100)/100 >= 1:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 2, 64) + "%"
}
