package protocol

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// testTrajectory is a trajectory with every kind of value: absent fields,
// columns present at some points only, negative zero, extremes.
func testTrajectory(n int) []TrajPoint {
	ps := make([]TrajPoint, n)
	for i := range ps {
		x := float64(i)
		ps[i] = TrajPoint{Step: i * 7, T: N(x * 0.04), Loss: N(1 / (1 + x)), WA: N(-x), WB: N(math.Copysign(0, -1)),
			NormA: N(math.MaxFloat64), NormB: N(math.SmallestNonzeroFloat64), Eg: N(math.Pi * x)}
		if i%3 == 0 {
			ps[i].PF, ps[i].D, ps[i].ContB = N(0.5), N(-1e-300), N(x)
		}
		if i == n-1 {
			ps[i].Xor = N(42)
		}
	}
	return ps
}

// A response with a packed trajectory decodes to the same report as the
// plain one: every number bit for bit, absent values absent.
func TestTrajPackRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 5, 787} {
		rep := &Report{Version: Version, Trajectory: testTrajectory(n)}
		r := Response{Type: RespResult, ID: 3, Report: rep}
		r.PackTrajectory()
		if n > 0 && (r.Traj == nil || r.Report.Trajectory != nil) {
			t.Fatalf("n=%d: trajectory not packed", n)
		}
		if len(rep.Trajectory) != n {
			t.Fatalf("n=%d: packing changed the caller's report", n)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got Response
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if err := got.UnpackTrajectory(); err != nil {
			t.Fatal(err)
		}
		if got.Traj != nil {
			t.Error("Traj left after unpacking")
		}
		if n == 0 && len(got.Report.Trajectory) == 0 {
			continue // nothing to pack; JSON drops the empty list
		}
		if !reflect.DeepEqual(got.Report.Trajectory, rep.Trajectory) {
			t.Fatalf("n=%d: round trip changed the trajectory", n)
		}
		for i, p := range got.Report.Trajectory {
			if math.Signbit(*p.WB) != true || math.Float64bits(*p.NormB) != math.Float64bits(*rep.Trajectory[i].NormB) {
				t.Fatalf("n=%d point %d: bits changed", n, i)
			}
		}
	}
}

// Points with weight vectors stay in the plain form.
func TestTrajPackKeepsVectorsPlain(t *testing.T) {
	ps := testTrajectory(3)
	ps[1].VecA = []Num{N(1), nil}
	r := Response{Report: &Report{Trajectory: ps}}
	r.PackTrajectory()
	if r.Traj != nil || len(r.Report.Trajectory) != 3 {
		t.Fatal("a trajectory with vectors was packed")
	}
}

// The packed columns are every Num field of a trajectory point, by JSON
// name: a field added to TrajPoint or TrajMeasures must be added to
// trajColumns, or it would be lost on the way to the page.
func TestTrajColumnsCoverEveryNum(t *testing.T) {
	var want []string
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			switch {
			case f.Anonymous:
				walk(f.Type)
			case f.Type == reflect.TypeFor[Num]():
				want = append(want, strings.Split(f.Tag.Get("json"), ",")[0])
			}
		}
	}
	walk(reflect.TypeFor[TrajPoint]())
	var got []string
	for _, c := range trajColumns {
		got = append(got, c.name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("trajColumns %v, want the Num fields %v", got, want)
	}
	// Each accessor reaches its own field.
	var p TrajPoint
	for k, c := range trajColumns {
		*c.num(&p) = N(float64(k))
	}
	b, _ := json.Marshal(p)
	var m map[string]any
	json.Unmarshal(b, &m)
	for k, c := range trajColumns {
		if m[c.name] != float64(k) {
			t.Errorf("column %q reads %v, want %d", c.name, m[c.name], k)
		}
	}
}

// Malformed packs are errors, not wrong trajectories.
func TestTrajPackRejectsMalformed(t *testing.T) {
	good, _ := PackTrajectory(testTrajectory(4))
	for name, bad := range map[string]TrajPack{
		"short data":     {N: good.N, Cols: good.Cols, Data: good.Data[:len(good.Data)-8]},
		"unknown column": {N: good.N, Cols: append(append([]string(nil), good.Cols[:len(good.Cols)-1]...), "nope"), Data: good.Data},
		"negative count": {N: -1, Cols: nil, Data: nil},
	} {
		if _, err := bad.Unpack(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := (&Response{Traj: good}).UnpackTrajectory(); err == nil {
		t.Error("a packed trajectory without a report was accepted")
	}
}

// BenchmarkResultDecode compares decoding a 787-point result with its
// trajectory plain and packed (what the page's thread does per message).
func BenchmarkResultDecode(b *testing.B) {
	benchDecode(b, &Report{Version: Version, Trajectory: testTrajectory(787)}, false)
}

// benchDecode times decoding a result message with report rep, plain and
// packed, the packed numbers beside the text when beside is set (as a
// worker sends them), else inside it.
func benchDecode(b *testing.B, rep *Report, beside bool) {
	plain, _ := json.Marshal(Response{Type: RespResult, Report: rep})
	r := Response{Type: RespResult, Report: rep}
	r.PackTrajectory()
	r.PackCompete()
	var bin []byte
	if beside {
		bin = r.DetachPacked()
	}
	packed, _ := json.Marshal(r)
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		for b.Loop() {
			var got Response
			json.Unmarshal(plain, &got)
		}
	})
	b.Run("packed", func(b *testing.B) {
		b.SetBytes(int64(len(packed) + len(bin)))
		for b.Loop() {
			var got Response
			json.Unmarshal(packed, &got)
			got.AttachPacked(bin)
			got.UnpackTrajectory()
			got.UnpackCompete()
		}
	})
}
