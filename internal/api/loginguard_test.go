package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// tokenFrom posts to /auth/token from a client address and checks the
// exchange against the OpenAPI document.
func (w *world) tokenFrom(t *testing.T, addr, username, password string) *httptest.ResponseRecorder {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)
	req := httptest.NewRequest("POST", "/api/v1/auth/token", strings.NewReader(body))
	req.RemoteAddr = addr + ":40000"
	req.Header.Set("Content-Type", "application/json")
	header := req.Header.Clone()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	checkExchange(t, "POST", "/api/v1/auth/token", body, header, rec)
	return rec
}

// TestTokenRaceRefusedWhileLocked sends the 25 concurrent token
// requests (24 wrong, the right password last) from one address: the pair
// ends locked and the right password is refused afterwards; if the right
// one got a token, it was checked before the fifth failure.
func TestTokenRaceRefusedWhileLocked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const addr = "203.0.113.20"
	var wg sync.WaitGroup
	start := make(chan struct{})
	codes := make([]int, 25)
	for i := range 25 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			pw := fmt.Sprintf("Wrong-Guess-%d", i)
			if i == 24 {
				time.Sleep(time.Millisecond)
				pw = storetest.Password
			}
			codes[i] = w.tokenFrom(t, addr, "secretary", pw).Code
		}()
	}
	close(start)
	wg.Wait()
	for i, c := range codes[:24] {
		if c != http.StatusUnauthorized {
			t.Errorf("wrong password %d: got %d, want 401", i, c)
		}
	}
	if codes[24] != http.StatusOK && codes[24] != http.StatusUnauthorized {
		t.Errorf("right password in the burst: got %d, want 401 (or 200 before the lock)", codes[24])
	}
	after := w.tokenFrom(t, addr, "secretary", storetest.Password)
	if after.Code != http.StatusUnauthorized || !strings.Contains(after.Body.String(), "用户名或密码错误") {
		t.Errorf("right password after the burst: got %d %s, want 401 用户名或密码错误", after.Code, after.Body)
	}
	// The owner elsewhere is not kept out.
	if rec := w.tokenFrom(t, "198.51.100.20", "secretary", storetest.Password); rec.Code != http.StatusOK {
		t.Errorf("right password from another address: got %d %s, want 200", rec.Code, rec.Body)
	}
}

// TestTokenTooManyRequests answers an address past its burst 429 with
// Retry-After, at once.
func TestTokenTooManyRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var rec *httptest.ResponseRecorder
	for range 40 {
		if rec = w.tokenFrom(t, "203.0.113.21", "nobody", "Wrong-Guess-1"); rec.Code == http.StatusTooManyRequests {
			break
		}
	}
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("40 token requests from one address: last got %d, want 429", rec.Code)
	}
	if n, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After: got %q, want whole seconds >= 1", rec.Header().Get("Retry-After"))
	}
	if !strings.Contains(rec.Body.String(), xuezuo.ETooManyRequests) {
		t.Errorf("body: got %s, want code %s", rec.Body, xuezuo.ETooManyRequests)
	}
}
