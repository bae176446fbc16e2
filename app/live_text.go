package app

import (
	"math"
	"net/url"
	"strconv"

	"unibias/engine/params"
	"unibias/figure"
	"unibias/figure/compose"
	"unibias/protocol"
)

// caption says which configuration runs.
func (c *LiveRun) caption() string {
	if c.status == "" {
		return "Press “Train this configuration”, or click a marker in the diagram to watch that simulation."
	}
	s := compose.DescribeQuery(c.query)
	if c.label != "" {
		s = c.label + ": " + s
	}
	if c.sps > 0 {
		s += " · " + figure.FormatSteps(c.sps) + " steps/s"
	}
	return s
}

// readout compares detected and predicted times in words.
func (c *LiveRun) readout() string {
	if c.status == "" {
		return ""
	}
	pta, ptb := c.chartState().Predicted()
	part := func(name string, det, pred float64) string {
		s := name + ": "
		if math.IsNaN(det) {
			s += "not detected yet"
		} else {
			s += "detected at step " + strconv.Itoa(int(det))
		}
		if !math.IsNaN(pred) {
			s += " (predicted " + figure.FormatSig(pred, 4) + ")"
		}
		return s
	}
	s := part("t_A", protocol.V(c.ta), pta) + " · " + part("t_B", protocol.V(c.tb), ptb)
	if c.loss != nil {
		s += " · loss " + figure.FormatSig(*c.loss, 3)
	}
	return s
}

// chartState is the run as the live charts (package compose) draw it.
func (c *LiveRun) chartState() *compose.Live {
	return &compose.Live{Points: c.pts, Theory: c.theory, InitScheme: c.initScheme(), Step: c.step, Budget: c.budget,
		TA: c.ta, TB: c.tb, LinearLoss: c.linear, Started: c.status != "", Measure: firstNonEmpty(c.measure, compose.MeasureKinds[0].Key)}
}

// initScheme is the run's initialisation scheme.
func (c *LiveRun) initScheme() string {
	q, _ := url.ParseQuery(c.query)
	return firstNonEmpty(q.Get("initscheme"), params.Default("initscheme"))
}

// liveFile is the JSON export of the run shown.
func (c *LiveRun) liveFile() LiveFile {
	lf := LiveFile{Unibias: "live", Version: protocol.Version, Query: c.query, Status: c.status, Theory: c.theory, TA: c.ta, TB: c.tb, Trajectory: c.pts}
	if q, err := url.ParseQuery(c.query); err == nil {
		lf.Seed = q.Get("seed")
	}
	if lf.Trajectory == nil {
		lf.Trajectory = []protocol.TrajPoint{}
	}
	return lf
}
