//go:build js && wasm

package worker

import (
	"encoding/json"
	"syscall/js"
	"testing"

	"unibias/protocol"
)

// decodeRequest reads every field protocol.Request marshals to.
func TestDecodeRequestRoundTrip(t *testing.T) {
	want := protocol.Request{Type: protocol.ReqRun, ID: 7, Gen: 3, Query: "rho=0.5&ratio=2", Trajectory: true, Dense: 120, Action: "speed", N: 25}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRequest(js.ValueOf(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("decoded %+v, want %+v", got, want)
	}
}

func TestDecodeRequestRejectsJunk(t *testing.T) {
	for _, junk := range []any{"{not json", "[1,2]", "42", 42} {
		if _, err := decodeRequest(js.ValueOf(junk)); err == nil {
			t.Errorf("%v: no error", junk)
		}
	}
}
