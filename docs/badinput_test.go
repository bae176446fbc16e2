package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// testRefRE matches one test reference of docs/bad-input.md: `TestName`
// (package directory).
var testRefRE = regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9_]+)` \\(([a-z0-9/]+)\\)")

// TestBadInputCatalogue checks docs/bad-input.md: every row of its tables
// names at least one test, and every test it names is a function of a
// _test.go file in the package directory it gives, so the catalogue cannot
// name a test that does not exist.
func TestBadInputCatalogue(t *testing.T) {
	b, err := os.ReadFile("bad-input.md")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]map[string]bool{} // directory → test functions
	inDir := func(dir string) map[string]bool {
		if f, ok := funcs[dir]; ok {
			return f
		}
		f := map[string]bool{}
		files, _ := filepath.Glob(filepath.Join("..", dir, "*_test.go"))
		decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)[A-Za-z0-9_]+)\(`)
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
				f[m[1]] = true
			}
		}
		funcs[dir] = f
		return f
	}
	rows, refs := 0, 0
	for n, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Input ") {
			continue
		}
		rows++
		ms := testRefRE.FindAllStringSubmatch(line, -1)
		if len(ms) == 0 {
			t.Errorf("bad-input.md:%d: a row without a test: %.80s", n+1, line)
		}
		for _, m := range ms {
			refs++
			if !inDir(m[2])[m[1]] {
				t.Errorf("bad-input.md:%d: %s is not a test of %s", n+1, m[1], m[2])
			}
		}
	}
	if rows < 20 {
		t.Errorf("only %d rows in docs/bad-input.md", rows)
	}
	t.Logf("%d rows, %d test references, all found", rows, refs)
}
