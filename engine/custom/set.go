package custom

import (
	"fmt"
	"math"
	"math/rand/v2"

	"unibias/engine/data"
)

// Set returns the data set of d for a simulation, modalities in
// learned-first order (A first). With n = 0 gradient descent sees exactly
// these moments (linear networks, docs/theory.md §2.4). With n > 0 it draws n
// samples of the Gaussian model with the same moments (docs/theory.md §2.5):
// x ~ N(0, Σ), y = W*·x + ε with W* = Σ_yx Σ⁻¹ and ε of variance
// E[y²] − W*·Σ_yx, so that a ReLU network or a finite sample can be
// trained on them; the population moments stay the user's.
func (d *Data) Set(n int, rng *rand.Rand) (*data.Set, error) {
	m, _, _, _ := d.Ordered()
	w, lmin := m.LeastSquares()
	if n == 0 {
		return &data.Set{Kind: "custom", Train: m, Pop: m, Teacher: w}, nil
	}
	noise := math.Sqrt(2 * math.Max(lmin, 0))
	s, err := data.Gaussian("custom", m.Sxx, w, m.DA, m.DB, noise, n, rng)
	if err != nil {
		return nil, fmt.Errorf("samples from your moments: %w (Σ must be positive definite to draw samples; use samples=0)", err)
	}
	s.Pop = m
	return s, nil
}
