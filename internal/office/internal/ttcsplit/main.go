// Command ttcsplit copies one face of a TrueType Collection (.ttc) into a
// standalone TrueType file, because gopdf reads only plain .ttf files.
//
// It produced internal/office/fonts/wqy-microhei.ttf:
//
//	go run ./internal/office/internal/ttcsplit \
//		/usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0 internal/office/fonts/wqy-microhei.ttf
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ttcsplit:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return errors.New("usage: ttcsplit IN.ttc FACE OUT.ttf")
	}
	face, err := strconv.Atoi(args[1])
	if err != nil {
		return fmt.Errorf("face %q: %w", args[1], err)
	}
	ttc, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	ttf, err := split(ttc, face)
	if err != nil {
		return err
	}
	return os.WriteFile(args[2], ttf, 0o644)
}

// table is one entry of an sfnt table directory.
type table struct {
	tag      [4]byte
	checksum uint32
	offset   uint32
	length   uint32
}

// split returns face number face of the collection ttc as a standalone sfnt.
// Table data is copied unchanged, so every table checksum stays valid; only
// the offsets and head.checkSumAdjustment are rewritten.
func split(ttc []byte, face int) ([]byte, error) {
	be := binary.BigEndian
	if len(ttc) < 12 || string(ttc[:4]) != "ttcf" {
		return nil, errors.New("not a TrueType collection")
	}
	n := int(be.Uint32(ttc[8:]))
	if face < 0 || face >= n || len(ttc) < 12+4*n {
		return nil, fmt.Errorf("face %d out of range (collection has %d)", face, n)
	}
	dir := int(be.Uint32(ttc[12+4*face:]))
	if dir+12 > len(ttc) {
		return nil, errors.New("face offset beyond end of file")
	}
	numTables := int(be.Uint16(ttc[dir+4:]))
	if dir+12+16*numTables > len(ttc) {
		return nil, errors.New("table directory beyond end of file")
	}
	tables := make([]table, numTables)
	for i := range tables {
		rec := ttc[dir+12+16*i:]
		t := table{checksum: be.Uint32(rec[4:]), offset: be.Uint32(rec[8:]), length: be.Uint32(rec[12:])}
		copy(t.tag[:], rec[:4])
		if uint64(t.offset)+uint64(t.length) > uint64(len(ttc)) {
			return nil, fmt.Errorf("table %s beyond end of file", t.tag[:])
		}
		tables[i] = t
	}

	// The offset table header (version, numTables, searchRange…) is the same
	// in a collection face and in a standalone file, so copy it verbatim.
	out := make([]byte, 12+16*numTables)
	copy(out, ttc[dir:dir+12])
	headAt := -1
	for i, t := range tables {
		at := len(out)
		out = append(out, ttc[t.offset:t.offset+t.length]...)
		for len(out)%4 != 0 { // tables start on 4-byte boundaries
			out = append(out, 0)
		}
		rec := out[12+16*i:]
		copy(rec, t.tag[:])
		be.PutUint32(rec[4:], t.checksum)
		be.PutUint32(rec[8:], uint32(at))
		be.PutUint32(rec[12:], t.length)
		if string(t.tag[:]) == "head" {
			headAt = at
		}
	}
	if headAt < 0 || headAt+12 > len(out) {
		return nil, errors.New("no head table")
	}
	// head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA; it is
	// computed with the field itself zeroed.
	be.PutUint32(out[headAt+8:], 0)
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

// checksum is the sfnt checksum: the sum of big-endian uint32 words.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	return sum
}
