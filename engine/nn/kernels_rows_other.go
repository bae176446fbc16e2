//go:build !wasm

package nn

// dotAxpyRows: for every row i of the row-major len(v) × len(x) matrix m,
// v[i] = Σ_j m[i][j]·x[j] (old weights) and m[i] += lr·c[i]·x. On amd64
// the one-row kernel is the fastest (the paired one runs out of registers);
// both are bit-identical.
func dotAxpyRows(v, m []float64, c []float64, lr float64, x []float64) {
	dotAxpyRowsPlain(v, m, c, lr, x)
}

// axpy4 does y += (c0·x0 + c1·x1) then y += (c2·x2 + c3·x3) per element:
// two axpy2 calls fused into one pass over y.
func axpy4(y []float64, c0 float64, x0 []float64, c1 float64, x1 []float64, c2 float64, x2 []float64, c3 float64, x3 []float64) {
	n := len(y)
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	for i := range y {
		t := y[i] + (c0*x0[i] + c1*x1[i])
		y[i] = t + (c2*x2[i] + c3*x3[i])
	}
}

// dotAxpy2 is dotAxpy on two rows that meet the same x: it returns
// Σ ra[j]·x[j] and Σ rb[j]·x[j] from the old rows, each with dotAxpy's four
// accumulators, and does ra += ca·x, rb += cb·x.
func dotAxpy2(ra, rb []float64, ca, cb float64, x []float64) (float64, float64) {
	n := len(x)
	ra, rb = ra[:n], rb[:n]
	var a0, a1, a2, a3, b0, b1, b2, b3 float64
	i := 0
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
