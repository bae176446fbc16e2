package protocol

import "strconv"

// A Figure is a preset: theory content computed by a worker at once, plus
// simulation jobs whose results the page adds as they arrive. It is generic
// enough for every figure of docs/theory.md §7: curves against a swept parameter,
// trajectories, heat maps, planes with vector fields and scatter plots.
type Figure struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Caption string   `json:"caption"` // two or three plain sentences for a classroom
	Section string   `json:"section"` // docs/theory.md section(s) it reproduces
	Query   string   `json:"query"`   // the parameters a user starts from when leaving the preset
	Panels  []Panel  `json:"panels"`
	Jobs    []FigJob `json:"jobs"`
	// Legend names the series (index = FigJob.Series and Line.Series).
	Legend []string `json:"legend"`
	// Plan is set for the phase diagram: the sweep's theory curves; its
	// jobs are Jobs (see DiagramFigure).
	Plan *Plan `json:"plan,omitempty"`
}

// Panel is one plot of a figure.
type Panel struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	XLabel string `json:"xlabel"`
	YLabel string `json:"ylabel"`
	XLog   bool   `json:"xlog,omitempty"`
	YLog   bool   `json:"ylog,omitempty"`
	XMin   Num    `json:"xmin,omitempty"`
	XMax   Num    `json:"xmax,omitempty"`
	YMin   Num    `json:"ymin,omitempty"`
	YMax   Num    `json:"ymax,omitempty"`
	// XTicks, when set, label the x axis at fixed positions (categories).
	XTicks []Mark  `json:"xticks,omitempty"`
	Lines  []Line  `json:"lines,omitempty"`  // theory curves
	Heat   *Heat   `json:"heat,omitempty"`   // a theory heat map
	Arrows []Arrow `json:"arrows,omitempty"` // a vector field (unit directions, scaled by the page)
	Marks  []Mark  `json:"marks,omitempty"`  // labelled theory points (fixed points)
	Bands  []Band  `json:"bands,omitempty"`  // shaded regions between two curves
	// Click, when set, makes the plane clickable: a click at (x, y) starts a
	// run of Click.Query with XParam = x and YParam = y (×YScale).
	Click *Click `json:"click,omitempty"`
	// Connect joins the simulated markers of each series by a line, in
	// order of x (a curve measured point by point).
	Connect bool `json:"connect,omitempty"`
	// Compare names what the simulated marks of this panel are compared
	// with for the agreement readout ("ratio", "misattribution", "identity").
	Compare string `json:"compare,omitempty"`
	// Tol is the tolerance of docs/theory.md §8.6 for that comparison (relative
	// for ratios, absolute for misattribution); 0 = none stated.
	Tol float64 `json:"tol,omitempty"`
}

// Line is a theory curve (or a straight reference line).
type Line struct {
	Label  string       `json:"label"`
	Series int          `json:"series"`
	Dash   bool         `json:"dash,omitempty"`
	Points [][2]float64 `json:"points"`
	// Vertical/Horizontal mark a reference at a single coordinate.
	Kind string  `json:"kind,omitempty"` // "", "vline", "hline"
	At   float64 `json:"at,omitempty"`
}

// Heat is a theory heat map on a regular grid: Z[j][i] at (Xs[i], Ys[j]).
type Heat struct {
	Label     string      `json:"label"`
	Xs        []float64   `json:"xs"`
	Ys        []float64   `json:"ys"`
	Z         [][]float64 `json:"z"`
	LogColour bool        `json:"log,omitempty"`
	Diverging bool        `json:"diverging,omitempty"`
	// Contours are level lines with their level in the label.
	Contours []Line `json:"contours,omitempty"`
}

// Arrow is one vector-field sample at (X, Y) with unit direction (DX, DY)
// and relative speed S in [0, 1].
type Arrow struct {
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
	DX float64 `json:"dx"`
	DY float64 `json:"dy"`
	S  float64 `json:"s"`
}

// Mark is a labelled theory point.
type Mark struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Label string  `json:"label"`
}

// Band is a shaded region between curves Lower and Upper over the same xs.
type Band struct {
	Label string       `json:"label"`
	Lower [][2]float64 `json:"lower"`
	Upper [][2]float64 `json:"upper"`
	Tone  int          `json:"tone"` // 0, 1, 2: light to dark
}

// Click describes a clickable plane.
type Click struct {
	Query   string `json:"query"`
	XParam  string `json:"xparam"`
	YParam  string `json:"yparam"`
	Panel   string `json:"panel"`   // where the run's trajectory is drawn
	Extract string `json:"extract"` // as FigJob.Extract
}

// FigJob is one simulation of a figure.
type FigJob struct {
	Query string `json:"query"`
	Panel string `json:"panel"`
	// Series selects colour and legend entry; Shape the marker
	// ("circle", "cross", "triangle", "square").
	Series int     `json:"series"`
	Shape  string  `json:"shape,omitempty"`
	Label  string  `json:"label,omitempty"`
	X      float64 `json:"x"`
	Y      float64 `json:"y,omitempty"` // for markers on a plane (heat maps)
	// Compare overrides the panel's comparison for this job ("none" to
	// exclude it from the agreement readout); Tol likewise.
	Compare string  `json:"compare,omitempty"`
	Tol     float64 `json:"tol,omitempty"`
	// Extract says what to draw from the report:
	//   "ratio"           marker (X, simulated t_B/t_A)
	//   "times"           markers (X, t_A) and (X, t_B) in steps
	//   "misattribution"  marker (X, measured misattribution)
	//   "scatter"         marker (theory ratio, simulated ratio)
	//   "loss"            line ℒ/ℒ(0) vs step
	//   "weights"         lines W_A, W_B vs step (with detected t_A, t_B)
	//   "eg"              line E_g vs step
	//   "portrait"        path (W_A, W_B)
	//   "xor"             lines of the XOR and linear parts of ŷ vs step
	//   "split"           markers ‖W_A‖, ‖W_B‖ at the end
	//   "heat-ratio"      marker at (X, Y) labelled with the simulated ratio
	Extract    string `json:"extract"`
	Trajectory bool   `json:"trajectory,omitempty"`
	// OnDemand jobs run only when the user asks (coarse simulated grids).
	OnDemand bool `json:"ondemand,omitempty"`
}

// DiagramName is the figure name of the phase diagram.
const DiagramName = "diagram"

// DiagramFigure wraps a sweep's plan as the figure of the phase diagram:
// one job per simulation of the plan, in the plan's order, drawn in the
// panel of its series (docs/theory.md §7).
func DiagramFigure(plan *Plan) *Figure {
	f := &Figure{Name: DiagramName, Title: "Phase diagram: when is each modality learned?", Plan: plan, Jobs: []FigJob{}}
	for _, j := range plan.Jobs {
		f.Jobs = append(f.Jobs, FigJob{Query: j.Query, Panel: "phase-" + strconv.Itoa(j.Series), Series: j.Series, X: j.X, Extract: "times"})
	}
	return f
}
