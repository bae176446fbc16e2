// Package nn implements the two-modality fusion networks of docs/theory.md §1 and
// their full-batch gradient-descent step (§3).
//
// # Networks
//
// An Arch gives the depth L (weight layers), the fusion layer Lf, the hidden
// width H, the input sizes DA, DB and the leaky-ReLU slope (1 = linear).
// Each modality m ∈ {A, B} owns Lf − 1 private layers E_m^1 … E_m^{Lf−1}
// and a column block F_m of the fusion layer F = [F_A | F_B]; the L − Lf
// shared layers D^{Lf+1} … D^L sit on top and the output is a scalar:
//
//	a_m = φ(E_m^{Lf−1} φ(⋯ φ(E_m^1 x_m)))   (a_m = x_m when Lf = 1)
//	z   = F_A a_A + F_B a_B
//	ŷ   = D^L φ(D^{L−1} ⋯ φ(z))              (ŷ = z when Lf = L)
//
// Every matrix is a flat row-major []float64 (out × in) inside one backing
// array; Layers lists them in the canonical order E_A^1 … E_A^{Lf−1},
// E_B^1 … E_B^{Lf−1}, F_A, F_B, D^{Lf+1} … D^L, which is also the order of
// gradients and of the random draws of New. There are no biases.
//
// # Initialisation (§1.1)
//
// Entrywise: N(0, γ²) for every weight. Scaled: ‖E‖_F ≈ γ, ‖F‖_F ≈ ‖D‖_F ≈
// √2γ. Aligned: rank-one chained balanced layers of scale u0, whose training
// follows the reduced dynamics of §4. New documents the exact draw order; a
// seed gives bit-identical weights on every platform.
//
// # Training (§3)
//
// StepMoments is the linear simulator step: the gradient of a linear network
// depends on the data only through the moments Σ, Σ_yx, E[y²]
// (stats.Moments), and because the output is scalar each layer's gradient is
// an outer product −(row of the layers above)ᵀ ⊗ (column of the layers
// below applied to the error row e = Σ_yx − WΣ). One top-down pass over the
// weights gives those rows and W^tot; one bottom-up pass gives the columns
// and applies the update in the same sweep, so a step costs two passes over
// the weights, independent of the number of samples, and allocates nothing.
//
// StepSamples is backpropagation over samples for any slope (required for
// ReLU networks), on the calling goroutine: callers parallelise across
// networks, not inside one. Where the data allow, it takes an exact
// reduction of the same sums (docs/theory.md §9.4 sign-conditioned moments,
// §9.5 late fusion on few-valued modalities, §9.6 depth-2 early fusion on
// inputs along lines); the logistic loss goes through samples in blocks of
// 128 (StepOn); otherwise one sample at a time. Each reduction is tested
// equal to the per-sample pass to rounding.
//
// All gradients are taken from the state before the update, and the loss
// returned by a step is the loss of that state. GradMoments and GradSamples
// expose the gradients for tests and diagnostics (PrivateGradEnergy, the
// §10.1 analogue); Total gives W_A^tot, W_B^tot as plain matrix products and
// Decision the fusion-block norms of §10.3.
//
// A Net is not safe for concurrent use; Clone it for another goroutine.
package nn
