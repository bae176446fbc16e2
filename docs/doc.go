// Package docs holds docs/theory.md, the project's account of the theory of
// unimodal bias in multimodal deep linear networks (Zhang, Latham & Saxe,
// ICML 2024, arXiv:2312.00935) that the engine implements and that code, page
// and command line cite as "docs/theory.md §n.m".
//
// The package embeds the text and exposes the set of its numbered headings,
// so that a test can check that every section cited anywhere in the
// repository exists.
package docs

import (
	_ "embed"
	"regexp"
	"strings"
)

// Theory is the Markdown text of docs/theory.md.
//
//go:embed theory.md
var Theory string

// headingRE matches a Markdown heading that starts with a section number,
// such as "## 5 Closed-form predictions" or "### 5.3 Late fusion time ratio"
// (an optional "§" before the number is allowed).
var headingRE = regexp.MustCompile(`^#+\s*(?:§\s*)?(\d+(?:\.\d+)*)[.\s]`)

// Sections returns the set of section numbers ("5", "5.3", "10.2", …) that
// have a heading in docs/theory.md. Headings inside fenced code blocks are
// ignored.
func Sections() map[string]bool {
	return sectionsOf(Theory)
}

func sectionsOf(text string) map[string]bool {
	out := make(map[string]bool)
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			out[m[1]] = true
		}
	}
	return out
}
