package experiment

import (
	"errors"
	"fmt"

	"unibias/engine/data"
	"unibias/engine/nn"
	"unibias/engine/params"
)

// InsufficientSpec reads the insufficient-data model of docs/theory.md §10.2
// from a parameter set: μ_A, μ_B, p_A, p_B, σ_n, and the input dimension
// `dim` split in half between A and B.
func InsufficientSpec(p params.Set) data.InsufficientSpec {
	h := p.Int("dim") / 2
	return data.InsufficientSpec{MuA: p.Float("mua"), MuB: p.Float("mub"), PA: p.Float("pa"), PB: p.Float("pb"),
		Noise: p.Float("sigman"), DA: h, DB: h}
}

// errNoClosedForm replaces the predictions of §5 for networks they do not
// describe.
var errNoClosedForm = errors.New("the closed forms of docs/theory.md §5 are for the squared loss on linear and ReLU networks; " +
	"see §10.2 for the logistic loss and the smoothed ReLU")

// classifyArch sets the activation and the loss of docs/theory.md §10.2 on a.
// A smoothed-ReLU network gets Slope = 0 so that every caller that tests
// Slope = 1 for "linear" trains it on samples.
func classifyArch(p params.Set, a *nn.Arch) error {
	if p.Get("act") == "smoothrelu" {
		a.Act, a.Q, a.Beta, a.Slope = nn.SmoothReLU, p.Float("q"), p.Float("beta"), 0
	}
	if p.Get("loss") == "logistic" {
		a.Loss = nn.Logistic
	}
	return nil
}

// convergedReason says which criterion stopped a converged run under the
// logistic loss: it has no minimum at finite weights on separable data, so
// the run stops on the loss criterion ℒ < tol (LossMin = 0, docs/theory.md
// §10.2). Other runs keep reason.
func (s *Setup) convergedReason(loss float64, reason string) string {
	if s.Arch.Loss != nn.Logistic {
		return reason
	}
	return fmt.Sprintf("stopped on the loss criterion: ℒ = %.3g fell below tol = %g (the logistic loss has no minimum at finite weights on separable data)",
		loss, s.Params.Float("tol"))
}
