package web

import (
	"context"
	"net/http"
)

// TEMP shims until internal/server lands.
func setRoute(ctx context.Context, pattern string, public bool) {}
func setUser(ctx context.Context, id int64)                     {}
func clientIP(r *http.Request) string                           { return remoteHost(r) }
func requestIDOf(ctx context.Context) string { return "" }
