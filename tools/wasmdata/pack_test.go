package main

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// module builds a WebAssembly module with a custom section before and a
// custom section after a data section of segs, in their order.
func module(segs []segment) []byte {
	custom := func(name, payload string) []byte {
		body := appendULEB(nil, uint64(len(name)))
		body = append(append(body, name...), payload...)
		return append(appendULEB([]byte{0}, uint64(len(body))), body...)
	}
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, custom("before", "x")...)
	sec := writeSegments(segs)
	m = append(m, dataSection)
	m = append(appendULEB(m, uint64(len(sec))), sec...)
	return append(m, custom("after", "yz")...)
}

// dataSegments reads the segments of mod's data section, in their order.
func dataSegments(t *testing.T, mod []byte) []segment {
	t.Helper()
	for i := 8; i < len(mod); {
		n, k, err := readULEB(mod[i+1:])
		if err != nil {
			t.Fatal(err)
		}
		if mod[i] == dataSection {
			segs, err := readSegments(mod[i+1+k : i+1+k+int(n)])
			if err != nil {
				t.Fatal(err)
			}
			return segs
		}
		i += 1 + k + int(n)
	}
	t.Fatal("no data section")
	return nil
}

// image is the first size bytes of the memory mod's data section writes,
// applied in order (the test's far segment is checked apart).
func image(t *testing.T, mod []byte, size int) []byte {
	t.Helper()
	mem := make([]byte, size)
	for _, s := range dataSegments(t, mod) {
		if s.offset < int64(size) {
			copy(mem[s.offset:], s.data)
		}
	}
	return mem
}

// Packing keeps the memory image byte for byte, joins segments that lie
// close, keeps apart those that do not, and copies other sections.
func TestPackKeepsMemory(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var segs []segment
	at, runs := int64(4096), 0
	for range 500 {
		data := make([]byte, 1+r.IntN(40))
		for i := range data {
			data[i] = byte(1 + r.IntN(255))
		}
		segs = append(segs, segment{at, data})
		at += int64(len(data)) + int64(8+r.IntN(60))
		if r.IntN(50) == 0 {
			at += 10000 // a long run of zeros: the segments stay apart there
			runs++
		}
	}
	far := segment{int64(1) << 31, []byte{7, 7}} // an offset beyond int32
	segs = append(segs, far)
	r.Shuffle(len(segs), func(i, j int) { segs[i], segs[j] = segs[j], segs[i] })
	mod := module(segs)
	packed, st, err := Pack(mod, 4096)
	if err != nil {
		t.Fatal(err)
	}
	// One segment per stretch between long runs of zeros (the last run
	// may follow the last segment), and the far one.
	if st.Before != len(segs) || st.After < runs+1 || st.After > runs+2 {
		t.Errorf("segments %d → %d, want %d → %d or %d", st.Before, st.After, len(segs), runs+1, runs+2)
	}
	size := int(at) + 100
	if !bytes.Equal(image(t, mod, size), image(t, packed, size)) {
		t.Error("the memory image changed")
	}
	got := dataSegments(t, packed)
	if last := got[len(got)-1]; last.offset != far.offset || !bytes.Equal(last.data, far.data) {
		t.Errorf("far segment: got offset %d", last.offset)
	}
	if !bytes.HasPrefix(packed, mod[:16]) || !bytes.HasSuffix(packed, mod[len(mod)-10:]) {
		t.Error("other sections changed")
	}
	// A gap of 1 joins nothing here: every segment is at least 8 apart.
	if _, st, _ := Pack(mod, 1); st.After != len(segs) {
		t.Errorf("gap 1: %d segments, want %d", st.After, len(segs))
	}
}

// Overlapping segments are not joined, and keep their order.
func TestPackOverlap(t *testing.T) {
	segs := []segment{{100, []byte{1, 1, 1, 1}}, {102, []byte{2, 2}}}
	packed, st, err := Pack(module(segs), 4096)
	if err != nil || st.After != 2 {
		t.Fatalf("after %d, err %v", st.After, err)
	}
	if got := image(t, packed, 120)[100:104]; !bytes.Equal(got, []byte{1, 1, 2, 2}) {
		t.Errorf("memory %v", got)
	}
}

// A module it cannot read is refused, not rewritten.
func TestPackRefuses(t *testing.T) {
	passive := []byte("\x00asm\x01\x00\x00\x00\x0b\x05\x01\x01\x02ab")
	for name, mod := range map[string][]byte{
		"not wasm":        []byte("hello world"),
		"no data section": []byte("\x00asm\x01\x00\x00\x00"),
		"passive segment": passive,
		"truncated":       module([]segment{{8, []byte{1, 2, 3}}})[:20],
	} {
		if _, _, err := Pack(mod, 4096); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
