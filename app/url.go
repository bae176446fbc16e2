package app

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/params"
)

// ParseSearch reads the experiment parameters from a location.search string
// ("?rho=0.5&…" or without "?"), onto the defaults; see params.FromQuery.
// The notices explain every value it clamped or replaced.
func ParseSearch(search string) (params.Set, []string) {
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err != nil {
		s, n := params.FromQuery(url.Values{})
		return s, append(n, "the page address could not be read ("+err.Error()+"); using the defaults")
	}
	return params.FromQuery(q)
}

// MergeQuery returns the query string (without "?") for the page address:
// the parameters of s that differ from their defaults, plus every key of
// search that is not a parameter (embed, preset, …), untouched.
func MergeQuery(search string, s params.Set) string {
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err != nil {
		q = url.Values{}
	}
	for _, p := range params.Table {
		q.Del(p.Name)
	}
	for k, v := range s.Query() {
		q[k] = v
	}
	return q.Encode()
}

// writeURL replaces the page address with one that carries s, without a new
// history entry. Handlers only: it touches the browser window.
func writeURL(s params.Set) {
	if !app.IsClient {
		return
	}
	loc := app.Window().Get("location")
	q := MergeQuery(loc.Get("search").String(), addressParams(s))
	u := loc.Get("pathname").String()
	if q != "" {
		u += "?" + q
	}
	u += loc.Get("hash").String()
	app.Window().Get("history").Call("replaceState", nil, "", u)
}

// itoa is strconv.Itoa.
func itoa(i int) string { return strconv.Itoa(i) }
