package experiment

import (
	"context"
	"encoding/json"
	"testing"
)

// TestTrajectoryDoesNotChangeTheRun: a run's report is the same bits with
// or without its trajectory, but for the trajectory itself, so the page
// answers a job that does not record it with the report of the same run
// that does (app/sweepctl: recordingTwin). The runs are the overparam
// figure's (the figure that has such pairs), a ReLU run and the default
// run.
func TestTrajectoryDoesNotChangeTheRun(t *testing.T) {
	overparam := []string{"data", "multi", "noise", "0.5", "depth", "2", "initscheme", "entrywise", "init", "1e-9", "lr", "0.04", "steps", "1200", "tol", "1e-12"}
	for _, kv := range [][]string{
		append(overparam, "samples", "700", "fusion", "2"),
		append(overparam, "samples", "70", "fusion", "1"),
		{"act", "relu", "samples", "256", "rho", "0.3"},
		{"rho", "0.5"},
	} {
		if wasm && kv[0] != "data" {
			continue // the overparam runs only, under node
		}
		p := set(t, kv...)
		with, err := Simulate(context.Background(), p, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		without, err := Simulate(context.Background(), p, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(with.Trajectory) == 0 || without.Trajectory != nil {
			t.Fatalf("%v: %d trajectory points with, %d without", kv, len(with.Trajectory), len(without.Trajectory))
		}
		with.Trajectory = nil
		a, _ := json.Marshal(with)
		b, _ := json.Marshal(without)
		if string(a) != string(b) {
			t.Errorf("%v: the reports differ:\n%s\n%s", kv, a, b)
		}
	}
}
