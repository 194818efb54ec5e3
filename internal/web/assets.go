package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// assetFiles are the embedded files served under /static/, by source path.
var assetFiles = []string{
	"static/vendor/pico.min.css",
	"static/vendor/htmx.min.js",
	"static/app.css",
	"static/app.js",
	"static/favicon.svg",
}

// Assets are the content-hashed URLs a page links to.
type Assets struct {
	PicoCSS, AppCSS, HTMX, AppJS, Favicon string
}

type asset struct {
	body  []byte
	ctype string
}

// assets serves the embedded files under names that carry a hash of their
// content, so that browsers may cache them for a year: a changed file gets
// a new name.
type assets struct {
	byName map[string]asset // hashed file name → content
	urls   Assets
}

// loadAssets reads and hashes every asset once, at start-up.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]asset{}}
	url := map[string]string{}
	for _, p := range assetFiles {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("web: read asset %s: %w", p, err)
		}
		sum := sha256.Sum256(b)
		name := hashedName(path.Base(p), hex.EncodeToString(sum[:4]))
		a.byName[name] = asset{body: b, ctype: contentType(name)}
		url[path.Base(p)] = "/static/" + name
	}
	a.urls = Assets{PicoCSS: url["pico.min.css"], AppCSS: url["app.css"], HTMX: url["htmx.min.js"],
		AppJS: url["app.js"], Favicon: url["favicon.svg"]}
	return a, nil
}

// hashedName puts the hash after the first dot-separated part:
// pico.min.css → pico.1a2b3c4d.min.css.
func hashedName(base, hash string) string {
	stem, rest, ok := strings.Cut(base, ".")
	if !ok {
		return base + "." + hash
	}
	return stem + "." + hash + "." + rest
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// favicon answers GET /favicon.ico, which browsers ask for on their own,
// with the SVG icon the pages link to.
func (a *assets) favicon(w http.ResponseWriter, r *http.Request) error {
	r.SetPathValue("file", strings.TrimPrefix(a.urls.Favicon, "/static/"))
	return a.serve(w, r)
}

// serve answers GET /static/{file}.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) error {
	f, ok := a.byName[r.PathValue("file")]
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, err := fmt.Fprint(w, "文件不存在")
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	_, err := w.Write(f.body)
	return err
}
