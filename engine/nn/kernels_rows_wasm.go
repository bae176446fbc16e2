//go:build wasm

package nn

// dotAxpyRows: for every row i of the row-major len(v) × len(x) matrix m,
// v[i] = Σ_j m[i][j]·x[j] (old weights) and m[i] += lr·c[i]·x. Under
// WebAssembly two rows at a time (about twice as fast), bit-identical to
// dotAxpyRowsPlain.
func dotAxpyRows(v, m []float64, c []float64, lr float64, x []float64) {
	dotAxpyRowsPaired(v, m, c, lr, x)
}

// axpy4 does y += (c0·x0 + c1·x1) then y += (c2·x2 + c3·x3) per element:
// two axpy2 calls fused into one pass over y, four elements per iteration.
func axpy4(y []float64, c0 float64, x0 []float64, c1 float64, x1 []float64, c2 float64, x2 []float64, c3 float64, x3 []float64) {
	n := len(y)
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	i := 0
	for ; i <= n-4; i += 4 {
		t0 := y[i] + (c0*x0[i] + c1*x1[i])
		t1 := y[i+1] + (c0*x0[i+1] + c1*x1[i+1])
		t2 := y[i+2] + (c0*x0[i+2] + c1*x1[i+2])
		t3 := y[i+3] + (c0*x0[i+3] + c1*x1[i+3])
		y[i] = t0 + (c2*x2[i] + c3*x3[i])
		y[i+1] = t1 + (c2*x2[i+1] + c3*x3[i+1])
		y[i+2] = t2 + (c2*x2[i+2] + c3*x3[i+2])
		y[i+3] = t3 + (c2*x2[i+3] + c3*x3[i+3])
	}
	for ; i < n; i++ {
		t := y[i] + (c0*x0[i] + c1*x1[i])
		y[i] = t + (c2*x2[i] + c3*x3[i])
	}
}

// dotAxpy2 is dotAxpy on two rows that meet the same x: it returns
// Σ ra[j]·x[j] and Σ rb[j]·x[j] from the old rows, each with dotAxpy's four
// accumulators (whole groups of four spread over them, the tail into the
// first, as dotAxpy), and does ra += ca·x, rb += cb·x; eight elements per
// iteration.
func dotAxpy2(ra, rb []float64, ca, cb float64, x []float64) (float64, float64) {
	n := len(x)
	ra, rb = ra[:n], rb[:n]
	var a0, a1, a2, a3, b0, b1, b2, b3 float64
	i := 0
	for ; i <= n-8; i += 8 {
		x0 := x[i]
		p, q := ra[i], rb[i]
		a0 += p * x0
		b0 += q * x0
		ra[i] = p + ca*x0
		rb[i] = q + cb*x0
		x0 = x[i+1]
		p, q = ra[i+1], rb[i+1]
		a1 += p * x0
		b1 += q * x0
		ra[i+1] = p + ca*x0
		rb[i+1] = q + cb*x0
		x0 = x[i+2]
		p, q = ra[i+2], rb[i+2]
		a2 += p * x0
		b2 += q * x0
		ra[i+2] = p + ca*x0
		rb[i+2] = q + cb*x0
		x0 = x[i+3]
		p, q = ra[i+3], rb[i+3]
		a3 += p * x0
		b3 += q * x0
		ra[i+3] = p + ca*x0
		rb[i+3] = q + cb*x0
		x0 = x[i+4]
		p, q = ra[i+4], rb[i+4]
		a0 += p * x0
		b0 += q * x0
		ra[i+4] = p + ca*x0
		rb[i+4] = q + cb*x0
		x0 = x[i+5]
		p, q = ra[i+5], rb[i+5]
		a1 += p * x0
		b1 += q * x0
		ra[i+5] = p + ca*x0
		rb[i+5] = q + cb*x0
		x0 = x[i+6]
		p, q = ra[i+6], rb[i+6]
		a2 += p * x0
		b2 += q * x0
		ra[i+6] = p + ca*x0
		rb[i+6] = q + cb*x0
		x0 = x[i+7]
		p, q = ra[i+7], rb[i+7]
		a3 += p * x0
		b3 += q * x0
		ra[i+7] = p + ca*x0
		rb[i+7] = q + cb*x0
	}
	for ; i <= n-4; i += 4 {
		x0 := x[i]
		p, q := ra[i], rb[i]
		a0 += p * x0
		b0 += q * x0
		ra[i] = p + ca*x0
		rb[i] = q + cb*x0
		x0 = x[i+1]
		p, q = ra[i+1], rb[i+1]
		a1 += p * x0
		b1 += q * x0
		ra[i+1] = p + ca*x0
		rb[i+1] = q + cb*x0
		x0 = x[i+2]
		p, q = ra[i+2], rb[i+2]
		a2 += p * x0
		b2 += q * x0
		ra[i+2] = p + ca*x0
		rb[i+2] = q + cb*x0
		x0 = x[i+3]
		p, q = ra[i+3], rb[i+3]
		a3 += p * x0
		b3 += q * x0
		ra[i+3] = p + ca*x0
		rb[i+3] = q + cb*x0
	}
	for ; i < n; i++ {
		x0 := x[i]
		p, q := ra[i], rb[i]
		a0 += p * x0
		ra[i] = p + ca*x0
		b0 += q * x0
		rb[i] = q + cb*x0
	}
	return (a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3)
}
