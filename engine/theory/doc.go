// Package theory computes the predictions of the theory of unimodal bias in
// multimodal deep linear networks (Zhang, Latham & Saxe, ICML 2024), as
// specified in docs/theory.md: the closed forms of §5 and the reduced dynamics of
// §4. It is pure Go (gonum for small linear algebra and quadrature) and runs
// natively and under js/wasm.
//
// # Conventions (docs/theory.md §0)
//
// Every function takes the second-order moments of the data as a
// [stats.Moments]. Modality A is, by definition, the one learned first: the
// one with the larger input–output correlation ‖Σ_y·‖. The closed forms
// ([LateFusionRatio], [TwoLayerTimes], [Intermediate], …) require that
// convention and return an error wrapping [ErrSecondFirst] otherwise (pass
// m.Swap()); [Predict], [ReducedODE] and [ReducedMap] detect the order
// themselves and report times in the data's own labelling.
//
// Time is gradient-flow time with τ = 1 and the ½ in the loss: a
// gradient-descent step with learning rate η advances it by η.
//
// # Scalar symbols and signs
//
// For one-dimensional modalities the symbols of §5 are wa = Σ_yA,
// wb = Σ_yB (signed), g = Σ_yB − Σ_AB Σ_yA/Σ_A, k̃ = wb/wa and
// W_A^uni = Σ_yA/Σ_A. The formulas assume wa > 0 and g > 0. When the data
// say otherwise the input's sign is flipped first, as §5.3 prescribes
// ("if w_B* < 0, first flip the sign of x_B"): x_A when Σ_yA < 0 and x_B
// when g < 0. A linear network is indifferent to such a relabelling; the
// reported plateau and misattribution keep the data's signs. See [Symbols].
//
// For multi-dimensional modalities the two-layer late-fusion ratio is §5.6.
// Deeper networks and the reduced ODE use an effective scalar reduction
// (wa = ‖Σ_yA‖, wb = ‖Σ_yB‖, g = ‖g⃗‖, W^uni = ‖W_A^uni‖,
// W_B^∞ = ‖W*_B‖), which reproduces §5.6 exactly in the two-layer limit but is
// otherwise approximate; [Predict] says so in its notes.
//
// # Which formula for which architecture (§5.13)
//
//   - L = 1: a linear model, no plateau; ratio 1.
//   - Lf = 1 (early fusion): ratio 1 in the small-initialisation limit (§5.8);
//     times from the reduced ODE.
//   - Lf = L (late fusion): §5.3 (§5.6 for vectors), or §5.10 for a
//     two-layer network trained with a finite learning rate; absolute times
//     §5.4 (L = 2) or §5.5 (L ≥ 3).
//   - 1 < Lf < L (intermediate fusion): §5.7, by quadrature in s = ln u.
//
// ReLU networks (§5.12) keep the linear ratios and plateaus with every time
// doubled; the plain product of the weight matrices converges to twice the
// fitted coefficient.
//
// No function returns NaN or ±Inf together with a nil error.
package theory
