package app

import (
	"strings"
	"testing"

	"unibias/engine/params"
)

func TestMergeQuery(t *testing.T) {
	s := params.Defaults()
	if err := s.Set("ratio", "3"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		search, want string
	}{
		{"", "ratio=3"},
		{"?embed=1", "embed=1&ratio=3"},
		{"?rho=0.5&preset=fig6&embed=1", "embed=1&preset=fig6&ratio=3"}, // old parameter values are dropped, other keys kept
		{"?ratio=2", "ratio=3"},
	}
	for _, c := range cases {
		if got := MergeQuery(c.search, s); got != c.want {
			t.Errorf("MergeQuery(%q) = %q, want %q", c.search, got, c.want)
		}
	}
	if got := MergeQuery("?embed=1&depth=3", params.Defaults()); got != "embed=1" {
		t.Errorf("defaults keep only foreign keys, got %q", got)
	}
}

func TestParseSearch(t *testing.T) {
	s, notices := ParseSearch("?rho=5&ratio=3&embed=1")
	if s.Get("ratio") != "3" || s.Get("rho") != "0.99" {
		t.Errorf("parsed ratio=%s rho=%s", s.Get("ratio"), s.Get("rho"))
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "rho") {
		t.Errorf("notices %q", notices)
	}
	if _, n := ParseSearch("%zz"); len(n) == 0 {
		t.Error("an unreadable query should give a notice")
	}
}
