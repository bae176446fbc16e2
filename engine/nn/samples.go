package nn

import "fmt"

// sampleScratch holds the per-sample activations and the gradient
// accumulators of ordinary backpropagation. For layer k, out[k] is its
// output before φ, act[k] = φ(out[k]) (an alias of out[k] for linear nets)
// and delta[k] = ∂ℒ/∂out[k]. F_A and F_B share one output z = F_A a_A + F_B
// a_B, so their out/act/delta alias each other.
type sampleScratch struct {
	out, act, delta [][]float64
	grad            []float64   // all gradients, canonical order (like Net.w)
	grads           [][]float64 // per-layer views of grad
}

func (n *Net) sampleScratch() *sampleScratch {
	if n.ss != nil {
		return n.ss
	}
	K := len(n.layers)
	s := &sampleScratch{
		out:   make([][]float64, K),
		act:   make([][]float64, K),
		delta: make([][]float64, K),
		grad:  make([]float64, len(n.w)),
		grads: make([][]float64, K),
	}
	off := 0
	for k, L := range n.layers {
		sz := len(L.W)
		s.grads[k] = s.grad[off : off+sz : off+sz]
		off += sz
		if k == n.idxFB() {
			s.out[k], s.act[k], s.delta[k] = s.out[k-1], s.act[k-1], s.delta[k-1]
			continue
		}
		s.out[k] = make([]float64, L.Rows)
		s.delta[k] = make([]float64, L.Rows)
		if n.arch.Linear() {
			s.act[k] = s.out[k]
		} else {
			s.act[k] = make([]float64, L.Rows)
		}
	}
	n.ss = s
	return s
}

// activate writes act = φ(out), φ the leaky-ReLU with negative slope sl:
// v·1 = v where v > 0, sl·v elsewhere. The factor is picked from a table by
// the comparison, without a branch (about half the units of a ReLU layer
// are inactive, in no predictable pattern); v·1 is v bit for bit.
func activate(act, out []float64, sl float64) {
	act = act[:len(out)]
	f := [2]float64{sl, 1}
	for i, v := range out {
		act[i] = v * f[b2i(v > 0)]
	}
}

// derivate multiplies d by φ'(out): 1 where out > 0, sl elsewhere (the
// convention of PyTorch's ReLU at 0); branch-free like activate.
func derivate(d, out []float64, sl float64) {
	out = out[:len(d)]
	f := [2]float64{sl, 1}
	for i, v := range out {
		d[i] *= f[b2i(v > 0)]
	}
}

// b2i is 1 for true and 0 for false (compiled to a flag set, no branch).
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i & 1
}

// forward computes every layer's output for one input x = [x_A; x_B]
// (docs/theory.md §1 forward pass: φ between every pair of consecutive layers, no
// activation on the output) and returns ŷ.
func (n *Net) forward(s *sampleScratch, x []float64) float64 {
	a := n.arch
	linear := a.Linear()
	stack := func(in []float64, E [][]float64, idx func(int) int) []float64 {
		for l := 1; l < a.Lf; l++ {
			k := idx(l)
			matVec(s.out[k], in, E[l], n.layers[k].Rows, false)
			if !linear {
				a.activate(s.act[k], s.out[k])
			}
			in = s.act[k]
		}
		return in
	}
	inA := stack(x[:a.DA], n.ea, n.idxEA)
	inB := stack(x[a.DA:a.DA+a.DB], n.eb, n.idxEB)
	kf := n.idxFA()
	z := s.out[kf]
	matVec(z, inA, n.fa, len(z), false)
	matVec(z, inB, n.fb, len(z), true)
	in := z
	for l := a.Lf + 1; l <= a.L; l++ {
		kin := n.idxD(l) - 1 // F_B (sharing z) or D^{l−1}
		if !linear {
			a.activate(s.act[kin], s.out[kin])
		}
		in = s.act[kin]
		k := n.idxD(l)
		matVec(s.out[k], in, n.d[l], n.layers[k].Rows, false)
	}
	return s.out[len(s.out)-1][0]
}

// backward accumulates the gradient of dy·ŷ (dy = ∂ℒ/∂ŷ for this sample)
// into s.grads, after forward on the same x.
func (n *Net) backward(s *sampleScratch, x []float64, dy float64) {
	a := n.arch
	linear := a.Linear()
	K := len(n.layers)
	s.delta[K-1][0] = dy
	// Shared layers, top to bottom: grad D^l += δ_l ⊗ φ(z_{l−1});
	// δ_{l−1} = (D^lᵀ δ_l) ⊙ φ'(z_{l−1}).
	for l := a.L; l > a.Lf; l-- {
		k := n.idxD(l)
		accOuter(s.grads[k], s.delta[k], s.act[k-1])
		vecMat(s.delta[k-1], s.delta[k], n.d[l])
		if !linear {
			a.derivate(s.delta[k-1], s.out[k-1])
		}
	}
	// Each modality: F_m, then its private stack.
	stack := func(F []float64, kF int, E [][]float64, idx func(int) int, xm []float64) {
		m, km := F, kF
		for l := a.Lf - 1; l >= 0; l-- {
			in := xm
			if l > 0 {
				in = s.act[idx(l)]
			}
			accOuter(s.grads[km], s.delta[km], in)
			if l == 0 {
				break
			}
			k := idx(l)
			vecMat(s.delta[k], s.delta[km], m)
			if !linear {
				a.derivate(s.delta[k], s.out[k])
			}
			m, km = E[l], k
		}
	}
	stack(n.fa, n.idxFA(), n.ea, n.idxEA, x[:a.DA])
	stack(n.fb, n.idxFB(), n.eb, n.idxEB, x[a.DA:a.DA+a.DB])
}

