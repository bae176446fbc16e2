package train

import (
	"math"
	"math/rand/v2"

	"unibias/engine/nn"
	"unibias/engine/remedy"
	"unibias/engine/stats"
)

// streamRemedy is the PCG stream of the remedies' random draws (GE noise,
// dropout masks, the random schedule), independent of data and init.
const streamRemedy = 0x2e3ed

// stepKind says which modalities a step sees.
type stepKind struct{ withholdA, withholdB bool }

// stage is the gradient stage of docs/theory.md §10.0 with the remedies'
// schedules: it computes the gradient of one step (on moments for linear
// nets, on samples otherwise), lets the active remedies change it, and
// applies it. The plain step of Runner.Advance is used when no remedy is
// active, so such runs stay bit-identical.
type stage struct {
	cfg     remedy.Config
	g       *nn.Grad
	roles   []nn.Role
	moments bool
	rng     *rand.Rand

	mom  map[stepKind]*stats.Moments // training moments per kind (dropout applied)
	xs   map[stepKind][]float64      // samples per kind (withheld columns zeroed)
	mask []float64                   // per-step dropout copy of the samples

	// Wu et al.'s balanced training (§10.1).
	pending int  // re-balancing steps left
	alone   byte // the modality those steps train ('A' or 'B')
	regular bool // the current step is a regular one

	// Capability-weighted fusion (§10.3).
	gainA, gainB float64
	save         []float64

	// OGM (§10.4): the coefficients of the latest step.
	kA, kB float64
}

func newStage(r *Runner, cfg remedy.Config) *stage {
	st := &stage{cfg: cfg, g: r.Net.NewGrad(), roles: r.Net.Roles(), moments: r.Net.Arch().MomentForm() && !r.Opt.Samples,
		rng:   rand.New(rand.NewPCG(cfg.Seed, streamRemedy)),
		mom:   map[stepKind]*stats.Moments{},
		xs:    map[stepKind][]float64{},
		gainA: 1, gainB: 1, kA: 1, kB: 1,
		save: make([]float64, r.Net.FusionSize()),
	}
	return st
}

// kind decides the step's schedule: the deficit window withholds B; Wu's
// re-balancing steps withhold the other modality; the random variant draws
// regular / A alone / B alone uniformly.
func (st *stage) kind(step int) stepKind {
	var k stepKind
	st.regular = true
	switch st.cfg.Wu {
	case remedy.WuBalanced:
		if st.pending > 0 {
			st.regular = false
			st.pending--
			k = st.aloneKind(st.alone)
		}
	case remedy.WuRandom:
		switch st.rng.IntN(3) {
		case 1:
			st.regular, k = false, st.aloneKind('A')
		case 2:
			st.regular, k = false, st.aloneKind('B')
		}
	}
	if step < st.cfg.Deficit {
		k.withholdB = true
	}
	return k
}

func (st *stage) aloneKind(m byte) stepKind {
	if m == 'A' {
		return stepKind{withholdB: true}
	}
	return stepKind{withholdA: true}
}

// momentsFor returns the training moments of a step kind (cached).
func (st *stage) momentsFor(r *Runner, k stepKind) *stats.Moments {
	if m, ok := st.mom[k]; ok {
		return m
	}
	m := r.Data.Train
	if k.withholdA || k.withholdB {
		m = m.Withhold(k.withholdA, k.withholdB)
	}
	if st.cfg.DropA > 0 || st.cfg.DropB > 0 {
		m = m.Dropout(st.cfg.DropA, st.cfg.DropB, st.cfg.Rescale)
	}
	st.mom[k] = &m
	return &m
}

// samplesFor returns the training inputs of a step kind: withheld
// modalities zeroed (cached), then a fresh dropout mask per sample.
func (st *stage) samplesFor(r *Runner, k stepKind) []float64 {
	a := r.Net.Arch()
	d := a.DA + a.DB
	X, ok := st.xs[k]
	if !ok {
		X = r.Data.X
		if k.withholdA || k.withholdB {
			X = append([]float64(nil), r.Data.X...)
			for i := 0; i < len(X); i += d {
				if k.withholdA {
					clear(X[i : i+a.DA])
				}
				if k.withholdB {
					clear(X[i+a.DA : i+d])
				}
			}
		}
		st.xs[k] = X
	}
	if st.cfg.DropA == 0 && st.cfg.DropB == 0 {
		return X
	}
	if len(st.mask) != len(X) {
		st.mask = make([]float64, len(X))
	}
	copy(st.mask, X)
	scale := func(p float64) float64 {
		if st.cfg.Rescale {
			return 1 / (1 - p)
		}
		return 1
	}
	sA, sB := scale(st.cfg.DropA), scale(st.cfg.DropB)
	for i := 0; i < len(X); i += d {
		row := st.mask[i : i+d]
		mul := func(part []float64, p, s float64) {
			if p == 0 {
				return
			}
			c := s
			if st.rng.Float64() < p {
				c = 0
			}
			for j := range part {
				part[j] *= c
			}
		}
		mul(row[:a.DA], st.cfg.DropA, sA)
		mul(row[a.DA:], st.cfg.DropB, sB)
	}
	return st.mask
}

