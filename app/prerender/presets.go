//go:build !js

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"unibias/app"
	"unibias/protocol"
	"unibias/worker/serve"
)

// writePresets writes the description of every preset figure, the JSON a
// theory worker would send for the query "preset=NAME", into the site
// folder site at app.PresetDescriptionPath(NAME). A preset page fetches its
// own while WebAssembly loads and starts its simulations as soon as the
// workers are up, instead of first waiting for a worker to compute the
// theory.
func writePresets(site string) error {
	for _, pr := range protocol.Presets {
		path := filepath.Join(site, filepath.FromSlash(app.PresetDescriptionPath(pr.Name)))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		fig, _, err := serve.Describe(app.KeyPreset+"="+pr.Name, denseTheory)
		if err != nil {
			return fmt.Errorf("preset %s: %w", pr.Name, err)
		}
		b, err := json.Marshal(fig)
		if err != nil {
			return fmt.Errorf("preset %s: %w", pr.Name, err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
