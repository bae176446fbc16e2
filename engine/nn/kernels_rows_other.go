//go:build !wasm

package nn

// dotAxpyRows: for every row i of the row-major len(v) × len(x) matrix m,
// v[i] = Σ_j m[i][j]·x[j] (old weights) and m[i] += lr·c[i]·x. On amd64
// one row at a time (the paired kernel runs out of registers), with
// dotAxpyLean; bit-identical to dotAxpyRowsPlain.
func dotAxpyRows(v, m []float64, c []float64, lr float64, x []float64) {
	cols := len(x)
	for i := range v {
		v[i] = dotAxpyLean(m[i*cols:(i+1)*cols], lr*c[i], x)
	}
}

// dotAxpyLean is dotAxpy with each element finished (product, update,
// store) before the next is loaded: the same operations on the same
// accumulators, but few enough live values that the compiler keeps them all
// in registers (dotAxpy's four loads ahead spill two to the stack on amd64;
// ≈ 1.5× faster per h × h layer).
func dotAxpyLean(row []float64, c float64, x []float64) float64 {
	x = x[:len(row)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i <= len(row)-4; i += 4 {
		x0, r0 := x[i], row[i]
		s0 += r0 * x0
		row[i] = r0 + c*x0
		x1, r1 := x[i+1], row[i+1]
		s1 += r1 * x1
		row[i+1] = r1 + c*x1
		x2, r2 := x[i+2], row[i+2]
		s2 += r2 * x2
		row[i+2] = r2 + c*x2
		x3, r3 := x[i+3], row[i+3]
		s3 += r3 * x3
		row[i+3] = r3 + c*x3
	}
	for ; i < len(row); i++ {
		r := row[i]
		s0 += r * x[i]
		row[i] = r + c*x[i]
	}
	return (s0 + s1) + (s2 + s3)
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
