package preset

import (
	"encoding/json"
	"testing"
)

// TestPredictMemo: the deep figure asks for each theory point of its
// closed-form and reduced-ODE lines once (the two lines share their
// points), and a figure built from memoised reports is the same, byte for
// byte, as the first.
func TestPredictMemo(t *testing.T) {
	predictions.Lock()
	predictions.m, predictions.built = nil, 0
	predictions.Unlock()
	first, err := Build("deep")
	if err != nil {
		t.Fatal(err)
	}
	predictions.Lock()
	built := predictions.built
	predictions.Unlock()
	// 3 axes × 4 fusion layers × (37, 41, 30) points, each once.
	if want := 4 * (37 + 41 + 30); built != want {
		t.Errorf("%d theory reports computed for the deep figure, want %d (one per point)", built, want)
	}
	again, err := Build("deep")
	if err != nil {
		t.Fatal(err)
	}
	predictions.Lock()
	if predictions.built != built {
		t.Errorf("the second build computed %d more reports", predictions.built-built)
	}
	predictions.Unlock()
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Error("the figure built from memoised reports differs")
	}
}
