package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"xuezuo/internal/app"
	"xuezuo/internal/audit"
)

// TestChainAuditSealsAndLogsTheHead: the sealer job chains what writes
// queued and logs the head, which verify then accepts as the expected one.
func TestChainAuditSealsAndLogsTheHead(t *testing.T) {
	t.Parallel()
	a, logs := newLoggedApp(t)
	sys := app.System(context.Background(), "test")
	for range 3 {
		if err := a.Store.WriteAudit(sys, audit.Entry{Username: "x", Action: "login", TargetType: "user"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.ChainAudit(ctx, 10*time.Millisecond) }()
	var head string
	for deadline := time.Now().Add(10 * time.Second); head == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, m := range logs.lines(t) {
			if m["msg"] == "audit chain head" {
				head, _ = m["head"].(string)
			}
		}
	}
	cancel()
	<-done
	if !strings.HasPrefix(head, "3:") {
		t.Fatalf("got logged head %q, want seq 3", head)
	}
	h, err := audit.ParseHead(head)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Audit.Verify(sys, &h)
	if err != nil || !r.OK() || r.Pending != 0 {
		t.Errorf("got %+v, %v; want the logged head verified", r, err)
	}
}
