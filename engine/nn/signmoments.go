package nn

import "fmt"

// SignMoments are the sign-conditioned second moments of two scalar
// modalities that determine the squared loss and its gradient of a late-fusion
// leaky-ReLU network exactly (docs/theory.md §9.4). Index 0 is x_m > 0, 1 is
// x_m < 0: AA[s] = E[x_A² 1{s_A = s}], YA[s] = E[y |x_A| 1{s_A = s}],
// AB[s][t] = E[|x_A||x_B| 1{s_A = s, s_B = t}], likewise for B, and Eyy = E[y²].
type SignMoments struct {
	AA, BB, YA, YB [2]float64
	AB             [2][2]float64
	Eyy            float64
}

// NewSignMoments computes the sign-conditioned moments of samples with one
// input per modality (X has rows [x_A, x_B]).
func NewSignMoments(X, Y []float64) SignMoments {
	var m SignMoments
	n := len(Y)
	if n == 0 || len(X) != 2*n {
		panic(fmt.Sprintf("nn: NewSignMoments: %d values for %d targets (need rows [x_A, x_B])", len(X), n))
	}
	side := func(v float64) (int, float64) {
		if v < 0 {
			return 1, -v
		}
		return 0, v
	}
	for i, y := range Y {
		sa, a := side(X[2*i])
		sb, b := side(X[2*i+1])
		m.AA[sa] += a * a
		m.BB[sb] += b * b
		m.YA[sa] += y * a
		m.YB[sb] += y * b
		m.AB[sa][sb] += a * b
		m.Eyy += y * y
	}
	inv := 1 / float64(n)
	for s := 0; s < 2; s++ {
		m.AA[s] *= inv
		m.BB[s] *= inv
		m.YA[s] *= inv
		m.YB[s] *= inv
		for t := 0; t < 2; t++ {
			m.AB[s][t] *= inv
		}
	}
	m.Eyy *= inv
	return m
}

// SignMomentForm reports whether StepSignMoments is exact for the network:
// late fusion (Lf = L), one input per modality, the leaky-ReLU family and the
// squared loss. Every layer is then positively homogeneous and has no bias,
// so each modality's branch is f_m(x) = |x|·f_m(sign x): the network is
// linear in |x_A| and |x_B| within each sign quadrant (docs/theory.md §9.4).
func (a Arch) SignMomentForm() bool {
	return a.Lf == a.L && a.DA == 1 && a.DB == 1 && a.Act == LeakyReLU && a.Loss == Squared
}

// StepSignMoments takes one full-batch gradient-descent step of a network
// with SignMomentForm on the sign-conditioned moments m of its samples, and
// returns the loss before the update: the same step as StepSamples on those
// samples, to rounding, at a cost independent of their number (eight
// forward and four backward passes). With a_s = f_A(±1), b_t = f_B(±1):
//
//	ℒ = ½[E y² − 2Σ_s a_s YA_s − 2Σ_t b_t YB_t + Σ_s a_s² AA_s + Σ_t b_t² BB_t + 2Σ_st a_s b_t AB_st]
//
// and ∂ℒ/∂θ = Σ_s g_s ∂a_s/∂θ + Σ_t h_t ∂b_t/∂θ with g_s = ∂ℒ/∂a_s,
// h_t = ∂ℒ/∂b_t; each ∂a_s/∂θ is one backward pass at the input (±1, 0).
func (n *Net) StepSignMoments(m *SignMoments, lr float64) float64 {
	loss := n.signMoments(m)
	if n.nt != nil {
		n.nt.fromGrads(n, n.ss.grads)
	}
	axpy(n.w, -lr, n.ss.grad)
	return loss
}

// GradSignMoments writes the gradient of the step of StepSignMoments into g
// and returns the loss, without changing the weights.
func (n *Net) GradSignMoments(m *SignMoments, g *Grad) float64 {
	loss := n.signMoments(m)
	copy(g.Flat, n.ss.grad)
	return loss
}

// signMoments computes the loss and accumulates the gradient into n.ss.grad.
func (n *Net) signMoments(m *SignMoments) float64 {
	if !n.arch.SignMomentForm() {
		panic("nn: sign moments need late fusion, scalar modalities, a leaky ReLU and the squared loss")
	}
	s := n.sampleScratch()
	clear(s.grad)
	in := [4][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} // a_+, a_−, b_+, b_−
	var v [4]float64
	if n.sx == nil {
		n.sx = make([]float64, 2)
	}
	x := n.sx
	for k := range in {
		x[0], x[1] = in[k][0], in[k][1]
		v[k] = n.forward(s, x)
	}
	a, b := [2]float64{v[0], v[1]}, [2]float64{v[2], v[3]}
	loss := m.Eyy
	var g [4]float64
	for p := 0; p < 2; p++ {
		loss += -2*a[p]*m.YA[p] - 2*b[p]*m.YB[p] + a[p]*a[p]*m.AA[p] + b[p]*b[p]*m.BB[p]
		g[p] = a[p]*m.AA[p] - m.YA[p]
		g[2+p] = b[p]*m.BB[p] - m.YB[p]
		for q := 0; q < 2; q++ {
			loss += 2 * a[p] * b[q] * m.AB[p][q]
			g[p] += b[q] * m.AB[p][q]
			g[2+p] += a[q] * m.AB[q][p]
		}
	}
	for k := range in {
		if g[k] == 0 {
			continue
		}
		x[0], x[1] = in[k][0], in[k][1]
		n.forward(s, x)
		n.backward(s, x, g[k])
	}
	return 0.5 * loss
}
