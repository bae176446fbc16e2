package theory_test

import (
	"fmt"

	"unibias/engine/stats"
	"unibias/engine/theory"
)

// The scalar toy of docs/theory.md §2.1 with r = σ_A/σ_B = 2, ρ = 0 in a depth-4
// network fused at layer 3, aligned init u0 = 0.1 (values of §8.2, §8.3).
func ExamplePredict() {
	m, err := stats.ScalarToy(2, 1, 0, 1, 1, 0)
	if err != nil {
		panic(err)
	}
	p, err := theory.Predict(m, theory.Arch{L: 4, Lf: 3, U0: 0.1, LR: 0.04})
	if err != nil {
		panic(err)
	}
	fmt.Printf("first learned: %s\n", p.First)
	fmt.Printf("t_B/t_A = %.6f (%s)\n", p.Ratio, p.RatioFormula)
	fmt.Printf("t_A = %.2f, t_B = %.2f (%s)\n", p.TA, p.TB, p.TimesFormula)
	fmt.Printf("plateau W_A^uni = %.3f, ℒ(M_A)/ℒ(0) = %.3f\n", p.Plateau[0], p.LossPlateau/p.LossZero)
	fmt.Printf("reduced ODE: t_A = %.2f, t_B = %.2f, ratio %.4f\n", p.ODE.TA, p.ODE.TB, p.ODE.Ratio)
	// Output:
	// first learned: A
	// t_B/t_A = 1.748077 (§5.7 intermediate fusion)
	// t_A = 10.03, t_B = 17.53 (§5.7 intermediate (I, lag))
	// plateau W_A^uni = 1.000, ℒ(M_A)/ℒ(0) = 0.200
	// reduced ODE: t_A = 10.08, t_B = 16.62, ratio 1.6490
}

// Late fusion of the same data: the ratio does not depend on depth or
// initial scale (§5.3); a two-layer net trained with η = 0.04 takes the
// finite-step correction of §5.10.
func ExampleLateFusionRatio() {
	m, _ := stats.ScalarToy(2, 1, 0, 1, 1, 0)
	gf, _ := theory.LateFusionRatio(m)
	gd, _ := theory.FiniteLRRatio(m, 0.04)
	fmt.Printf("gradient flow %.6f, η = 0.04: %.6f\n", gf, gd)
	// Output: gradient flow 4.000000, η = 0.04: 3.784225
}
