package stats

// Withhold returns the moments seen when the inputs of A (withA) and/or B
// (withB) are replaced by their mean, 0: the modality's rows and columns of
// Σ and its block of Σ_yx become 0, E[y²] is unchanged (docs/theory.md §10.0,
// the gradient stage's "one modality's input replaced by its mean"; Wu et
// al.'s re-balancing steps and the deficit window of §10.5).
func (m *Moments) Withhold(withA, withB bool) Moments {
	out := m.clone()
	d := m.D()
	drop := func(i int) bool { return (i < m.DA && withA) || (i >= m.DA && withB) }
	for i := 0; i < d; i++ {
		if drop(i) {
			out.Syx[i] = 0
		}
		for j := 0; j < d; j++ {
			if drop(i) || drop(j) {
				out.Sxx[i*d+j] = 0
			}
		}
	}
	return out
}

// Dropout returns the expected moments under modality dropout (docs/theory.md
// §10.5): each sample keeps A with probability 1−pA and B with 1−pB,
// independently. Without rescaling Σ_A → (1−pA)Σ_A, Σ_yA → (1−pA)Σ_yA,
// Σ_AB → (1−pA)(1−pB)Σ_AB; with inverted-dropout rescaling (a kept input
// is divided by 1−p) Σ_A → Σ_A/(1−pA), Σ_yA and Σ_AB unchanged. pA, pB must
// lie in [0, 1).
func (m *Moments) Dropout(pA, pB float64, rescale bool) Moments {
	out := m.clone()
	d := m.D()
	keep := func(i int) float64 {
		if i < m.DA {
			return 1 - pA
		}
		return 1 - pB
	}
	for i := 0; i < d; i++ {
		ki := keep(i)
		if !rescale {
			out.Syx[i] *= ki
		}
		for j := 0; j < d; j++ {
			kj := keep(j)
			same := (i < m.DA) == (j < m.DA)
			switch {
			case same && rescale:
				out.Sxx[i*d+j] /= ki
			case same:
				out.Sxx[i*d+j] *= ki
			case !rescale:
				out.Sxx[i*d+j] *= ki * kj
			}
		}
	}
	return out
}

func (m *Moments) clone() Moments {
	return Moments{DA: m.DA, DB: m.DB, Sxx: append([]float64(nil), m.Sxx...), Syx: append([]float64(nil), m.Syx...), Eyy: m.Eyy}
}
