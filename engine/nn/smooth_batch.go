package nn

import (
	"fmt"
	"math"
	"sync"
)

// The sample step of the losses other than the squared one (the logistic
// loss of docs/theory.md §10.2, usually with the smoothed-ReLU encoders of
// the same section) runs here, in blocks of samples: the same
// backpropagation as forward and backward of samples.go (docs/theory.md §1
// forward pass, §3), but every layer's values for the block are stored unit
// by unit (one row of the block's samples per unit), so that each kernel is
// a long loop over the block's samples instead of a call per sample and
// unit. Only the summation order differs from the per-sample passes: the
// loss and every gradient entry agree with them to rounding
// (TestBatchEqualsPerSample).
//
// An input column that is zero for every sample of a block is skipped: it
// adds nothing to the first layer's outputs and receives nothing in its
// gradient. A modality whose inputs are all zero in a block is skipped
// whole: φ(0) = 0, so its branch adds nothing to the fusion layer's output
// and gets no gradient (for finite weights, these skips change no value).
// This is what makes a modality "held at its mean 0" (the unimodal runs of
// docs/theory.md §10.2) cost nothing.

// batchBlock is the number of samples per block.
const batchBlock = 128

// batchScratch holds one block's values. For layer k, out[k], act[k],
// delta[k] and der[k] are Rows × nb (nb the block's size), unit-major; F_B's
// alias F_A's (they share z), act aliases out for linear networks, and der
// (φ'(out), kept from the forward pass) is used only for the smoothed ReLU.
type batchScratch struct {
	buf                  []float64
	xT                   []float64 // the block's inputs, (DA+DB) × nb
	dy                   []float64 // ∂ℒ/∂ŷ of each sample of the block (with the 1/N)
	out, act, delta, der [][]float64
	colsA, colsB         []int // the block's nonzero input columns of A, of B
	nzA, nzB, all        []int // load's lists of them; 0 … max−1
}

// batchPool recycles scratch between calls: a step allocates nothing once
// the pool holds one of the right size.
var batchPool = sync.Pool{New: func() any { return new(batchScratch) }}

// getBatch returns scratch sized for n's layers and blocks of batchBlock.
func (n *Net) getBatch() *batchScratch {
	b := batchPool.Get().(*batchScratch)
	a := n.arch
	d := a.DA + a.DB
	units, widest := 0, d
	for k, L := range n.layers {
		if k != n.idxFB() {
			units += L.Rows
		}
		widest = max(widest, L.Rows, L.Cols)
	}
	per := 2 * units // out and delta
	if !a.Linear() {
		per += units // act
	}
	if a.Act == SmoothReLU {
		per += units // der
	}
	need := (d + 1 + per) * batchBlock
	if cap(b.buf) < need {
		b.buf = make([]float64, need)
	}
	K := len(n.layers)
	if cap(b.out) < K {
		b.out, b.act, b.delta, b.der = make([][]float64, K), make([][]float64, K), make([][]float64, K), make([][]float64, K)
	}
	b.out, b.act, b.delta, b.der = b.out[:K], b.act[:K], b.delta[:K], b.der[:K]
	if cap(b.all) < widest {
		b.all = make([]int, widest)
		b.nzA, b.nzB = make([]int, 0, widest), make([]int, 0, widest)
	}
	b.all = b.all[:widest]
	for i := range b.all {
		b.all[i] = i
	}
	return b
}

// bind lays out the views of b for a block of nb samples.
func (n *Net) bind(b *batchScratch, nb int) {
	a := n.arch
	d := a.DA + a.DB
	off := 0
	take := func(m int) []float64 {
		s := b.buf[off : off+m*nb : off+m*nb]
		off += m * nb
		return s
	}
	b.xT = take(d)
	b.dy = take(1)
	for k, L := range n.layers {
		if k == n.idxFB() {
			b.out[k], b.act[k], b.delta[k], b.der[k] = b.out[k-1], b.act[k-1], b.delta[k-1], b.der[k-1]
			continue
		}
		b.out[k], b.delta[k] = take(L.Rows), take(L.Rows)
		if a.Linear() {
			b.act[k] = b.out[k]
		} else {
			b.act[k] = take(L.Rows)
		}
		if a.Act == SmoothReLU {
			b.der[k] = take(L.Rows)
		}
	}
}

