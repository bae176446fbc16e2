package params

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestDefaultsValidAndEmptyQuery(t *testing.T) {
	d := Defaults()
	if err := d.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if q := d.Encode(); q != "" {
		t.Fatalf("default query should be empty, got %q", q)
	}
	for _, p := range Table {
		if p.Help == "" || p.Label == "" {
			t.Errorf("%s lacks help or label", p.Name)
		}
		if canon, _, out, err := p.parse(p.Default); err != nil || out {
			t.Errorf("%s default %q invalid (%v, out=%v)", p.Name, p.Default, err, out)
		} else if canon != p.Default {
			// A non-canonical default would leak into every encoded query.
			t.Errorf("%s default %q is not canonical (%q)", p.Name, p.Default, canon)
		}
	}
}

func TestIssueNamesPresent(t *testing.T) {
	// The names the engine issue fixes for the command line, URL and export.
	for _, n := range strings.Fields("depth fusion width init initscheme lr steps data rho ratio wa wb noise samples act seed dim varlin x from to points series values repeats") {
		if _, ok := Lookup(n); !ok {
			t.Errorf("missing parameter %q", n)
		}
	}
}

func TestSetRejectsWithNameAndRange(t *testing.T) {
	s := Defaults()
	cases := []struct{ name, val, want string }{
		{"rho", "1", "out of range"},
		{"rho", "abc", "not a number"},
		{"rho", "NaN", "not a number"},
		{"depth", "2.5", "not an integer"},
		{"initscheme", "xavier", "one of entrywise, scaled, aligned"},
		{"nosuch", "1", "unknown parameter"},
		{"values", "1,x", "not a finite number"},
		{"x", "seed", "empty or one of"},
	}
	for _, c := range cases {
		err := s.Set(c.name, c.val)
		var pe *Error
		if !errors.As(err, &pe) || pe.Param != c.name || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%s=%s) = %v; want *Error naming %s containing %q", c.name, c.val, err, c.name, c.want)
		}
	}
	if s.Get("rho") != "0" {
		t.Fatalf("a rejected value must not be stored, rho=%q", s.Get("rho"))
	}
	if err := s.Set("initscheme", "Entrywise"); err != nil || s.Get("initscheme") != "entrywise" {
		t.Fatalf("enum should be case-insensitive and canonicalised: %v %q", err, s.Get("initscheme"))
	}
}

func TestQueryRoundTrip(t *testing.T) {
	s := Defaults()
	for k, v := range map[string]string{"depth": "3", "fusion": "2", "rho": "0.3", "initscheme": "entrywise", "values": "1, 2,3", "series": ""} {
		if err := s.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	q, err := url.ParseQuery(s.Encode())
	if err != nil {
		t.Fatal(err)
	}
	back, notes := FromQuery(q)
	if len(notes) != 0 {
		t.Fatalf("unexpected notices %v", notes)
	}
	for _, p := range Table {
		if back.Get(p.Name) != s.Get(p.Name) {
			t.Errorf("%s: %q after round trip, want %q", p.Name, back.Get(p.Name), s.Get(p.Name))
		}
	}
}

func TestFromQueryClampsAndIgnores(t *testing.T) {
	q := url.Values{"rho": {"5"}, "depth": {"junk"}, "embed": {"1"}, "width": {"1e9"}, "fusion": {"7"}}
	s, notes := FromQuery(q)
	if s.Float("rho") != 0.99 || s.Int("width") != 1000 || s.Get("depth") != "4" {
		t.Fatalf("clamping failed: rho=%v width=%v depth=%v", s.Get("rho"), s.Get("width"), s.Get("depth"))
	}
	if s.Int("fusion") != 4 {
		t.Fatalf("fusion deeper than depth must be reconciled, got %d", s.Int("fusion"))
	}
	if len(notes) != 4 {
		t.Fatalf("want 4 notices (rho, depth, width, fusion), got %d: %v", len(notes), notes)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("FromQuery must always give a valid set: %v", err)
	}
}

func FuzzFromQuery(f *testing.F) {
	for _, seed := range []string{"", "rho=0.3&depth=3", "rho=%zz", "depth=-1&fusion=99&act=relu", "values=1,2,3,4,5,6,7,8,9,10,11,12,13", "x=rho&series=rho", "init=1e-400&lr=inf"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s, _ := FromQuery(q)
		if err := s.Validate(); err != nil {
			t.Fatalf("FromQuery(%q) produced an invalid set: %v", raw, err)
		}
		q2, _ := url.ParseQuery(s.Encode())
		s2, notes := FromQuery(q2)
		if len(notes) != 0 || s2.Encode() != s.Encode() {
			t.Fatalf("round trip of %q not stable: %q vs %q (%v)", raw, s.Encode(), s2.Encode(), notes)
		}
	})
}
