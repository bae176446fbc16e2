package app

import (
	"errors"
	"math"
	"strconv"

	"unibias/engine/params"
	"unibias/figure"
)

// The text and attributes of a parameter's control (Controls).

// isSlider reports whether a parameter is drawn as a range slider: a
// bounded, stepped, linear parameter with at most 400 positions.
func isSlider(p *params.Param) bool {
	if (p.Kind != params.Float && p.Kind != params.Int) || p.Step <= 0 || p.Log {
		return false
	}
	return (p.Max-p.Min)/p.Step <= 400
}

// hintText is the visible help under a control: the help sentence and,
// for numbers, the valid range.
func hintText(p *params.Param) string {
	h := p.Help
	if (p.Kind == params.Float || p.Kind == params.Int) && math.Abs(p.Max) < 1e9 {
		h += " Range " + figure.FormatNum(p.Min) + " … " + figure.FormatNum(p.Max) + "."
	}
	return h
}

func numAttr(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func stepAttr(p *params.Param) string {
	switch {
	case p.Step > 0:
		return numAttr(p.Step)
	case p.Kind == params.Int:
		return "1"
	}
	return "any"
}

// errText is the message shown under a control for a validation error.
func errText(err error) string {
	var pe *params.Error
	if errors.As(err, &pe) {
		v := pe.Value
		if v == "" {
			v = "(empty)"
		}
		return v + ": " + pe.Why
	}
	return err.Error()
}