// gains runs fn with the capability gains in the fusion blocks.
func (st *stage) gains(n *nn.Net, fn func()) {
	if !st.cfg.Capability || (st.gainA == 1 && st.gainB == 1) {
		fn()
		return
	}
	n.FusionGains(st.gainA, st.gainB, st.save, fn)
}

// step takes one step with the remedies and returns the loss of the state
// before it on the true training data; r.wa, r.wb get that state's total
// maps (with the capability gains applied).
func (st *stage) step(r *Runner) float64 {
	n, cfg := r.Net, st.cfg
	k := st.kind(r.step)
	if cfg.Capability && r.step%max(cfg.CapEvery, 1) == 0 {
		sA, sB := r.scores()
		st.gainA, st.gainB = remedy.CapabilityGains(sA, sB)
	}
	modified := k.withholdA || k.withholdB || cfg.DropA > 0 || cfg.DropB > 0
	var loss float64
	st.gains(n, func() {
		if st.moments {
			m := st.momentsFor(r, k)
			loss = n.GradMomentsInto(m, st.g)
			n.LastTotal(r.wa, r.wb)
			if modified {
				loss = r.Data.Train.Loss(append(append([]float64(nil), r.wa...), r.wb...))
			}
		} else {
			n.Total(r.wa, r.wb)
			loss = n.GradSamplesInto(st.samplesFor(r, k), r.Data.Y, st.g)
			if modified {
				loss = n.LossSamples(r.Data.X, r.Data.Y)
			}
		}
	})
	if cfg.Capability {
		for i, role := range st.roles {
			switch role {
			case nn.FusionA:
				scaleSlice(st.g.Layers[i], st.gainA)
			case nn.FusionB:
				scaleSlice(st.g.Layers[i], st.gainB)
			}
		}
	}
	if st.regular {
		gA, tA, gB, tB := n.ModalityNorms(st.g)
		r.accumulateSpeed(gA, tA, gB, tB)
		if cfg.Wu == remedy.WuBalanced && r.step >= cfg.Warmup {
			if d := r.SpeedImbalance(); math.Abs(d) > cfg.Eps {
				st.pending = cfg.Q
				st.alone = 'A'
				if d < 0 {
					st.alone = 'B'
				}
			}
		}
	}
	if cfg.OGM != "" && cfg.OGM != remedy.OGMOff && float64(r.step) < cfg.Window*float64(r.Opt.Steps) {
		st.modulate(r)
	}
	n.Apply(st.g, r.Opt.LR)
	return loss
}

// modulate applies OGM's coefficients to the encoders (and, when asked, the
// fusion blocks) and, for OGM-GE, adds Gaussian noise with the unbiased
// spread of each unmodulated gradient (docs/theory.md §10.4).
func (st *stage) modulate(r *Runner) {
	sA, sB := r.scoresAt(r.wa, r.wb)
	st.kA, st.kB = remedy.OGMCoefficients(sA, sB, st.cfg.Alpha, st.cfg.Continuous)
	for i, role := range st.roles {
		var c float64
		switch {
		case role == nn.PrivateA || (st.cfg.Fusion && role == nn.FusionA):
			c = st.kA
		case role == nn.PrivateB || (st.cfg.Fusion && role == nn.FusionB):
			c = st.kB
		default:
			continue
		}
		g := st.g.Layers[i]
		sd := 0.0
		if st.cfg.OGM == remedy.OGMGE {
			sd = nn.UnbiasedStd(g) + 1e-8
		}
		for j := range g {
			g[j] *= c
			if sd > 0 {
				g[j] += sd * st.rng.NormFloat64()
			}
		}
	}
}

func scaleSlice(v []float64, c float64) {
	for i := range v {
		v[i] *= c
	}
}
