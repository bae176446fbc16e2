package app

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"unibias/engine/params"
)

func TestViewKeysAreNotParameters(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range ViewKeys {
		if k.Name == "" || k.Meaning == "" || seen[k.Name] {
			t.Errorf("bad or repeated view key %+v", k)
		}
		seen[k.Name] = true
		if _, ok := params.Lookup(k.Name); ok {
			t.Errorf("view key %q is also a parameter of params.Table", k.Name)
		}
		if !IsViewKey(k.Name) {
			t.Errorf("IsViewKey(%q) = false", k.Name)
		}
	}
	for _, p := range params.Table {
		if IsViewKey(p.Name) {
			t.Errorf("parameter %q is also a view key", p.Name)
		}
	}
	for _, k := range []string{KeyEmbed, KeyPreset, KeyHide, KeyPresent} {
		if !seen[k] {
			t.Errorf("view key %q is not listed in ViewKeys", k)
		}
	}
}

func TestParseView(t *testing.T) {
	cases := []struct {
		search string
		want   View
	}{
		{"", View{}},
		{"?rho=0.5", View{}},
		{"?embed=1&preset=deep&hide=lr,%20width,bogus&present=1&rho=0.5", View{Embed: true, Preset: "deep", Hide: []string{"lr", "width"}, Present: true}},
		{"embed=0&present=false", View{}},
		{"embed=yes&present=", View{Embed: true}},
		{"?embed=1&%zz", View{}}, // unreadable: the zero View
	}
	for _, c := range cases {
		if got := ParseView(c.search); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseView(%q) = %+v, want %+v", c.search, got, c.want)
		}
	}
}

func TestViewApply(t *testing.T) {
	q, _ := url.ParseQuery("rho=0.5&embed=1&present=1&hide=lr")
	View{Preset: "deep", Hide: []string{"width", "lr"}}.Apply(q)
	if got := q.Encode(); got != "hide=width%2Clr&preset=deep&rho=0.5" {
		t.Errorf("Apply: %q", got)
	}
	// Apply then ParseView is the identity on a normalised View.
	v := View{Embed: true, Preset: "ratio-rho", Hide: []string{"lr"}, Present: true}
	q = url.Values{"depth": {"3"}}
	v.Apply(q)
	if got := ParseView(q.Encode()); !reflect.DeepEqual(got, v) || q.Get("depth") != "3" {
		t.Errorf("round trip %+v → %q → %+v", v, q.Encode(), got)
	}
}

func TestParseHide(t *testing.T) {
	got := ParseHide("lr, width,bogus,lr,,<x>")
	if strings.Join(got, ",") != "lr,width" {
		t.Errorf("ParseHide = %v", got)
	}
	if ParseHide("") != nil {
		t.Error("empty hide list")
	}
}