// load transposes samples i0 … i0+nb−1 of X into b.xT and lists the input
// columns of each modality that are not zero for every one of them.
func (n *Net) load(b *batchScratch, X []float64, i0, nb int) {
	b.nzA, b.nzB = layout(b.xT, b.nzA[:0], b.nzB[:0], X, i0, nb, n.arch.DA, n.arch.DB)
	b.colsA, b.colsB = b.nzA, b.nzB
}

// layout writes samples i0 … i0+nb−1 of X (rows of da+db inputs) into xT
// unit-major ((da+db) × nb) and appends to nzA, nzB the columns of A, of B
// that are not zero for every one of them.
func layout(xT []float64, nzA, nzB []int, X []float64, i0, nb, da, db int) ([]int, []int) {
	d := da + db
	xT = xT[:d*nb]
	for j, row := 0, X[i0*d:(i0+nb)*d]; j < nb; j++ {
		for c, v := range row[j*d : (j+1)*d] {
			xT[c*nb+j] = v
		}
	}
	for c := 0; c < d; c++ {
		if !zero(xT[c*nb : (c+1)*nb]) {
			if c < da {
				nzA = append(nzA, c)
			} else {
				nzB = append(nzB, c-da)
			}
		}
	}
	return nzA, nzB
}

// Samples is a sample set laid out once for the blocked passes of the
// losses other than the squared one: its inputs block by block, unit-major,
// with each block's nonzero columns listed. A caller that steps many times
// on the same samples (engine/compete) saves StepSamples' layout of every
// block at every step; the results are the same bits.
type Samples struct {
	X, Y     []float64 // the inputs (N × (DA+DB) row-major, A's first) and targets
	da, db   int
	xT       []float64 // block after block
	nzA, nzB [][]int   // each block's nonzero columns of A, of B
}

// NewSamples lays out the samples X (N × (da+db) row-major, A's
// coordinates first) and targets Y (length N) for StepOn, OutputsOn and
// BranchOutputsOn. The Samples keeps X and Y, which must not change.
func NewSamples(X, Y []float64, da, db int) *Samples {
	d := da + db
	N := len(Y)
	if da < 1 || db < 1 || N == 0 || len(X) != N*d {
		panic(fmt.Sprintf("nn: NewSamples: %d inputs of %d values for %d targets", len(X), d, N))
	}
	s := &Samples{X: X, Y: Y, da: da, db: db, xT: make([]float64, N*d)}
	for i0 := 0; i0 < N; i0 += batchBlock {
		nb := min(batchBlock, N-i0)
		a, b := layout(s.xT[i0*d:], nil, nil, X, i0, nb, da, db)
		s.nzA, s.nzB = append(s.nzA, a), append(s.nzB, b)
	}
	return s
}

// use points b at block i0/batchBlock of s (after bind).
func (s *Samples) use(b *batchScratch, i0, nb int) {
	d := s.da + s.db
	b.xT = s.xT[i0*d : (i0+nb)*d]
	b.colsA, b.colsB = s.nzA[i0/batchBlock], s.nzB[i0/batchBlock]
}

func (n *Net) checkOn(s *Samples) int {
	if s.da != n.arch.DA || s.db != n.arch.DB {
		panic(fmt.Sprintf("nn: samples of DA=%d, DB=%d for a network with DA=%d, DB=%d", s.da, s.db, n.arch.DA, n.arch.DB))
	}
	return len(s.Y)
}

