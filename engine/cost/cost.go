// Package cost estimates what a configuration costs before any work starts:
// the number of gradient steps a run takes (from the theory's predicted
// learning times, capped by the step budget), the work of one step (from
// the network's shape: moments for linear networks, samples for ReLU ones),
// and the memory a run holds. The command line refuses configurations above
// a limit unless forced (`--dry-run` prints the estimate), and the page
// shows the estimate beside the controls and asks before starting a sweep
// above the limit of a responsive tab.
//
// The package is pure arithmetic on parameters (it imports only
// engine/params), so the page can estimate without the engine's numerics;
// its tests check every count against the engine (nn.Arch.NumWeights, the
// data sets' dimensions, the steps real runs take).
package cost

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"unibias/engine/params"
)

// Shape is what a run's cost depends on: the network (docs/theory.md §1),
// the input dimensions of the data (§2) and the number of training samples.
type Shape struct {
	L, Lf, H int  // depth, fusion layer, hidden width
	DA, DB   int  // input dimensions of modalities A and B
	ReLU     bool // ReLU networks train on samples, linear ones on moments
	Samples  int  // training samples (0: population moments)
}

// dims are the input dimensions of each kind of data (engine/data: toy is
// a scalar pair, multi 100-d split in half, random dim split in half, XOR
// two inputs for A and one for B).
func dims(p params.Set) (da, db int) {
	switch p.Get("data") {
	case "multi":
		return 50, 50
	case "random":
		d := p.Int("dim")
		return d / 2, d - d/2
	case "xor":
		return 2, 1
	}
	return 1, 1
}

// ShapeOf is the shape of the run of parameter set p.
func ShapeOf(p params.Set) Shape {
	da, db := dims(p)
	return Shape{L: p.Int("depth"), Lf: p.Int("fusion"), H: p.Int("width"), DA: da, DB: db,
		ReLU: p.Get("act") == "relu", Samples: p.Int("samples")}
}

// Weights is the number of trainable weights (as nn.Arch.NumWeights, in
// floating point so that no size can overflow): each modality's stack
// E^1…E^{Lf−1} (h×d_m, then h×h), the fusion layer F_A, F_B (one row at late
// fusion) and the shared layers D^{Lf+1}…D^L (the last one a row).
func (s Shape) Weights() float64 {
	if s.L < 1 || s.Lf < 1 || s.Lf > s.L || s.H < 1 {
		return 0
	}
	h, da, db := float64(s.H), float64(s.DA), float64(s.DB)
	fr := h // rows of F
	if s.Lf == s.L {
		fr = 1
	}
	n := 0.0
	if s.Lf == 1 {
		n += fr * (da + db)
	} else {
		n += h*(da+db) + 2*float64(s.Lf-2)*h*h + fr*2*h
	}
	if s.L > s.Lf {
		n += float64(s.L-s.Lf-1)*h*h + h
	}
	return n
}

// D is the total input dimension.
func (s Shape) D() int { return s.DA + s.DB }

// OnSamples reports whether a step passes over the samples (ReLU) rather
// than the moments (linear networks, which train on the moments of their
// samples, docs/theory.md §3).
func (s Shape) OnSamples() bool { return s.ReLU }

// WorkPerStep is the number of multiply-adds of one gradient step: a
// linear network's step makes two passes over the weights plus the error
// row Σ_yx − WΣ (D² + D); a ReLU network's step runs forward and backward
// over every sample, three multiply-adds per weight and sample (forward,
// error propagation, gradient).
func (s Shape) WorkPerStep() float64 {
	w := s.Weights()
	if s.OnSamples() {
		return 3 * w * float64(max(s.Samples, 1))
	}
	d := float64(s.D())
	return 2*w + d*d + d
}

// StopFactor is how far past the later learning time a run is expected to
// stop: once both modalities are learned the loss falls below the
// tolerance within a fraction of that time (the README's worked run: t_B =
// 470, stopped at 542 steps). Tests check real runs stop before
// StopFactor·max(t_A, t_B).
const StopFactor = 1.5

