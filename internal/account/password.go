package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are the production costs: m=64 MiB, t=2, p=2, a 16-byte salt
// and a 32-byte key, about 80 ms per hash on a warm heap (docs/stack.md).
// Treat it as a value; never mutate it.
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}

// TestParams are m=64 KiB, t=1, p=1: about 0.2 ms per hash, for tests only.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on parameters. A stored hash decides how much work and memory a
// verify costs, so a garbled or planted hash must not be able to demand
// gigabytes or minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 10
	maxThreads   = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 128
	// maxPHCLen bounds the whole string before any parsing, well above the
	// longest string the limits above allow.
	maxPHCLen = 512
)

// maxConcurrentHashes bounds memory: two m=64 MiB hashes are 128 MiB, and a
// burst of logins queues instead of growing the heap.
const maxConcurrentHashes = 2

// errBadHash is wrapped by every parse failure, so callers can tell a
// corrupt stored hash from a cancelled context.
var errBadHash = errors.New("malformed argon2id hash")

// validate reports whether p is within the limits argon2 and this package
// accept.
func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("%w: time %d outside 1..%d", errBadHash, p.Time, maxTime)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("%w: threads %d outside 1..%d", errBadHash, p.Threads, maxThreads)
	// RFC 9106 requires at least 8 KiB per lane; argon2 would silently
	// round up, and then the stored m= would not describe the work done.
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fmt.Errorf("%w: memory %d KiB outside %d..%d", errBadHash, p.Memory, 8*uint32(p.Threads), maxMemoryKiB)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("%w: salt length %d outside %d..%d", errBadHash, p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("%w: key length %d outside %d..%d", errBadHash, p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// Hasher hashes and verifies passwords; at most 2 hashes run at once so a
// login burst cannot exhaust memory. Logins wait for a slot in a bounded
// queue served round-robin by client address, so one address's flood
// delays another address by at most a hash or two.
type Hasher struct {
	params Params
	sem    chan struct{} // one token per running hash
	mu     sync.Mutex    // guards the queue and every send or receive on sem
	queue  waitQueue
}

// NewHasher returns a hasher that hashes with p. It panics when p is outside
// the limits Verify accepts, because parameters are a programming constant
// and a hasher that cannot verify its own hashes must not start.
func NewHasher(p Params) *Hasher {
	if err := p.validate(); err != nil {
		panic("account.NewHasher: " + err.Error())
	}
	return &Hasher{params: p, sem: make(chan struct{}, maxConcurrentHashes), queue: waitQueue{max: maxWaitingLogins}}
}

// acquire takes a hashing slot or gives up when ctx ends. A context that is
// already done fails even when a slot is free, so cancelled requests never
// start 80 ms of work. Hashes outside login (password changes, resets)
// wait without a bound: their callers are logged in.
func (h *Hasher) acquire(ctx context.Context) error {
	return h.take(ctx, "", false)
}

// take is acquire for one client address; bounded answers errHashBusy at
// once when the queue is full instead of waiting.
func (h *Hasher) take(ctx context.Context, addr string, bounded bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	if h.queue.len() == 0 {
		select {
		case h.sem <- struct{}{}:
			h.mu.Unlock()
			return nil
		default:
		}
	}
	if bounded && h.queue.full() {
		h.mu.Unlock()
		return errHashBusy
	}
	w := h.queue.push(addr)
	h.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		h.mu.Lock()
		granted := !h.queue.remove(w)
		h.mu.Unlock()
		if granted {
			// The slot was handed over as ctx ended: pass it on.
			h.release()
		}
		return ctx.Err()
	}
}

// release gives the slot to the next waiter, else frees it.
func (h *Hasher) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if w := h.queue.pop(); w != nil {
		close(w.ready)
		return
	}
	<-h.sem
}

// key runs argon2id under the semaphore.
func (h *Hasher) key(ctx context.Context, p Params, password string, salt []byte) ([]byte, error) {
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	defer h.release()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen), nil
}

