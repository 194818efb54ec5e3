package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"xuezuo"
)

// Hash algorithms of the audit chain. SM3 (GB/T 32905) is the default, as
// 密评 expects; SHA-256 is there for sites that must use it.
const (
	AlgoSM3    = "sm3"
	AlgoSHA256 = "sha256"
)

// GenesisHash is the hash the first seal links to.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// rowDomain and linkDomain separate the two hashes of a seal, so that a row
// hash can never be passed off as a link hash or the other way round.
const (
	rowDomain  = "xuezuo audit row v1\x00"
	linkDomain = "xuezuo audit link v1\x00"
)

// ValidAlgo reports whether algo names a chain hash algorithm.
func ValidAlgo(algo string) bool { return algo == AlgoSM3 || algo == AlgoSHA256 }

// newHash returns a fresh hash of algo.
func newHash(algo string) (hash.Hash, error) {
	switch algo {
	case AlgoSM3:
		return sm3.New(), nil
	case AlgoSHA256:
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("unknown audit hash algorithm %q", algo)
}

// Head is the last seal of the chain: its seq and hash. The server logs it
// daily; verifying against a logged head finds a chain cut short.
type Head struct {
	Seq  int64
	Hash string
}

// String writes the head as SEQ:HASH, the form ParseHead reads.
func (h Head) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseHead reads a head written as SEQ:HASH.
func ParseHead(s string) (Head, error) {
	seq, hx, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	var v xuezuo.Validation
	if !ok || err != nil || n < 1 {
		v.Add("head", "日志头应写成“序号:哈希”，如 1234:9f86d0…（见服务器日志中的 audit chain head 一行）")
	} else if _, err := hex.DecodeString(hx); err != nil || len(hx) != 64 {
		v.Add("head", "日志头中的哈希应为 64 位十六进制数字")
	}
	if err := v.Err(); err != nil {
		return Head{}, err
	}
	return Head{Seq: n, Hash: strings.ToLower(hx)}, nil
}

// Seal is one link of the chain: audit row AuditID sealed as number Seq.
type Seal struct {
	Seq      int64
	AuditID  xuezuo.ID
	Algo     string
	PrevHash string
	RowHash  string // H(the row's fields)
	Hash     string // H(PrevHash || RowHash || Seq)
}

// SealNext seals e after prev with algo.
func SealNext(algo string, prev Head, e Entry) (Seal, error) {
	rh, err := RowHash(algo, e)
	if err != nil {
		return Seal{}, err
	}
	s := Seal{Seq: prev.Seq + 1, AuditID: e.ID, Algo: algo, PrevHash: prev.Hash, RowHash: rh}
	if s.Hash, err = LinkHash(algo, prev.Hash, rh, s.Seq); err != nil {
		return Seal{}, err
	}
	return s, nil
}

// RowHash hashes the canonical encoding of e: every stored field in a fixed
// order, integers as 8 bytes big-endian, texts length-prefixed, so that no
// two different rows encode alike.
func RowHash(algo string, e Entry) (string, error) {
	h, err := newHash(algo)
	if err != nil {
		return "", err
	}
	var at int64
	if !e.At.IsZero() {
		at = e.At.UnixMilli()
	}
	b := make([]byte, 0, 256)
	b = append(b, rowDomain...)
	for _, n := range []int64{e.ID, at, e.UserID, e.TargetID, e.OrgID} {
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	for _, s := range []string{e.Username, e.Action, e.TargetType, e.FieldList(), e.Outcome, e.Remote} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// LinkHash is H(prev || rowHash || seq) over the decoded hashes. A hash
// that is not hex (tampered with) still hashes, as its text, so verifying
// reports a mismatch rather than failing.
func LinkHash(algo, prev, rowHash string, seq int64) (string, error) {
	h, err := newHash(algo)
	if err != nil {
		return "", err
	}
	h.Write([]byte(linkDomain))
	for _, x := range []string{prev, rowHash} {
		raw, err := hex.DecodeString(x)
		if err != nil {
			raw = []byte(x)
		}
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(raw))))
		h.Write(raw)
	}
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(seq)))
	return hex.EncodeToString(h.Sum(nil)), nil
}
