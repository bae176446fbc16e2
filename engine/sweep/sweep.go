// Package sweep runs grids of experiments — one parameter along x, optionally
// a second as series, repeats with distinct seeds — concurrently, and returns
// theory and simulation side by side. It also computes dense theory curves
// for the phase diagram.
package sweep

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"unibias/engine/experiment"
	"unibias/engine/params"
)

// Job is one simulation of a sweep.
type Job struct {
	Index  int        `json:"index"`
	Series int        `json:"series"` // index into Plan.SeriesValues (0 without series)
	XIndex int        `json:"x_index"`
	Repeat int        `json:"repeat"`
	X      float64    `json:"x"`
	S      float64    `json:"s"` // series value (NaN-free: 0 without series)
	Params params.Set `json:"-"`
	Query  string     `json:"query"` // the job's full parameters as a URL query
}

// Plan is an expanded sweep.
type Plan struct {
	X            string    `json:"x"`
	Xs           []float64 `json:"xs"`
	Series       string    `json:"series,omitempty"`
	SeriesValues []float64 `json:"series_values,omitempty"`
	Repeats      int       `json:"repeats"`
	Jobs         []Job     `json:"-"`
}

// Axis returns the sweep values of parameter name between from and to:
// log-spaced for log-scale parameters with a positive range, linear
// otherwise; integers are rounded and de-duplicated; values are clamped to
// the parameter's range.
func Axis(name string, from, to float64, points int) ([]float64, error) {
	p, ok := params.Lookup(name)
	if !ok || !p.Sweep {
		return nil, fmt.Errorf("sweep: %q cannot be swept; choose one of %v", name, params.Sweepable())
	}
	if points < 1 {
		return nil, fmt.Errorf("sweep: points must be at least 1")
	}
	if math.IsNaN(from) || math.IsNaN(to) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("sweep: range must be finite")
	}
	from = math.Min(math.Max(from, p.Min), p.Max)
	to = math.Min(math.Max(to, p.Min), p.Max)
	logScale := p.Log && from > 0 && to > 0
	out := make([]float64, 0, points)
	for i := 0; i < points; i++ {
		f := 0.0
		if points > 1 {
			f = float64(i) / float64(points-1)
		}
		var v float64
		if logScale {
			v = math.Exp(math.Log(from) + f*(math.Log(to)-math.Log(from)))
		} else {
			v = from + f*(to-from)
		}
		if p.Kind == params.Int {
			v = math.Round(v)
		} else {
			v = roundSig(v, 10)
		}
		if len(out) > 0 && out[len(out)-1] == v {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

func roundSig(v float64, digits int) float64 {
	s := strconv.FormatFloat(v, 'g', digits, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}

// NewPlan expands the sweep parameters of p (x, from, to, points, series,
// values, repeats) into jobs.
func NewPlan(p params.Set) (*Plan, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pl := &Plan{X: p.Get("x"), Series: p.Get("series"), Repeats: p.Int("repeats")}
	if pl.X == "" {
		return nil, fmt.Errorf("sweep: choose a sweep axis x")
	}
	xs, err := Axis(pl.X, p.Float("from"), p.Float("to"), p.Int("points"))
	if err != nil {
		return nil, err
	}
	pl.Xs = xs
	pl.SeriesValues = []float64{math.NaN()}
	if pl.Series != "" {
		pl.SeriesValues = p.List("values")
		if len(pl.SeriesValues) == 0 {
			return nil, fmt.Errorf("sweep: series %q needs values", pl.Series)
		}
	}
	seed := p.Int("seed")
	for si, sv := range pl.SeriesValues {
		for xi, x := range xs {
			for r := 0; r < pl.Repeats; r++ {
				q, err := Point(p, pl.X, x, pl.Series, sv)
				if err != nil {
					return nil, err
				}
				if err := q.Set("seed", strconv.Itoa(seed+r)); err != nil {
					return nil, err
				}
				j := Job{Index: len(pl.Jobs), Series: si, XIndex: xi, Repeat: r, X: x, Params: q, Query: q.Encode()}
				if !math.IsNaN(sv) {
					j.S = sv
				}
				pl.Jobs = append(pl.Jobs, j)
			}
		}
	}
	if pl.Series == "" {
		pl.SeriesValues = nil
	}
	return pl, nil
}

// Point returns p with the axis and series parameters set (series skipped
// when name is empty or the value NaN). Fusion is lowered to the depth when a
// point would put it deeper than the network, so a depth sweep with late
// fusion stays late.
func Point(p params.Set, x string, xv float64, series string, sv float64) (params.Set, error) {
	q := p.Clone()
	lateFusion := q.Int("fusion") == q.Int("depth")
	if err := q.Set(x, strconv.FormatFloat(xv, 'g', -1, 64)); err != nil {
		return q, err
	}
	if series != "" && !math.IsNaN(sv) {
		if err := q.Set(series, strconv.FormatFloat(sv, 'g', -1, 64)); err != nil {
			return q, err
		}
	}
	if (x == "depth" || series == "depth") && lateFusion && x != "fusion" && series != "fusion" {
		_ = q.Set("fusion", q.Get("depth"))
	}
	q.Reconcile()
	return q, nil
}

// Row is one simulated grid point with its theory.
type Row struct {
	Job    Job                `json:"job"`
	Report *experiment.Report `json:"report,omitempty"`
	Error  string             `json:"error,omitempty"`
}

// Run simulates every job of the plan on `workers` goroutines (all cores when
// workers ≤ 0). progress, if not nil, is called after each finished job with
// the number done. Rows come back in job order. A cancelled context stops the
// sweep and returns the context's error.
func Run(ctx context.Context, pl *Plan, workers int, progress func(done, total int)) ([]Row, error) {
	rows := make([]Row, len(pl.Jobs))
	err := Each(ctx, len(pl.Jobs), workers, func(i int) { rows[i] = RunJob(ctx, pl.Jobs[i]) }, progress)
	return rows, err
}

// Each calls do(i) for i in [0, n) on `workers` goroutines (all cores when
// workers ≤ 0); progress, if not nil, is called after each call with the
// number done, one call at a time. A cancelled context stops handing out
// work and returns the context's error once the calls under way are done.
func Each(ctx context.Context, n, workers int, do func(i int), progress func(done, total int)) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
				mu.Lock()
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		}()
	}
	var err error
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// RunJob simulates one job.
func RunJob(ctx context.Context, j Job) Row {
	rep, err := experiment.Simulate(ctx, j.Params, false, nil)
	if err != nil {
		return Row{Job: j, Error: err.Error()}
	}
	return Row{Job: j, Report: rep}
}

// TheoryPoint is the prediction at one x of a dense theory curve.
type TheoryPoint struct {
	X      float64                 `json:"x"`
	Theory experiment.TheoryReport `json:"theory"`
}

// Curve evaluates the theory along xs for one series value (NaN: none),
// without simulating. Points whose parameters are invalid are skipped.
func Curve(p params.Set, x string, xs []float64, series string, sv float64) []TheoryPoint {
	return curve(p, x, xs, series, sv, experiment.BuildTheory)
}

func curve(p params.Set, x string, xs []float64, series string, sv float64, build func(params.Set) (*experiment.Setup, error)) []TheoryPoint {
	out := make([]TheoryPoint, 0, len(xs))
	for _, xv := range xs {
		q, err := Point(p, x, xv, series, sv)
		if err != nil {
			continue
		}
		s, err := build(q)
		if err != nil {
			continue
		}
		out = append(out, TheoryPoint{X: xv, Theory: s.TheoryReport()})
	}
	return out
}

// DenseAxis is Axis with n points over the plan's x range, merged with the
// simulated xs so markers sit on the curve.
func DenseAxis(p params.Set, n int) ([]float64, error) {
	xs, err := Axis(p.Get("x"), p.Float("from"), p.Float("to"), n)
	if err != nil {
		return nil, err
	}
	sim, err := Axis(p.Get("x"), p.Float("from"), p.Float("to"), p.Int("points"))
	if err == nil {
		xs = append(xs, sim...)
	}
	sort.Float64s(xs)
	out := xs[:0]
	for i, v := range xs {
		if i == 0 || v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out, nil
}
