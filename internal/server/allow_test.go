package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestAllowed(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	mux.Handle("GET /orgs/{id}", ok)
	mux.Handle("PATCH /orgs/{id}", ok)
	mux.Handle("POST /orgs", ok)
	mux.Handle("/", ok)
	cases := []struct {
		name, method, path string
		want               []string
	}{
		{"known path, wrong method", http.MethodDelete, "/orgs/7", []string{"GET", "HEAD", "PATCH"}},
		{"another path", http.MethodGet, "/orgs", []string{"POST"}},
		{"unknown path", http.MethodGet, "/nothing", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Allowed(mux, httptest.NewRequest(tc.method, tc.path, nil), "/")
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