// StopStep is the number of steps a run is expected to take: StopFactor
// times the later predicted learning time (in steps), capped by the budget.
// predicted is false when a time is missing (no closed form, not finite,
// not positive); the run is then expected to use its whole budget.
// beyond reports that a predicted time lies past the budget: the run will
// end on the budget without learning that modality.
func StopStep(ta, tb float64, budget int) (steps float64, predicted, beyond bool) {
	b := float64(max(budget, 0))
	ok := func(t float64) bool { return t > 0 && !math.IsInf(t, 0) && !math.IsNaN(t) }
	if !ok(ta) || !ok(tb) {
		return b, false, (ok(ta) && ta > b) || (ok(tb) && tb > b)
	}
	late := math.Max(ta, tb)
	if late > b {
		return b, true, true
	}
	return math.Min(b, math.Ceil(StopFactor*late)), true, false
}

// Record bounds of engine/train: the per-step record keeps at most
// DenseEntries entries of three numbers (it is decimated by two when full),
// the thinned trajectory at most TrajectoryPoints(budget) points of
// PointBytes each (more with the weight vectors of a live run).
const (
	DenseEntries = 1 << 16
	PointBytes   = 256 // bounds the size of a train.Point without its vectors (checked by a test)
)

// TrajectoryPoints bounds the points of a run's thinned trajectory
// (train.Runner.wantPoint): every step below 100, a linear grid every
// ⌊budget/600⌋ steps, a log grid of ≈ 150 points per decade above step 100,
// and the three measured times inserted afterwards.
func TrajectoryPoints(budget int) int {
	if budget <= 0 {
		return 0
	}
	every := max(budget/600, 1)
	n := min(budget, 100) + budget/every + 1
	if budget > 100 {
		n += int(math.Ceil(math.Log(float64(budget)/100)/math.Log(1.0155))) + 1
	}
	return min(n, budget+1) + 3
}

// RecordBytes bounds the memory of a run's records (dense record and
// trajectory; vectors adds the weight vectors of a live run's points, d
// numbers each). It does not grow with the budget past 65 536 steps except
// through the trajectory's log grid (a few hundred bytes per decade).
func RecordBytes(budget, d int, vectors bool) float64 {
	dense := float64(min(max(budget, 0)+1, DenseEntries)) * 3 * 8
	pt := float64(PointBytes)
	if vectors {
		pt += float64(8 * d)
	}
	// Appending can leave up to twice the length in capacity.
	return 2 * (dense + float64(TrajectoryPoints(budget))*pt)
}

// Memory is the memory a run holds while it trains, in bytes: the weights
// and a gradient for each, the data (samples and their moments, training
// and population), the per-sample activations of a ReLU step, and the
// records.
func (s Shape) Memory(budget int) float64 {
	d := float64(s.D())
	n := 2 * s.Weights()
	n += 2 * (d*d + d + 1)
	if s.Samples > 0 {
		n += float64(s.Samples) * (d + 1)
	}
	n += 3 * float64(s.H) * float64(s.L+1)
	return 8*n + RecordBytes(budget, s.D(), false)
}

// Run is the estimate of one run.
type Run struct {
	Shape     Shape
	Budget    int
	Steps     float64 // expected steps (StopStep)
	Predicted bool    // Steps comes from predicted times (else the budget)
	Beyond    bool    // a predicted learning time lies past the budget
	Work      float64 // multiply-adds: Steps × WorkPerStep
	Memory    float64 // bytes
}

// RunOf estimates a run of shape s with predicted learning times ta, tb (in
// steps; NaN when unknown) and a budget of steps.
func RunOf(s Shape, ta, tb float64, budget int) Run {
	steps, pred, beyond := StopStep(ta, tb, budget)
	return Run{Shape: s, Budget: budget, Steps: steps, Predicted: pred, Beyond: beyond,
		Work: steps * s.WorkPerStep(), Memory: s.Memory(budget)}
}

// Total sums the runs of a sweep or figure.
type Total struct {
	Runs        int
	Work        float64 // multiply-adds of all runs
	Longest     float64 // multiply-adds of the longest run
	Memory      float64 // bytes of the largest run (runs hold memory one at a time per worker)
	Unpredicted int     // runs estimated by their budget
	Beyond      int     // runs with a predicted time past their budget
}

// Add counts one run.
func (t *Total) Add(r Run) {
	t.Runs++
	t.Work += r.Work
	t.Longest = math.Max(t.Longest, r.Work)
	t.Memory = math.Max(t.Memory, r.Memory)
	if !r.Predicted {
		t.Unpredicted++
	}
	if r.Beyond {
		t.Beyond++
	}
}

