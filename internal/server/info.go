package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
)

// Info is what the outer layers know about one request. Wrap puts a pointer
// to it into the request's context once; the front doors' route wrappers fill
// in Route and UserID through SetRoute and SetUser, and the access log reads
// them after the handler returns. A pointer is needed because every inner
// r.WithContext makes a new request the outer layer never sees.
type Info struct {
	// RequestID is 16 hex characters, also sent as the X-Request-ID header.
	RequestID string
	// Route is the ServeMux pattern that matched, "" until SetRoute.
	Route string
	// Public reports whether the route accepts anonymous visitors; the
	// access log then names no user, even when one is logged in.
	Public bool
	// UserID is the logged-in user, 0 for none.
	UserID int64
	// ClientIP is the client's address, taken from X-Forwarded-For only when
	// the TCP peer is a trusted proxy.
	ClientIP string
	// HTTPS reports whether the client reached us over TLS, directly or
	// through a trusted proxy that said so in X-Forwarded-Proto.
	HTTPS bool
}

// infoKey is the context key of *Info; an empty struct type cannot collide
// with any other package's key and boxes without allocating.
type infoKey struct{}

// withInfo returns ctx carrying info.
func withInfo(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, infoKey{}, info)
}

// FromContext returns the request's Info, or nil outside Wrap (for example
// when a unit test calls a handler directly).
func FromContext(ctx context.Context) *Info {
	info, _ := ctx.Value(infoKey{}).(*Info)
	return info
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	if info := FromContext(ctx); info != nil {
		return info.RequestID
	}
	return ""
}

// SetRoute records the pattern the front door's ServeMux matched, and
// whether the route is public, for the access log and the metrics. The outer
// layer cannot read r.Pattern itself: the mux sets it on its own copy of the
// request.
func SetRoute(ctx context.Context, pattern string, public bool) {
	if info := FromContext(ctx); info != nil {
		info.Route = pattern
		info.Public = public
	}
}

// SetUser records the logged-in user for the access log.
func SetUser(ctx context.Context, id int64) {
	if info := FromContext(ctx); info != nil {
		info.UserID = id
	}
}

// ClientIP returns the client's address without a port: Info's when Wrap
// ran, else the host part of r.RemoteAddr.
func ClientIP(r *http.Request) string {
	if info := FromContext(r.Context()); info != nil && info.ClientIP != "" {
		return info.ClientIP
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// IsHTTPS reports whether the client used TLS: Info's view when Wrap ran
// (which believes a trusted proxy's X-Forwarded-Proto), else r.TLS.
func IsHTTPS(r *http.Request) bool {
	if info := FromContext(r.Context()); info != nil {
		return info.HTTPS
	}
	return r.TLS != nil
}

// NewRequestID returns 16 random hex characters. An id chosen by the client
// is never used: it could collide on purpose with another request's log lines.
func NewRequestID() string {
	var raw [8]byte
	rand.Read(raw[:]) // never fails: crypto/rand crashes the program instead
	var out [16]byte
	hex.Encode(out[:], raw[:])
	return string(out[:])
}
