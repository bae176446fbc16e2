package compete

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"unibias/engine/data"
	"unibias/engine/experiment"
	"unibias/engine/nn"
	"unibias/protocol"
)

// straightRun is the comparison's run of mode m computed the straightforward
// way: StepSamples on the row-major inputs, and at every recorded step the
// loss, each modality's own loss and the drives from Predict on each sample
// (the other modality's inputs copied and zeroed) and SampleLoss, summed in
// sample order; at the end Evaluate on the test sets.
func straightRun(t *testing.T, n *nn.Net, X, Y []float64, m mode, rec []int, lr float64, fixed bool, full, noA *data.Set) protocol.CompeteRun {
	t.Helper()
	a := n.Arch()
	d := a.DA + a.DB
	var r protocol.CompeteRun
	wa, wb := make([]float64, a.DA), make([]float64, a.DB)
	x := make([]float64, d)
	record := func() {
		alA, alB := alignment(n, wa, wb)
		var loss, ownA, ownB, dA, dB float64
		for i := range Y {
			row := X[i*d : (i+1)*d]
			l, g := nn.SampleLoss(a.Loss, Y[i], n.Predict(row))
			loss += l
			dA -= g * row[0]
			dB -= g * row[a.DA]
			copy(x, row)
			clear(x[a.DA:])
			l, _ = nn.SampleLoss(a.Loss, Y[i], n.Predict(x))
			ownA += l
			copy(x, row)
			clear(x[:a.DA])
			l, _ = nn.SampleLoss(a.Loss, Y[i], n.Predict(x))
			ownB += l
		}
		N := float64(len(Y))
		for _, v := range []struct {
			s *[]protocol.Num
			x float64
		}{{&r.AlignA, alA}, {&r.AlignB, alB}, {&r.WA, wa[0]}, {&r.WB, wb[0]}, {&r.Loss, loss / N},
			{&r.OwnLossA, ownA / N}, {&r.OwnLossB, ownB / N}, {&r.DriveA, dA / N}, {&r.DriveB, dB / N}} {
			*v.s = append(*v.s, protocol.N(v.x))
		}
	}
	ri := 0
	steps := rec[len(rec)-1]
	for step := 0; step < steps; step++ {
		if ri < len(rec) && rec[ri] == step {
			record()
			ri++
		}
		n.StepSamples(X, Y, lr)
		if fixed {
			setReadout(n)
		}
	}
	record()
	ev := func(s *data.Set) nn.Eval {
		xs := dropInputs(s.X, s.Pop.DA, s.Pop.DB, m)
		var loss float64
		hit := 0
		for i := range s.Y {
			yh := n.Predict(xs[i*d : (i+1)*d])
			l, _ := nn.SampleLoss(a.Loss, s.Y[i], yh)
			loss += l
			if yh*s.Y[i] > 0 {
				hit++
			}
		}
		return nn.Eval{Loss: loss / float64(len(s.Y)), Acc: float64(hit) / float64(len(s.Y))}
	}
	ft, nt := ev(full), ev(noA)
	r.TestLoss, r.TestAcc, r.TestLossNoA, r.TestAccNoA = protocol.N(ft.Loss), protocol.N(ft.Acc), protocol.N(nt.Loss), protocol.N(nt.Acc)
	return r
}

// TestRecordsEqualStraightforward: every recorded series and test measure
// of the three runs (blocked steps on laid-out samples, late fusion's
// outputs split by branch or three blocked passes, grouped logistic sums)
// equals the straightforward computation of straightRun to rounding; for
// the 20-dimensional smoothed-ReLU encoders of docs/theory.md §10.2 with
// the fixed readout, the width-1 linear chain, and an intermediate-fusion
// network whose output does not split.
func TestRecordsEqualStraightforward(t *testing.T) {
	cases := [][]string{
		append(Smooth20("0.2", "300", "60"), "seed", "3"),
		append(Width1("0.1"), "samples", "200", "steps", "80"),
		append(Smooth20("0.1", "150", "40"), "depth", "3", "fusion", "2", "width", "4", "dim", "6"),
	}
	for _, kv := range cases {
		p := set(t, kv...)
		rep, err := Run(context.Background(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := rep.Compete
		s, err := experiment.Build(p)
		if err != nil {
			t.Fatal(err)
		}
		net, err := s.NewNet()
		if err != nil {
			t.Fatal(err)
		}
		if c.FixedReadout {
			setReadout(net)
		}
		full, noA, err := data.InsufficientTest(experiment.InsufficientSpec(p), TestSamples, rand.New(rand.NewPCG(uint64(p.Int("seed")), testStream)))
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range []mode{joint, aloneA, aloneB} {
			X := dropInputs(s.Data.X, s.Data.Pop.DA, s.Data.Pop.DB, m)
			want := straightRun(t, net.Clone(), X, s.Data.Y, m, c.Steps, p.Float("lr"), c.FixedReadout, full, noA)
			got := c.Runs[i]
			for _, v := range []struct {
				name      string
				got, want []protocol.Num
			}{{"align A", got.AlignA, want.AlignA}, {"align B", got.AlignB, want.AlignB}, {"W_A", got.WA, want.WA}, {"W_B", got.WB, want.WB},
				{"loss", got.Loss, want.Loss}, {"own loss A", got.OwnLossA, want.OwnLossA}, {"own loss B", got.OwnLossB, want.OwnLossB},
				{"drive A", got.DriveA, want.DriveA}, {"drive B", got.DriveB, want.DriveB},
				{"test loss", []protocol.Num{got.TestLoss, got.TestLossNoA}, []protocol.Num{want.TestLoss, want.TestLossNoA}},
				{"test accuracy", []protocol.Num{got.TestAcc, got.TestAccNoA}, []protocol.Num{want.TestAcc, want.TestAccNoA}}} {
				if len(v.got) != len(v.want) {
					t.Fatalf("%s, %v: %s has %d points, straightforward %d", p.Encode(), m, v.name, len(v.got), len(v.want))
				}
				scale := 0.0
				for _, w := range v.want {
					scale = math.Max(scale, math.Abs(protocol.V(w)))
				}
				for k := range v.got {
					g, w := protocol.V(v.got[k]), protocol.V(v.want[k])
					if math.Abs(g-w) > 1e-10*scale {
						t.Errorf("%v, %s at point %d: %v, straightforward %v", m, v.name, k, g, w)
						break
					}
				}
			}
		}
	}
}
