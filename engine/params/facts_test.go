package params

import (
	"strconv"
	"testing"
)

func TestDefault(t *testing.T) {
	for _, p := range Table {
		if got := Default(p.Name); got != p.Default {
			t.Errorf("Default(%q) = %q, want %q", p.Name, got, p.Default)
		}
	}
	if Default("nosuch") != "" {
		t.Error("Default of an unknown name should be empty")
	}
	// The values the page relies on when a query leaves a key out.
	for name, want := range map[string]string{"steps": "20000", "lr": "0.04", "seed": "1", "initscheme": "aligned"} {
		if got := Default(name); got != want {
			t.Errorf("Default(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestSweepFacts checks the presentation facts of every sweepable
// parameter: a symbol, a starting axis range inside [Min, Max] and starting
// series values that the parameter accepts.
func TestSweepFacts(t *testing.T) {
	for _, p := range Table {
		if !p.Sweep {
			if p.AxisFrom != "" || p.AxisTo != "" || p.SeriesValues != "" {
				t.Errorf("%s is not sweepable but has an axis range or series values", p.Name)
			}
			if Symbol(p.Name) != p.Name && p.Symbol == "" {
				t.Errorf("Symbol(%q) should fall back to the name", p.Name)
			}
			continue
		}
		if p.Symbol == "" || Symbol(p.Name) != p.Symbol {
			t.Errorf("%s: no symbol (Symbol() = %q)", p.Name, Symbol(p.Name))
		}
		from, err1 := strconv.ParseFloat(p.AxisFrom, 64)
		to, err2 := strconv.ParseFloat(p.AxisTo, 64)
		switch {
		case err1 != nil || err2 != nil:
			t.Errorf("%s: axis range %q…%q is not numeric", p.Name, p.AxisFrom, p.AxisTo)
		case !(from < to):
			t.Errorf("%s: axis range %v…%v is empty", p.Name, from, to)
		default:
			for _, v := range []string{p.AxisFrom, p.AxisTo} {
				if err := Defaults().Set(p.Name, v); err != nil {
					t.Errorf("%s: axis end %s: %v", p.Name, v, err)
				}
			}
			s := Defaults()
			if err := s.Set("from", p.AxisFrom); err != nil {
				t.Errorf("%s: from=%s: %v", p.Name, p.AxisFrom, err)
			}
			if err := s.Set("to", p.AxisTo); err != nil {
				t.Errorf("%s: to=%s: %v", p.Name, p.AxisTo, err)
			}
		}
		vals, err := ParseList(p.SeriesValues)
		if err != nil || len(vals) == 0 {
			t.Errorf("%s: series values %q: %v", p.Name, p.SeriesValues, err)
			continue
		}
		if err := Defaults().Set("values", p.SeriesValues); err != nil {
			t.Errorf("%s: values=%s: %v", p.Name, p.SeriesValues, err)
		}
		if FormatList(vals) != p.SeriesValues {
			t.Errorf("%s: series values %q are not canonical (%q)", p.Name, p.SeriesValues, FormatList(vals))
		}
		for _, v := range vals {
			if err := Defaults().Set(p.Name, strconv.FormatFloat(v, 'g', -1, 64)); err != nil {
				t.Errorf("%s: series value %v: %v", p.Name, v, err)
			}
		}
	}
	if Symbol("nosuch") != "nosuch" || Symbol("seed") != "seed" {
		t.Error("Symbol should fall back to the name")
	}
}
