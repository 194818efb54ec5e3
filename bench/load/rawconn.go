package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"
)

// rawConn is one keep-alive HTTP/1.1 connection that W1's clients post on.
//
// Why not net/http's client: the load client shares the machine's two cores
// with the server it measures, so every microsecond it spends is taken from
// the server. The standard client (transport, per-request timers, header
// maps, a goroutine per connection) cost about as much CPU per check-in as
// the server's whole write; this writes the request from a reused buffer
// and reads the status line, the headers it needs and the body. It speaks
// the same protocol on the same kind of connection, and every answer is
// still read whole and its status checked.
type rawConn struct {
	addr   string // host:port
	host   string // Host header
	token  string
	conn   net.Conn
	rd     *bufio.Reader
	buf    []byte // request being written
	body   []byte // last response body
	header []byte // "Host: …\r\nAuthorization: …" lines, built once
}

// newRawConn returns a connection to base (http://host:port) that dials on
// first use.
func newRawConn(base, token string) (*rawConn, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	c := &rawConn{addr: u.Host, host: u.Host, token: token}
	c.header = fmt.Appendf(nil, "Host: %s\r\nAuthorization: Bearer %s\r\nAccept: application/json\r\nContent-Type: application/json\r\n", c.host, token)
	return c, nil
}

// close closes the connection.
func (c *rawConn) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// post sends a JSON body to path and returns the status and the body (valid
// until the next call). A failed exchange closes the connection; the next
// post dials again. Nothing is resent: a check-in is not idempotent.
func (c *rawConn) post(ctx context.Context, path string, body []byte) (int, []byte, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	c.buf = append(c.buf[:0], "POST "...)
	c.buf = append(c.buf, path...)
	c.buf = append(c.buf, " HTTP/1.1\r\n"...)
	c.buf = append(c.buf, c.header...)
	c.buf = append(c.buf, "Content-Length: "...)
	c.buf = strconv.AppendInt(c.buf, int64(len(body)), 10)
	c.buf = append(c.buf, "\r\n\r\n"...)
	c.buf = append(c.buf, body...)
	if c.conn == nil {
		if err := c.dial(ctx); err != nil {
			return 0, nil, err
		}
	}
	status, keep, err := c.roundTrip()
	if !keep || err != nil {
		c.close()
	}
	return status, c.body, err
}

// dial opens the connection.
func (c *rawConn) dial(ctx context.Context) error {
	d := net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	if c.rd == nil {
		c.rd = bufio.NewReaderSize(conn, 8<<10)
	} else {
		c.rd.Reset(conn)
	}
	return nil
}

// roundTrip writes the request and reads the response. keep reports whether
// the connection may carry the next request.
func (c *rawConn) roundTrip() (status int, keep bool, err error) {
	if err := c.conn.SetDeadline(time.Now().Add(requestTimeout)); err != nil {
		return 0, false, err
	}
	if _, err := c.conn.Write(c.buf); err != nil {
		return 0, false, err
	}
	line, err := c.rd.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	status, err = parseStatus(line)
	if err != nil {
		return 0, false, err
	}
	length, chunked, keep, err := c.readHeaders()
	if err != nil {
		return status, false, err
	}
	switch {
	case chunked:
		err = c.readChunked()
	case length >= 0:
		c.body = grow(c.body, length)
		_, err = io.ReadFull(c.rd, c.body)
	default:
		return status, false, errors.New("response without Content-Length or chunked encoding")
	}
	return status, keep && err == nil, err
}

// parseStatus reads "HTTP/1.1 201 Created".
func parseStatus(line []byte) (int, error) {
	f := bytes.Fields(line)
	if len(f) < 2 || !bytes.HasPrefix(f[0], []byte("HTTP/1.")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	return strconv.Atoi(string(f[1]))
}

// readHeaders reads the header block and returns what framing needs.
func (c *rawConn) readHeaders() (length int, chunked, keep bool, err error) {
	length, keep = -1, true
	for {
		line, err := c.rd.ReadSlice('\n')
		if err != nil {
			return 0, false, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return length, chunked, keep, nil
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, false, fmt.Errorf("bad header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return 0, false, false, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			keep = !bytes.EqualFold(value, []byte("close"))
		}
	}
}

// readChunked reads a chunked body into c.body.
func (c *rawConn) readChunked() error {
	c.body = c.body[:0]
	for {
		line, err := c.rd.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 { // trailers, then the blank line
			for {
				t, err := c.rd.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimSpace(t)) == 0 {
					return nil
				}
			}
		}
		start := len(c.body)
		c.body = grow(c.body, start+int(n))
		if _, err := io.ReadFull(c.rd, c.body[start:]); err != nil {
			return err
		}
		if _, err := c.rd.Discard(2); err != nil { // the chunk's CRLF
			return err
		}
	}
}

// grow returns b resized to n, reusing its array when it is large enough.
func grow(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:n]
	}
	return append(b[:cap(b)], make([]byte, n-cap(b))...)[:n]
}
