package protocol

import (
	"encoding/binary"
	"fmt"
	"math"
)

// TrajPack is a report's trajectory as it travels from a worker to the page:
// the numbers of each point as little-endian float64s (JSON: base64), NaN
// for an absent value, only the columns some point has. The page's thread
// decoded a 787-point trajectory of JSON objects (420 kB, 20 numbers a
// point, each a pointer) in 60–90 ms, more on a first visit; the packed
// form is a few milliseconds and half the size. Reports elsewhere (the
// command line, exports) keep the plain form.
type TrajPack struct {
	N    int      `json:"n"`    // points
	Cols []string `json:"cols"` // the packed columns after the step, by JSON name
	// Data holds N rows of 1 + len(Cols) float64s: the step, then Cols.
	// A worker sends it beside the message's JSON text, as transferred
	// bytes (worker/worker.go); in the text it is base64.
	Data []byte `json:"data,omitempty"`
}

// trajColumns are the numbers of a trajectory point after its step, named
// by their JSON keys: every Num field of TrajPoint and TrajMeasures.
var trajColumns = []struct {
	name string
	num  func(p *TrajPoint) *Num
}{
	{"t", func(p *TrajPoint) *Num { return &p.T }},
	{"loss", func(p *TrajPoint) *Num { return &p.Loss }},
	{"w_A", func(p *TrajPoint) *Num { return &p.WA }},
	{"w_B", func(p *TrajPoint) *Num { return &p.WB }},
	{"norm_A", func(p *TrajPoint) *Num { return &p.NormA }},
	{"norm_B", func(p *TrajPoint) *Num { return &p.NormB }},
	{"eg", func(p *TrajPoint) *Num { return &p.Eg }},
	{"dec_A", func(p *TrajPoint) *Num { return &p.DecA }},
	{"dec_B", func(p *TrajPoint) *Num { return &p.DecB }},
	{"xor", func(p *TrajPoint) *Num { return &p.Xor }},
	{"lin", func(p *TrajPoint) *Num { return &p.Lin }},
	{"p_f", func(p *TrajPoint) *Num { return &p.PF }},
	{"p_A", func(p *TrajPoint) *Num { return &p.PA }},
	{"p_B", func(p *TrajPoint) *Num { return &p.PB }},
	{"u_AB", func(p *TrajPoint) *Num { return &p.UAB }},
	{"u_BA", func(p *TrajPoint) *Num { return &p.UBA }},
	{"d", func(p *TrajPoint) *Num { return &p.D }},
	{"s_A", func(p *TrajPoint) *Num { return &p.SA }},
	{"s_B", func(p *TrajPoint) *Num { return &p.SB }},
	{"k_A", func(p *TrajPoint) *Num { return &p.KA }},
	{"k_B", func(p *TrajPoint) *Num { return &p.KB }},
	{"feat_A", func(p *TrajPoint) *Num { return &p.FeatA }},
	{"feat_B", func(p *TrajPoint) *Num { return &p.FeatB }},
	{"cont_A", func(p *TrajPoint) *Num { return &p.ContA }},
	{"cont_B", func(p *TrajPoint) *Num { return &p.ContB }},
}

// PackTrajectory packs ps; ok is false when a point holds weight vectors
// (VecA, VecB), which travel in the plain form.
func PackTrajectory(ps []TrajPoint) (t *TrajPack, ok bool) {
	var cols []int
	for j, c := range trajColumns {
		for i := range ps {
			if *c.num(&ps[i]) != nil {
				cols = append(cols, j)
				break
			}
		}
	}
	t = &TrajPack{N: len(ps)}
	for _, j := range cols {
		t.Cols = append(t.Cols, trajColumns[j].name)
	}
	t.Data = make([]byte, 0, len(ps)*(1+len(cols))*8)
	for i := range ps {
		p := &ps[i]
		if p.VecA != nil || p.VecB != nil {
			return nil, false
		}
		t.Data = binary.LittleEndian.AppendUint64(t.Data, math.Float64bits(float64(p.Step)))
		for _, j := range cols {
			v := math.NaN()
			if n := *trajColumns[j].num(p); n != nil {
				v = *n
			}
			t.Data = binary.LittleEndian.AppendUint64(t.Data, math.Float64bits(v))
		}
	}
	return t, true
}

// Unpack returns the trajectory points. A Num is never NaN (N), so NaN
// stands for an absent value without ambiguity.
func (t *TrajPack) Unpack() ([]TrajPoint, error) {
	cols := make([]int, len(t.Cols))
	for k, name := range t.Cols {
		cols[k] = -1
		for j, c := range trajColumns {
			if c.name == name {
				cols[k] = j
			}
		}
		if cols[k] < 0 {
			return nil, fmt.Errorf("packed trajectory: unknown column %q", name)
		}
	}
	row := 1 + len(cols)
	if t.N < 0 || len(t.Data) != t.N*row*8 {
		return nil, fmt.Errorf("packed trajectory: %d bytes for %d points of %d numbers", len(t.Data), t.N, row)
	}
	ps := make([]TrajPoint, t.N)
	vals := make([]float64, t.N*len(cols)) // one allocation for every Num
	at := func(k int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(t.Data[8*k:])) }
	for i := range ps {
		ps[i].Step = int(at(i * row))
		for k, j := range cols {
			if v := at(i*row + 1 + k); !math.IsNaN(v) {
				n := &vals[i*len(cols)+k]
				*n = v
				*trajColumns[j].num(&ps[i]) = n
			}
		}
	}
	return ps, nil
}

// PackTrajectory moves the trajectory of r's report into r.Traj (the
// report is copied, not changed) when it can be packed.
func (r *Response) PackTrajectory() {
	if r.Report == nil || len(r.Report.Trajectory) == 0 {
		return
	}
	if t, ok := PackTrajectory(r.Report.Trajectory); ok {
		rep := *r.Report
		rep.Trajectory = nil
		r.Report, r.Traj = &rep, t
	}
}

// UnpackTrajectory puts a packed trajectory back into r's report.
func (r *Response) UnpackTrajectory() error {
	if r.Traj == nil {
		return nil
	}
	ps, err := r.Traj.Unpack()
	if err != nil {
		return err
	}
	if r.Report == nil {
		return fmt.Errorf("packed trajectory without a report")
	}
	r.Report.Trajectory, r.Traj = ps, nil
	return nil
}
