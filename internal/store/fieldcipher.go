package store

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm4"

	"xuezuo"
)

// This file is the field encryption of issue 12 (密评, GB/T 39786): members'
// phone numbers sealed with SM4-GCM under a key kept in a file outside the
// database. fieldkey.go checks the key at Open and encrypts in place.

// FieldKeySize is the length of an SM4 key in bytes.
const FieldKeySize = sm4.BlockSize

// sealedPrefix starts every sealed value: the algorithm and the format's
// version, then base64 (standard alphabet, no padding) of nonce ‖ ciphertext ‖ tag.
const sealedPrefix = "sm4gcm:1:"

const (
	nonceSize = 12 // GCM's standard nonce, random per value
	tagSize   = 16
)

// errUnsealed is the error of a value that should be sealed and is not, or
// does not open: the row was altered, moved to another row, or the key is wrong.
var errUnsealed = errors.New("field does not open")

// fieldCipher seals and opens column values. A nil *fieldCipher is the
// database without a field key: values pass through as they are, at the
// cost of one nil check.
type fieldCipher struct {
	aead cipher.AEAD
}

// newFieldCipher returns the SM4-GCM cipher of a 16-byte key.
func newFieldCipher(key []byte) (*fieldCipher, error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(b)
	if err != nil {
		return nil, err
	}
	return &fieldCipher{aead: aead}, nil
}

// fieldAAD binds a sealed value to its column and row, so a ciphertext
// copied into another row (or column) does not open there.
func fieldAAD(column string, id xuezuo.ID) []byte {
	return strconv.AppendInt([]byte(column+":"), id, 10)
}

// seal encrypts plain for column of row id. The empty value stays empty:
// it is what "no phone" is on every path, the benchmark import included.
func (c *fieldCipher) seal(column string, id xuezuo.ID, plain string) string {
	if c == nil || plain == "" {
		return plain
	}
	buf := make([]byte, nonceSize, nonceSize+len(plain)+tagSize)
	if _, err := rand.Read(buf); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	buf = c.aead.Seal(buf, buf[:nonceSize], []byte(plain), fieldAAD(column, id))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(buf)
}

// open decrypts a stored value of column in row id. With a key, every
// non-empty value must be sealed for exactly that row.
func (c *fieldCipher) open(column string, id xuezuo.ID, stored string) (string, error) {
	if c == nil || stored == "" {
		return stored, nil
	}
	raw, err := parseSealed(stored)
	if err != nil {
		return "", err
	}
	plain, err := c.aead.Open(nil, raw[:nonceSize], raw[nonceSize:], fieldAAD(column, id))
	if err != nil {
		return "", errUnsealed
	}
	return string(plain), nil
}

// openMember decrypts a member's phone, with the error the front doors
// show as a 500 and the operator reads in the log.
func (c *fieldCipher) openMember(id xuezuo.ID, stored string) (string, error) {
	p, err := c.open("members.phone", id, stored)
	if err != nil {
		return "", &xuezuo.Error{Code: xuezuo.EInternal,
			Message: "党员 " + strconv.FormatInt(id, 10) + " 的手机号无法解密：该行的密文与本行不符、已被改动，或密钥不对",
			Err:     err}
	}
	return p, nil
}

// sealMember encrypts a member's phone for its row.
func (c *fieldCipher) sealMember(id xuezuo.ID, plain string) string {
	return c.seal("members.phone", id, plain)
}

// parseSealed decodes the stored marker format: sealedPrefix, then the
// base64 of at least a nonce and a tag. It never decrypts.
func parseSealed(s string) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, sealedPrefix)
	// The decoder skips line breaks; a stored value has none, so one
	// found here means the value was altered.
	if !ok || strings.ContainsAny(rest, "\r\n") {
		return nil, errUnsealed
	}
	raw, err := base64.RawStdEncoding.Strict().DecodeString(rest)
	if err != nil || len(raw) < nonceSize+tagSize {
		return nil, errUnsealed
	}
	return raw, nil
}

// ParseFieldKey reads a key file's contents: 32 hexadecimal digits (the
// 16-byte SM4 key), surrounding blanks and a final newline allowed.
func ParseFieldKey(data []byte) ([]byte, error) {
	s := strings.TrimSpace(string(data))
	if len(s) != 2*FieldKeySize {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "字段加密密钥文件应只含 %d 位十六进制数字（16 字节的 SM4 密钥），现有 %d 个字符：请用 xuezuo fieldkey new 文件 生成", 2*FieldKeySize, len(s))
	}
	key, err := hex.DecodeString(s)
	if err != nil {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "字段加密密钥文件含有十六进制数字（0-9、a-f）以外的字符：请用 xuezuo fieldkey new 文件 重新生成")
	}
	return key, nil
}

// NewFieldKey returns a random key in the key file's format (ParseFieldKey
// reads it), newline included.
func NewFieldKey() []byte {
	key := make([]byte, FieldKeySize)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return []byte(hex.EncodeToString(key) + "\n")
}
