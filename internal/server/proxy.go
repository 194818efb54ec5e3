package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// proxies is the set of reverse proxies whose forwarding headers are believed.
type proxies []netip.Prefix

// trusts reports whether addr lies inside one of the prefixes.
func (p proxies) trusts(addr netip.Addr) bool {
	for _, pre := range p {
		if pre.Contains(addr) {
			return true
		}
	}
	return false
}

// client works out who sent r: the client's address (no port), whether it
// used TLS, and the RemoteAddr that older code should see. The forwarding
// headers are anyone's to write, so they count only when the TCP peer is a
// trusted proxy; otherwise the peer is the client and both headers are
// ignored.
func (p proxies) client(r *http.Request) (ip string, https bool, remoteAddr string) {
	host, port, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	https = r.TLS != nil
	if len(p) == 0 {
		return host, https, r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !p.trusts(peer.Unmap()) {
		return host, https, r.RemoteAddr
	}
	if proto := r.Header.Get("X-Forwarded-Proto"); strings.EqualFold(strings.TrimSpace(proto), "https") {
		https = true
	}
	ip, ok := p.forwardedFor(r.Header["X-Forwarded-For"])
	if !ok {
		return host, https, r.RemoteAddr
	}
	if port == "" {
		return ip, https, ip
	}
	return ip, https, net.JoinHostPort(ip, port)
}

// forwardedFor walks the X-Forwarded-For lists right to left, the order in
// which the proxies appended to them. Entries written by trusted proxies are
// skipped; the first untrusted one is the client, and everything left of it
// was written by the client and may be forged. It returns false when the
// header is missing or an entry is malformed. When every entry is trusted,
// the left-most one is the client (a request from inside the proxy network).
func (p proxies) forwardedFor(lines []string) (string, bool) {
	found := ""
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for rest != "" {
			entry := rest
			rest = ""
			if j := strings.LastIndexByte(entry, ','); j >= 0 {
				entry, rest = entry[j+1:], entry[:j]
				if rest == "" {
					return "", false // a leading comma: an empty entry
				}
			}
			entry = strings.TrimSpace(entry)
			addr, err := netip.ParseAddr(entry)
			if err != nil || addr.Zone() != "" {
				return "", false
			}
			if addr.Is4In6() {
				addr = addr.Unmap()
				entry = addr.String()
			}
			if !p.trusts(addr) {
				return entry, true
			}
			found = entry
		}
	}
	return found, found != ""
}
