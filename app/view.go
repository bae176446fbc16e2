package app

import (
	"net/url"
	"strings"

	"unibias/engine/params"
)

// The page address carries two kinds of keys: the experiment parameters of
// params.Table (what is computed) and the view keys below (how the page
// shows it). The two sets never share a name.

// View keys of the page address.
const (
	KeyEmbed   = "embed"
	KeyPreset  = "preset"
	KeyHide    = "hide"
	KeyPresent = "present"
)

// ViewKey is a key of the page address that is not an experiment parameter.
type ViewKey struct {
	Name    string // the URL key
	Meaning string // what it does, in one sentence
}

// ViewKeys lists every view key of the page address with its meaning.
var ViewKeys = []ViewKey{
	{KeyEmbed, "embed=1 hides the page chrome for embedding in an iframe; the page reports its height to the parent."},
	{KeyPreset, "preset=name shows that figure of the paper (protocol.Presets) instead of the phase diagram."},
	{KeyHide, "hide=lr,width leaves out the controls of the parameters named."},
	{KeyPresent, "present=1 starts in presenter mode: larger type, thicker lines, high contrast."},
}

// IsViewKey reports whether name is one of ViewKeys.
func IsViewKey(name string) bool {
	for _, k := range ViewKeys {
		if k.Name == name {
			return true
		}
	}
	return false
}

// View is how the page shows itself, read from the view keys of its
// address. The zero View is the plain start page.
type View struct {
	Embed   bool     // ?embed=1: no page chrome (for an iframe)
	Preset  string   // ?preset=name: a figure of the paper ("" = the phase diagram)
	Hide    []string // ?hide=lr,width: parameters whose controls are left out
	Present bool     // ?present=1: presenter mode
}

// ParseView reads the view keys of a location.search string ("?embed=1&…"
// or without "?"). A switch (embed, present) is on unless it is absent,
// empty, "0" or "false"; hide keeps only parameter names (see ParseHide);
// the preset name is taken as given (the page reports an unknown one). An
// address that cannot be read gives the zero View, as ParseSearch gives the
// default parameters.
func ParseView(search string) View {
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err != nil {
		return View{}
	}
	return View{
		Embed:   isOn(q.Get(KeyEmbed)),
		Preset:  q.Get(KeyPreset),
		Hide:    ParseHide(q.Get(KeyHide)),
		Present: isOn(q.Get(KeyPresent)),
	}
}

// isOn reads a switch of the address.
func isOn(v string) bool { return v != "" && v != "0" && !strings.EqualFold(v, "false") }

// Apply writes v into the query q: each view key is set to v's value
// ("1" for a switch that is on) or deleted when v leaves it at its zero
// value. Every other key (the parameters) is left as it is.
func (v View) Apply(q url.Values) {
	set := func(k, val string) {
		if val == "" {
			q.Del(k)
		} else {
			q.Set(k, val)
		}
	}
	set(KeyEmbed, switchValue(v.Embed))
	set(KeyPreset, v.Preset)
	set(KeyHide, strings.Join(v.Hide, ","))
	set(KeyPresent, switchValue(v.Present))
}

func switchValue(on bool) string {
	if on {
		return "1"
	}
	return ""
}

// ParseHide reads a ?hide= list ("lr,width"): the parameter names it holds,
// in order, without duplicates; unknown names are dropped.
func ParseHide(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if _, ok := params.Lookup(f); ok && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
