package cli

import (
	"strings"
	"testing"
)

// FuzzParseFlags feeds the command line's flag parser arbitrary arguments
// (split on spaces): it never panics, and what it accepts is a valid
// parameter set; what it refuses comes with a message.
func FuzzParseFlags(f *testing.F) {
	for _, seed := range []string{"", "--rho 0.3 --depth 3", "--rho=1.5", "--fusion 9 --depth 2", "--values 1,2,,3", "--x rho --series rho",
		"--act relu --samples 0", "--format xml", "--preset deep --out a.svg", "--init 1e-400", "--steps -1", "-- --rho", "stray"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		p, _, err := parseFlags("fuzz", strings.Fields(line))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted %q but the set is invalid: %v", line, err)
		}
	})
}
