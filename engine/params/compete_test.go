package params

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestCompeteParams: the parameters of docs/theory.md §10.2 reject bad values
// with the parameter's name and range, like every other parameter.
func TestCompeteParams(t *testing.T) {
	s := Defaults()
	for _, c := range []struct{ name, val, want string }{
		{"loss", "hinge", "one of squared, logistic"},
		{"act", "gelu", "one of linear, relu, smoothrelu"},
		{"q", "2", "out of range; want a number in [3, 10]"},
		{"beta", "0", "out of range"},
		{"pa", "1.5", "out of range; want a number in [0, 1]"},
		{"pb", "-0.1", "out of range"},
		{"mua", "x", "not a number"},
		{"sigman", "0", "out of range"},
		{"data", "images", "insufficient"},
	} {
		err := s.Set(c.name, c.val)
		var pe *Error
		if !errors.As(err, &pe) || pe.Param != c.name || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%s=%s) = %v; want *Error naming %s containing %q", c.name, c.val, err, c.name, c.want)
		}
	}
	for _, kv := range [][2]string{{"loss", "logistic"}, {"act", "smoothrelu"}, {"data", "insufficient"}, {"q", "4"}, {"beta", "0.5"}, {"pa", "0.2"}, {"mua", "1"}, {"mub", "0.7"}, {"sigman", "0.3"}} {
		if err := s.Set(kv[0], kv[1]); err != nil {
			t.Errorf("Set(%s=%s): %v", kv[0], kv[1], err)
		}
	}
}

// TestCompeteCombinations: the logistic loss needs labels ±1 and samples,
// the smoothed ReLU needs samples; Validate names the fix, Reconcile applies
// it with a notice.
func TestCompeteCombinations(t *testing.T) {
	s := Defaults()
	_ = s.Set("loss", "logistic")
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "set data=insufficient") {
		t.Errorf("logistic on toy data: %v", err)
	}
	_ = s.Set("data", "insufficient")
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "samples") || !strings.Contains(err.Error(), "no moment form") {
		t.Errorf("logistic without samples: %v", err)
	}
	_ = s.Set("samples", "600")
	if err := s.Validate(); err != nil {
		t.Errorf("valid logistic set refused: %v", err)
	}
	a := Defaults()
	_ = a.Set("act", "smoothrelu")
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "smoothed-ReLU") {
		t.Errorf("smoothrelu without samples: %v", err)
	}
	// Squared loss, linear net on the insufficient-data model: population
	// moments are fine.
	b := Defaults()
	_ = b.Set("data", "insufficient")
	if err := b.Validate(); err != nil {
		t.Errorf("linear squared insufficient: %v", err)
	}

	p, notes := FromQuery(url.Values{"loss": {"logistic"}})
	if p.Get("data") != "insufficient" || p.Get("samples") != "2000" || len(notes) != 2 {
		t.Errorf("FromQuery(loss=logistic): data=%s samples=%s notices %q", p.Get("data"), p.Get("samples"), notes)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("reconciled set invalid: %v", err)
	}
	p, notes = FromQuery(url.Values{"act": {"smoothrelu"}})
	if p.Get("samples") != "2000" || len(notes) != 1 || !strings.Contains(notes[0], "smoothed-ReLU") {
		t.Errorf("FromQuery(act=smoothrelu): samples=%s notices %q", p.Get("samples"), notes)
	}
}

// TestCompeteRelevance: the data model's and the smoothed ReLU's controls
// show only once data or act leave their defaults.
func TestCompeteRelevance(t *testing.T) {
	s := Defaults()
	for _, n := range []string{"mua", "mub", "pa", "pb", "sigman", "q", "beta"} {
		if s.Relevant(n) {
			t.Errorf("%s relevant at the defaults", n)
		}
	}
	_ = s.Set("data", "insufficient")
	_ = s.Set("act", "smoothrelu")
	for _, n := range []string{"mua", "mub", "pa", "pb", "sigman", "q", "beta", "loss"} {
		if !s.Relevant(n) {
			t.Errorf("%s not relevant with data=insufficient, act=smoothrelu", n)
		}
	}
}
