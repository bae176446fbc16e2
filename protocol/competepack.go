package protocol

import (
	"encoding/binary"
	"fmt"
	"math"
)

// CompetePack is a compete report's series (CompeteReport: the recorded
// steps and every run's per-step series) as they travel from a worker to
// the page: little-endian float64s, NaN for an absent value, in JSON as
// base64. The plain form of one report of the "drive" figure is 87 kB of
// JSON numbers, each decoded by reflection into a pointer: the page's
// thread spent most of a result's 12–17 ms decoding it (Chromium, 2
// cores). The rest of the report (names, final losses, statuses) stays
// plain. Reports elsewhere (the command line, exports) keep the plain form.
type CompetePack struct {
	Steps int `json:"steps"` // recorded steps
	Runs  int `json:"runs"`
	// Data holds the Steps step numbers, then, for each run in order, its
	// series in competeSeries's order, Steps numbers each.
	Data []byte `json:"data"`
}

// competeSeries are the per-step series of a CompeteRun, in packed order.
var competeSeries = []func(r *CompeteRun) *[]Num{
	func(r *CompeteRun) *[]Num { return &r.AlignA },
	func(r *CompeteRun) *[]Num { return &r.AlignB },
	func(r *CompeteRun) *[]Num { return &r.WA },
	func(r *CompeteRun) *[]Num { return &r.WB },
	func(r *CompeteRun) *[]Num { return &r.Loss },
	func(r *CompeteRun) *[]Num { return &r.OwnLossA },
	func(r *CompeteRun) *[]Num { return &r.OwnLossB },
	func(r *CompeteRun) *[]Num { return &r.DriveA },
	func(r *CompeteRun) *[]Num { return &r.DriveB },
}

// PackCompete packs c's series; ok is false when there are none or a
// series does not have one number per recorded step (they then travel
// plain). c is not changed.
func PackCompete(c *CompeteReport) (p *CompetePack, ok bool) {
	n := len(c.Steps)
	if n == 0 {
		return nil, false
	}
	for i := range c.Runs {
		for _, s := range competeSeries {
			if len(*s(&c.Runs[i])) != n {
				return nil, false
			}
		}
	}
	p = &CompetePack{Steps: n, Runs: len(c.Runs), Data: make([]byte, 0, 8*n*(1+len(c.Runs)*len(competeSeries)))}
	for _, st := range c.Steps {
		p.Data = binary.LittleEndian.AppendUint64(p.Data, math.Float64bits(float64(st)))
	}
	for i := range c.Runs {
		for _, s := range competeSeries {
			for _, v := range *s(&c.Runs[i]) {
				x := math.NaN()
				if v != nil {
					x = *v
				}
				p.Data = binary.LittleEndian.AppendUint64(p.Data, math.Float64bits(x))
			}
		}
	}
	return p, true
}

// Unpack puts the packed series into c, whose runs are those packed (their
// other fields as sent).
func (p *CompetePack) Unpack(c *CompeteReport) error {
	per := 1 + p.Runs*len(competeSeries)
	if p.Steps < 0 || p.Runs != len(c.Runs) || len(p.Data) != 8*p.Steps*per {
		return fmt.Errorf("packed compete report: %d bytes for %d steps of %d runs (report: %d runs)", len(p.Data), p.Steps, p.Runs, len(c.Runs))
	}
	at := func(k int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(p.Data[8*k:])) }
	c.Steps = make([]int, p.Steps)
	for i := range c.Steps {
		c.Steps[i] = int(at(i))
	}
	vals := make([]float64, p.Steps*(per-1)) // one allocation for every Num
	k := p.Steps
	for i := range c.Runs {
		for _, s := range competeSeries {
			series := make([]Num, p.Steps)
			for j := range series {
				if v := at(k); !math.IsNaN(v) {
					vals[k-p.Steps] = v
					series[j] = &vals[k-p.Steps]
				}
				k++
			}
			*s(&c.Runs[i]) = series
		}
	}
	return nil
}

// PackCompete moves the series of r's compete report into r.CompetePack
// (report and compete report copied, not changed) when they can be packed.
func (r *Response) PackCompete() {
	if r.Report == nil || r.Report.Compete == nil {
		return
	}
	p, ok := PackCompete(r.Report.Compete)
	if !ok {
		return
	}
	c := *r.Report.Compete
	c.Steps = nil
	c.Runs = append([]CompeteRun(nil), c.Runs...)
	for i := range c.Runs {
		for _, s := range competeSeries {
			*s(&c.Runs[i]) = nil
		}
	}
	rep := *r.Report
	rep.Compete = &c
	r.Report, r.CompetePack = &rep, p
}

// UnpackCompete puts a packed compete report's series back into r's report.
func (r *Response) UnpackCompete() error {
	if r.CompetePack == nil {
		return nil
	}
	if r.Report == nil || r.Report.Compete == nil {
		return fmt.Errorf("packed compete series without a compete report")
	}
	if err := r.CompetePack.Unpack(r.Report.Compete); err != nil {
		return err
	}
	r.CompetePack = nil
	return nil
}

// bytes is the length of the packed data of a pack of t's shape.
func (t *TrajPack) bytes() int { return 8 * t.N * (1 + len(t.Cols)) }

// bytes is the length of the packed data of a pack of p's shape.
func (p *CompetePack) bytes() int { return 8 * p.Steps * (1 + p.Runs*len(competeSeries)) }

// DetachPacked takes the packed numbers out of r — its trajectory's, then
// its compete report's — to travel beside its JSON text as one block of
// bytes (a worker transfers them instead of writing them as base64); nil
// when r has none. The packs are copied, not changed.
func (r *Response) DetachPacked() []byte {
	var b []byte
	if r.Traj != nil && r.Traj.Data != nil {
		t := *r.Traj
		b, t.Data = append(b, t.Data...), nil
		r.Traj = &t
	}
	if r.CompetePack != nil && r.CompetePack.Data != nil {
		p := *r.CompetePack
		b, p.Data = append(b, p.Data...), nil
		r.CompetePack = &p
	}
	return b
}

// AttachPacked puts back the packed numbers DetachPacked took out of r,
// b; a nil b leaves r as it came (its packs, if any, carry their data in
// the text).
func (r *Response) AttachPacked(b []byte) error {
	if b == nil {
		return nil
	}
	need := 0
	if r.Traj != nil {
		need += r.Traj.bytes()
	}
	if r.CompetePack != nil {
		need += r.CompetePack.bytes()
	}
	if need != len(b) || need < 0 {
		return fmt.Errorf("%d packed bytes beside the message, %d expected", len(b), need)
	}
	if r.Traj != nil {
		n := r.Traj.bytes()
		r.Traj.Data, b = b[:n:n], b[n:]
	}
	if r.CompetePack != nil {
		r.CompetePack.Data = b
	}
	return nil
}
