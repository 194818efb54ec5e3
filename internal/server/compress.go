package server

import (
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
)

// isCompressible reports whether a Content-Type names a media type worth
// compressing: the pages, the JSON and the assets. Exports (XLSX, DOCX, PDF)
// and photos are compressed already. Parameters and case are ignored.
// gzhttp's own ContentTypes option runs mime.ParseMediaType, which allocates
// a map per response.
func isCompressible(ct string) bool {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	for _, c := range [...]string{"text/html", "application/json", "text/css", "text/javascript",
		"application/javascript", "image/svg+xml", "text/plain"} {
		if strings.EqualFold(ct, c) {
			return true
		}
	}
	return false
}

// newGzip returns next behind gzip compression. gzhttp negotiates
// Accept-Encoding (q-values included), holds back bodies below its 1 KiB
// minimum, adds Vary: Accept-Encoding, and leaves alone HEAD requests,
// bodiless statuses such as 304, ranges and responses that already carry a
// Content-Encoding.
func newGzip(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.ContentTypeFilter(isCompressible),
		// Gzip only: every browser the branches use speaks it, and one
		// coding means one variant for caches and one thing to test.
		gzhttp.EnableZstd(false),
		// The fastest level: at the default one the benchmark's progress
		// reads (30 KB of JSON each) were 2–4 ms slower; level 1 still
		// shrinks JSON and HTML about sixfold.
		gzhttp.CompressionLevel(gzip.BestSpeed),
	)
	if err != nil {
		// The options above are constants; an error is a programming mistake.
		panic("server: gzip options: " + err.Error())
	}
	return wrap(next)
}

// wantsGzip reports whether the request may be worth handing to gzhttp.
// Most API clients send no Accept-Encoding; serving them directly spares
// gzhttp's per-request writer. gzhttp still decides the finer points
// ("gzip;q=0").
func wantsGzip(r *http.Request) bool {
	if r.Method == http.MethodHead {
		return false
	}
	for _, v := range r.Header["Accept-Encoding"] {
		if strings.Contains(v, "gzip") {
			return true
		}
	}
	return false
}
