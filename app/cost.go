package app

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/cost"
	"unibias/engine/params"
	"unibias/protocol"
)

// FigureCost estimates the simulations of a figure before any starts
// (package cost): the shape of each job from its query, its learning times
// from the plan's theory curve of its series at the nearest x (the phase
// diagram), or its whole budget where the figure has no curves (presets).
// On-demand jobs are left out (they run only when asked for).
func FigureCost(fig *protocol.Figure) cost.Total {
	var t cost.Total
	for _, r := range jobRuns(fig) {
		if r != nil {
			t.Add(*r)
		}
	}
	return t
}

// jobRuns estimates each job of fig as FigureCost does (nil for on-demand
// jobs), indexed like fig.Jobs.
func jobRuns(fig *protocol.Figure) []*cost.Run {
	if fig == nil {
		return nil
	}
	out := make([]*cost.Run, len(fig.Jobs))
	memo := map[string]params.Set{}
	for i, j := range fig.Jobs {
		if j.OnDemand {
			continue
		}
		p, ok := memo[j.Query]
		if !ok {
			q, err := url.ParseQuery(j.Query)
			if err != nil {
				q = url.Values{}
			}
			p, _ = params.FromQuery(q)
			memo[j.Query] = p
		}
		ta, tb := math.NaN(), math.NaN()
		if fig.Plan != nil {
			ta, tb = curveTimes(fig.Plan, j.Series, j.X, p.Get("initscheme") == "aligned")
		}
		r := cost.RunOf(cost.ShapeOf(p), ta, tb, p.Int("steps"))
		out[i] = &r
	}
	return out
}

// LongestFirst orders a figure's jobs by their estimated work, the largest
// first (ties in figure order): with several workers the longest runs start
// at once instead of last, so the figure completes sooner (the sweep
// controller's Order).
func LongestFirst(fig *protocol.Figure) []int {
	runs := jobRuns(fig)
	order := make([]int, 0, len(runs))
	for i, r := range runs {
		if r != nil {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return runs[order[a]].Work > runs[order[b]].Work })
	return order
}

// curveTimes returns the predicted t_A, t_B (steps) of series at the curve
// point nearest x: the reduced ODE first for aligned initialisation, as the
// figure compares with (compose.SimPoints), else the closed form.
func curveTimes(plan *protocol.Plan, series int, x float64, preferODE bool) (ta, tb float64) {
	ta, tb = math.NaN(), math.NaN()
	for _, c := range plan.Curves {
		if c.Series != series || len(c.Points) == 0 {
			continue
		}
		i := sort.Search(len(c.Points), func(i int) bool { return c.Points[i].X >= x })
		if i == len(c.Points) || i > 0 && math.Abs(c.Points[i-1].X-x) < math.Abs(c.Points[i].X-x) {
			i--
		}
		cp := c.Points[i]
		first := func(a, b protocol.Num) float64 {
			for _, n := range []protocol.Num{a, b} {
				if n != nil && *n > 0 && !math.IsInf(*n, 0) {
					return *n
				}
			}
			return math.NaN()
		}
		if preferODE {
			return first(cp.ODETA, cp.TA), first(cp.ODETB, cp.TB)
		}
		return first(cp.TA, cp.ODETA), first(cp.TB, cp.ODETB)
	}
	return ta, tb
}

// costMemo keeps the estimate of the last figure asked for: the page's
// render, the gate and the cost note ask about the same figure.
var costMemo struct {
	sync.Mutex
	fig *protocol.Figure
	t   cost.Total
}

// figureCost is FigureCost, remembered for the last figure.
func figureCost(fig *protocol.Figure) cost.Total {
	costMemo.Lock()
	defer costMemo.Unlock()
	if fig != costMemo.fig || fig == nil {
		costMemo.fig, costMemo.t = fig, FigureCost(fig)
	}
	return costMemo.t
}

// PageWorkers is the number of simulation workers the page's estimate of
// wall time assumes when it does not know the machine (SimWorkerCount of a
// 2-core machine).
const PageWorkers = 1

// costGate is the sweep controller's Gate: the phase diagram's jobs start
// at once when their estimate is within cost.PageLimit and the memory
// limit; above, they wait for the visitor (Readout's "Run anyway").
// Presets and imported runs are never held.
func costGate(fig *protocol.Figure) bool {
	if fig == nil || fig.Plan == nil {
		return true
	}
	over, _ := figureCost(fig).Over(cost.PageLimit)
	return !over
}

// pageLimitText states the page's limit in words.
func pageLimitText(workers int) string {
	return cost.Work(cost.PageLimit) + " multiply-adds (≈ " + cost.Duration(cost.PageLimit/cost.PageRate/float64(max(workers, 1))) +
		" with " + itoa(max(workers, 1)) + " worker" + plural(max(workers, 1)) + ")"
}

// cliCommand is the command line that runs the same sweep natively: the
// page's parameters as flags.
func cliCommand(s params.Set) string {
	var b strings.Builder
	b.WriteString("unibias sweep")
	for _, p := range params.Table {
		if v := s.Get(p.Name); v != p.Default {
			b.WriteString(" --" + p.Name + " " + shellWord(v))
		}
	}
	b.WriteString(" --format csv > sweep.csv")
	return b.String()
}

// shellWord quotes v for a POSIX shell when it needs it.
func shellWord(v string) string {
	if v == "" {
		return "''"
	}
	if strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".,-+_", r))
	}) < 0 {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// CostNote states, beside the controls, what the figure's simulations will
// cost and the page's limit: runs, multiply-adds, an expected time in this
// tab and the memory of one run.
type CostNote struct {
	app.Compo

	Figure  *protocol.Figure
	Workers int
}

// Render draws the note (nothing before the figure is described).
func (c *CostNote) Render() app.UI {
	if c.Figure == nil {
		return app.Div().ID("cost-note").Class("cost-note").Hidden(true)
	}
	t := figureCost(c.Figure)
	over, why := t.Over(cost.PageLimit)
	cls := "cost-note"
	if over {
		cls += " over"
	}
	text := "Cost of this figure's simulations: "
	if t.Runs == 0 {
		text += "none (theory only)."
	} else {
		text += t.Summary(cost.PageRate, c.Workers) + "."
	}
	return app.Div().ID("cost-note").Class(cls).DataSet("over", boolText(over)).DataSet("work", cost.Work(t.Work)).Body(
		app.P().Text(text),
		app.If(over, func() app.UI { return app.P().Class("cost-over").Text("Above the page's limit: " + why + ".") }),
		app.P().Class("muted").Text("The page asks before starting simulations above "+pageLimitText(c.Workers)+
			", so the tab stays responsive; the command line runs larger sweeps on every core."),
	)
}

// heldCost states the estimate of a held figure for the Readout.
func heldCost(fig *protocol.Figure) string {
	if fig == nil {
		return ""
	}
	t := figureCost(fig)
	s := t.Summary(cost.PageRate, PageWorkers)
	if t.Memory > cost.MemoryLimit {
		_, why := t.Over(cost.PageLimit)
		s += "; " + why
	}
	return s
}

// useLR returns the Readout's OnSafeLR: it sets the learning rate of the
// page's parameters through host (the Page, a ParamsHandler).
func useLR(host any, p params.Set) func(ctx app.Context, lr float64) {
	h, ok := host.(ParamsHandler)
	if !ok {
		return nil
	}
	return func(ctx app.Context, lr float64) {
		next := p.Clone()
		if err := next.Set("lr", strconv.FormatFloat(lr, 'g', -1, 64)); err != nil {
			return
		}
		h.ParamsChanged(ctx, next)
	}
}