// zero reports whether every element of v is zero.
func zero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// forwardBlock computes every layer's output for the loaded block (the
// forward pass of samples.go, unit-major) and returns the row of ŷ.
func (n *Net) forwardBlock(b *batchScratch, nb int) []float64 {
	a := n.arch
	n.branchBlock(b, nb, 'A', false)
	n.branchBlock(b, nb, 'B', true)
	for l := a.Lf + 1; l <= a.L; l++ {
		kin := n.idxD(l) - 1 // F_B (sharing z) or D^{l−1}
		if !a.Linear() {
			n.activateBlock(b, kin)
		}
		k := n.idxD(l)
		L := n.layers[k]
		mulBlock(b.out[k], n.d[l], b.act[kin], L.Rows, L.Cols, nb, b.all[:L.Cols], false)
	}
	return b.out[len(b.out)-1][:nb]
}

// branchBlock runs modality m's private stack on the loaded block and
// writes (add: adds) F_m a_m into z, the fusion layer's output. A modality
// whose inputs are all zero in the block has a_m = 0 (φ(0) = 0) and is
// skipped.
func (n *Net) branchBlock(b *batchScratch, nb int, m byte, add bool) {
	a := n.arch
	in, nz, E, idx, F, kF := b.xT[:a.DA*nb], b.colsA, n.ea, n.idxEA, n.fa, n.idxFA()
	if m == 'B' {
		in, nz, E, idx, F, kF = b.xT[a.DA*nb:], b.colsB, n.eb, n.idxEB, n.fb, n.idxFB()
	}
	if len(nz) == 0 {
		if !add {
			clear(b.out[kF])
		}
		return
	}
	for l := 1; l < a.Lf; l++ {
		k := idx(l)
		L := n.layers[k]
		mulBlock(b.out[k], E[l], in, L.Rows, L.Cols, nb, nz, false)
		if !a.Linear() {
			n.activateBlock(b, k)
		}
		in, nz = b.act[k], b.all[:L.Rows]
	}
	L := n.layers[kF]
	mulBlock(b.out[kF], F, in, L.Rows, L.Cols, nb, nz, add)
}

// activateBlock writes act[k] = φ(out[k]); for the smoothed ReLU it also
// keeps φ'(out[k]) in der[k] for the backward pass.
func (n *Net) activateBlock(b *batchScratch, k int) {
	a := &n.arch
	if a.Act != SmoothReLU {
		a.activate(b.act[k], b.out[k])
		return
	}
	smoothBlock(b.act[k], b.der[k], b.out[k], newSmooth(a.Q, a.Beta))
}

// backDerivate writes delta[k] = (Wᵀ·δ_out) ⊙ φ'(out[k]) for the layer W
// (rows × cols) above layer k: backBlock, with the smoothed ReLU's slope
// (der[k], from the forward pass) applied in the same pass.
func (n *Net) backDerivate(b *batchScratch, k int, w, dout []float64, rows, cols, nb int) {
	a := &n.arch
	switch {
	case a.Act == SmoothReLU:
		backBlock(b.delta[k], w, dout, rows, cols, nb, b.der[k])
	case a.Linear():
		backBlock(b.delta[k], w, dout, rows, cols, nb, nil)
	default:
		backBlock(b.delta[k], w, dout, rows, cols, nb, nil)
		a.derivate(b.delta[k], b.out[k])
	}
}

