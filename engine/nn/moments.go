package nn

import (
	"fmt"

	"unibias/engine/stats"
)

// momentScratch holds the vectors of the moment-based step. For layer k,
// above[k] is the row vector of the product of all layers above it (length
// Rows) and below[k] the column vector "product of the layers below it,
// applied to the error" (length Cols); the gradient of layer k is
// −above[k]ᵀ ⊗ below[k]ᵀ (docs/theory.md §3, per-layer gradients: the output is
// scalar, so every gradient is an outer product).
type momentScratch struct {
	above, below [][]float64
	wTot         []float64 // [W_A^tot, W_B^tot]
	e            []float64 // error row Σ_yx − WΣ
	rowv         []float64 // per-row products of the bottom-up pass
}

func (n *Net) momentScratch() *momentScratch {
	if n.ms != nil {
		return n.ms
	}
	a := n.arch
	K := len(n.layers)
	s := &momentScratch{
		above: make([][]float64, K),
		below: make([][]float64, K),
		wTot:  make([]float64, a.DA+a.DB),
		e:     make([]float64, a.DA+a.DB),
	}
	rows := 0
	for _, L := range n.layers {
		rows = max(rows, L.Rows)
	}
	s.rowv = make([]float64, rows)
	// above: F_A and F_B share P_top = D^L⋯D^{Lf+1} (1 × Rows(F)).
	for k, L := range n.layers {
		if k == n.idxFB() {
			s.above[k] = s.above[n.idxFA()]
			continue
		}
		s.above[k] = make([]float64, L.Rows)
	}
	s.above[K-1][0] = 1 // the last layer has one output: the row above it is 1
	// below: the first layer of each modality sees the error row's block.
	for k, L := range n.layers {
		s.below[k] = make([]float64, L.Cols)
	}
	if a.Lf > 1 {
		s.below[n.idxEA(1)] = s.e[:a.DA]
		s.below[n.idxEB(1)] = s.e[a.DA:]
	} else {
		s.below[n.idxFA()] = s.e[:a.DA]
		s.below[n.idxFB()] = s.e[a.DA:]
	}
	n.ms = s
	return s
}

// topDown fills every above[k] and the totals W_A^tot, W_B^tot by carrying
// the row vector 1 down through D^L … D^{Lf+1} (giving P_top) and then
// through each modality's stack F_m, E_m^{Lf−1}, …, E_m^1. This never forms
// an h × d product, so it costs one pass over the weights.
func (n *Net) topDown(s *momentScratch) {
	a := n.arch
	for l := a.L; l > a.Lf; l-- {
		k := n.idxD(l)
		vecMat4(s.above[k-1], s.above[k], n.d[l]) // k−1 is D^{l−1}, or F_B (sharing F_A's row) when l = Lf+1
	}
	ptop := s.above[n.idxFA()]
	down := func(F []float64, E [][]float64, idx func(int) int, wt []float64) {
		v, m := ptop, F
		for l := a.Lf - 1; l >= 1; l-- {
			k := idx(l)
			vecMat4(s.above[k], v, m)
			v, m = s.above[k], E[l]
		}
		vecMat4(wt, v, m)
	}
	down(n.fa, n.ea, n.idxEA, s.wTot[:a.DA])
	down(n.fb, n.eb, n.idxEB, s.wTot[a.DA:])
}

