// Package preset defines the one-click figures that reproduce the results of
// Zhang, Latham & Saxe (ICML 2024) listed in docs/theory.md §7, §5 and §9. Each
// preset is a protocol.Figure: theory content computed here at once, and
// simulation jobs the page runs in its workers.
package preset

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"sync"

	"unibias/engine/experiment"
	"unibias/engine/params"
	"unibias/protocol"
)

// Info names and describes a preset for menus; the list itself is
// protocol.Presets.
type Info = protocol.PresetInfo

// registry maps each preset name of protocol.Presets to the function that
// builds its figure. Names, titles and sections live in protocol.Presets
// only.
var registry = map[string]func() (*protocol.Figure, error){
	"early-late":     earlyLate,
	"ratio-rho":      ratioRho,
	"misattribution": misattribution,
	"heatmap":        heatmap,
	"superficial":    superficial,
	"portrait":       portrait,
	"deep":           deep,
	"random":         random,
	"overparam":      overparam,
	"relu":           relu,
	// Modality competition, docs/theory.md §10.2 (compete.go).
	"competition": competition,
	"joint-loses": jointLoses,
	"drive":       driveB,
}

// List returns the presets in menu order (a copy of protocol.Presets).
func List() []Info {
	return append([]Info(nil), protocol.Presets...)
}

// Build returns the figure of the named preset.
func Build(name string) (*protocol.Figure, error) {
	info, ok := protocol.PresetByName(name)
	build := registry[name]
	if !ok || build == nil {
		return nil, fmt.Errorf("unknown preset %q", name)
	}
	f, err := build()
	if err != nil {
		return nil, fmt.Errorf("preset %s: %w", name, err)
	}
	f.Name, f.Title, f.Section = info.Name, info.Title, info.Section
	return f, nil
}

// q builds a parameter set from the defaults and key/value overrides.
func q(kv ...string) params.Set {
	p := params.Defaults()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := p.Set(kv[i], kv[i+1]); err != nil {
			panic(err) // presets are constants: a bad one is a programming error
		}
	}
	return p
}

// with returns p with more overrides.
func with(p params.Set, kv ...string) params.Set {
	c := p.Clone()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := c.Set(kv[i], kv[i+1]); err != nil {
			panic(err)
		}
	}
	return c
}

func f(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// theory evaluates the predictions for p.
func predict(p params.Set) (protocol.TheoryReport, error) {
	key := p.Encode()
	predictions.Lock()
	t, ok := predictions.m[key]
	predictions.Unlock()
	if ok {
		return t.report, t.err
	}
	var r protocol.TheoryReport
	s, err := experiment.BuildTheory(p)
	if err == nil {
		r = s.TheoryReport()
	}
	predictions.Lock()
	if predictions.m == nil {
		predictions.m = map[string]prediction{}
	}
	predictions.m[key] = prediction{r, err}
	predictions.built++
	predictions.Unlock()
	return r, err
}

// predictions memoises predict: the same parameters give the same theory,
// and figures ask for the same point more than once (a closed-form line and
// its reduced-ODE twin, panels that share an axis). The figures' points are
// a fixed set, a few thousand reports at most. Reports are shared: callers
// only read them.
var predictions struct {
	sync.Mutex
	m     map[string]prediction
	built int // reports computed (not found in m)
}

type prediction struct {
	report protocol.TheoryReport
	err    error
}

// curve evaluates get along x for parameter name, skipping points without a
// value.
func curve(p params.Set, name string, xs []float64, get func(protocol.TheoryReport) protocol.Num) [][2]float64 {
	var out [][2]float64
	for _, x := range xs {
		t, err := predict(with(p, name, f(x)))
		if err != nil || !t.OK {
			continue
		}
		if v := get(t); v != nil {
			out = append(out, [2]float64{x, *v})
		}
	}
	return out
}

func linspace(a, b float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return out
}

func logspace(a, b float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Exp(math.Log(a) + (math.Log(b)-math.Log(a))*float64(i)/float64(n-1))
	}
	return out
}

func ratio(t protocol.TheoryReport) protocol.Num   { return t.Ratio }
func ratioGF(t protocol.TheoryReport) protocol.Num { return t.RatioGF }
func odeRatio(t protocol.TheoryReport) protocol.Num {
	return t.ODERatio
}
func mis(t protocol.TheoryReport) protocol.Num {
	if len(t.Misattribution) == 0 {
		return nil
	}
	return t.Misattribution[0]
}

func num(x float64) protocol.Num { return protocol.N(x) }

// Names returns the sorted preset names (for validation of ?preset=).
func Names() []string {
	var n []string
	for _, p := range protocol.Presets {
		n = append(n, p.Name)
	}
	sort.Strings(n)
	return n
}

// Query encodes a parameter set for a job.
func Query(p params.Set) string { return p.Encode() }

var _ = url.Values{}
