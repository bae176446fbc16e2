package experiment

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"testing"
)

// runHash trains 300 steps of p's network and hashes every weight and loss
// bit: the same seed must give the same bits natively and under wasm.
func runHash(t *testing.T, kv ...string) uint64 {
	t.Helper()
	_, r := trainRun(t, 300, kv...)
	h := fnv.New64a()
	var b [8]byte
	for _, w := range r.Net.Weights() {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(w))
		h.Write(b[:])
	}
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(r.Loss()))
	h.Write(b[:])
	return h.Sum64()
}

func TestBitIdenticalAcrossPlatforms(t *testing.T) {
	// Golden hashes computed natively (linux/amd64); `make test` checks them
	// again under GOOS=js GOARCH=wasm. A change here means either the
	// numerics changed on purpose (update the constants) or a platform
	// computes different bits.
	cases := []struct {
		name string
		kv   []string
		want uint64
	}{
		{"aligned L4 moments", []string{"fusion", "2"}, 0x78fa656bb6415d2b},
		{"scaled L3 samples", []string{"depth", "3", "fusion", "2", "initscheme", "scaled", "samples", "64", "rho", "0.3"}, 0x1447bcfce1ee5f67},
		// Late-fusion ReLU with scalar modalities steps on the sign-conditioned
		// moments of its samples (docs/theory.md §9.4): equal to the sample
		// step to rounding (nn.TestSignMomentsEqualSamples), not bit for bit.
		{"entrywise ReLU", []string{"depth", "2", "fusion", "2", "initscheme", "entrywise", "init", "0.01", "act", "relu", "samples", "64"}, 0xc408670fa13e8b3a},
	}
	for _, c := range cases {
		got := runHash(t, c.kv...)
		if got != c.want {
			t.Errorf("%s: hash %#x, golden %#x", c.name, got, c.want)
		}
	}
}