// smoothBlock writes act = φ(out) and der = φ'(out) for the two-sided
// smoothed ReLU (docs/theory.md §10.2), with the arithmetic of
// Arch.activate and smooth.slope: φ'(z) = (|z|/β)^{q−1} below β and 1
// above, φ(z) = sign(z)·|z|·φ'(z)/q below β and sign(z)·(|z| − (1 − 1/q)β)
// above. For q = 3 both sides are computed and one is picked by a
// conditional move of their bits, without a branch (which side a unit is on
// follows no pattern).
func smoothBlock(act, der, out []float64, s smooth) {
	act, der = act[:len(out)], der[:len(out)]
	if !s.cube {
		for i, z := range out {
			d, az := s.slope(z)
			v := az - s.off
			if az < s.beta {
				v = az * d * s.invQ
			}
			act[i], der[i] = math.Copysign(v, z), d
		}
		return
	}
	const sign = 1 << 63
	one := math.Float64bits(1)
	for i, z := range out {
		zb := math.Float64bits(z)
		az := math.Float64frombits(zb &^ sign) // |z|
		r := az * s.invBeta
		r2 := r * r
		db, vb := math.Float64bits(r2), math.Float64bits(az*r2*s.invQ)
		lin := math.Float64bits(az - s.off)
		if az >= s.beta {
			db, vb = one, lin
		}
		// v ≥ 0, so setting z's sign bit is math.Copysign(v, z).
		act[i], der[i] = math.Float64frombits(vb|zb&sign), math.Float64frombits(db)
	}
}

// backwardBlock accumulates into grads the gradient of Σ_i dy_i·ŷ_i over
// the block (dy in b.dy), after forwardBlock on it: backward of samples.go,
// unit-major.
func (n *Net) backwardBlock(b *batchScratch, grads [][]float64, nb int) {
	a := n.arch
	K := len(n.layers)
	copy(b.delta[K-1], b.dy[:nb])
	for l := a.L; l > a.Lf; l-- {
		k := n.idxD(l)
		L := n.layers[k]
		gradBlock(grads[k], b.delta[k], b.act[k-1], L.Rows, L.Cols, nb, b.all[:L.Cols])
		n.backDerivate(b, k-1, n.d[l], b.delta[k], L.Rows, L.Cols, nb)
	}
	stack := func(F []float64, kF int, E [][]float64, idx func(int) int, x []float64, nz []int) {
		if len(nz) == 0 { // a modality at 0 in this block: no gradient (branchBlock)
			return
		}
		m, km := F, kF
		for l := a.Lf - 1; l >= 0; l-- {
			in, cols := x, nz
			if l > 0 {
				in, cols = b.act[idx(l)], b.all[:n.layers[km].Cols]
			}
			L := n.layers[km]
			gradBlock(grads[km], b.delta[km], in, L.Rows, L.Cols, nb, cols)
			if l == 0 {
				break
			}
			k := idx(l)
			n.backDerivate(b, k, m, b.delta[km], L.Rows, L.Cols, nb)
			m, km = E[l], k
		}
	}
	dA := a.DA * nb
	stack(n.fa, n.idxFA(), n.ea, n.idxEA, b.xT[:dA], b.colsA)
	stack(n.fb, n.idxFB(), n.eb, n.idxEB, b.xT[dA:], b.colsB)
}

// eachBlock runs the forward pass over X in blocks and hands each block's
// first sample index and row of outputs ŷ to f, which may then call
// backwardBlock on b before the next block is loaded.
// The blocks come laid out from on when it is not nil.
func (n *Net) eachBlock(X []float64, on *Samples, N int, f func(b *batchScratch, i0 int, yh []float64)) {
	b := n.getBatch()
	defer batchPool.Put(b)
	for i0 := 0; i0 < N; i0 += batchBlock {
		nb := min(batchBlock, N-i0)
		n.loadBlock(b, X, on, i0, nb)
		f(b, i0, n.forwardBlock(b, nb))
	}
}

// loadBlock binds b for the block of nb samples from i0 and loads it from
// X, or points it at on's layout.
func (n *Net) loadBlock(b *batchScratch, X []float64, on *Samples, i0, nb int) {
	n.bind(b, nb)
	if on != nil {
		on.use(b, i0, nb)
	} else {
		n.load(b, X, i0, nb)
	}
}

