package custom

import (
	"fmt"

	"unibias/engine/theory"
)

// Prediction is the theory's prediction block for user data (docs/theory.md §5),
// modalities in learned-first order, for an aligned-balanced network of
// per-layer scale U0 trained with learning rate LR (docs/theory.md §1.1, §4).
type Prediction struct {
	U0, LR float64
	// Plateau is W_A^uni = Σ_yA Σ_A⁻¹, the map of A while B is ignored (§5.1).
	Plateau []float64
	// PlateauLoss and MinLoss are ℒ(M_A)/ℒ(0) and ℒ(W*)/ℒ(0) (§5.1, §3).
	PlateauLoss, MinLoss float64
	// Misattribution is W_A^uni − W*_A (§5.2).
	Misattribution []float64
	// Depths lists L = 2, 3, …; Ratio[i][lf-1] is t_B/t_A for depth
	// Depths[i] and fusion layer lf (0 where the theory has no value),
	// Formula[i][lf-1] the formula used.
	Depths  []int
	Ratio   [][]float64
	Formula [][]string
	// Superficial is true when the modality learned first explains less
	// of y alone than the other (§5.9): a superficial preference.
	Superficial bool
	// Check says so in words, in the user's names.
	Check string
}

// Predict computes the prediction block of d for depths 2..maxDepth.
func Predict(d *Data, u0, lr float64, maxDepth int) (Prediction, error) {
	m, a, b, _ := d.Ordered()
	p := Prediction{U0: u0, LR: lr}
	base, err := theory.Predict(m, theory.Arch{L: 2, Lf: 2, U0: u0, LR: lr})
	if err != nil {
		return p, err
	}
	p.Plateau, p.Misattribution = base.Plateau, base.Misattribution
	if base.LossZero > 0 {
		p.PlateauLoss, p.MinLoss = base.LossPlateau/base.LossZero, base.LossMin/base.LossZero
	}
	for L := 2; L <= maxDepth; L++ {
		row := make([]float64, L)
		form := make([]string, L)
		for lf := 1; lf <= L; lf++ {
			if r, err := theory.Predict(m, theory.Arch{L: L, Lf: lf, U0: u0, LR: lr}); err == nil {
				row[lf-1], form[lf-1] = r.Ratio, r.RatioFormula
			}
		}
		p.Depths = append(p.Depths, L)
		p.Ratio = append(p.Ratio, row)
		p.Formula = append(p.Formula, form)
	}
	s := Summarise(d)
	p.Superficial = s.R2A < s.R2B
	if p.Superficial {
		p.Check = fmt.Sprintf("Superficial preference (§5.9): %s is learned first although %s alone explains more of y (%.0f%% against %.0f%%).", a, b, 100*s.R2B, 100*s.R2A)
	} else {
		p.Check = fmt.Sprintf("No superficial preference (§5.9): %s, learned first, is also the more useful alone (%.0f%% of E[y²] against %.0f%% for %s).", a, 100*s.R2A, 100*s.R2B, b)
	}
	return p, nil
}
