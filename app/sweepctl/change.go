package sweepctl

import "strconv"

// Change says what a call of Controller.OnChange has to redraw.
type Change int

const (
	// FigureChanged: a new figure is shown (a description, an imported
	// run, an added job), or the figure was cleared by an error, or the
	// Controller was restarted or stopped: redraw the whole figure.
	FigureChanged Change = iota + 1
	// ResultsChanged: only results, progress or the elapsed time changed:
	// redraw the figure's simulated marks and its status.
	ResultsChanged
)

// String names the change for test and log messages.
func (ch Change) String() string {
	switch ch {
	case FigureChanged:
		return "FigureChanged"
	case ResultsChanged:
		return "ResultsChanged"
	}
	return "Change(" + strconv.Itoa(int(ch)) + ")"
}
