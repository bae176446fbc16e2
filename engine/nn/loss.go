package nn

import (
	"fmt"
	"math"
	"runtime"
)

// LossKind selects the training loss.
type LossKind int

const (
	// Squared is ℒ = ½·mean (y − ŷ)² (docs/theory.md §3).
	Squared LossKind = 0
	// Logistic is ℒ = mean log(1 + exp(−y ŷ)) on labels y ∈ {±1}
	// (docs/theory.md §10.2). It has no moment form: networks with it train
	// on samples.
	Logistic LossKind = 1
)

func (k LossKind) String() string {
	switch k {
	case Squared:
		return "squared"
	case Logistic:
		return "logistic"
	}
	return fmt.Sprintf("LossKind(%d)", int(k))
}

// LogisticLoss returns log(1 + exp(−m)) for the margin m = y·ŷ and its
// derivative −σ(−m) = −1/(1 + exp(m)), both computed without overflow
// (docs/theory.md §10.2).
func LogisticLoss(m float64) (loss, dm float64) {
	if m > 0 {
		e := math.Exp(-m)
		return math.Log1p(e), -e / (1 + e)
	}
	e := math.Exp(m)
	return -m + math.Log1p(e), -1 / (1 + e)
}

// SampleLoss is the loss of one prediction ŷ of target y under kind k and
// its derivative ∂ℓ/∂ŷ: ½(y − ŷ)² and ŷ − y, or log(1 + exp(−yŷ)) and
// −y·σ(−yŷ) (docs/theory.md §3, §10.2).
func SampleLoss(k LossKind, y, yhat float64) (loss, dy float64) {
	if k == Logistic {
		l, dm := LogisticLoss(y * yhat)
		return l, y * dm
	}
	r := yhat - y
	return 0.5 * r * r, r
}

// LossGrad returns the summed loss Σ_i ℓ(y_i, ŷ_i) of the predictions yh
// of the targets Y under kind k and, when dy is not nil, writes each
// derivative ∂ℓ/∂ŷ_i into dy[i] (the bits of SampleLoss). The logistic
// losses are summed as lossBlock does (equal to the sum of SampleLoss's to
// rounding).
func LossGrad(k LossKind, Y, yh, dy []float64) float64 {
	if len(Y) != len(yh) || (dy != nil && len(dy) != len(yh)) {
		panic(fmt.Sprintf("nn: LossGrad: %d targets, %d predictions, %d derivatives", len(Y), len(yh), len(dy)))
	}
	return lossBlock(k, Y, yh, dy, 1)
}

// logGroup is the number of samples whose log(1 + e^{−|m|}) terms share
// one log1p in lossBlock.
const logGroup = 8

// lossBlock returns Σ_j ℓ(y_j, ŷ_j) and, when dy is not nil, writes
// scale·∂ℓ/∂ŷ_j into dy[j] (the bits of SampleLoss's derivative times
// scale). For the logistic loss log(1 + e^{−m}) = max(−m, 0) + log1p(e)
// with e = e^{−|m|} (docs/theory.md §10.2): the first terms are summed
// directly, and the log1p terms of logGroup samples at a time as one
// log1p(g), g = Π(1 + e_j) − 1 accumulated as g ← g + e + g·e. Every term
// there is non-negative, so g carries a relative error of a few ulps per
// sample and the sum equals the sum of SampleLoss's losses to rounding
// (TestLossBlock), with an eighth of the log1p calls.
func lossBlock(k LossKind, Y, yh, dy []float64, scale float64) float64 {
	Y = Y[:len(yh)]
	if dy != nil {
		dy = dy[:len(yh)]
	}
	if k != Logistic {
		sum := 0.0
		for j, v := range yh {
			l, d := SampleLoss(k, Y[j], v)
			sum += l
			if dy != nil {
				dy[j] = d * scale
			}
		}
		return sum
	}
	hinge, logs, g := 0.0, 0.0, 0.0
	for j, v := range yh {
		y := Y[j]
		m := y * v
		e := expNeg(-math.Abs(m))
		if dy != nil {
			num := e // −σ(−m) = −e/(1 + e) for m > 0, −1/(1 + e) otherwise (LogisticLoss)
			if !(m > 0) {
				num = 1
			}
			dy[j] = y * (-num / (1 + e)) * scale
		}
		hinge += max(-m, 0)
		g += e + g*e
		if j%logGroup == logGroup-1 {
			logs += math.Log1p(g)
			g = 0
		}
	}
	if len(yh)%logGroup != 0 {
		logs += math.Log1p(g)
	}
	return hinge + logs
}

// expNeg is math.Exp(x) for x ≤ 0, to the bit. Where math.Exp runs its
// portable code (WebAssembly: portableExp) it is that algorithm with the
// final Ldexp done by adding k to y's exponent, exact while the result is
// normal (x ≥ −708; other arguments go to math.Exp): Ldexp was a third of
// Exp's cost there (TestExpNeg checks the bits). Elsewhere it is math.Exp.
func expNeg(x float64) float64 {
	const (
		ln2Hi  = 6.93147180369123816490e-01
		ln2Lo  = 1.90821492927058770002e-10
		log2e  = 1.44269504088896338700e+00
		nearZ  = 1.0 / (1 << 28)
		p1, p2 = 1.66666666666666657415e-01, -2.77777777770155933842e-03
		p3, p4 = 6.61375632143793436117e-05, -1.65339022054652515390e-06
		p5     = 4.13813679705723846039e-08
	)
	if !portableExp || !(x >= -708) || x > -nearZ { // NaN, subnormal results, x near 0
		return math.Exp(x)
	}
	k := int(log2e*x - 0.5)
	hi := x - float64(k)*ln2Hi
	lo := float64(k) * ln2Lo
	r := hi - lo
	t := r * r
	c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return math.Float64frombits(math.Float64bits(y) + uint64(int64(k))<<52)
}

// portableExp: math.Exp runs the portable algorithm that expNeg shortens
// (no assembly for it on WebAssembly).
const portableExp = runtime.GOARCH == "wasm"

// samplesLoss is samples (grad = true) or LossSamples (grad = false) for the
// losses other than Squared, whose code paths stay untouched: the same
// backpropagation, in blocks of samples (smooth_batch.go).
func (n *Net) samplesLoss(X, Y []float64, grad bool) float64 {
	return n.batchLoss(X, Y, nil, grad)
}

// Eval is a network's loss and accuracy on a data set.
type Eval struct {
	Loss float64 // the Arch's loss (squared or logistic)
	// Acc is the fraction of samples with sign(ŷ) = sign(y) (ŷ = 0 counts
	// as wrong); meaningful for labels y ∈ {±1}.
	Acc float64
}

// Evaluate returns the loss and the sign accuracy on the samples X, Y
// (forward passes only, in blocks like the sample step).
func (n *Net) Evaluate(X, Y []float64) Eval {
	N := n.checkSamples(X, Y)
	sum, hit := 0.0, 0
	n.eachBlock(X, nil, N, func(_ *batchScratch, i0 int, yh []float64) {
		y := Y[i0 : i0+len(yh)]
		sum += lossBlock(n.arch.Loss, y, yh, nil, 1)
		for j, v := range yh {
			if v*y[j] > 0 {
				hit++
			}
		}
	})
	return Eval{Loss: sum / float64(N), Acc: float64(hit) / float64(N)}
}
