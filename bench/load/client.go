package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"time"
)

// requestTimeout bounds every request, so a stuck server cannot hang a run.
const requestTimeout = 30 * time.Second

// client sends authenticated JSON requests to the server over at most
// conns keep-alive connections.
type client struct {
	base  string
	token string
	hc    *http.Client
}

// newClient returns a client with its own transport of conns connections.
func newClient(base, token string, conns int) *client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxConnsPerHost:     conns,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &client{base: base, token: token, hc: &http.Client{Transport: tr, Timeout: requestTimeout}}
}

// close drops the idle connections.
func (c *client) close() { c.hc.CloseIdleConnections() }

// do sends one request and reads the whole body. elapsed runs from sending
// the request to reading the last byte of the body; encoding the request
// body happens before the clock starts.
func (c *client) do(ctx context.Context, method, path string, in any) (status int, body []byte, elapsed time.Duration, err error) {
	var rd io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, time.Since(start), err
	}
	body, err = io.ReadAll(resp.Body)
	elapsed = time.Since(start)
	resp.Body.Close()
	return resp.StatusCode, body, elapsed, err
}

// checkLoopback refuses any server that is not on this machine: the
// benchmark only ever talks to loopback.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" {
		return fmt.Errorf("-url %q: want http://127.0.0.1:PORT", raw)
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); h != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %q: the benchmark runs on loopback only", raw)
	}
	return nil
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted durations: the smallest value with at least p% of the values at or
// below it. It returns 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// snippet shortens an error body for the report.
func snippet(b []byte) string {
	const n = 300
	b = bytes.TrimSpace(b)
	if len(b) > n {
		return string(bytes.ToValidUTF8(b[:n], nil)) + "…"
	}
	return string(b)
}
