package account

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// validPHC is a well-formed TestParams hash (salt "0123456789abcdef", 32-byte
// key) used as a base for tampering; its key need not match any password.
const validPHC = "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

func TestHashVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := NewHasher(TestParams)
	tests := []struct {
		name     string
		password string
	}{
		{"ascii", "Correct-Horse-9"},
		{"chinese", "党员密码Ab1!"},
		{"empty", ""},
		{"long", strings.Repeat("xY7#", 300)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc, err := h.Hash(ctx, tt.password)
			if err != nil {
				t.Fatalf("Hash: got %v, want nil", err)
			}
			if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(enc, want) {
				t.Errorf("prefix: got %v, want %v", enc, want)
			}
			ok, rehash, err := h.Verify(ctx, enc, tt.password)
			if err != nil || !ok || rehash {
				t.Errorf("Verify right password: got ok=%v rehash=%v err=%v, want ok=true rehash=false err=nil", ok, rehash, err)
			}
			ok, _, err = h.Verify(ctx, enc, tt.password+"x")
			if err != nil || ok {
				t.Errorf("Verify wrong password: got ok=%v err=%v, want ok=false err=nil", ok, err)
			}
		})
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	t.Parallel()
	h := NewHasher(TestParams)
	a, errA := h.Hash(context.Background(), "same password")
	b, errB := h.Hash(context.Background(), "same password")
	if errA != nil || errB != nil {
		t.Fatalf("Hash: got %v, %v, want nil, nil", errA, errB)
	}
	if a == b {
		t.Errorf("two hashes of one password: got equal %v, want different salts", a)
	}
}

func TestDefaultParamsFormat(t *testing.T) {
	t.Parallel()
	// The one test that pays for the production cost (~0.1–0.3 s).
	h := NewHasher(DefaultParams)
	enc, err := h.Hash(context.Background(), "Default-Params-1")
	if err != nil {
		t.Fatalf("Hash: got %v, want nil", err)
	}
	if want := "$argon2id$v=19$m=65536,t=2,p=2$"; !strings.HasPrefix(enc, want) {
		t.Errorf("prefix: got %v, want %v", enc, want)
	}
	p, salt, key, err := parsePHC(enc)
	if err != nil {
		t.Fatalf("parsePHC: got %v, want nil", err)
	}
	if p != DefaultParams || len(salt) != 16 || len(key) != 32 {
		t.Errorf("parsed: got %+v salt %d key %d, want %+v salt 16 key 32", p, len(salt), len(key), DefaultParams)
	}
}

func TestVerifyRehash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const pw = "Rehash-Me-42"
	tests := []struct {
		name   string
		hashed Params
		rehash bool
	}{
		{"same", TestParams, false},
		{"more memory", Params{Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"more time", Params{Memory: 64, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"more threads", Params{Memory: 64, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}, true},
		{"shorter salt", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 8, KeyLen: 32}, true},
		{"longer key", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 64}, true},
	}
	verifier := NewHasher(TestParams)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc, err := NewHasher(tt.hashed).Hash(ctx, pw)
			if err != nil {
				t.Fatalf("Hash: got %v, want nil", err)
			}
			ok, rehash, err := verifier.Verify(ctx, enc, pw)
			if err != nil || !ok {
				t.Fatalf("Verify: got ok=%v err=%v, want ok=true err=nil", ok, err)
			}
			if rehash != tt.rehash {
				t.Errorf("rehash: got %v, want %v", rehash, tt.rehash)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	h := NewHasher(TestParams)
	salt := "MDEyMzQ1Njc4OWFiY2RlZg"
	key := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	tests := []struct {
		name string
		enc  string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"version 16", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"missing version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"missing hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"extra field", validPHC + "$AAAA"},
		{"no leading dollar", strings.TrimPrefix(validPHC, "$")},
		{"params reordered", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"param missing", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key},
		{"param not a number", "$argon2id$v=19$m=6x4,t=1,p=1$" + salt + "$" + key},
		{"negative", "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key},
		{"leading zero", "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key},
		{"memory over 1 GiB", "$argon2id$v=19$m=1048577,t=1,p=1$" + salt + "$" + key},
		{"memory wraps uint32", "$argon2id$v=19$m=4294967360,t=1,p=1$" + salt + "$" + key},
		{"memory below 8 per lane", "$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + key},
		{"time zero", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"time 11", "$argon2id$v=19$m=64,t=11,p=1$" + salt + "$" + key},
		{"threads zero", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"threads 17", "$argon2id$v=19$m=1024,t=1,p=17$" + salt + "$" + key},
		{"threads wraps uint8", "$argon2id$v=19$m=64,t=1,p=257$" + salt + "$" + key},
		{"salt 6 bytes", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1$" + key},
		{"salt empty", "$argon2id$v=19$m=64,t=1,p=1$$" + key},
		{"salt padded", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key},
		{"salt url alphabet", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2R-_g$" + key},
		{"salt with newline", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1\nNjc4OWFiY2RlZg$" + key},
		{"salt trailing bits", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZh$" + key},
		{"key 12 bytes", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAECAwQFBgcICQoL"},
		{"key huge", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("A", 200)},
		{"whole string huge", validPHC + strings.Repeat("A", 1<<20)},
		{"trailing space", validPHC + " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := h.Verify(context.Background(), tt.enc, "whatever")
			if !errors.Is(err, errBadHash) {
				t.Errorf("err: got %v, want %v", err, errBadHash)
			}
			if ok || rehash {
				t.Errorf("ok, rehash: got %v, %v, want false, false", ok, rehash)
			}
		})
	}
}

func TestParsePHCValid(t *testing.T) {
	t.Parallel()
	p, salt, key, err := parsePHC(validPHC)
	if err != nil {
		t.Fatalf("parsePHC: got %v, want nil", err)
	}
	if p != TestParams {
		t.Errorf("params: got %+v, want %+v", p, TestParams)
	}
	if got, want := string(salt), "0123456789abcdef"; got != want {
		t.Errorf("salt: got %v, want %v", got, want)
	}
	if got := encodePHC(p, salt, key); got != validPHC {
		t.Errorf("re-encode: got %v, want %v", got, validPHC)
	}
}

func TestHashConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := NewHasher(TestParams)
	const n = 10
	var wg sync.WaitGroup
	encs := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			encs[i], errs[i] = h.Hash(ctx, "Concurrent-Pw-1")
		})
	}
	wg.Wait()
	seen := make(map[string]bool)
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Hash %d: got %v, want nil", i, errs[i])
		}
		if seen[encs[i]] {
			t.Errorf("Hash %d: got duplicate %v, want a fresh salt", i, encs[i])
		}
		seen[encs[i]] = true
		if ok, _, err := h.Verify(ctx, encs[i], "Concurrent-Pw-1"); !ok || err != nil {
			t.Errorf("Verify %d: got ok=%v err=%v, want ok=true err=nil", i, ok, err)
		}
	}
	if got := len(h.sem); got != 0 {
		t.Errorf("slots held after all hashes: got %v, want %v", got, 0)
	}
}

