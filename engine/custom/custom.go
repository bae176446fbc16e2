// Package custom brings a user's own data to unibias: the second moments of
// two modalities and a scalar target (docs/theory.md §2.4, §2.5), read from a
// moments file (JSON: the blocks Σ_A, Σ_B, Σ_AB, Σ_yA, Σ_yB and E[y²] or a
// noise variance, or one covariance of [x_A; x_B; y] with the split d_A,
// d_B) or computed in one streaming pass from a CSV of samples.
//
// Every reader validates what it reads and answers a problem with a message
// that names the value and the fix (an [*Invalid] error); a covariance that is
// not symmetric or not positive semi-definite comes with the nearest valid
// one, which is used only when the caller asks for it ([Nearest]).
//
// Which modality is "A" is decided by the data, not by the order of the
// file: by definition A is the modality learned first (docs/theory.md §0), and
// [Data.Ordered] puts it first and says so in the user's names.
package custom

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"unibias/engine/stats"
	"unibias/engine/theory"
)

// MaxDim is the largest total input dimension d_A + d_B the engine accepts
// from a user (the page sends the moments to its workers with every job).
const MaxDim = 200

// Data are a user's data set reduced to their second moments, in the user's
// order of the modalities: the first named modality holds coordinates
// 0..DA-1 of M.
type Data struct {
	// M are the moments E[x xᵀ], E[y xᵀ], E[y²] (docs/theory.md §2.4).
	M stats.Moments
	// NameA and NameB are the user's names of the first and second
	// modality of M ("A" and "B" when none were given).
	NameA, NameB string
	// Samples is the number of rows the moments were computed from (0 when
	// not stated).
	Samples int
	// Preprocessing says what was done to the samples before the moments
	// were taken: "centred", "standardised", "raw", or "" when not stated.
	Preprocessing string
}

// Names returns NameA and NameB with the defaults "A" and "B" filled in.
func (d *Data) Names() (a, b string) {
	a, b = strings.TrimSpace(d.NameA), strings.TrimSpace(d.NameB)
	if a == "" {
		a = "A"
	}
	if b == "" {
		b = "B"
	}
	if a == b {
		a, b = a+" (1)", b+" (2)"
	}
	return a, b
}

// Ordered returns the moments with the modality learned first as A (docs/theory.md
// §0: the larger input–output correlation ‖Σ_y·‖, the rule of
// theory.Predict), with the user's names of A and B in that order and
// whether the user's second modality became A.
func (d *Data) Ordered() (m stats.Moments, nameA, nameB string, swapped bool) {
	a, b := d.Names()
	if FirstLearned(d.M) == "B" {
		return d.M.Swap(), b, a, true
	}
	return d.M, a, b, false
}

// FirstLearned returns "A" or "B": which modality of m the theory says is
// learned first (theory.Predict's First; docs/theory.md §0). It falls back on the
// norms of Σ_yA and Σ_yB when m is outside the theory's domain.
func FirstLearned(m stats.Moments) string {
	p, _ := theory.Predict(m, theory.Arch{L: 2, Lf: 2, U0: 0.1})
	if p.First != "" {
		return p.First
	}
	if vecNorm(m.SyB()) > vecNorm(m.SyA()) {
		return "B"
	}
	return "A"
}

// Invalid is a problem with a user's data, with the nearest valid data
// when there is one (a covariance that is not symmetric or not positive
// semi-definite). Fix is never applied silently: the caller offers it.
type Invalid struct {
	Msg string
	Fix *Data
}

func (e *Invalid) Error() string { return e.Msg }

// invalid builds an *Invalid error.
func invalid(format string, a ...any) error { return &Invalid{Msg: fmt.Sprintf(format, a...)} }

// FixOf returns the repair an error offers (nil when it offers none).
func FixOf(err error) *Data {
	var iv *Invalid
	if errors.As(err, &iv) {
		return iv.Fix
	}
	return nil
}

// vecNorm is the Euclidean norm.
func vecNorm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// num formats a number for messages (six significant digits).
func num(x float64) string { return fmt.Sprintf("%.6g", x) }
