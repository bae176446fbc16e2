package docs

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// citeRE matches one citation "§5.3" (or "§ 5.3"). A trailing period, as in
// "see §5.3.", is not part of the number: a dot must be followed by a digit.
var citeRE = regexp.MustCompile(`§\s?(\d+(?:\.\d+)*)`)

// rangeRE matches a range whose ends each carry their own §: "§5.1–§5.3",
// "§4-§5".
var rangeRE = regexp.MustCompile(`§\s?(\d+(?:\.\d+)*)\s*[–—-]\s*§\s?(\d+(?:\.\d+)*)`)

// citations returns the section numbers cited on one line, in order of first
// appearance: every "§n.m" (so lists such as "§5.1, §5.4" give each entry) and,
// for ranges "§5.1–§5.3", the numbers in between.
func citations(line string) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, m := range citeRE.FindAllStringSubmatch(line, -1) {
		add(m[1])
	}
	for _, m := range rangeRE.FindAllStringSubmatch(line, -1) {
		for _, s := range expandRange(m[1], m[2]) {
			add(s)
		}
	}
	return out
}

// expandRange lists the sections strictly between lo and hi when both have
// the same parent ("5.1", "5.3" → "5.2"); otherwise nothing.
func expandRange(lo, hi string) []string {
	i, j := strings.LastIndex(lo, "."), strings.LastIndex(hi, ".")
	if lo[:i+1] != hi[:j+1] {
		return nil
	}
	a, err1 := strconv.Atoi(lo[i+1:])
	b, err2 := strconv.Atoi(hi[j+1:])
	if err1 != nil || err2 != nil || b-a > 50 {
		return nil
	}
	var out []string
	for n := a + 1; n < b; n++ {
		out = append(out, lo[:i+1]+strconv.Itoa(n))
	}
	return out
}

var scanExt = map[string]bool{".go": true, ".md": true, ".html": true, ".js": true, ".css": true, ".json": true}

// skipDir reports whether a directory (slash path relative to the repository
// root) holds no sources: VCS data, build output, dependencies, screenshots.
func skipDir(rel, name string) bool {
	switch {
	case name == ".git", name == "node_modules":
		return true
	case rel == "site", rel == "e2e/shots":
		return true
	}
	return false
}

// scanned reports whether a file (slash path relative to the root) is read.
func scanned(rel, name string) bool {
	if strings.HasPrefix(rel, "web/") && strings.HasSuffix(name, ".wasm") {
		return false
	}
	return name == "Makefile" || scanExt[filepath.Ext(name)]
}

func binary(b []byte) bool {
	head := b
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(b)
}

func TestEveryCitedSectionHasAHeading(t *testing.T) {
	have := Sections()
	root := ".."
	var missing []string
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && skipDir(rel, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !scanned(rel, d.Name()) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			// Another process may be rewriting files while the test runs.
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if binary(b) {
			return nil
		}
		files++
		for i, line := range strings.Split(string(b), "\n") {
			for _, s := range citations(line) {
				if !have[s] {
					missing = append(missing, rel+":"+strconv.Itoa(i+1)+": §"+s+" has no heading in docs/theory.md")
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no files scanned under the repository root")
	}
	for _, m := range missing {
		t.Error(m)
	}
}

func TestSectionsParsed(t *testing.T) {
	have := Sections()
	for _, s := range []string{"0", "0.1", "1", "1.1", "2.4", "4", "5", "5.3", "5.10", "5.13", "7.5", "8.6", "9.3", "10", "10.0", "10.2", "10.6", "11"} {
		if !have[s] {
			t.Errorf("docs/theory.md has no heading for §%s", s)
		}
	}
	if len(have) < 50 {
		t.Errorf("only %d numbered headings parsed from docs/theory.md", len(have))
	}
	// A heading inside a fenced block is not a section; a number needs a
	// space or a period after it.
	got := sectionsOf("## 3 Three\n```\n## 4 Four\n```\n### 3.1. Sub\n#### 3.2x no\n")
	want := map[string]bool{"3": true, "3.1": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sectionsOf = %v, want %v", got, want)
	}
}

func TestCitationParsing(t *testing.T) {
	for _, c := range []struct {
		line string
		want []string
	}{
		{"see §5.3.", []string{"5.3"}},
		{"THEORY.md §8.6, and §5.10.", []string{"8.6", "5.10"}},
		{"§5.1, §5.4, §5.8", []string{"5.1", "5.4", "5.8"}},
		{"§5.1–§5.3", []string{"5.1", "5.3", "5.2"}},
		{"(THEORY.md §4–§5)", []string{"4", "5"}},
		{"§ 10.2 and §9.1/§5.12", []string{"10.2", "9.1", "5.12"}},
		{"ratio-rho (§5.10, 3%; ReLU 5%)", []string{"5.10"}},
		{"no citation, docs/theory.md §n.m", nil},
	} {
		got := citations(c.line)
		sort.Strings(got)
		want := append([]string(nil), c.want...)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("citations(%q) = %v, want %v", c.line, got, want)
		}
	}
}
