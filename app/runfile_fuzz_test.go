package app

import (
	"regexp"
	"testing"

	"unibias/figure/compose"
	"unibias/figure/compose/composetest"
	"unibias/protocol"
)

// badGeometry finds a geometry attribute holding NaN or an infinity (text,
// such as a run's reason "loss became NaN", may hold the word).
var badGeometry = regexp.MustCompile(` (d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|viewBox|transform)="[^"]*(NaN|Inf)[^"]*"`)

// FuzzDecodeRunFile feeds the run-file importer arbitrary bytes: it never
// panics, and a file it accepts draws as the page would draw it — every
// result belongs to a job of its plan, and the figure has no NaN.
func FuzzDecodeRunFile(f *testing.F) {
	pl := composetest.FakePlan(3, 12)
	f.Add([]byte(EncodeJSON(NewRunFile("rho=0.3", pl, composetest.FakeResults(pl, 5)))))
	f.Add([]byte(`{"unibias":"run","version":"0.1.0","query":"","plan":{"x":"rho","xs":[0],"jobs":[{"series":7,"xi":3,"x":0,"query":"%zz"}],"curves":[{"series":-2,"points":[{"x":1e308,"ta":-1,"tb":0}]}]},"results":[{"job":0}]}`))
	f.Add([]byte(`{"unibias":"run","plan":{}}`))
	f.Add([]byte(`{"unibias":"live"}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := DecodeRunFile(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		res := rf.JobResults()
		if len(res) != len(rf.Plan.Jobs) {
			t.Fatalf("%d results for %d jobs", len(res), len(rf.Plan.Jobs))
		}
		s, _ := ParseSearch(rf.Query)
		svg := compose.PhaseFigure(s, rf.Plan, res).SVG()
		if m := badGeometry.FindString(svg); m != "" {
			t.Fatalf("the imported figure draws %s", m)
		}
		_ = protocol.DiagramFigure(rf.Plan)
	})
}
