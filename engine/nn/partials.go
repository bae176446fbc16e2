package nn

// Partials on structured samples (docs/theory.md §9.5, §9.6, §10.0). Every
// network of the leaky-ReLU family is positively homogeneous and has no
// biases, f(s·x) = s·f(x) for s ≥ 0, so on inputs that are non-negative
// multiples of a few fixed vectors one forward pass per vector gives the
// output of all of them; the per-sample passes of Partials become a few
// passes per atom (late fusion) or per group (early fusion).

// partialsReduced computes Partials from the sample plan when X is the
// plan's data, and reports whether it did.
func (n *Net) partialsReduced(X []float64, out *PartialOut) bool {
	p := n.planFor(X)
	if p == nil {
		return false
	}
	a := n.arch
	d := a.DA + a.DB
	N := len(X) / d
	buf := p.partialBuf(N)
	full, onlyA, onlyB := buf[:N], buf[N:2*N], buf[2*N:3*N]
	s := n.sampleScratch()
	zero := p.zeroRow(d)
	f00 := n.forward(s, zero)
	var ea, eb float64
	if p.late != nil {
		ea, eb = n.latePartials(p.late, full, onlyA, onlyB)
	} else {
		n.earlyPartials(p.early, full, onlyA, onlyB)
	}
	if a.Lf == 1 { // the inputs themselves enter the fusion layer
		for i := 0; i < N; i++ {
			x := X[i*d : (i+1)*d]
			ea += dot(x[:a.DA], x[:a.DA])
			eb += dot(x[a.DA:], x[a.DA:])
		}
	}
	set := func(dst []float64, i int, v float64) {
		if dst != nil {
			dst[i] = v
		}
	}
	for i := 0; i < N; i++ {
		f, f0B, fA0 := full[i], onlyB[i], onlyA[i]
		set(out.Full, i, f)
		set(out.OnlyA, i, fA0)
		set(out.OnlyB, i, f0B)
		set(out.A, i, 0.5*((f-f0B)+(fA0-f00)))
		set(out.B, i, 0.5*((f-fA0)+(f0B-f00)))
	}
	out.FeatSq = [2]float64{ea / float64(N), eb / float64(N)}
	return true
}

// partialBuf returns scratch for three values a sample.
func (p *samplePlan) partialBuf(N int) []float64 {
	if len(p.pbuf) < 3*N {
		p.pbuf = make([]float64, 3*N)
	}
	return p.pbuf
}

// zeroRow returns a zero input (scratch).
func (p *samplePlan) zeroRow(d int) []float64 {
	if len(p.row) < d {
		p.row = make([]float64, d)
	}
	r := p.row[:d]
	clear(r)
	return r
}

// latePartials: with a_k = f(atom_k, 0), b_l = f(0, atom_l), f(x_A, 0) =
// s_A·a_k, f(0, x_B) = s_B·b_l and f = their sum (late fusion is additive);
// the fusion-layer inputs h_m scale with s_m as well. It returns the sums
// of ‖h_A‖², ‖h_B‖² over the samples (Lf > 1).
func (n *Net) latePartials(l *latePlan, full, onlyA, onlyB []float64) (ea, eb float64) {
	a := n.arch
	s := n.sampleScratch()
	var hA, hB [maxAtoms]float64
	feat := func(idx func(int) int) float64 {
		if a.Lf == 1 {
			return 0
		}
		h := s.act[idx(a.Lf-1)]
		return dot(h, h)
	}
	for k, at := range l.atomsA {
		l.va[k] = n.forward(s, l.setInput(a.DA, true, at))
		hA[k] = feat(n.idxEA)
	}
	for k, at := range l.atomsB {
		l.vb[k] = n.forward(s, l.setInput(a.DA, false, at))
		hB[k] = feat(n.idxEB)
	}
	for i := range full {
		ka, sa := l.sa.idx[i], l.sa.scale[i]
		kb, sb := l.sb.idx[i], l.sb.scale[i]
		fa, fb := sa*l.va[ka], sb*l.vb[kb]
		onlyA[i], onlyB[i], full[i] = fa, fb, fa+fb
		ea += sa * sa * hA[ka]
		eb += sb * sb * hB[kb]
	}
	return ea, eb
}

// earlyPartials: f from the plan's forward sweep; for f(x_A, 0) and
// f(0, x_B) each group's rows become either one constant row (the free
// input zeroed) or multiples of ±e_c (only the free input left), one or
// two forward passes a group, or else one pass a sample.
func (n *Net) earlyPartials(p *earlyPlan, full, onlyA, onlyB []float64) {
	a := n.arch
	s := n.sampleScratch()
	p.runOut(n, false, full)
	c := p.free
	for _, g := range p.groups {
		for m, dst := range [2][]float64{onlyA, onlyB} {
			// Keep modality m (A for f(x_A, 0)), zero the other.
			lo, hi := a.DA, a.DA+a.DB // the zeroed coordinates
			if m == 1 {
				lo, hi = 0, a.DA
			}
			row := p.row2(len(g.row))
			copy(row, g.row)
			clear(row[lo:hi])
			if c >= lo && c < hi { // the free input is zeroed: one row
				v := n.forward(s, row)
				for _, i := range g.orig {
					dst[i] = v
				}
				continue
			}
			row[c] = 0
			alone := true
			for _, v := range row {
				if v != 0 {
					alone = false
					break
				}
			}
			if alone { // x_c·e_c: homogeneous in |x_c|
				row[c] = 1
				up := n.forward(s, row)
				row[c] = -1
				down := n.forward(s, row)
				for k, i := range g.orig {
					if x := g.xs[k]; x < 0 {
						dst[i] = -x * down
					} else {
						dst[i] = x * up
					}
				}
				continue
			}
			for k, i := range g.orig {
				row[c] = g.xs[k]
				dst[i] = n.forward(s, row)
			}
		}
	}
}

// row2 is a second scratch row.
func (p *earlyPlan) row2(d int) []float64 {
	if len(p.r2) < d {
		p.r2 = make([]float64, d)
	}
	return p.r2[:d]
}
