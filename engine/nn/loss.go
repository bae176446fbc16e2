package nn

import (
	"fmt"
	"math"
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

// samplesLoss is samples (grad = true) or LossSamples (grad = false) for the
// losses other than Squared, whose code paths stay untouched.
func (n *Net) samplesLoss(X, Y []float64, grad bool) float64 {
	N := n.checkSamples(X, Y)
	d := n.arch.DA + n.arch.DB
	s := n.sampleScratch()
	if grad {
		clear(s.grad)
	}
	k := n.arch.Loss
	inv := 1 / float64(N)
	sum := 0.0
	for i := 0; i < N; i++ {
		x := X[i*d : (i+1)*d]
		l, dy := SampleLoss(k, Y[i], n.forward(s, x))
		sum += l
		if grad {
			n.backward(s, x, dy*inv)
		}
	}
	return sum / float64(N)
}

// Eval is a network's loss and accuracy on a data set.
type Eval struct {
	Loss float64 // the Arch's loss (squared or logistic)
	// Acc is the fraction of samples with sign(ŷ) = sign(y) (ŷ = 0 counts
	// as wrong); meaningful for labels y ∈ {±1}.
	Acc float64
}

// Evaluate returns the loss and the sign accuracy on the samples X, Y
// (forward passes only).
func (n *Net) Evaluate(X, Y []float64) Eval {
	N := n.checkSamples(X, Y)
	d := n.arch.DA + n.arch.DB
	s := n.sampleScratch()
	sum, hit := 0.0, 0
	for i := 0; i < N; i++ {
		yh := n.forward(s, X[i*d:(i+1)*d])
		l, _ := SampleLoss(n.arch.Loss, Y[i], yh)
		sum += l
		if yh*Y[i] > 0 {
			hit++
		}
	}
	return Eval{Loss: sum / float64(N), Acc: float64(hit) / float64(N)}
}
