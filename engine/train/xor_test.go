package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"unibias/engine/data"
	"unibias/engine/nn"
)

// TestXORProjectionBatchEqualsPerSample: the XOR projection read from one
// batch prediction (nn.Net.PredictSamples, docs/theory.md §9.5–§9.6)
// equals the one from a forward pass per sample, to 1e-12 relative, for
// late and early fusion, at initialisation and after 600 steps.
func TestXORProjectionBatchEqualsPerSample(t *testing.T) {
	d, err := data.XOR(1, 0, 512, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	for _, lf := range []int{2, 1} {
		net, err := nn.New(nn.Arch{L: 2, Lf: lf, H: 50, DA: 2, DB: 1, Slope: 0}, nn.Entrywise, 0.1, rand.New(rand.NewPCG(5, 6)))
		if err != nil {
			t.Fatal(err)
		}
		r := NewRunner(net, d, Options{LR: 0.04, Steps: 600, Tol: 1e-12})
		for round := 0; round < 2; round++ {
			gx, gl := r.xorProjection()
			var sxx, sxl, sll, sxy, sly float64
			for i := 0; i < d.N; i++ {
				row := d.X[3*i : 3*i+3]
				f, l, y := -row[0]*row[1], row[2], net.Predict(row)
				sxx, sxl, sll, sxy, sly = sxx+f*f, sxl+f*l, sll+l*l, sxy+f*y, sly+l*y
			}
			det := sxx*sll - sxl*sxl
			wx, wl := (sxy*sll-sly*sxl)/det, (sly*sxx-sxy*sxl)/det
			for _, p := range [][2]float64{{gx, wx}, {gl, wl}} {
				if math.Abs(p[0]-p[1]) > 1e-12*math.Max(1e-9, math.Abs(p[1])) {
					t.Errorf("Lf=%d round %d: batch %g, per sample %g", lf, round, p[0], p[1])
				}
			}
			for !r.Advance(600) {
			}
		}
	}
}