// Seconds is the expected wall time of the runs on workers parallel
// workers each doing rate multiply-adds per second: the total shared out,
// but never less than the longest run.
func (t Total) Seconds(rate float64, workers int) float64 {
	if rate <= 0 {
		return math.Inf(1)
	}
	w := float64(max(workers, 1))
	return math.Max(t.Work/w, t.Longest) / rate
}

// Throughputs, in multiply-adds per second of one core, measured on the
// 2-core development machine: natively by TestRates (go test -run TestRates
// -v ./engine/cost/: 8e8 on moments, 3.5e8 on samples, machine busy), as
// WebAssembly from the default sweep of the browser test
// TestDefaultPhaseDiagram (28 runs, 2.4e9 multiply-adds actually done, in
// about 7 s of one worker: ≈ 3.4e8; node gives 1.2e8–1.3e8 under load).
// They turn work into a rough wall time; the limits below are stated in
// work, so an estimate does not depend on the machine.
const (
	NativeRate = 6e8
	PageRate   = 3e8
)

// Limits. CLILimit is the work above which `unibias simulate|sweep|figure`
// refuses to start without --force (about half an hour of one core);
// PageLimit the work above which the page asks before starting a figure's
// simulations (about a minute of a small machine's workers, so a tab stays
// responsive and a visitor is not surprised); MemoryLimit the memory of one
// run above which both refuse (a browser tab's WebAssembly memory is 4 GiB
// at most).
const (
	CLILimit    = 3e12
	PageLimit   = 2e10
	MemoryLimit = 2 << 30
)

// Over reports whether t exceeds the work limit or the memory limit, and
// says which in words.
func (t Total) Over(limit float64) (bool, string) {
	switch {
	case t.Memory > MemoryLimit:
		return true, "a run needs " + Bytes(t.Memory) + " of memory, above the limit of " + Bytes(MemoryLimit)
	case t.Work > limit:
		return true, Work(t.Work) + " multiply-adds, above the limit of " + Work(limit)
	}
	return false, ""
}

// Summary states the estimate in one line: runs, steps, work, a wall time
// at rate on workers, and memory.
func (t Total) Summary(rate float64, workers int) string {
	s := strconv.Itoa(t.Runs) + " run"
	if t.Runs != 1 {
		s += "s"
	}
	s += ", " + Work(t.Work) + " multiply-adds (≈ " + Duration(t.Seconds(rate, workers)) + "), up to " + Bytes(t.Memory) + " per run"
	if t.Unpredicted > 0 {
		s += fmt.Sprintf("; %d estimated by their whole budget (no predicted time)", t.Unpredicted)
	}
	if t.Beyond > 0 {
		s += fmt.Sprintf("; %d with a predicted time beyond the step budget", t.Beyond)
	}
	return s
}

// Work formats a number of multiply-adds: "860", "4.2e9", "3.1e12".
func Work(x float64) string {
	if x < 1e4 {
		return strconv.FormatFloat(math.Round(x), 'f', -1, 64)
	}
	return strings.Replace(strconv.FormatFloat(x, 'e', 1, 64), "e+", "e", 1)
}

// Bytes formats a memory size: "850 B", "3.2 MiB", "1.5 GiB".
func Bytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return strconv.FormatFloat(b, 'f', 0, 64) + " B"
	}
	return strconv.FormatFloat(b, 'f', 1, 64) + " " + units[i]
}

// Duration formats seconds: "0.4 s", "25 s", "12 min", "3.5 h", "40 days",
// "3 years".
func Duration(s float64) string {
	switch {
	case math.IsInf(s, 0) || math.IsNaN(s):
		return "unknown time"
	case s < 10:
		return strconv.FormatFloat(s, 'f', 1, 64) + " s"
	case s < 120:
		return strconv.FormatFloat(s, 'f', 0, 64) + " s"
	case s < 7200:
		return strconv.FormatFloat(s/60, 'f', 0, 64) + " min"
	case s < 2*86400:
		return strconv.FormatFloat(s/3600, 'f', 1, 64) + " h"
	case s < 365*86400:
		return strconv.FormatFloat(s/86400, 'f', 0, 64) + " days"
	}
	y := s / (365.25 * 86400)
	switch {
	case y < 10:
		return strconv.FormatFloat(y, 'f', 1, 64) + " years"
	case y < 1e6:
		return strconv.FormatFloat(y, 'f', 0, 64) + " years"
	}
	return "more than a million years"
}
