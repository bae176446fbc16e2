// Package measure reads the quantities of docs/theory.md §6 off a simulated
// trajectory: the learning times t_A and t_B (argmin and first-crossing rules),
// their ratio, the unimodal phase and the misattribution.
package measure

import (
	"math"
)

// HalfArgmin returns the index i minimising (series[i] − level)² over the whole
// series (reference `util.py:time_half`, docs/theory.md §6), or −1 for an empty one.
// Ties go to the earliest index.
func HalfArgmin(series []float64, level float64) int {
	best, bi := math.Inf(1), -1
	for i, v := range series {
		d := (v - level) * (v - level)
		if d < best {
			best, bi = d, i
		}
	}
	return bi
}

// FirstCrossing returns the first index at which series reaches level (from
// below), or −1 if it never does (docs/theory.md §6, implementation note).
func FirstCrossing(series []float64, level float64) int {
	for i, v := range series {
		if v >= level {
			return i
		}
	}
	return -1
}

// Max returns the largest element (−Inf for an empty series).
func Max(series []float64) float64 {
	m := math.Inf(-1)
	for _, v := range series {
		if v > m {
			m = v
		}
	}
	return m
}

// Series is a per-step record, possibly decimated: element i belongs to
// step i·Stride.
type Series struct {
	Stride int
	Loss   []float64
	A, B   []float64 // signed scalar W^tot (one-dimensional modality) or norm ‖W^tot‖
}

// Step converts an index into a step number.
func (s *Series) Step(i int) int { return i * s.Stride }

// Spec says how to read the times: which modality is expected first, the level
// of its unimodal plateau (already doubled for ReLU, §5.12), and the size the
// second modality must reach to count as learned.
type Spec struct {
	FirstIsB bool    // the theory expects B to be learned first
	Plateau  float64 // signed plateau W^uni of the first modality (or its norm)
	// SecondFinal is the expected final value of the second modality
	// (signed, or a norm). The second counts as learned once its own maximum
	// reaches half of |SecondFinal|; 0 disables the check.
	SecondFinal float64
}

// Times are the measured quantities of docs/theory.md §6, in steps. A time is −1
// when the modality was not learned within the run.
type Times struct {
	TA, TB           int     // argmin rule
	TAFirst, TBFirst int     // first-crossing rule
	Ratio            float64 // TB/TA (0 when either is missing)
	Uni              int     // t_uni = ⌊(t_A + t_B)/2⌋ (−1 when missing)
	// Misattribution is W_first(t_uni) − W_first(end) (§5.2).
	Misattribution float64
	// PlateauValue and PlateauLoss are W_first and ℒ at t_uni.
	PlateauValue, PlateauLoss float64
	ALearned, BLearned        bool
}

// Read measures t_A and t_B on a record. The first modality's time is where
// its signed value is closest to half its plateau; the second modality's is
// where it is closest to half its maximum over the run (§6). Signs are taken
// from the plateau (first) and from the final value (second), so curves that
// converge to negative values are handled.
func Read(s *Series, sp Spec) Times {
	first, second := s.A, s.B
	if sp.FirstIsB {
		first, second = s.B, s.A
	}
	t := Times{TA: -1, TB: -1, TAFirst: -1, TBFirst: -1, Uni: -1}
	n := len(first)
	if n == 0 {
		return t
	}
	sign1 := 1.0
	if sp.Plateau < 0 {
		sign1 = -1
	}
	f := make([]float64, n)
	for i, v := range first {
		f[i] = sign1 * v
	}
	level1 := math.Abs(sp.Plateau) / 2
	t1, t1f := -1, -1
	if Max(f) >= level1 && level1 > 0 {
		t1 = HalfArgmin(f, level1)
		t1f = FirstCrossing(f, level1)
	}
	sign2 := 1.0
	if second[n-1] < 0 {
		sign2 = -1
	}
	g := make([]float64, n)
	for i, v := range second {
		g[i] = sign2 * v
	}
	mx := Max(g)
	t2, t2f := -1, -1
	learned2 := mx > 0 && (sp.SecondFinal == 0 || mx >= math.Abs(sp.SecondFinal)/2)
	if learned2 {
		t2 = HalfArgmin(g, mx/2)
		t2f = FirstCrossing(g, mx/2)
	}
	conv := func(i int) int {
		if i < 0 {
			return -1
		}
		return s.Step(i)
	}
	if sp.FirstIsB {
		t.TB, t.TBFirst, t.TA, t.TAFirst = conv(t1), conv(t1f), conv(t2), conv(t2f)
		t.BLearned, t.ALearned = t1 >= 0, learned2
	} else {
		t.TA, t.TAFirst, t.TB, t.TBFirst = conv(t1), conv(t1f), conv(t2), conv(t2f)
		t.ALearned, t.BLearned = t1 >= 0, learned2
	}
	if t.TA > 0 && t.TB > 0 {
		t.Ratio = float64(t.TB) / float64(t.TA)
	}
	if t1 >= 0 && t2 >= 0 {
		ui := (t1 + t2) / 2
		t.Uni = s.Step(ui)
		t.PlateauValue = first[ui]
		t.PlateauLoss = s.Loss[ui]
		t.Misattribution = first[ui] - first[n-1]
	}
	return t
}
