//go:build wasm

package nn

// dotAxpyRows: for every row i of the row-major len(v) × len(x) matrix m,
// v[i] = Σ_j m[i][j]·x[j] (old weights) and m[i] += lr·c[i]·x. Under
// WebAssembly two rows at a time (about twice as fast), bit-identical to
// dotAxpyRowsPlain.
func dotAxpyRows(v, m []float64, c []float64, lr float64, x []float64) {
	dotAxpyRowsPaired(v, m, c, lr, x)
}
