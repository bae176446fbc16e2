package protocol

// Request types sent from the page to a worker.
const (
	ReqSimulate = "simulate" // one run to the end, answered by a result
	ReqRun      = "run"      // a live run, answered by progress messages
	ReqControl  = "control"  // pause/resume/step/speed/stop a live run
	ReqCancel   = "cancel"   // drop every job of a generation older than Gen
	ReqFigure   = "figure"   // describe the figure of a page query: a preset (preset=NAME) or the phase diagram of the parameters
)

// Response types sent from a worker to the page.
const (
	RespReady    = "ready"
	RespResult   = "result"
	RespProgress = "progress"
	RespError    = "error"
	RespFigure   = "figure"
	// RespExit is posted by the worker's bootstrap (web/worker.js) when its
	// Go program ends: a panic or running out of memory. The page replaces
	// the worker (app/workers_fault.go).
	RespExit = "exit"
)

// Request is a message to a worker. Query holds the full experiment
// parameters as a URL query (package params).
type Request struct {
	Type       string `json:"type"`
	ID         int    `json:"id"`
	Gen        int    `json:"gen"`
	Query      string `json:"query,omitempty"`
	Trajectory bool   `json:"trajectory,omitempty"`
	// Dense is the number of x points of the theory curves (ReqFigure).
	Dense int `json:"dense,omitempty"`
	// Action is "pause", "resume", "step", "speed" or "stop" (ReqControl).
	Action string `json:"action,omitempty"`
	// N is the number of steps for "step" and steps per tick for "speed".
	N int `json:"n,omitempty"`
}

// Response is a message from a worker.
type Response struct {
	Type     string    `json:"type"`
	ID       int       `json:"id"`
	Gen      int       `json:"gen"`
	Report   *Report   `json:"report,omitempty"`
	Plan     *Plan     `json:"plan,omitempty"`
	Figure   *Figure   `json:"figure,omitempty"`
	Progress *Progress `json:"progress,omitempty"`
	Error    string    `json:"error,omitempty"`
	// Millis is the worker's compute time for this answer.
	Millis float64 `json:"ms,omitempty"`
	// StepsPerSec is the training speed of a finished run.
	StepsPerSec float64 `json:"sps,omitempty"`
	// Traj is the report's trajectory, packed for the page (TrajPack).
	Traj *TrajPack `json:"traj,omitempty"`
	// CompetePack is the series of the report's compete report, packed for
	// the page (CompetePack).
	CompetePack *CompetePack `json:"compete_pack,omitempty"`
}

// Plan is an expanded sweep with its theory curves.
type Plan struct {
	X            string    `json:"x"`
	Series       string    `json:"series,omitempty"`
	SeriesValues []float64 `json:"series_values,omitempty"`
	Xs           []float64 `json:"xs"`
	Repeats      int       `json:"repeats"`
	Jobs         []Job     `json:"jobs"`
	Curves       []Curve   `json:"curves"`
	Notices      []string  `json:"notices,omitempty"`
}

// Job is one simulation of a sweep.
type Job struct {
	Series int     `json:"series"`
	XIndex int     `json:"xi"`
	Repeat int     `json:"rep"`
	X      float64 `json:"x"`
	Query  string  `json:"query"`
}

// Curve is the theory along the dense x axis for one series value.
type Curve struct {
	Series int          `json:"series"`
	Points []CurvePoint `json:"points"`
}

// CurvePoint is the theory at one x: the closed form (§5) and the reduced
// ODE (§4), times in steps.
type CurvePoint struct {
	X              float64 `json:"x"`
	Ratio          Num     `json:"ratio"`
	TA             Num     `json:"ta"`
	TB             Num     `json:"tb"`
	ODERatio       Num     `json:"oratio"`
	ODETA          Num     `json:"ota"`
	ODETB          Num     `json:"otb"`
	Misattribution Num     `json:"mis"`
	Plateau        Num     `json:"plateau"`
	Error          string  `json:"err,omitempty"`
}

// Progress is a snapshot of a live run.
type Progress struct {
	Step   int           `json:"step"`
	Status string        `json:"status"`
	Reason string        `json:"reason,omitempty"`
	Paused bool          `json:"paused"`
	Loss   Num           `json:"loss"`
	Points []TrajPoint   `json:"points,omitempty"` // new points since the last snapshot
	Reset  bool          `json:"reset,omitempty"`  // the page should drop earlier points
	TA     Num           `json:"ta"`               // measured so far (steps)
	TB     Num           `json:"tb"`
	Theory *TheoryReport `json:"theory,omitempty"` // sent once, with the first snapshot
	SPS    float64       `json:"sps,omitempty"`
}
