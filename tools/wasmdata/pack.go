package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Stats counts the data segments before and after Pack.
type Stats struct{ Before, After int }

// segment is an active data segment of memory 0: bytes placed at offset.
type segment struct {
	offset int64
	data   []byte
}

const dataSection = 11

// Pack returns mod with its data section rewritten: the active segments,
// sorted by offset, joined where fewer than gap zero bytes lie between
// two of them (overlapping segments are never joined). Every other section
// is copied byte for byte.
func Pack(mod []byte, gap int) ([]byte, Stats, error) {
	if len(mod) < 8 || !bytes.Equal(mod[:4], []byte("\x00asm")) {
		return nil, Stats{}, errors.New("not a WebAssembly module")
	}
	out := append([]byte(nil), mod[:8]...)
	var st Stats
	found := false
	for i := 8; i < len(mod); {
		id := mod[i]
		size, n, err := readULEB(mod[i+1:])
		if err != nil || i+1+n+int(size) > len(mod) {
			return nil, Stats{}, fmt.Errorf("section at byte %d: bad size", i)
		}
		body := mod[i+1+n : i+1+n+int(size)]
		next := i + 1 + n + int(size)
		if id != dataSection {
			out = append(out, mod[i:next]...)
			i = next
			continue
		}
		segs, err := readSegments(body)
		if err != nil {
			return nil, Stats{}, err
		}
		merged := join(segs, gap)
		st, found = Stats{len(segs), len(merged)}, true
		sec := writeSegments(merged)
		out = append(out, dataSection)
		out = appendULEB(out, uint64(len(sec)))
		out = append(out, sec...)
		i = next
	}
	if !found {
		return nil, Stats{}, errors.New("no data section")
	}
	return out, st, nil
}

// readSegments reads a data section of active segments of memory 0 with an
// i32.const offset (flag 0), the form Go's linker writes.
func readSegments(body []byte) ([]segment, error) {
	count, n, err := readULEB(body)
	if err != nil {
		return nil, err
	}
	p := body[n:]
	segs := make([]segment, 0, count)
	for k := uint64(0); k < count; k++ {
		if len(p) < 2 || p[0] != 0 || p[1] != 0x41 { // flag 0, i32.const
			return nil, fmt.Errorf("data segment %d: not an active segment with a constant offset", k)
		}
		off, n, err := readSLEB(p[2:])
		if err != nil || len(p) < 2+n+1 || p[2+n] != 0x0b { // end
			return nil, fmt.Errorf("data segment %d: bad offset", k)
		}
		p = p[2+n+1:]
		size, n, err := readULEB(p)
		if err != nil || uint64(len(p)-n) < size {
			return nil, fmt.Errorf("data segment %d: bad size", k)
		}
		segs = append(segs, segment{int64(uint32(off)), p[n : n+int(size)]}) // i32 offsets are unsigned
		p = p[n+int(size):]
	}
	if len(p) != 0 {
		return nil, errors.New("data section: bytes after the last segment")
	}
	return segs, nil
}

// join sorts segs by offset and joins neighbours fewer than gap bytes
// apart, writing the zeros between them.
func join(segs []segment, gap int) []segment {
	sorted := slices.Clone(segs)
	slices.SortStableFunc(sorted, func(a, b segment) int { return cmp.Compare(a.offset, b.offset) })
	var out []segment
	for _, s := range sorted {
		if len(out) > 0 {
			last := &out[len(out)-1]
			between := s.offset - (last.offset + int64(len(last.data)))
			if between >= 0 && between < int64(gap) {
				last.data = append(append(last.data, make([]byte, between)...), s.data...)
				continue
			}
		}
		out = append(out, segment{s.offset, slices.Clone(s.data)})
	}
	return out
}

// writeSegments encodes segs as the body of a data section.
func writeSegments(segs []segment) []byte {
	b := appendULEB(nil, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendSLEB(b, int64(int32(uint32(s.offset)))) // i32.const takes a signed number
		b = append(b, 0x0b)
		b = appendULEB(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

func readULEB(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("bad LEB128 number")
}

func readSLEB(b []byte) (int64, int, error) {
	var v int64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= int64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			if shift := 7 * (i + 1); shift < 64 && b[i]&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("bad LEB128 number")
}

func appendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