// Hash returns a PHC string
// $argon2id$v=19$m=65536,t=2,p=2$<salt b64 raw std>$<hash b64 raw std>.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key, err := h.key(ctx, h.params, password, salt)
	if err != nil {
		return "", err
	}
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches encoded, and whether encoded's
// parameters differ from h's (rehash at login). A malformed encoded string is
// an error, never a panic; rehash is only meaningful when ok is true.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (ok, rehash bool, err error) {
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	return h.verifyHeld(encoded, password)
}

// verifyHeld is Verify's work for a caller that holds a slot.
func (h *Hasher) verifyHeld(encoded, password string) (ok, rehash bool, err error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, p != h.params, nil
}

// DummyVerify spends the same time as a real verify; used when the username
// does not exist, so timing does not reveal which names exist. It waits for a
// slot like Verify does, since queueing is part of the time an attacker sees.
func (h *Hasher) DummyVerify(ctx context.Context, password string) {
	if err := h.acquire(ctx); err != nil {
		return
	}
	defer h.release()
	h.dummyHeld(password)
}

// dummyHeld is DummyVerify's work for a caller that holds a slot.
func (h *Hasher) dummyHeld(password string) {
	p := h.params
	salt := make([]byte, p.SaltLen)
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	// Compare as Verify does so the two paths differ in nothing but data.
	want := make([]byte, len(got))
	_ = subtle.ConstantTimeCompare(got, want)
}

// encodePHC formats p, salt and key in the one canonical form parsePHC
// accepts.
func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key))
}

// phcB64 is strict so that only the canonical encoding of the bytes is
// accepted: no padding, no non-zero trailing bits.
var phcB64 = base64.RawStdEncoding.Strict()

// parsePHC parses the canonical string encodePHC writes and nothing else, so
// every accepted string re-encodes to itself. Lengths are checked before
// anything is decoded, so an attacker-controlled string cannot make it
// allocate more than a few hundred bytes.
func parsePHC(s string) (p Params, salt, key []byte, err error) {
	if len(s) > maxPHCLen {
		return Params{}, nil, nil, fmt.Errorf("%w: %d bytes long", errBadHash, len(s))
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return Params{}, nil, nil, fmt.Errorf("%w: want 5 $-separated fields", errBadHash)
	}
	if parts[1] != "argon2id" {
		return Params{}, nil, nil, fmt.Errorf("%w: algorithm %q, want argon2id", errBadHash, parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return Params{}, nil, nil, fmt.Errorf("%w: version %q, want v=%d", errBadHash, parts[2], argon2.Version)
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return Params{}, nil, nil, fmt.Errorf("%w: want m=,t=,p=", errBadHash)
	}
	var nums [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return Params{}, nil, nil, fmt.Errorf("%w: parameter %d is not %s", errBadHash, i+1, name)
		}
		if nums[i], err = parseDecimal(v); err != nil {
			return Params{}, nil, nil, fmt.Errorf("%w: %s%v", errBadHash, name, err)
		}
	}
	// Bound the numbers before narrowing, so 2^32+8 cannot wrap to 8.
	if nums[0] > maxMemoryKiB || nums[1] > maxTime || nums[2] > maxThreads {
		return Params{}, nil, nil, fmt.Errorf("%w: m=%d,t=%d,p=%d over the limits", errBadHash, nums[0], nums[1], nums[2])
	}
	if salt, err = decodeB64(parts[4], maxSaltLen); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: salt: %v", errBadHash, err)
	}
	if key, err = decodeB64(parts[5], maxKeyLen); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: hash: %v", errBadHash, err)
	}
	p = Params{
		Memory:  uint32(nums[0]),
		Time:    uint32(nums[1]),
		Threads: uint8(nums[2]),
		SaltLen: uint32(len(salt)),
		KeyLen:  uint32(len(key)),
	}
	if err := p.validate(); err != nil {
		return Params{}, nil, nil, err
	}
	return p, salt, key, nil
}

// parseDecimal accepts only canonical decimals (no sign, no leading zero, at
// most 10 digits), unlike strconv, so parsing is one-to-one.
func parseDecimal(s string) (uint64, error) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("%q is not a canonical number", s)
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a canonical number", s)
		}
		n = n*10 + uint64(c-'0')
	}
	return n, nil
}

