package app

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestFileURLs(t *testing.T) {
	for _, c := range []struct {
		base string
		want []string
	}{
		{"http://127.0.0.1:8080/", []string{"http://127.0.0.1:8080/docs/"}},
		{"https://lab.example/unibias/?preset=deep#x", []string{"https://lab.example/unibias/docs/"}},
		{"https://lab.example/unibias/index.html", []string{"https://lab.example/unibias/docs/"}},
		{"not a url", nil},
		{"", nil},
	} {
		got := FileURLs(c.base)
		if !slices.Equal(got, c.want) {
			t.Errorf("FileURLs(%q) = %q, want %q", c.base, got, c.want)
		}
		// The footer's link, resolved as the browser does, is under them.
		if b, err := url.Parse(c.base); err == nil && b.IsAbs() {
			link, _ := b.Parse(TheoryURL)
			if len(got) == 0 || !strings.HasPrefix(link.String(), got[0]) {
				t.Errorf("FileURLs(%q) = %q does not hold the link %s", c.base, got, link)
			}
		}
	}
}
