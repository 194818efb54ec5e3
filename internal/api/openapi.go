package api

import (
	_ "embed"
	"net/http"
)

// openAPIJSON is the OpenAPI 3.1 description of /api/v1. It is written by
// hand beside the handlers, so a change to a route and to its description
// land in one commit; openapi_test.go fails when the route table and the
// document disagree, and every API test checks its exchange against it.
//
//go:embed openapi.json
var openAPIJSON []byte

// openAPIDoc serves the document (GET /api/v1/openapi.json, no token).
func (h *Handler) openAPIDoc(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	// no-cache, not no-store: a client may keep the document but must
	// revalidate it, since it changes with each release.
	w.Header().Set("Cache-Control", "no-cache")
	// A failed write means the client has gone; there is nobody left to
	// answer, so it is not an error for the route's wrapper to map.
	_, _ = w.Write(openAPIJSON)
	return nil
}