// batchLoss is samplesLoss in blocks: the mean loss over the samples and,
// with grad, its gradient in n's sample scratch (where samples leaves it);
// the blocks come laid out from on when it is not nil.
func (n *Net) batchLoss(X, Y []float64, on *Samples, grad bool) float64 {
	N := n.checkSamples(X, Y)
	var grads [][]float64
	if grad {
		s := n.sampleScratch()
		clear(s.grad)
		grads = s.grads
	}
	k := n.arch.Loss
	inv := 1 / float64(N)
	sum := 0.0
	n.eachBlock(X, on, N, func(b *batchScratch, i0 int, yh []float64) {
		sum += lossBlock(k, Y[i0:i0+len(yh)], yh, b.dy, inv)
		if grad {
			n.backwardBlock(b, grads, len(yh))
		}
	})
	return sum / float64(N)
}

// StepOn is StepSamples(s.X, s.Y, lr) on samples laid out by NewSamples:
// the same step to the bit, without laying out the blocks again (the
// squared loss takes StepSamples' own path).
func (n *Net) StepOn(s *Samples, lr float64) float64 {
	n.checkOn(s)
	if n.arch.Loss == Squared {
		return n.StepSamples(s.X, s.Y, lr)
	}
	loss := n.batchLoss(s.X, s.Y, s, true)
	if n.nt != nil {
		n.nt.fromGrads(n, n.ss.grads)
	}
	axpy(n.w, -lr, n.ss.grad)
	return loss
}

// OutputsOn writes the network's output ŷ for every sample of s into out
// (length N), in blocks like the sample step of the logistic loss: equal to
// Predict on each row to rounding.
func (n *Net) OutputsOn(s *Samples, out []float64) {
	N := n.checkOn(s)
	n.checkSamples(s.X, out)
	n.eachBlock(s.X, s, N, func(_ *batchScratch, i0 int, yh []float64) { copy(out[i0:], yh) })
}

// BranchOutputsOn writes each modality's part of the output of a
// late-fusion network (Lf = L: ŷ = F_A a_A + F_B a_B, docs/theory.md §1)
// for every sample of s: ya = F_A a_A(x_A) and yb = F_B a_B(x_B). Since
// φ(0) = 0 they are the outputs with the other modality's input held at 0,
// and ŷ = ya + yb (Predict adds them in this order). It panics for Lf < L,
// where the output does not split.
func (n *Net) BranchOutputsOn(s *Samples, ya, yb []float64) {
	if n.arch.Lf != n.arch.L {
		panic("nn: BranchOutputsOn needs late fusion (Lf = L)")
	}
	N := n.checkOn(s)
	n.checkSamples(s.X, ya)
	n.checkSamples(s.X, yb)
	b := n.getBatch()
	defer batchPool.Put(b)
	z := n.idxFA()
	for i0 := 0; i0 < N; i0 += batchBlock {
		nb := min(batchBlock, N-i0)
		n.loadBlock(b, nil, s, i0, nb)
		n.branchBlock(b, nb, 'A', false)
		copy(ya[i0:i0+nb], b.out[z])
		n.branchBlock(b, nb, 'B', false)
		copy(yb[i0:i0+nb], b.out[z])
	}
}

