package nn

// Row-blocked kernels of the moment step (docs/theory.md §3, "Linear
// simulator step"). Each one does the arithmetic of its one-row kernel in
// kernels.go for every row, in the same order and with the same
// accumulators, so results are bit-identical to the plain loops (see
// TestRowKernelsBitIdentical); blocking rows shares the loads of the vector
// that every row meets. axpy4, dotAxpy2 and dotAxpyRows have one form per
// platform (kernels_rows_wasm.go, kernels_rows_other.go): Go's WebAssembly
// code pays a dispatch per loop iteration, so there the loops also take
// several elements per iteration; on amd64 that only adds register pressure.

// vecMat4 is vecMat (out = v·M, M row-major with len(v) rows and len(out)
// columns) with the rows in blocks of four (axpy4: one pass over out per
// block), then a pair, then a single row: the additions of vecMat's pairs,
// in the same order.
func vecMat4(out, v, m []float64) {
	cols := len(out)
	if cols == 1 {
		out[0] = dotBlocks(v, m[:len(v)])
		return
	}
	clear(out)
	i := 0
	for ; i+3 < len(v); i += 4 {
		r := m[i*cols : (i+4)*cols]
		axpy4(out, v[i], r[:cols], v[i+1], r[cols:2*cols], v[i+2], r[2*cols:3*cols], v[i+3], r[3*cols:])
	}
	if i+1 < len(v) {
		r := m[i*cols : (i+2)*cols]
		axpy2(out, v[i], r[:cols], v[i+1], r[cols:])
		i += 2
	}
	if i < len(v) {
		axpy(out, v[i], m[i*cols:(i+1)*cols])
	}
}

// dotBlocks is vecMat4 for a single column: Σ v[i]·m[i] added in vecMat4's
// order (blocks of four as two pairs, then a pair, then one term), without
// a call per block.
func dotBlocks(v, m []float64) float64 {
	m = m[:len(v)]
	s := 0.0
	i := 0
	for ; i+3 < len(v); i += 4 {
		t := s + (v[i]*m[i] + v[i+1]*m[i+1])
		s = t + (v[i+2]*m[i+2] + v[i+3]*m[i+3])
	}
	if i+1 < len(v) {
		s += v[i]*m[i] + v[i+1]*m[i+1]
		i += 2
	}
	if i < len(v) {
		s += v[i] * m[i]
	}
	return s
}

// dotAxpyRowsPlain is the one-row form of dotAxpyRows: for every row i of
// the row-major rows × len(x) matrix m it stores v[i] = Σ_j m[i][j]·x[j]
// (old weights) and does m[i] += lr·c[i]·x.
func dotAxpyRowsPlain(v, m []float64, c []float64, lr float64, x []float64) {
	cols := len(x)
	for i := range v {
		v[i] = dotAxpy(m[i*cols:(i+1)*cols], lr*c[i], x)
	}
}

// dotAxpyRowsPaired is dotAxpyRowsPlain two rows at a time (dotAxpy2).
func dotAxpyRowsPaired(v, m []float64, c []float64, lr float64, x []float64) {
	cols := len(x)
	if cols == 1 {
		// A column (the first layer of a scalar modality): dotAxpy's
		// arithmetic on one element, without a call per row.
		x0 := x[0]
		m = m[:len(v)]
		for i, p := range m {
			var a0, a1, a2, a3 float64
			a0 += p * x0
			v[i] = (a0 + a1) + (a2 + a3)
			m[i] = p + lr*c[i]*x0
		}
		return
	}
	i := 0
	for ; i+1 < len(v); i += 2 {
		r := m[i*cols : (i+2)*cols]
		v[i], v[i+1] = dotAxpy2(r[:cols], r[cols:], lr*c[i], lr*c[i+1], x)
	}
	if i < len(v) {
		v[i] = dotAxpy(m[i*cols:(i+1)*cols], lr*c[i], x)
	}
}
