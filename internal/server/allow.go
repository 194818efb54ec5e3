package server

import "net/http"

// Allowed lists the methods that some pattern of mux other than catchAll
// serves at r's path, for a 405 answer's Allow header. The mux itself
// answers which pattern each method would reach, so the route table stays
// the one source. GET brings HEAD, which ServeMux serves with it.
func Allowed(mux *http.ServeMux, r *http.Request, catchAll string) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pat := mux.Handler(probe); pat != "" && pat != catchAll {
			out = append(out, m)
			if m == http.MethodGet {
				out = append(out, http.MethodHead)
			}
		}
	}
	return out
}
