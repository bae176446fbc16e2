package custom

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"path"
	"strings"
)

// GuessColumns proposes the columns of a CSV from its header line, for a
// user who has not named them: the target is the first column called
// label, y, target or outcome (any case), else the last column; the
// features are grouped by their name without trailing digits and
// separators (audio_1, audio_2 → audio), identifiers (id, index, row)
// left out, and A and B are the first two groups, each as a pattern
// ("audio_*") when one matches exactly its group, else as a list of names.
// ok is false when the header does not have two groups of features.
func GuessColumns(text []byte) (a, b, y string, ok bool) {
	r := csv.NewReader(bufio.NewReader(bytes.NewReader(text)))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil || len(header) < 3 {
		return "", "", "", false
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	yi := len(header) - 1
	found := false
	for _, want := range []string{"label", "y", "target", "outcome"} {
		for i, h := range header {
			if !found && strings.EqualFold(h, want) {
				yi, found = i, true
			}
		}
	}
	type group struct {
		prefix string
		cols   []string
	}
	var groups []*group
	byPrefix := map[string]*group{}
	for i, h := range header {
		switch strings.ToLower(h) {
		case "", "id", "index", "idx", "row", "#":
			continue
		}
		if i == yi {
			continue
		}
		p := strings.TrimRight(h, "_-. 0123456789")
		if p == "" {
			p = h
		}
		g := byPrefix[p]
		if g == nil {
			g = &group{prefix: p}
			byPrefix[p] = g
			groups = append(groups, g)
		}
		g.cols = append(g.cols, h)
	}
	if len(groups) < 2 {
		return "", "", "", false
	}
	spec := func(g *group) string {
		if len(g.cols) == 1 {
			return g.cols[0]
		}
		// The shortest pattern that matches exactly the group.
		for _, pat := range []string{g.prefix + "_*", g.prefix + "-*", g.prefix + "*"} {
			n, exact := 0, true
			in := map[string]bool{}
			for _, c := range g.cols {
				in[c] = true
			}
			for _, h := range header {
				if m, _ := path.Match(pat, h); m {
					n++
					exact = exact && in[h]
				}
			}
			if exact && n == len(g.cols) {
				return pat
			}
		}
		return strings.Join(g.cols, ",")
	}
	return spec(groups[0]), spec(groups[1]), header[yi], true
}
