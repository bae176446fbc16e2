package preset

import (
	"testing"

	"unibias/protocol"
)

// TestRegistryMatchesProtocolPresets checks that the menu list
// (protocol.Presets) and the builders agree: every listed preset has a
// builder, every builder is listed, and no name is listed twice.
func TestRegistryMatchesProtocolPresets(t *testing.T) {
	listed := map[string]bool{}
	for _, p := range protocol.Presets {
		if listed[p.Name] {
			t.Errorf("preset %q is listed twice", p.Name)
		}
		listed[p.Name] = true
		if p.Title == "" || p.Section == "" {
			t.Errorf("preset %q lacks a title or section", p.Name)
		}
		if registry[p.Name] == nil {
			t.Errorf("preset %q is listed in protocol.Presets but has no builder", p.Name)
		}
	}
	for name := range registry {
		if !listed[name] {
			t.Errorf("builder %q is not listed in protocol.Presets", name)
		}
	}
	if len(List()) != len(protocol.Presets) || len(Names()) != len(protocol.Presets) {
		t.Errorf("List/Names disagree with protocol.Presets")
	}
}
