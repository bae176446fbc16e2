package app

import (
	"strings"
	"testing"
)

// TestBadInputAddress: every kind of bad value in the page address
// (docs/bad-input.md) is clamped or replaced by its default with a notice
// naming the parameter and the value; the result is always a valid
// parameter set.
func TestBadInputAddress(t *testing.T) {
	cases := []struct {
		search string
		want   []string // in the notices
		check  map[string]string
	}{
		{"?depth=9", []string{"depth=9 is outside [1, 8]; using 8"}, map[string]string{"depth": "8"}},
		{"?depth=abc", []string{`depth="abc": not a number`, "using the default 4"}, map[string]string{"depth": "4"}},
		{"?depth=", []string{`depth="": not a number`, "using the default 4"}, map[string]string{"depth": "4"}},
		{"?depth=2.5", []string{`depth="2.5": not an integer`}, map[string]string{"depth": "4"}},
		{"?depth=1e400", []string{`depth="1e400": not a number`}, map[string]string{"depth": "4"}},
		{"?rho=1", []string{"rho=1 is outside [-0.99, 0.99]; using 0.99"}, map[string]string{"rho": "0.99"}},
		{"?rho=-1", []string{"rho=-1 is outside [-0.99, 0.99]; using -0.99"}, map[string]string{"rho": "-0.99"}},
		{"?rho=NaN", []string{`rho="NaN": not a number`}, map[string]string{"rho": "0"}},
		{"?lr=-Infinity", []string{"lr=-Inf is outside [1e-05, 2]; using 1e-05"}, map[string]string{"lr": "1e-05"}},
		{"?init=0", []string{"init=0 is outside [1e-12, 0.5]; using 1e-12"}, map[string]string{"init": "1e-12"}},
		{"?width=%00", []string{`width="\x00": not a number`}, map[string]string{"width": "100"}},
		{"?steps=%3Cscript%3Ealert(1)%3C/script%3E", []string{`steps="<script>alert(1)</script>": not a number`}, map[string]string{"steps": "20000"}},
		{"?data=../../etc/passwd", []string{`data="../../etc/passwd": want one of toy`}, map[string]string{"data": "toy"}},
		{"?x=__proto__", []string{`x="__proto__": want empty or one of`}, map[string]string{"x": "rho"}},
		{"?values=1,2,3,4,5,6,7,8,9,10,11,12,13", []string{"at most 12 values"}, map[string]string{"values": "1,2,3,4"}},
		{"?fusion=5&depth=3", []string{"fusion=5 exceeds depth=3; using fusion=3 (late fusion)"}, map[string]string{"fusion": "3"}},
		{"?act=relu", []string{"ReLU networks train on samples; using samples=8192"}, map[string]string{"samples": "8192"}},
		{"?x=rho&series=rho", []string{"series parameter equals the sweep axis; dropping the series"}, map[string]string{"series": ""}},
		{"?data=random&dim=3", []string{"dim=3 is odd; using 4"}, map[string]string{"dim": "4"}},
		{"?from=" + strings.Repeat("9", 5000), []string{`parameter from="999`, "not a number; want a number in [-1e+12, 1e+12]; using the default -0.9"}, map[string]string{"from": "-0.9"}},
		{"?%zz=1", []string{"the page address could not be read"}, nil},
		{"?rho=0.3&rho=junk", []string{`rho="junk": not a number`}, map[string]string{"rho": "0"}},
	}
	for _, c := range cases {
		s, notices := ParseSearch(c.search)
		joined := strings.Join(notices, " | ")
		for _, w := range c.want {
			if !strings.Contains(joined, w) {
				t.Errorf("%.60s: notices %q lack %q", c.search, joined, w)
			}
		}
		for k, v := range c.check {
			if s.Get(k) != v {
				t.Errorf("%.60s: %s=%q, want %q", c.search, k, s.Get(k), v)
			}
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%.60s: invalid parameters after correction: %v", c.search, err)
		}
		var shown Notices
		shown.Add(notices...)
		for _, n := range shown.List {
			if len([]rune(n)) > maxNotice {
				t.Errorf("%.60s: a notice of %d characters is shown", c.search, len([]rune(n)))
			}
		}
	}
}

// TestBadInputRunFile: run files too large, too deeply nested, of the
// wrong types or inconsistent are refused with a message saying why.
func TestBadInputRunFile(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := []struct{ file, want string }{
		{strings.Repeat(" ", maxRunFile+1), "too large"},
		{`{"unibias":"run","plan":` + deep + `}`, "not a unibias run file"},
		{`{"unibias":"run","plan":"x"}`, "not a unibias run file"},
		{`{"unibias":"run","plan":{"jobs":{}}}`, "not a unibias run file"},
		{`{"unibias":"run","plan":{"jobs":[]},"results":[{"job":"1"}]}`, "not a unibias run file"},
		{`{"unibias":"run","plan":{"jobs":[{"series":3}]}}`, "belongs to series 3, which its plan does not have"},
		{`{"unibias":"run","plan":{"jobs":[]},"results":[{"job":5}]}`, "result for job 5, which its plan does not have"},
		{`{"unibias":"run","plan":{"jobs":[],"curves":[{"series":2}]}}`, "theory curve for series 2"},
		{`{"unibias":"run","query":"%zz","plan":{"jobs":[]}}`, "parameters cannot be read"},
		{`{"unibias":"moments"}`, `no "unibias":"run"`},
		{"", "not a unibias run file"},
	}
	for _, c := range cases {
		_, err := DecodeRunFile([]byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.50q: error %v, want %q", c.file, err, c.want)
		}
	}
}
