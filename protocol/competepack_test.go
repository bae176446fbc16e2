package protocol

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// testCompete is a compete report of three runs over n recorded steps with
// every kind of value: absent numbers, negative zero, extremes.
func testCompete(n int) *CompeteReport {
	c := &CompeteReport{GapFull: N(0.25), PlateauStep: N(40), Note: "test"}
	for i := range n {
		c.Steps = append(c.Steps, i*25)
	}
	for r, name := range []string{"joint", "A alone", "B alone"} {
		run := CompeteRun{Name: name, TrainLoss: N(0.1 * float64(r)), Status: "ok", StepsRun: 1000}
		for k, s := range competeSeries {
			vals := make([]Num, n)
			for i := range vals {
				x := float64(i*(k+1)) - float64(r)
				switch {
				case (i+k+r)%7 == 0:
					// absent
				case i == 1:
					vals[i] = N(math.Copysign(0, -1))
				case i == 2:
					vals[i] = N(math.MaxFloat64)
				default:
					vals[i] = N(math.Sin(x) / (1 + x*x))
				}
			}
			*s(&run) = vals
		}
		c.Runs = append(c.Runs, run)
	}
	return c
}

// A response with packed compete series decodes to the same report as the
// plain one, every number bit for bit and absent values absent, and the
// report packed is left as it was.
func TestCompetePackRoundTrip(t *testing.T) {
	for _, n := range []int{1, 9, 400} {
		rep := &Report{Version: Version, Compete: testCompete(n)}
		plain := plainResponse(t, rep)
		r := Response{Type: RespResult, Report: rep}
		r.PackCompete()
		if r.CompetePack == nil || r.Report == rep || r.Report.Compete.Runs[0].Loss != nil || rep.Compete.Runs[0].Loss == nil && n > 0 {
			t.Fatalf("n=%d: not packed, or the original report changed", n)
		}
		pb, _ := json.Marshal(r)
		var got Response
		if err := json.Unmarshal(pb, &got); err != nil {
			t.Fatal(err)
		}
		if err := got.UnpackCompete(); err != nil {
			t.Fatal(err)
		}
		if got.CompetePack != nil || !reflect.DeepEqual(got.Report, plain.Report) {
			t.Fatalf("n=%d: packed report differs from the plain one", n)
		}
		for i, run := range got.Report.Compete.Runs {
			for k, s := range competeSeries {
				for j, v := range *s(&run) {
					w := (*s(&rep.Compete.Runs[i]))[j]
					if (v == nil) != (w == nil) || v != nil && math.Float64bits(*v) != math.Float64bits(*w) {
						t.Fatalf("n=%d run %d series %d step %d: %v, want %v", n, i, k, j, v, w)
					}
				}
			}
		}
		if b, _ := json.Marshal(Response{Type: RespResult, Report: rep}); n == 400 && len(pb) > len(b)*3/4 {
			t.Errorf("packed message %d bytes, plain %d", len(pb), len(b))
		}
	}
}

// Series that are not one number per recorded step, and a report without
// recorded steps, travel plain.
func TestCompetePackKeepsRaggedPlain(t *testing.T) {
	if _, ok := PackCompete(testCompete(0)); ok {
		t.Error("a report without steps was packed")
	}
	c := testCompete(5)
	c.Runs[2].DriveB = c.Runs[2].DriveB[:4]
	if _, ok := PackCompete(c); ok {
		t.Fatal("a short series was packed")
	}
	r := Response{Report: &Report{Compete: c}}
	r.PackCompete()
	if r.CompetePack != nil || r.Report.Compete != c {
		t.Fatal("a report that cannot be packed changed")
	}
}

func TestCompetePackRejectsMalformed(t *testing.T) {
	good, _ := PackCompete(testCompete(4))
	for name, bad := range map[string]CompetePack{
		"short data":     {Steps: good.Steps, Runs: good.Runs, Data: good.Data[:len(good.Data)-8]},
		"other runs":     {Steps: good.Steps, Runs: 2, Data: good.Data},
		"negative count": {Steps: -1, Runs: 3},
	} {
		if err := bad.Unpack(testCompete(4)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := (&Response{CompetePack: good, Report: &Report{}}).UnpackCompete(); err == nil {
		t.Error("packed series without a compete report were accepted")
	}
}

// BenchmarkCompeteDecode compares decoding a result whose compete report
// has 400 recorded steps: plain, and packed with the numbers beside the
// text, as a worker sends it (what the page's thread does per message).
func BenchmarkCompeteDecode(b *testing.B) {
	benchDecode(b, &Report{Version: Version, Compete: testCompete(400)}, true)
}

// A response's packed numbers travel beside its text (a worker's message)
// and arrive as the plain report; the packs of the response detached are
// left as they were, and bytes of the wrong length are refused.
func TestDetachAttachPacked(t *testing.T) {
	rep := &Report{Version: Version, Trajectory: testTrajectory(30), Compete: testCompete(12)}
	plain := plainResponse(t, rep)
	r := Response{Type: RespResult, Report: rep}
	r.PackTrajectory()
	r.PackCompete()
	traj, comp := r.Traj, r.CompetePack
	sent := r
	beside := sent.DetachPacked()
	if len(beside) != len(traj.Data)+len(comp.Data) || traj.Data == nil || comp.Data == nil || sent.Traj.Data != nil || sent.CompetePack.Data != nil {
		t.Fatalf("detached %d bytes; packs left with data %v %v", len(beside), sent.Traj.Data != nil, sent.CompetePack.Data != nil)
	}
	text, _ := json.Marshal(sent)
	for _, cut := range []int{1, 8, len(beside)} {
		var got Response
		json.Unmarshal(text, &got)
		if err := got.AttachPacked(beside[:len(beside)-cut]); err == nil {
			t.Errorf("%d bytes short: accepted", cut)
		}
	}
	var got Response
	json.Unmarshal(text, &got)
	if err := got.AttachPacked(beside); err != nil {
		t.Fatal(err)
	}
	if err := got.UnpackTrajectory(); err != nil {
		t.Fatal(err)
	}
	if err := got.UnpackCompete(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Report, plain.Report) {
		t.Fatal("the report that travelled differs from the plain one")
	}
	var none Response
	if none.DetachPacked() != nil || none.AttachPacked(nil) != nil {
		t.Fatal("a response without packs")
	}
}

// plainResponse is a result carrying rep as a page receives it without
// packing: encoded to JSON and decoded.
func plainResponse(t *testing.T, rep *Report) Response {
	t.Helper()
	var plain Response
	b, _ := json.Marshal(Response{Type: RespResult, Report: rep})
	if err := json.Unmarshal(b, &plain); err != nil {
		t.Fatal(err)
	}
	return plain
}
