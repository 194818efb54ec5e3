package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildBinary builds cmd/xuezuo once into the test's temp dir: the crash
// test kills the real program, not an in-process copy.
func buildBinary(ctx context.Context, t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "xuezuo")
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "xuezuo/cmd/xuezuo")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is one running `xuezuo serve`.
type server struct {
	cmd  *exec.Cmd
	url  string
	log  *tail
	done chan struct{} // closed when the process has exited
}

// startServer runs `xuezuo serve` on a free loopback port over the data
// dir and database, waits until /readyz answers 200, and kills the process
// at clean-up if it still runs.
func startServer(ctx context.Context, t *testing.T, bin, dataDir, dbURL string) *server {
	t.Helper()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--log-format", "json"}
	if strings.HasPrefix(dbURL, "postgres") {
		args = append(args, "--db", dbURL)
	}
	s := &server{log: newTail(), done: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = childEnv()
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start server: %v", err)
	}
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(s.kill)
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case s.url = <-s.log.addr:
	case <-s.done:
		t.Fatalf("the server exited before listening:\n%s", s.log)
	case <-wait.Done():
		t.Fatalf("the server did not listen within 30 s:\n%s", s.log)
	}
	for {
		if status, _, err := get(wait, s.url+"/readyz", ""); err == nil && status == http.StatusOK {
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("the server exited before it was ready:\n%s", s.log)
		case <-wait.Done():
			t.Fatalf("/readyz did not answer 200 within 30 s:\n%s", s.log)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// kill sends SIGKILL and waits for the process to be gone. It is safe to
// call twice.
func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// childEnv is the test's environment without XUEZUO_* settings: the flags
// alone choose the database.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XUEZUO_") {
			env = append(env, kv)
		}
	}
	return env
}

// tail keeps the last lines the server wrote (for failure messages) and
// reports the address from the "serving" log line. The process writes
// freely: nothing here blocks it.
type tail struct {
	mu    sync.Mutex
	buf   []byte
	lines []string
	addr  chan string
	found bool
}

func newTail() *tail { return &tail{addr: make(chan string, 1)} }

// Write implements io.Writer.
func (l *tail) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		line := string(l.buf[:i])
		l.buf = l.buf[i+1:]
		if !l.found {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" && rec.Addr != "" {
				l.found = true
				l.addr <- "http://" + rec.Addr
			}
		}
		if l.lines = append(l.lines, line); len(l.lines) > 40 {
			l.lines = l.lines[1:]
		}
	}
	return len(p), nil
}

// String returns the last lines.
func (l *tail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// client is shared by the writers: enough idle connections for all of
// them, and a timeout so a dead server never hangs a writer.
var client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// get sends a GET with an optional bearer token and returns the status and
// body.
func get(ctx context.Context, url, token string) (int, []byte, error) {
	return send(ctx, http.MethodGet, url, token, nil)
}

// send sends one request with a JSON body (nil for none).
func send(ctx context.Context, method, url, token string, body any) (int, []byte, error) {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var out bytes.Buffer
	if _, err := out.ReadFrom(res.Body); err != nil {
		return res.StatusCode, nil, fmt.Errorf("read body: %w", err)
	}
	return res.StatusCode, out.Bytes(), nil
}
