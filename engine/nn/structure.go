package nn

import (
	"math"
	"slices"
)

// Exact reduced sample steps for data with structure (docs/theory.md §9.5,
// §9.6). StepSamples, GradSamples and GradSamplesInto recognise, once per
// data set, samples whose squared loss and gradient can be computed with far
// fewer operations than backpropagation through every sample, and then take
// the same step to rounding:
//
//   - late fusion (Lf = L), leaky-ReLU family: each modality is scalar (two
//     sign atoms ±1 with scale |x|) or takes at most maxAtoms distinct
//     values; the step needs one forward and backward pass per atom (§9.5);
//   - early fusion at depth 2 (Lf = 1, L = 2), leaky-ReLU family: the rows
//     fall into at most maxGroups groups in which every input but one is
//     fixed; in a group each hidden unit is active on a prefix or a suffix
//     of the samples sorted by the free input, so the output and the
//     gradient are prefix and suffix sums (§9.6).
//
// Anything else, and every other loss or activation, runs ordinary
// backpropagation (samplesPlain), which also stays the test oracle.

const (
	maxAtoms  = 16 // distinct values of a multi-dimensional modality (late fusion)
	maxGroups = 16 // groups of the early-fusion reduction
	minGroup  = 8  // mean samples per group below which the reduction is not worth it
)

// samplePlan is the structure found in one data set. x and y are copies of
// the data it was built for: the plan is used only while the caller's data
// are equal to them bit for bit (a compare costs N·(DA+DB+1) loads, far
// below a step).
type samplePlan struct {
	x, y  []float64
	late  *latePlan
	early *earlyPlan
	pbuf  []float64 // Partials scratch (partials.go)
	row   []float64
}

// maxPlans is how many data sets a network keeps plans for: a remedy's
// steps may alternate between the data and copies with a modality withheld.
const maxPlans = 4

// plan returns the reduced step for X, Y, building it when the data differ
// from every data set kept; nil when none applies.
func (n *Net) plan(X, Y []float64) *samplePlan {
	a := n.arch
	if a.Loss != Squared || a.Act != LeakyReLU {
		return nil
	}
	for i, p := range n.plans {
		if sameBitsSlice(p.x, X) && sameBitsSlice(p.y, Y) {
			copy(n.plans[1:i+1], n.plans[:i]) // most recent first
			n.plans[0] = p
			if p.late == nil && p.early == nil {
				return nil
			}
			return p
		}
	}
	p := &samplePlan{x: slices.Clone(X), y: slices.Clone(Y)}
	switch {
	case a.Lf == a.L:
		p.late = newLatePlan(a, X, Y)
	case a.Lf == 1 && a.L == 2:
		p.early = newEarlyPlan(a, X, Y)
	}
	if len(n.plans) < maxPlans {
		n.plans = append(n.plans, nil)
	}
	copy(n.plans[1:], n.plans[:len(n.plans)-1])
	n.plans[0] = p
	if p.late == nil && p.early == nil {
		return nil
	}
	return p
}

// planFor returns a kept reduced plan whose data have the inputs X, or nil.
func (n *Net) planFor(X []float64) *samplePlan {
	for _, p := range n.plans {
		if (p.late != nil || p.early != nil) && sameBitsSlice(p.x, X) {
			return p
		}
	}
	return nil
}

// lastPlan is the plan of the latest data set seen (nil before any).
func (n *Net) lastPlan() *samplePlan {
	if len(n.plans) == 0 {
		return nil
	}
	return n.plans[0]
}

