//go:build !wasm

package nn

// dotAxpyRows: for every row i of the row-major len(v) × len(x) matrix m,
// v[i] = Σ_j m[i][j]·x[j] (old weights) and m[i] += lr·c[i]·x. On amd64
// the one-row kernel is the fastest (the paired one runs out of registers);
// both are bit-identical.
func dotAxpyRows(v, m []float64, c []float64, lr float64, x []float64) {
	dotAxpyRowsPlain(v, m, c, lr, x)
}