// mulBlock writes out = W·in (with add: out += W·in) for a row-major W
// (rows × cols) and a unit-major block in (cols × nb), reading only the
// columns listed in idx (the others are zero). Rows go in pairs and columns
// in fours, so that each pass over the block's samples does sixteen
// multiply-adds per six loads.
func mulBlock(out, w, in []float64, rows, cols, nb int, idx []int, add bool) {
	if !add {
		clear(out[:rows*nb])
	}
	r := 0
	for ; r+2 <= rows; r += 2 {
		o0, o1 := out[r*nb:(r+1)*nb], out[(r+1)*nb:(r+2)*nb]
		w0, w1 := w[r*cols:(r+1)*cols], w[(r+1)*cols:(r+2)*cols]
		j := 0
		for ; j+4 <= len(idx); j += 4 {
			c0, c1, c2, c3 := idx[j], idx[j+1], idx[j+2], idx[j+3]
			blockAxpy4x2(o0, o1, [4]float64{w0[c0], w0[c1], w0[c2], w0[c3]}, [4]float64{w1[c0], w1[c1], w1[c2], w1[c3]},
				in[c0*nb:(c0+1)*nb], in[c1*nb:(c1+1)*nb], in[c2*nb:(c2+1)*nb], in[c3*nb:(c3+1)*nb])
		}
		for ; j < len(idx); j++ {
			c := idx[j]
			axpy(o0, w0[c], in[c*nb:(c+1)*nb])
			axpy(o1, w1[c], in[c*nb:(c+1)*nb])
		}
	}
	if r < rows {
		o := out[r*nb : (r+1)*nb]
		wr := w[r*cols : (r+1)*cols]
		j := 0
		for ; j+4 <= len(idx); j += 4 {
			c0, c1, c2, c3 := idx[j], idx[j+1], idx[j+2], idx[j+3]
			blockAxpy4(o, wr[c0], in[c0*nb:(c0+1)*nb], wr[c1], in[c1*nb:(c1+1)*nb], wr[c2], in[c2*nb:(c2+1)*nb], wr[c3], in[c3*nb:(c3+1)*nb])
		}
		for ; j < len(idx); j++ {
			c := idx[j]
			axpy(o, wr[c], in[c*nb:(c+1)*nb])
		}
	}
}

// blockAxpy4 does y += (c0·x0 + c1·x1) + (c2·x2 + c3·x3): one pass over y for
// four rows.
func blockAxpy4(y []float64, c0 float64, x0 []float64, c1 float64, x1 []float64, c2 float64, x2 []float64, c3 float64, x3 []float64) {
	x0, x1, x2, x3 = x0[:len(y)], x1[:len(y)], x2[:len(y)], x3[:len(y)]
	for i := range y {
		y[i] += (c0*x0[i] + c1*x1[i]) + (c2*x2[i] + c3*x3[i])
	}
}

// blockAxpy4x2 is blockAxpy4 on two outputs that meet the same four rows:
// y += (a0·x0 + a1·x1) + (a2·x2 + a3·x3), z likewise with b.
func blockAxpy4x2(y, z []float64, a, b [4]float64, x0, x1, x2, x3 []float64) {
	z = z[:len(y)]
	x0, x1, x2, x3 = x0[:len(y)], x1[:len(y)], x2[:len(y)], x3[:len(y)]
	a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
	b0, b1, b2, b3 := b[0], b[1], b[2], b[3]
	for i := range y {
		v0, v1, v2, v3 := x0[i], x1[i], x2[i], x3[i]
		y[i] += (a0*v0 + a1*v1) + (a2*v2 + a3*v3)
		z[i] += (b0*v0 + b1*v1) + (b2*v2 + b3*v3)
	}
}

// gradBlock does G[r][c] += Σ_j δ[r][j]·in[c][j] for the columns c listed
// in idx (the others are zero in this block): rows in pairs, columns in
// fours, eight sums per pass over the block's samples.
func gradBlock(g, delta, in []float64, rows, cols, nb int, idx []int) {
	r := 0
	for ; r+2 <= rows; r += 2 {
		d0, d1 := delta[r*nb:(r+1)*nb], delta[(r+1)*nb:(r+2)*nb]
		g0, g1 := g[r*cols:(r+1)*cols], g[(r+1)*cols:(r+2)*cols]
		j := 0
		for ; j+4 <= len(idx); j += 4 {
			c0, c1, c2, c3 := idx[j], idx[j+1], idx[j+2], idx[j+3]
			s, t := blockDot4x2(d0, d1, in[c0*nb:(c0+1)*nb], in[c1*nb:(c1+1)*nb], in[c2*nb:(c2+1)*nb], in[c3*nb:(c3+1)*nb])
			g0[c0] += s[0]
			g0[c1] += s[1]
			g0[c2] += s[2]
			g0[c3] += s[3]
			g1[c0] += t[0]
			g1[c1] += t[1]
			g1[c2] += t[2]
			g1[c3] += t[3]
		}
		for ; j < len(idx); j++ {
			c := idx[j]
			g0[c] += dot(d0, in[c*nb:(c+1)*nb])
			g1[c] += dot(d1, in[c*nb:(c+1)*nb])
		}
	}
	if r < rows {
		d := delta[r*nb : (r+1)*nb]
		gr := g[r*cols : (r+1)*cols]
		j := 0
		for ; j+4 <= len(idx); j += 4 {
			c0, c1, c2, c3 := idx[j], idx[j+1], idx[j+2], idx[j+3]
			s0, s1, s2, s3 := blockDot4(d, in[c0*nb:(c0+1)*nb], in[c1*nb:(c1+1)*nb], in[c2*nb:(c2+1)*nb], in[c3*nb:(c3+1)*nb])
			gr[c0] += s0
			gr[c1] += s1
			gr[c2] += s2
			gr[c3] += s3
		}
		for ; j < len(idx); j++ {
			c := idx[j]
			gr[c] += dot(d, in[c*nb:(c+1)*nb])
		}
	}
}