// sameBitsSlice reports whether a and b hold the same bits, four values
// per test (it runs at every step).
func sameBitsSlice(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	b = b[:len(a)]
	i := 0
	for ; i+4 <= len(a); i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		if (math.Float64bits(x[0])^math.Float64bits(y[0]))|(math.Float64bits(x[1])^math.Float64bits(y[1]))|
			(math.Float64bits(x[2])^math.Float64bits(y[2]))|(math.Float64bits(x[3])^math.Float64bits(y[3])) != 0 {
			return false
		}
	}
	for ; i < len(a); i++ {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// finiteAll reports whether every value is finite (the reductions regroup
// sums, which NaN and ±Inf data would not survive identically).
func finiteAll(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// run computes the loss and, with grad, writes its gradient into n.ss.grad
// (without, n.ss.grad is left alone).
func (p *samplePlan) run(n *Net, grad bool) float64 {
	if p.late != nil {
		return p.late.run(n, grad)
	}
	return p.early.run(n, grad)
}

// ---- late fusion: atoms (§9.5) ----

// atomSide splits one modality's rows as x = scale·atom: sign atoms ±1 for
// a scalar modality, the distinct rows (scale 1) otherwise.
type atomSide struct {
	atoms [][]float64
	idx   []int     // per sample
	scale []float64 // per sample, ≥ 0
}

func newAtomSide(X []float64, d, off, D, N int) *atomSide {
	s := &atomSide{idx: make([]int, N), scale: make([]float64, N)}
	if D == 1 {
		s.atoms = [][]float64{{1}, {-1}}
		for i := 0; i < N; i++ {
			v := X[i*d+off]
			if v < 0 {
				s.idx[i], s.scale[i] = 1, -v
			} else {
				s.scale[i] = v
			}
		}
		return s
	}
	seen := map[string]int{}
	key := make([]byte, 8*D)
	for i := 0; i < N; i++ {
		row := X[i*d+off : i*d+off+D]
		for j, v := range row {
			if v == 0 {
				v = 0 // −0 and +0 are one atom
			}
			putBits(key[8*j:], v)
		}
		k, ok := seen[string(key)]
		if !ok {
			if len(s.atoms) == maxAtoms {
				return nil
			}
			k = len(s.atoms)
			seen[string(key)] = k
			s.atoms = append(s.atoms, slices.Clone(row))
		}
		s.idx[i], s.scale[i] = k, 1
	}
	return s
}

func putBits(b []byte, v float64) {
	u := math.Float64bits(v)
	for i := range 8 {
		b[i] = byte(u >> (8 * i))
	}
}

// latePlan holds the atom-conditioned moments of docs/theory.md §9.5:
// PA_k = E[s_A² 1{k_A = k}], YA_k = E[y s_A 1{k_A = k}], C_kl = E[s_A s_B
// 1{k_A = k, k_B = l}] (likewise PB, YB) and E y².
type latePlan struct {
	atomsA, atomsB [][]float64
	pa, pb, ya, yb []float64
	c              []float64 // len(atomsA) × len(atomsB)
	eyy            float64
	va, vb, ga, gb []float64 // scratch: atom outputs and their loss derivatives
	x              []float64 // scratch input
	sa, sb         *atomSide // per-sample atoms and scales (PredictSamples)
}

func newLatePlan(a Arch, X, Y []float64) *latePlan {
	N, d := len(Y), a.DA+a.DB
	if !finiteAll(X) || !finiteAll(Y) {
		return nil
	}
	sa := newAtomSide(X, d, 0, a.DA, N)
	sb := newAtomSide(X, d, a.DA, a.DB, N)
	if sa == nil || sb == nil {
		return nil
	}
	ka, kb := len(sa.atoms), len(sb.atoms)
	p := &latePlan{atomsA: sa.atoms, atomsB: sb.atoms, sa: sa, sb: sb,
		pa: make([]float64, ka), ya: make([]float64, ka), va: make([]float64, ka), ga: make([]float64, ka),
		pb: make([]float64, kb), yb: make([]float64, kb), vb: make([]float64, kb), gb: make([]float64, kb),
		c: make([]float64, ka*kb), x: make([]float64, d)}
	for i, y := range Y {
		k, l := sa.idx[i], sb.idx[i]
		s, t := sa.scale[i], sb.scale[i]
		p.pa[k] += s * s
		p.pb[l] += t * t
		p.ya[k] += y * s
		p.yb[l] += y * t
		p.c[k*kb+l] += s * t
		p.eyy += y * y
	}
	inv := 1 / float64(N)
	for _, v := range [][]float64{p.pa, p.pb, p.ya, p.yb, p.c} {
		for i := range v {
			v[i] *= inv
		}
	}
	p.eyy *= inv
	return p
}

// setInput puts atom into the A (isA) or B part of the scratch input, zero
// elsewhere.
func (p *latePlan) setInput(da int, isA bool, atom []float64) []float64 {
	clear(p.x)
	if isA {
		copy(p.x, atom)
	} else {
		copy(p.x[da:], atom)
	}
	return p.x
}

// run: ℒ = ½[E y² − 2Σ a_k YA_k − 2Σ b_l YB_l + Σ a_k² PA_k + Σ b_l² PB_l
// + 2Σ a_k b_l C_kl] with a_k = f(atom_k, 0), b_l = f(0, atom_l), and
// ∂ℒ/∂θ = Σ_k g_k ∂a_k/∂θ + Σ_l h_l ∂b_l/∂θ (docs/theory.md §9.5).
func (p *latePlan) run(n *Net, grad bool) float64 {
	s := n.sampleScratch()
	da := n.arch.DA
	for k, at := range p.atomsA {
		p.va[k] = n.forward(s, p.setInput(da, true, at))
	}
	for l, at := range p.atomsB {
		p.vb[l] = n.forward(s, p.setInput(da, false, at))
	}
	kb := len(p.atomsB)
	loss := p.eyy
	for k, a := range p.va {
		loss += -2*a*p.ya[k] + a*a*p.pa[k]
		p.ga[k] = a*p.pa[k] - p.ya[k]
	}
	for l, b := range p.vb {
		loss += -2*b*p.yb[l] + b*b*p.pb[l]
		p.gb[l] = b*p.pb[l] - p.yb[l]
	}
	for k, a := range p.va {
		row := p.c[k*kb : (k+1)*kb]
		for l, b := range p.vb {
			c := row[l]
			loss += 2 * a * b * c
			p.ga[k] += b * c
			p.gb[l] += a * c
		}
	}
	if !grad {
		return 0.5 * loss
	}
	clear(s.grad)
	for k, at := range p.atomsA {
		if p.ga[k] != 0 {
			x := p.setInput(da, true, at)
			n.forward(s, x)
			n.backward(s, x, p.ga[k])
		}
	}
	for l, at := range p.atomsB {
		if p.gb[l] != 0 {
			x := p.setInput(da, false, at)
			n.forward(s, x)
			n.backward(s, x, p.gb[l])
		}
	}
	return 0.5 * loss
}

// ---- early fusion at depth 2: inputs on lines (§9.6) ----

// earlyGroup is one group of samples: every input fixed at row except the
// free coordinate, whose values xs are sorted ascending (ys the targets).
type earlyGroup struct {
	row    []float64 // the fixed inputs; row[free] is scratch
	xs, ys []float64
	// scratch of length len(xs)+1: bucket sums per boundary, then the
	// cumulative sums, the residual prefix and suffix sums.
	sufU, sufW, preU, preW []float64
	pr, prx, sr, srx       []float64
	last                   []int // per unit: its boundary at the last step
	orig                   []int // per sorted sample: its index in the data
}

// firstTrue returns the first k in [0, n) with after(k), or n if none, for
// a predicate that is false then true along k; the search gallops out from
// the guess k0 (a handful of calls when the answer is near it).
func firstTrue(n, k0 int, after func(int) bool) int {
	k0 = min(max(k0, 0), n)
	var lo, hi int // the answer lies in [lo, hi]; hi = n or after(hi)
	if k0 < n && !after(k0) {
		lo, hi = k0+1, n
		for step := 1; lo+step-1 < n; step *= 2 {
			if after(lo + step - 1) {
				hi = lo + step - 1
				break
			}
			lo += step
		}
	} else {
		lo, hi = 0, k0
		for step := 1; hi-step >= 0; step *= 2 {
			if !after(hi - step) {
				lo = hi - step + 1
				break
			}
			hi -= step
		}
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if after(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// earlyPlan holds the groups of the early-fusion reduction and per-unit
// scratch.
type earlyPlan struct {
	free   int
	groups []*earlyGroup
	n      float64 // number of samples
	bound  []int   // per unit: boundary index in the current group
	suffix []bool  // per unit: active on [bound, n) (else on [0, bound))
	u      []float64
	r2     []float64 // Partials scratch
}

func newEarlyPlan(a Arch, X, Y []float64) *earlyPlan {
	N, d := len(Y), a.DA+a.DB
	if !finiteAll(X) || !finiteAll(Y) || N < minGroup {
		return nil
	}
	best, bestG := -1, maxGroups+1
	var bestIdx []int
	key := make([]byte, 8*d)
	for c := 0; c < d; c++ {
		seen := map[string]int{}
		idx := make([]int, N)
		ok := true
		for i := 0; i < N && ok; i++ {
			row := X[i*d : (i+1)*d]
			for j, v := range row {
				if j == c {
					v = 0
				} else if v == 0 {
					v = 0 // −0 and +0: one group (the products differ only in the sign of 0)
				}
				putBits(key[8*j:], v)
			}
			g, hit := seen[string(key)]
			if !hit {
				g = len(seen)
				if g == maxGroups || g >= bestG {
					ok = false
					break
				}
				seen[string(key)] = g
			}
			idx[i] = g
		}
		if ok && len(seen) < bestG && N >= minGroup*len(seen) {
			best, bestG, bestIdx = c, len(seen), idx
		}
	}
	if best < 0 {
		return nil
	}
	p := &earlyPlan{free: best, n: float64(N), bound: make([]int, a.H), suffix: make([]bool, a.H), u: make([]float64, a.H)}
	members := make([][]int, bestG)
	for i, g := range bestIdx {
		members[g] = append(members[g], i)
	}
	for _, m := range members {
		slices.SortStableFunc(m, func(i, j int) int {
			xi, xj := X[i*d+best], X[j*d+best]
			switch {
			case xi < xj:
				return -1
			case xi > xj:
				return 1
			}
			return 0
		})
		g := &earlyGroup{row: slices.Clone(X[m[0]*d : (m[0]+1)*d]), xs: make([]float64, len(m)), ys: make([]float64, len(m)), last: make([]int, a.H)}
		g.orig = m
		for k, i := range m {
			g.xs[k], g.ys[k] = X[i*d+best], Y[i]
		}
		n1 := len(m) + 1
		for _, b := range []*[]float64{&g.sufU, &g.sufW, &g.preU, &g.preW, &g.pr, &g.prx, &g.sr, &g.srx} {
			*b = make([]float64, n1)
		}
		p.groups = append(p.groups, g)
	}
	return p
}

// rowPre returns Σ_j m[j]·v[j] exactly as matVec computes one row (the same
// operations in the same order, so the same bits).
func rowPre(m, v []float64) float64 {
	switch cols := len(v); {
	case cols == 1:
		return m[0] * v[0]
	case cols < 8:
		s := 0.0
		for j, x := range m[:cols] {
			s += x * v[j]
		}
		return s
	}
	return dot(m[:len(v)], v)
}

// preact is hidden unit j's input z_j = F_A[j]·x_A + F_B[j]·x_B for the
// input x, bit for bit as forward computes it.
func (n *Net) preact(j int, x []float64) float64 {
	da, db := n.arch.DA, n.arch.DB
	z := rowPre(n.fa[j*da:(j+1)*da], x[:da])
	if db == 1 {
		return z + n.fb[j]*x[da]
	}
	return z + rowPre(n.fb[j*db:(j+1)*db], x[da:da+db])
}

// run computes the loss and gradient group by group. In a group with
// sorted free values x_0 ≤ … ≤ x_{n−1}, unit j's input z_j is a monotone
// function of x (each rounding step is monotone), so z_j > 0 holds on a
// suffix (weight on the free input > 0) or a prefix (< 0) of the samples;
// its boundary is found by bisection on the exact z_j. With u_j the fixed
// inputs' part and w_j the free input's weight, z_j = u_j + w_j x, and
// (docs/theory.md §9.6)
//
//	ŷ(x_k) = Σ_j D_j m_jk (u_j + w_j x_k),  m_jk = 1 (active) or the slope,
//
// a sum of bucketed unit terms accumulated along k; the gradients need
// only Σ r and Σ r x over each unit's active and inactive ranges, which are
// prefix and suffix sums of the residuals.
func (p *earlyPlan) run(n *Net, grad bool) float64 { return p.runOut(n, grad, nil) }

// runOut is run that also writes ŷ of every sample into out (in the
// samples' order) unless out is nil.
func (p *earlyPlan) runOut(n *Net, grad bool, out []float64) float64 {
	s := n.sampleScratch()
	if grad {
		clear(s.grad)
	}
	a := n.arch
	sl := a.Slope
	da, db, d := a.DA, a.DB, a.DA+a.DB
	H := a.H
	D := n.d[2]
	gFA, gFB, gD := s.grads[n.idxFA()], s.grads[n.idxFB()], s.grads[n.idxD(2)]
	inv := 1 / p.n
	c := p.free
	// wc(j) is unit j's weight on the free input.
	wc := func(j int) float64 {
		if c < da {
			return n.fa[j*da+c]
		}
		return n.fb[j*db+c-da]
	}
	sum := 0.0
	for _, g := range p.groups {
		N := len(g.xs)
		row := g.row
		for _, b := range [][]float64{g.sufU, g.sufW, g.preU, g.preW} {
			clear(b)
		}
		for j := 0; j < H; j++ {
			w := wc(j)
			// Unit j on or off at sample k, from the exact z_j.
			ul := n.unitOnLine(j, c, row, g.xs)
			active := ul.on
			suffix := !(w < 0)
			// The boundary is the first sample after which the unit's
			// state is the one it keeps to the end (on for a suffix, off
			// for a prefix); it moves little from step to step, so the
			// search starts at the last step's.
			var b int
			if w == 0 {
				b = N
				if active(0) {
					b = 0
				}
			} else {
				b = firstTrue(N, g.last[j], func(k int) bool { return active(k) == suffix })
			}
			g.last[j] = b
			// u_j: the fixed inputs' part of z_j.
			u := 0.0
			for i := 0; i < d; i++ {
				if i == c {
					continue
				}
				if i < da {
					u += n.fa[j*da+i] * row[i]
				} else {
					u += n.fb[j*db+i-da] * row[i]
				}
			}
			p.bound[j], p.suffix[j], p.u[j] = b, suffix, u
			if suffix {
				g.sufU[b] += D[j] * u
				g.sufW[b] += D[j] * w
			} else {
				g.preU[b] += D[j] * u
				g.preW[b] += D[j] * w
			}
		}
		// Forward: at sample k the active units are the suffix units with
		// bound ≤ k and the prefix units with bound > k; the others are
		// inactive (weight sl). Ascending sums over bound ≤ k and
		// descending sums over bound > k, additions only.
		var aSU, aSW, aPU, aPW float64 // Σ_{b ≤ k} of suffix and prefix buckets
		var dSU, dSW, dPU, dPW float64 // Σ_{b > k}
		// Descending totals first, stored in pr/prx/sr/srx as scratch:
		// sr[k] = Σ_{b>k} sufU, srx[k] = Σ_{b>k} sufW, pr/prx for the
		// prefix buckets (the inactive sums sr, srx only for a leaky ReLU).
		if sl != 0 {
			for k := N; k >= 0; k-- {
				g.sr[k], g.srx[k], g.pr[k], g.prx[k] = dSU, dSW, dPU, dPW
				dSU += g.sufU[k]
				dSW += g.sufW[k]
				dPU += g.preU[k]
				dPW += g.preW[k]
			}
		} else {
			pu, pw := g.preU[:N+1], g.preW[:N+1]
			pr, prx := g.pr[:N+1], g.prx[:N+1]
			for k := N; k >= 0; k-- {
				pr[k], prx[k] = dPU, dPW
				dPU += pu[k]
				dPW += pw[k]
			}
		}
		// The forward sweep; the residuals dy_k (with the 1/N) go into
		// sufU[k] once read, their prefix sums pr[k] = Σ_{i<k} dy_i,
		// prx[k] = Σ_{i<k} dy_i x_i into pr, prx once read.
		var ps, psx float64
		xs, ys := g.xs[:N], g.ys[:N]
		su, sw, pu, pw := g.sufU[:N], g.sufW[:N], g.preU[:N], g.preW[:N]
		pr, prx, sr, srx := g.pr[:N], g.prx[:N], g.sr[:N], g.srx[:N]
		for k, x := range xs {
			aSU += su[k]
			aSW += sw[k]
			al := aSU + pr[k]
			be := aSW + prx[k]
			if sl != 0 {
				aPU += pu[k]
				aPW += pw[k]
				al += sl * (sr[k] + aPU)
				be += sl * (srx[k] + aPW)
			}
			yh := al + be*x
			if out != nil {
				out[g.orig[k]] = yh
			}
			r := yh - ys[k]
			sum += r * r
			dy := r * inv
			su[k] = dy
			pr[k], prx[k] = ps, psx
			ps += dy
			psx += dy * x
		}
		if !grad {
			continue
		}
		g.pr[N], g.prx[N] = ps, psx
		var ss, ssx float64
		g.sr[N], g.srx[N] = 0, 0
		for k := N - 1; k >= 0; k-- {
			ss += g.sufU[k]
			ssx += g.sufU[k] * g.xs[k]
			g.sr[k], g.srx[k] = ss, ssx
		}
		// Gradients: for unit j, R1 = Σ dy and RX1 = Σ dy·x over its active
		// range, R0, RX0 over the inactive one.
		for j := 0; j < H; j++ {
			b := p.bound[j]
			var r1, rx1, r0, rx0 float64
			if p.suffix[j] {
				r1, rx1, r0, rx0 = g.sr[b], g.srx[b], g.pr[b], g.prx[b]
			} else {
				r1, rx1, r0, rx0 = g.pr[b], g.prx[b], g.sr[b], g.srx[b]
			}
			if sl != 0 {
				r1 += sl * r0
				rx1 += sl * rx0
			}
			gD[j] += p.u[j]*r1 + wc(j)*rx1
			rho, rhox := D[j]*r1, D[j]*rx1
			for i := 0; i < d; i++ {
				v := rho * row[i]
				if i == c {
					v = rhox
				}
				if i < da {
					gFA[j*da+i] += v
				} else {
					gFB[j*db+i-da] += v
				}
			}
		}
	}
	return 0.5 * sum / p.n
}

// PredictSamples writes ŷ of every row of X (N × (DA+DB), like StepSamples)
// into out (length N). On the samples of the latest StepSamples, GradSamples
// or LossSamples call with the structure of docs/theory.md §9.5 or §9.6 it
// uses the reduced step's forward pass (the atom outputs, or the prefix
// sums of the early-fusion groups), equal to Predict row by row to
// rounding; otherwise it runs Predict's forward pass on every row.
func (n *Net) PredictSamples(X, out []float64) {
	d := n.arch.DA + n.arch.DB
	N := len(out)
	if len(X) != N*d {
		panic("nn: PredictSamples: X must hold len(out) rows of DA+DB inputs")
	}
	if p := n.planFor(X); p != nil {
		if p.early != nil {
			p.early.runOut(n, false, out)
			return
		}
		l := p.late
		s := n.sampleScratch()
		da := n.arch.DA
		for k, at := range l.atomsA {
			l.va[k] = n.forward(s, l.setInput(da, true, at))
		}
		for k, at := range l.atomsB {
			l.vb[k] = n.forward(s, l.setInput(da, false, at))
		}
		for i := range out {
			out[i] = l.sa.scale[i]*l.va[l.sa.idx[i]] + l.sb.scale[i]*l.vb[l.sb.idx[i]]
		}
		return
	}
	s := n.sampleScratch()
	for i := range out {
		out[i] = n.forward(s, X[i*d:(i+1)*d])
	}
}

// unitLine evaluates whether hidden unit j is on (z_j > 0) at the samples of
// an early-fusion group whose free input c takes the values xs: z_j is
// computed bit for bit as forward does (preact), with the part that does
// not depend on x_c computed once when forward adds it separately (the
// free input alone in its modality's row, or the only input of A).
type unitLine struct {
	mode  int // 0: zc + w·x (free input is B's only one); 1: w·x + zc (A's only one); 2: preact
	zc, w float64
	xs    []float64
	n     *Net
	j, c  int
	row   []float64
}

func (n *Net) unitOnLine(j, c int, row, xs []float64) unitLine {
	da, db := n.arch.DA, n.arch.DB
	u := unitLine{mode: 2, xs: xs, n: n, j: j, c: c, row: row}
	switch {
	case c == da && db == 1:
		u.mode, u.zc, u.w = 0, rowPre(n.fa[j*da:(j+1)*da], row[:da]), n.fb[j]
	case c == 0 && da == 1:
		u.mode, u.w = 1, n.fa[j]
		if db == 1 {
			u.zc = n.fb[j] * row[1]
		} else {
			u.zc = rowPre(n.fb[j*db:(j+1)*db], row[1:1+db])
		}
	}
	return u
}

// on reports z_j > 0 at sample k.
func (u *unitLine) on(k int) bool {
	switch u.mode {
	case 0:
		return u.zc+u.w*u.xs[k] > 0
	case 1:
		return u.w*u.xs[k]+u.zc > 0
	}
	u.row[u.c] = u.xs[k]
	return u.n.preact(u.j, u.row) > 0
}
