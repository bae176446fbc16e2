package app

import (
	"net/url"
	"strings"
)

// FileURLs returns the addresses under which the site keeps the files the
// page links to (the folder of docs/theory.md), for a page whose base
// address is base (document.baseURI); nil when base is not an absolute
// address. go-app navigates to any address of the site by showing the page
// there, unless the address starts with one of these (its
// GOAPP_INTERNAL_URLS, main_js.go): the footer's docs/theory.md then opens
// the document, not the page again.
func FileURLs(base string) []string {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return nil
	}
	dir := TheoryURL[:strings.LastIndex(TheoryURL, "/")+1]
	u, err := b.Parse(dir)
	if err != nil {
		return nil
	}
	u.RawQuery, u.Fragment = "", ""
	return []string{u.String()}
}