// blockDot4 returns the dot products of d with four vectors (one pass over d).
func blockDot4(d, x0, x1, x2, x3 []float64) (s0, s1, s2, s3 float64) {
	x0, x1, x2, x3 = x0[:len(d)], x1[:len(d)], x2[:len(d)], x3[:len(d)]
	for i, v := range d {
		s0 += v * x0[i]
		s1 += v * x1[i]
		s2 += v * x2[i]
		s3 += v * x3[i]
	}
	return
}

// blockDot4x2 returns the dot products of d and of e with four vectors
// (one pass over them).
func blockDot4x2(d, e, x0, x1, x2, x3 []float64) (s, t [4]float64) {
	e = e[:len(d)]
	x0, x1, x2, x3 = x0[:len(d)], x1[:len(d)], x2[:len(d)], x3[:len(d)]
	var s0, s1, s2, s3, t0, t1, t2, t3 float64
	for i, v := range d {
		u := e[i]
		v0, v1, v2, v3 := x0[i], x1[i], x2[i], x3[i]
		s0 += v * v0
		s1 += v * v1
		s2 += v * v2
		s3 += v * v3
		t0 += u * v0
		t1 += u * v1
		t2 += u * v2
		t3 += u * v3
	}
	return [4]float64{s0, s1, s2, s3}, [4]float64{t0, t1, t2, t3}
}

// backBlock writes δ_in = Wᵀ·δ_out for a row-major W (rows × cols): δ_in is
// cols × nb, δ_out rows × nb (unit-major); with der, δ_in is then
// multiplied by der elementwise in the same pass over each column.
func backBlock(din, w, dout []float64, rows, cols, nb int, der []float64) {
	for c := 0; c < cols; c++ {
		o := din[c*nb : (c+1)*nb]
		if rows == 1 { // the fusion block of late fusion: one pass
			wc, dv := w[c], dout[:nb]
			if der == nil {
				for j := range o {
					o[j] = wc * dv[j]
				}
				continue
			}
			g := der[c*nb : (c+1)*nb]
			for j := range o {
				o[j] = wc * dv[j] * g[j]
			}
			continue
		}
		clear(o)
		r := 0
		for ; r+4 <= rows; r += 4 {
			blockAxpy4(o, w[r*cols+c], dout[r*nb:(r+1)*nb], w[(r+1)*cols+c], dout[(r+1)*nb:(r+2)*nb],
				w[(r+2)*cols+c], dout[(r+2)*nb:(r+3)*nb], w[(r+3)*cols+c], dout[(r+3)*nb:(r+4)*nb])
		}
		for ; r < rows; r++ {
			axpy(o, w[r*cols+c], dout[r*nb:(r+1)*nb])
		}
		if der != nil {
			g := der[c*nb : (c+1)*nb]
			for j := range o {
				o[j] *= g[j]
			}
		}
	}
}