// bottomUp carries the error columns up: for every layer k in the order
// E_A^1 … E_A^{Lf−1}, E_B^1 …, F_A, F_B, D^{Lf+1} … D^L it computes the
// next layer's below vector M_k·below[k] from the current weights and, in
// the same pass over the row, either applies the update M_k += lr·above[k]ᵀ
// below[k]ᵀ (grads == nil) or stores the gradient −above[k]ᵀ below[k]ᵀ.
func (n *Net) bottomUp(s *momentScratch, lr float64, grads [][]float64) {
	a := n.arch
	nt := n.nt
	if grads != nil {
		nt = nil // the caller updates the weights; ModalityNorms serves it
	}
	if nt != nil {
		nt.resync(n)
	}
	pass := func(k int, out []float64, add bool) {
		L := n.layers[k]
		in, ab, cols := s.below[k], s.above[k], L.Cols
		w := L.W
		var g []float64
		if grads != nil {
			g = grads[k]
		}
		cross := 0.0 // aᵀWb for the norm tracker
		if g == nil {
			// Products and update of all rows in one sweep (row-blocked
			// where that is faster, bit-identical to one row at a time).
			vs := s.rowv[:L.Rows]
			dotAxpyRows(vs, w, ab[:L.Rows], lr, in[:cols])
			for i, v := range vs {
				if nt != nil {
					cross += ab[i] * v
				}
				if out == nil {
					continue
				}
				if add {
					out[i] += v
				} else {
					out[i] = v
				}
			}
		}
		for i := 0; g != nil && i < L.Rows; i++ {
			// Gradients only (GradMoments): products of the unchanged rows.
			row := w[i*cols : (i+1)*cols]
			v := dot(row, in)
			gr := g[i*cols : (i+1)*cols]
			c := -ab[i]
			for j, x := range in[:len(gr)] {
				gr[j] = c * x
			}
			if out == nil {
				continue
			}
			if add {
				out[i] += v
			} else {
				out[i] = v
			}
		}
		if nt != nil {
			g2 := dot(ab[:L.Rows], ab[:L.Rows]) * dot(in[:cols], in[:cols])
			nt.g2[k], nt.pre[k] = g2, nt.sq[k]
			nt.sq[k] += 2*lr*cross + lr*lr*g2
		}
	}
	var z []float64 // input column of D^{Lf+1}
	if a.Lf < a.L {
		z = s.below[n.idxD(a.Lf+1)]
	}
	for l := 1; l < a.Lf; l++ {
		nextA, nextB := n.idxFA(), n.idxFB()
		if l+1 < a.Lf {
			nextA, nextB = n.idxEA(l+1), n.idxEB(l+1)
		}
		pass(n.idxEA(l), s.below[nextA], false)
		pass(n.idxEB(l), s.below[nextB], false)
	}
	pass(n.idxFA(), z, false)
	pass(n.idxFB(), z, true)
	for l := a.Lf + 1; l <= a.L; l++ {
		var out []float64
		if l < a.L {
			out = s.below[n.idxD(l+1)]
		}
		pass(n.idxD(l), out, false)
	}
}

// moments runs the whole moment-based computation: top-down products, the
// error row e = Σ_yx − WΣ, the loss ℒ = ½(E[y²] − 2WΣ_yxᵀ + WΣWᵀ) (written
// as ½(E[y²] − W·Σ_yx − W·e), which needs no second pass over Σ), then the
// bottom-up pass.
func (n *Net) moments(m *stats.Moments, lr float64, grads [][]float64) float64 {
	a := n.arch
	if m.DA != a.DA || m.DB != a.DB || len(m.Sxx) != (a.DA+a.DB)*(a.DA+a.DB) || len(m.Syx) != a.DA+a.DB {
		panic(fmt.Sprintf("nn: moments of sizes DA=%d, DB=%d for a network with DA=%d, DB=%d", m.DA, m.DB, a.DA, a.DB))
	}
	s := n.momentScratch()
	n.topDown(s)
	m.Error(s.wTot, s.e)
	loss := m.Eyy - dot(s.wTot, m.Syx) - dot(s.wTot, s.e)
	n.bottomUp(s, lr, grads)
	return 0.5 * loss
}

// StepMoments takes one full-batch gradient-descent step of a linear network
// on the moments m (docs/theory.md §3, "Linear simulator step"): the loss and the
// gradients of all layers are computed from the current state, then lr·grad
// is subtracted from every layer. It returns the loss before the update.
// The result does not depend on φ, so it is only the true gradient step when
// Slope = 1 (use StepSamples otherwise). After the first call it allocates
// nothing. Cost: two passes over the weights.
func (n *Net) StepMoments(m *stats.Moments, lr float64) float64 {
	return n.moments(m, lr, nil)
}

// GradMoments returns the loss and the gradients ∂ℒ/∂M of every layer of a
// linear network (docs/theory.md §3), in the order of Layers, without changing
// the weights. The gradients are freshly allocated.
func (n *Net) GradMoments(m *stats.Moments) (loss float64, grads [][]float64) {
	grads = n.newGrads()
	loss = n.moments(m, 0, grads)
	return loss, grads
}

// LossMoments returns ℒ(W^tot) for a linear network (docs/theory.md §3).
func (n *Net) LossMoments(m *stats.Moments) float64 {
	s := n.momentScratch()
	n.topDown(s)
	return m.Loss(s.wTot)
}

func (n *Net) newGrads() [][]float64 {
	g := make([][]float64, len(n.layers))
	for k, L := range n.layers {
		g[k] = make([]float64, len(L.W))
	}
	return g
}

// LastTotal copies into wa, wb the total maps W_A^tot, W_B^tot of the state
// before the most recent StepMoments (the state whose loss it returned),
// saving a separate Total pass. It reports false if no moment step ran yet.
func (n *Net) LastTotal(wa, wb []float64) bool {
	if n.ms == nil {
		return false
	}
	copy(wa, n.ms.wTot[:n.arch.DA])
	copy(wb, n.ms.wTot[n.arch.DA:n.arch.DA+n.arch.DB])
	return true
}