// accOuter does G += δ xᵀ, skipping rows with δ_i = 0 (dead ReLU units).
func accOuter(g, delta, x []float64) {
	cols := len(x)
	if cols == 1 {
		c := x[0]
		g = g[:len(delta)]
		for i, d := range delta {
			g[i] += d * c
		}
		return
	}
	for i, d := range delta {
		if d == 0 {
			continue
		}
		row := g[i*cols : (i+1)*cols]
		if cols < 8 {
			for j, v := range x[:len(row)] {
				row[j] += d * v
			}
			continue
		}
		axpy(row, d, x)
	}
}

func (n *Net) checkSamples(X, Y []float64) int {
	d := n.arch.DA + n.arch.DB
	N := len(Y)
	if N == 0 || len(X) != N*d {
		panic(fmt.Sprintf("nn: %d inputs of %d values for %d targets (need N ≥ 1 rows of DA+DB = %d)", len(X), d, N, d))
	}
	return N
}

// samples computes the loss ½·mean (y − ŷ)² (or the Arch's other loss,
// loss.go) and accumulates its gradient into s.grad: by an exact reduced step
// when the data have the structure of structure.go (docs/theory.md §9.5,
// §9.6), equal to backpropagation to rounding, and by backpropagation over
// all samples otherwise.
func (n *Net) samples(X, Y []float64) float64 {
	if n.arch.Loss != Squared {
		return n.samplesLoss(X, Y, true)
	}
	n.checkSamples(X, Y)
	if p := n.plan(X, Y); p != nil {
		return p.run(n, true)
	}
	return n.samplesPlain(X, Y)
}

// samplesPlain is samples for the squared loss by ordinary backpropagation
// over every sample (docs/theory.md §1, §3): the straightforward computation,
// and the oracle the reduced steps are tested against.
func (n *Net) samplesPlain(X, Y []float64) float64 {
	N := n.checkSamples(X, Y)
	d := n.arch.DA + n.arch.DB
	s := n.sampleScratch()
	clear(s.grad)
	inv := 1 / float64(N)
	sum := 0.0
	for i := 0; i < N; i++ {
		x := X[i*d : (i+1)*d]
		r := n.forward(s, x) - Y[i]
		sum += r * r
		n.backward(s, x, r*inv)
	}
	return 0.5 * sum / float64(N)
}

// StepSamples takes one full-batch gradient-descent step on the samples X
// (N × (DA+DB) row-major, A's coordinates first) and targets Y (length N) by
// ordinary backpropagation, for any slope (docs/theory.md §1 forward pass, §3:
// ℒ = ½·mean (y − ŷ)²), activation and loss (§10.2). It returns the loss before the update. It runs on
// the calling goroutine (callers run many networks concurrently) and
// allocates nothing after the first call.
func (n *Net) StepSamples(X, Y []float64, lr float64) float64 {
	loss := n.samples(X, Y)
	if n.nt != nil {
		n.nt.fromGrads(n, n.ss.grads)
	}
	axpy(n.w, -lr, n.ss.grad)
	return loss
}

// GradSamples returns the loss and the gradients of every layer (order of
// Layers, freshly allocated) on the samples X, Y, without changing the
// weights.
func (n *Net) GradSamples(X, Y []float64) (loss float64, grads [][]float64) {
	loss = n.samples(X, Y)
	grads = n.newGrads()
	for k, g := range n.ss.grads {
		copy(grads[k], g)
	}
	return loss, grads
}

// LossSamples returns ½·mean (y − ŷ)² on the samples (forward passes only;
// on data with the structure of docs/theory.md §9.5, §9.6 by the reduced
// step's loss, the same bits StepSamples returns), or the Arch's other loss
// (§10.2: mean log(1 + exp(−yŷ))).
func (n *Net) LossSamples(X, Y []float64) float64 {
	if n.arch.Loss != Squared {
		return n.samplesLoss(X, Y, false)
	}
	N := n.checkSamples(X, Y)
	if p := n.plan(X, Y); p != nil {
		return p.run(n, false)
	}
	d := n.arch.DA + n.arch.DB
	s := n.sampleScratch()
	sum := 0.0
	for i := 0; i < N; i++ {
		r := n.forward(s, X[i*d:(i+1)*d]) - Y[i]
		sum += r * r
	}
	return 0.5 * sum / float64(N)
}

// Predict returns ŷ for one input x = [x_A; x_B] (length DA + DB).
func (n *Net) Predict(x []float64) float64 {
	if len(x) != n.arch.DA+n.arch.DB {
		panic(fmt.Sprintf("nn: Predict: input of length %d, want DA+DB = %d", len(x), n.arch.DA+n.arch.DB))
	}
	return n.forward(n.sampleScratch(), x)
}
