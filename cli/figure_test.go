package cli

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"unibias/protocol"
)

// svgSummary parses an SVG document and counts what the tests look for.
type svgSummary struct {
	panels, paths, marks int
	classes              map[string]int
}

func readSVG(t *testing.T, text string) svgSummary {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(text))
	s := svgSummary{classes: map[string]int{}}
	depth, root := 0, false
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				root = e.Name.Local == "svg"
			}
			if e.Name.Local == "svg" && depth == 2 {
				s.panels++
			}
			if e.Name.Local == "path" {
				s.paths++
			}
			for _, a := range e.Attr {
				if a.Name.Local == "class" {
					for _, c := range strings.Fields(a.Value) {
						s.classes[c]++
					}
				}
				if a.Name.Local == "data-job" {
					s.marks++
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if !root {
		t.Fatal("the document's root is not <svg>")
	}
	if strings.Contains(text, "NaN") || strings.Contains(text, "Inf") {
		t.Error("the SVG contains NaN or Inf")
	}
	return s
}

// TestFigureEveryPresetAndDiagram writes the theory figure of the default
// diagram and of every preset and checks each is a standalone SVG with one
// nested panel per panel of the figure and theory drawn in it.
func TestFigureEveryPresetAndDiagram(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]string{"diagram": nil}
	for _, p := range protocol.Presets {
		cases[p.Name] = []string{"--preset", p.Name}
	}
	for name, args := range cases {
		out := filepath.Join(dir, name+".svg")
		var stdout, stderr strings.Builder
		if code := Main(append([]string{"figure", "--out", out}, args...), &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, stderr.String())
			continue
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		s := readSVG(t, string(b))
		// The diagram: four phase panels and the ratio panel; the unimodal
		// region of each panel and the legend's swatch.
		if name == "diagram" && (s.panels != 5 || s.classes["theory-ta"] != 4 || s.classes["theory-tb"] != 4 || s.classes["region-uni"] != 5 || s.marks != 0) {
			t.Errorf("diagram: %d panels, %d t_A and %d t_B curves, %d unimodal regions, %d marks", s.panels, s.classes["theory-ta"], s.classes["theory-tb"], s.classes["region-uni"], s.marks)
		}
		theory := s.classes["fig-theory"] + s.classes["band"] + s.classes["field"]
		if name != "diagram" && (s.panels == 0 || s.classes["axes"] != s.panels || theory == 0) {
			t.Errorf("%s: %d panels, %d axes, %d theory elements", name, s.panels, s.classes["axes"], theory)
		}
		if !strings.Contains(string(b), "<style>") {
			t.Errorf("%s: no embedded style sheet", name)
		}
	}
	var stdout, stderr strings.Builder
	if code := Main([]string{"figure", "--preset", "no-such"}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "early-late") {
		t.Errorf("an unknown preset: exit %d, %q (want the list of presets)", code, stderr.String())
	}
}

// TestFigureSimulate draws a small diagram with its simulations: one t_A
// and one t_B marker per run, and progress on stderr, a line per update
// when stderr is not a terminal.
func TestFigureSimulate(t *testing.T) {
	var stdout, stderr strings.Builder
	args := []string{"figure", "--simulate", "--depth=2", "--fusion=2", "--points=3", "--values=2", "--steps=3000"}
	if code := Main(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	s := readSVG(t, stdout.String())
	if s.classes["sim-ta"] != 3 || s.classes["sim-tb"] != 3 || s.classes["ratio-sim"] != 3 {
		t.Errorf("markers: %d t_A, %d t_B, %d ratio; want 3 each", s.classes["sim-ta"], s.classes["sim-tb"], s.classes["ratio-sim"])
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if last := lines[len(lines)-1]; last != strings.TrimSpace(last) || !strings.HasPrefix(last, "figure: 3/3 runs") || strings.Contains(stderr.String(), "\r") {
		t.Errorf("progress on stderr: %q", stderr.String())
	}
}
