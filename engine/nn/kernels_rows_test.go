package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vecMatPairs is the one-pair-at-a-time vecMat the blocked kernel replaces.
func vecMatPairs(out, v, m []float64) {
	cols := len(out)
	clear(out)
	i := 0
	for ; i+1 < len(v); i += 2 {
		r := m[i*cols : (i+2)*cols]
		axpy2(out, v[i], r[:cols], v[i+1], r[cols:])
	}
	if i < len(v) {
		axpy(out, v[i], m[i*cols:(i+1)*cols])
	}
}

func randVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// TestRowKernelsBitIdentical: the row-blocked kernels of the moment step
// give the bits of the one-row kernels (so golden hashes cannot move) and
// agree with the textbook sums Σ_j m_ij x_j, Σ_i v_i m_ij and the update
// m_ij + lr·c_i·x_j to rounding, for every shape a remainder can take.
func TestRowKernelsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	const lr = 0.037
	for _, rows := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 100} {
		for _, cols := range []int{1, 2, 3, 4, 5, 7, 8, 12, 13, 17, 100} {
			m := randVec(rng, rows*cols)
			x, c, v := randVec(rng, cols), randVec(rng, rows), randVec(rng, rows)

			// vecMat4 against vecMatPairs (bits) and the plain sum.
			got, want := make([]float64, cols), make([]float64, cols)
			vecMat4(got, v, m)
			vecMatPairs(want, v, m)
			for j := range got {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Fatalf("%d×%d: vecMat4[%d] = %v, pairs give %v", rows, cols, j, got[j], want[j])
				}
				s, abs := 0.0, 0.0
				for i := 0; i < rows; i++ {
					s += v[i] * m[i*cols+j]
					abs += math.Abs(v[i] * m[i*cols+j])
				}
				if math.Abs(got[j]-s) > 1e-13*abs {
					t.Fatalf("%d×%d: vecMat4[%d] = %v, Σ v_i m_ij = %v", rows, cols, j, got[j], s)
				}
			}

			// dotAxpyRows variants against one dotAxpy per row (bits) and
			// the textbook product and update.
			ref := append([]float64(nil), m...)
			vr := make([]float64, rows)
			for i := range vr {
				vr[i] = dotAxpy(ref[i*cols:(i+1)*cols], lr*c[i], x)
			}
			for name, f := range map[string]func(v, m, c []float64, lr float64, x []float64){
				"plain": dotAxpyRowsPlain, "paired": dotAxpyRowsPaired, "dotAxpyRows": dotAxpyRows,
			} {
				w := append([]float64(nil), m...)
				vs := make([]float64, rows)
				f(vs, w, c, lr, x)
				for i := range vs {
					if math.Float64bits(vs[i]) != math.Float64bits(vr[i]) {
						t.Fatalf("%s %d×%d: product %d = %v, dotAxpy gives %v", name, rows, cols, i, vs[i], vr[i])
					}
					s, abs := 0.0, 0.0
					for j := 0; j < cols; j++ {
						s += m[i*cols+j] * x[j]
						abs += math.Abs(m[i*cols+j] * x[j])
					}
					if math.Abs(vs[i]-s) > 1e-13*abs {
						t.Fatalf("%s %d×%d: product %d = %v, Σ m_ij x_j = %v", name, rows, cols, i, vs[i], s)
					}
				}
				for k := range w {
					if math.Float64bits(w[k]) != math.Float64bits(ref[k]) {
						t.Fatalf("%s %d×%d: weight %d = %v, dotAxpy gives %v", name, rows, cols, k, w[k], ref[k])
					}
					i, j := k/cols, k%cols
					if want := m[k] + lr*c[i]*x[j]; math.Abs(w[k]-want) > 1e-15*math.Max(1, math.Abs(want)) {
						t.Fatalf("%s %d×%d: weight %d = %v, m + lr·c·x = %v", name, rows, cols, k, w[k], want)
					}
				}
			}
		}
	}
}