// TestSemaphoreLimit holds both slots and shows a third hash waits until one
// is released.
func TestSemaphoreLimit(t *testing.T) {
	t.Parallel()
	h := NewHasher(TestParams)
	if got := cap(h.sem); got != 2 {
		t.Fatalf("slots: got %v, want %v", got, 2)
	}
	h.sem <- struct{}{}
	h.sem <- struct{}{}
	done := make(chan error, 1)
	go func() {
		_, err := h.Hash(context.Background(), "Blocked-Pw-1")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Hash with all slots held: got return %v, want it to wait", err)
	case <-time.After(50 * time.Millisecond):
	}
	h.release()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Hash after release: got %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Hash after release: got no return, want it to finish")
	}
	h.release()
}

func TestContextWhileWaiting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func(ctx context.Context, h *Hasher) error
	}{
		{"Hash", func(ctx context.Context, h *Hasher) error {
			_, err := h.Hash(ctx, "Waiting-Pw-1")
			return err
		}},
		{"Verify", func(ctx context.Context, h *Hasher) error {
			_, _, err := h.Verify(ctx, validPHC, "Waiting-Pw-1")
			return err
		}},
		{"DummyVerify", func(ctx context.Context, h *Hasher) error {
			h.DummyVerify(ctx, "Waiting-Pw-1")
			return ctx.Err()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := NewHasher(TestParams)
			h.sem <- struct{}{}
			h.sem <- struct{}{}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- tt.call(ctx, h) }()
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err: got %v, want %v", err, context.Canceled)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("call with cancelled ctx: got no return, want %v", context.Canceled)
			}
			if got := len(h.sem); got != 2 {
				t.Errorf("slots held: got %v, want %v (a cancelled call must not take or free one)", got, 2)
			}
		})
	}
}

func TestCancelledContextWithFreeSlot(t *testing.T) {
	t.Parallel()
	h := NewHasher(TestParams)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Repeat because select between two ready cases picks at random.
	for range 20 {
		if _, err := h.Hash(ctx, "Cancelled-Pw-1"); !errors.Is(err, context.Canceled) {
			t.Fatalf("Hash: got %v, want %v", err, context.Canceled)
		}
	}
}

func TestDummyVerify(t *testing.T) {
	t.Parallel()
	h := NewHasher(TestParams)
	h.DummyVerify(context.Background(), "Anything-1")
	if got := len(h.sem); got != 0 {
		t.Errorf("slots held after DummyVerify: got %v, want %v", got, 0)
	}
}

func TestNewHasherRejectsBadParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Params
	}{
		{"zero", Params{}},
		{"no threads", Params{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32}},
		{"short salt", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}},
		{"short key", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("NewHasher(%+v): got no panic, want one", tt.p)
				}
			}()
			NewHasher(tt.p)
		})
	}
}

func TestCheckPasswordStrength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, password, username, want string
	}{
		{"empty", "", "zhangsan", msgWeak},
		{"short with all classes", "Ab1!Ab1!x", "zhangsan", msgWeak},
		{"long lower only", "qmzvtrwkxpbnhyfd", "zhangsan", msgWeak},
		{"long two classes", "qmzvtrwkxp73519", "zhangsan", msgWeak},
		{"common word and digits", "Password12", "zhangsan", msgWeak},
		{"keyboard sequence", "Qwerty1234", "zhangsan", msgWeak},
		{"leet common word", "P@ssw0rd12", "zhangsan", msgWeak},
		{"lower upper digit", "Vkqmtrz7Wpb4", "zhangsan", ""},
		{"lower digit symbol", "vkq7mt!rz#4p", "zhangsan", ""},
		{"upper digit symbol", "VKQ7MT!RZ#4P", "zhangsan", ""},
		{"space counts as symbol", "vkq mtrz 74 wp", "zhangsan", ""},
		{"chinese counts as symbol and once per char", "党员vkqm7trz4", "zhangsan", ""},
		{"nine chinese chars are too short", "党员党员党员Ab1", "zhangsan", msgWeak},
		{"fixture password", "Test-Passw0rd-长", "zhangsan", ""},
		{"contains username", "Zhangsan-Vk7q#m", "zhangsan", msgWeak},
		{"contains username other case", "my-ZHANGSAN-Vk7q", "ZhangSan", msgWeak},
		{"empty username", "Vkqmtrz7Wpb4", "", ""},
		{"weak beats username", "zhangsan", "zhangsan", msgWeak},
		{"too long", strings.Repeat("Vk7#", 33), "zhangsan", msgLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := CheckPasswordStrength(tt.password, tt.username); got != tt.want {
				t.Errorf("CheckPasswordStrength(%q, %q): got %v, want %v", tt.password, tt.username, got, tt.want)
			}
		})
	}
}

func TestGeneratePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		n, want int
	}{
		{"16", 16, 16},
		{"10", 10, 10},
		{"64", 64, 64},
		{"short raised to minimum", 4, 10},
		{"negative raised to minimum", -1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			seen := make(map[string]bool)
			for range 100 {
				pw := GeneratePassword(tt.n)
				if len(pw) != tt.want {
					t.Fatalf("len(%q): got %v, want %v", pw, len(pw), tt.want)
				}
				// Ten random characters of four classes can, rarely, score
				// below 3; the generators that reach users draw 16.
				if msg := CheckPasswordStrength(pw, "zhangsan"); msg != "" && tt.n >= 16 {
					t.Fatalf("CheckPasswordStrength(%q): got %v, want %v", pw, msg, "")
				}
				if i := strings.IndexAny(pw, "0O1lI"); i >= 0 {
					t.Fatalf("%q has look-alike %q: got it, want none", pw, pw[i])
				}
				if seen[pw] {
					t.Fatalf("GeneratePassword: got repeat %v, want fresh passwords", pw)
				}
				seen[pw] = true
			}
		})
	}
}

func TestGeneratePasswordFor(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"zhangsan", "ab", "admin"} {
		for range 200 {
			pw := GeneratePasswordFor(name)
			if msg := CheckPasswordStrength(pw, name); msg != "" {
				t.Fatalf("CheckPasswordStrength(%q, %q): got %v, want %v", pw, name, msg, "")
			}
		}
	}
}

func FuzzParsePHC(f *testing.F) {
	f.Add(validPHC)
	f.Add("$argon2id$v=19$m=65536,t=2,p=2$MDEyMzQ1Njc4OWFiY2RlZg$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2i$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAA")
	f.Add("$argon2id$v=19$m=4294967360,t=1,p=257$$")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$MDEy\nMzQ1$AAAA==")
	f.Add("")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := parsePHC(s)
		if err != nil {
			if !errors.Is(err, errBadHash) {
				t.Fatalf("parsePHC(%q) err: got %v, want it to wrap %v", s, err, errBadHash)
			}
			return
		}
		if err := p.validate(); err != nil {
			t.Fatalf("parsePHC(%q) accepted params: got %v, want valid", s, err)
		}
		if int(p.SaltLen) != len(salt) || int(p.KeyLen) != len(key) {
			t.Fatalf("lengths: got SaltLen %d KeyLen %d, want %d %d", p.SaltLen, p.KeyLen, len(salt), len(key))
		}
		// The grammar is canonical, so accepting means re-encoding to the
		// very same string.
		if got := encodePHC(p, salt, key); got != s {
			t.Fatalf("re-encode: got %q, want %q", got, s)
		}
	})
}
