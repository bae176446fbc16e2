package custom

import (
	"fmt"

	"unibias/engine/params"
)

// NetworkAxis makes the phase diagram of custom data vary a network or
// training parameter: the data parameters (ρ, σ_A/σ_B, …) describe the
// synthetic data sets and do nothing to a user's moments. When p has
// data=custom and its x axis (or series) is a data parameter, NetworkAxis
// moves the axis to the initial scale u0 (from 0.05 to 0.2) and the
// series to the fusion layer, and returns a notice saying so; otherwise it
// changes nothing and returns "".
func NetworkAxis(p params.Set) string {
	if p.Get("data") != "custom" {
		return ""
	}
	var notes []string
	if x, ok := params.Lookup(p.Get("x")); ok && x.Group == "data" {
		nx, _ := params.Lookup("init")
		if p.Get("series") == "init" {
			nx, _ = params.Lookup("lr")
		}
		from, to := nx.AxisFrom, nx.AxisTo
		if nx.Name == "init" {
			// Below u0 ≈ 0.05 a deep network's plateau outlasts the
			// default step budget.
			from = "0.05"
		}
		if p.Set("x", nx.Name) == nil && p.Set("from", from) == nil && p.Set("to", to) == nil {
			notes = append(notes, fmt.Sprintf("x=%s has no effect on your own data; the diagram varies %s from %s to %s instead", x.Name, nx.Name, from, to))
		}
	}
	if s, ok := params.Lookup(p.Get("series")); ok && s.Group == "data" {
		ns, _ := params.Lookup("fusion")
		if p.Get("x") == "fusion" {
			ns, _ = params.Lookup("depth")
		}
		if p.Set("series", ns.Name) == nil && p.Set("values", ns.SeriesValues) == nil {
			notes = append(notes, fmt.Sprintf("series=%s has no effect on your own data; one series per %s instead", s.Name, ns.Name))
		}
	}
	p.Reconcile()
	if len(notes) == 0 {
		return ""
	}
	return notes[0] + func() string {
		if len(notes) > 1 {
			return "; " + notes[1]
		}
		return ""
	}()
}