// decodeB64 decodes unpadded standard base64 of at most max bytes. The
// decoder skips CR and LF even in strict mode, so the alphabet is checked by
// hand first.
func decodeB64(s string, max int) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty")
	}
	if phcB64.DecodedLen(len(s)) > max {
		return nil, fmt.Errorf("longer than %d bytes", max)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, fmt.Errorf("byte %q is not base64", c)
		}
	}
	return phcB64.DecodeString(s)
}

// Password rules: the 等保 complexity rule (length and classes), an
// estimate of how guessable the password is (zxcvbn), and the username rule.
const (
	minPasswordLen = 10
	// maxPasswordLen bounds the work of the estimator, whose matching
	// grows faster than linearly with the length.
	maxPasswordLen = 128
	minClasses     = 3
	// minScore is zxcvbn's "safely unguessable" level (about 10^8 guesses):
	// Password12, Qwerty1234 and P@ssw0rd12 score 1.
	minScore = 3
	msgWeak  = "密码强度不足：至少 10 位，包含大写字母、小写字母、数字、符号中的三类，且不要使用常见单词、键盘序列或用户名"
	msgLong  = "密码不能超过 128 位"
)

// CheckPasswordStrength returns a zh-CN message when a new password is too
// weak, else "". Length counts characters, not bytes, so Chinese characters
// count once; anything not a letter with case or a digit counts as a symbol.
// One message covers every failure and says how to do better, so that it
// does not teach an attacker which rule a guess broke.
func CheckPasswordStrength(password, username string) string {
	n := utf8.RuneCountInString(password)
	if n > maxPasswordLen {
		return msgLong
	}
	var lower, upper, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsControl(r):
			symbol = true
		}
	}
	classes := 0
	for _, has := range []bool{lower, upper, digit, symbol} {
		if has {
			classes++
		}
	}
	if n < minPasswordLen || classes < minClasses {
		return msgWeak
	}
	// An empty name is contained in every string; skip it rather than
	// reject every password.
	name := strings.ToLower(strings.TrimSpace(username))
	if name != "" && strings.Contains(strings.ToLower(password), name) {
		return msgWeak
	}
	var inputs []string
	if name != "" {
		inputs = []string{name}
	}
	if zxcvbn.PasswordStrength(password, inputs).Score < minScore {
		return msgWeak
	}
	return ""
}

// Alphabets for generated passwords, without the look-alikes 0/O/1/l/I and
// without quotes, backslash or space, which get mangled when pasted.
const (
	genLower  = "abcdefghijkmnopqrstuvwxyz"
	genUpper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	genDigit  = "23456789"
	genSymbol = "!#%*+-=?@_"
	genAll    = genLower + genUpper + genDigit + genSymbol
)

// GeneratePasswordFor returns a 16-character random password that passes
// CheckPasswordStrength for username: it draws again in the rare case a
// draw contains the name or scores low.
func GeneratePasswordFor(username string) string {
	for {
		if pw := GeneratePassword(16); CheckPasswordStrength(pw, username) == "" {
			return pw
		}
	}
}

// GeneratePassword returns a random password of n characters from an
// alphabet without look-alikes 0/O/1/l/I, with all four classes. At 16
// characters it passes CheckPasswordStrength (tested over many draws); an
// n below the minimum length of 10 is raised to 10. It cannot know the
// username: a caller that has one uses GeneratePasswordFor.
func GeneratePassword(n int) string {
	n = max(n, minPasswordLen)
	// ChaCha8 seeded from crypto/rand is a CSPRNG and gives IntN and
	// Shuffle without modulo bias.
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		panic("account.GeneratePassword: " + err.Error()) // crypto/rand never fails since Go 1.24
	}
	r := mrand.New(mrand.NewChaCha8(seed))
	pick := func(set string) byte { return set[r.IntN(len(set))] }
	b := make([]byte, n)
	// One of each class guarantees four classes; shuffling hides where
	// they are.
	b[0], b[1], b[2], b[3] = pick(genLower), pick(genUpper), pick(genDigit), pick(genSymbol)
	for i := 4; i < n; i++ {
		b[i] = pick(genAll)
	}
	r.Shuffle(n, func(i, j int) { b[i], b[j] = b[j], b[i] })
	return string(b)
}
