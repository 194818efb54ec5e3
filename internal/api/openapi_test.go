package api_test

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"xuezuo/internal/api"
)

// operations maps "METHOD /api/v1/path" to each operation of the document,
// in the form of the route table's patterns.
func operations(t *testing.T, doc *openapi3.T) map[string]*openapi3.Operation {
	t.Helper()
	if len(doc.Servers) != 1 {
		t.Fatalf("openapi.json: %d servers, want the one relative URL of the API", len(doc.Servers))
	}
	base := strings.TrimSuffix(doc.Servers[0].URL, "/")
	ops := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+base+path] = op
		}
	}
	return ops
}

// TestOpenAPIMatchesRouteTable fails when a route of the table is missing
// from openapi.json or the document describes a route the table lacks, and
// when the two disagree about which routes need no token.
func TestOpenAPIMatchesRouteTable(t *testing.T) {
	t.Parallel()
	ops := operations(t, mustOpenAPI(t).doc)
	table := map[string]api.Route{}
	for _, rt := range api.New(api.Deps{}).Routes() {
		table[rt.Pattern] = rt
	}
	for _, p := range sortedKeys(table) {
		op, ok := ops[p]
		if !ok {
			t.Errorf("route %s is missing from openapi.json", p)
			continue
		}
		// An empty security list opts out of the document's bearer default.
		public := op.Security != nil && len(*op.Security) == 0
		if public != table[p].Public {
			t.Errorf("%s: public in openapi.json %v, in the route table %v", p, public, table[p].Public)
		}
	}
	for _, p := range sortedKeys(ops) {
		if _, ok := table[p]; !ok {
			t.Errorf("openapi.json describes %s, which is not in the route table", p)
		}
	}
}

// TestOpenAPIConventions checks the document against the rules of
// house-style.md that every route shares, so that a new route's
// description cannot quietly leave one out.
func TestOpenAPIConventions(t *testing.T) {
	t.Parallel()
	doc := mustOpenAPI(t).doc
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi: got %q, want 3.1.0", doc.OpenAPI)
	}
	ops := operations(t, doc)
	ids := map[string]string{}
	for _, p := range sortedKeys(ops) {
		op := ops[p]
		method, path, _ := strings.Cut(p, " ")
		if op.OperationID == "" || op.Summary == "" {
			t.Errorf("%s: no operationId or summary", p)
		}
		if other, ok := ids[op.OperationID]; ok {
			t.Errorf("%s: operationId %q is also %s's", p, op.OperationID, other)
		}
		ids[op.OperationID] = p
		public := op.Security != nil && len(*op.Security) == 0
		want := []int{}
		if !public {
			want = append(want, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound)
		}
		if op.RequestBody != nil {
			want = append(want, http.StatusBadRequest, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
			schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			// The decoder rejects unknown fields, so must the document.
			if !closed(schema) {
				t.Errorf("%s: the request body allows fields the decoder rejects (additionalProperties: false)", p)
			}
		}
		if p != "GET /api/v1/openapi.json" {
			want = append(want, http.StatusInternalServerError)
		}
		for _, code := range want {
			if op.Responses.Status(code) == nil {
				t.Errorf("%s: no %d answer", p, code)
			}
		}
		if r := op.Responses.Status(http.StatusUnauthorized); r != nil && !public {
			if h := r.Value.Headers["WWW-Authenticate"]; h == nil || !h.Value.Required {
				t.Errorf("%s: its 401 lacks a required WWW-Authenticate header", p)
			}
		}
		// A 201 carries Location exactly where a GET of the new resource exists.
		if r := op.Responses.Status(http.StatusCreated); r != nil {
			_, gettable := ops["GET "+path+"/{id}"]
			h := r.Value.Headers["Location"]
			if got := h != nil && h.Value.Required; got != gettable {
				t.Errorf("%s: 201 with a required Location %v, want %v", p, got, gettable)
			}
		}
		if method == http.MethodGet {
			checkList(t, p, op)
		}
	}
}

// checkList holds a list route to {"total","items"} and the paging bounds.
func checkList(t *testing.T, p string, op *openapi3.Operation) {
	t.Helper()
	mt := op.Responses.Status(http.StatusOK).Value.Content.Get("application/json")
	if mt == nil { // a file download (a bulletin's DOCX) is no list
		return
	}
	body := mt.Schema.Value
	if body.Properties["items"] != nil && !(slices.Contains(body.Required, "total") && slices.Contains(body.Required, "items")) {
		t.Errorf("%s: a list must answer the required total and items", p)
	}
	limit, offset := op.Parameters.GetByInAndName("query", "limit"), op.Parameters.GetByInAndName("query", "offset")
	if (limit == nil) != (offset == nil) {
		t.Errorf("%s: limit and offset come together", p)
	}
	if limit == nil {
		return
	}
	maxLimit := 100.0
	if strings.HasSuffix(p, "/members") {
		maxLimit = 200
	}
	if l := limit.Schema.Value; l.Min == nil || *l.Min != 1 || l.Max == nil || *l.Max != maxLimit {
		t.Errorf("%s: limit must run from 1 to %v", p, maxLimit)
	}
	if o := offset.Schema.Value; o.Min == nil || *o.Min != 0 || o.Max == nil || *o.Max != 1_000_000 {
		t.Errorf("%s: offset must run from 0 to 1000000", p)
	}
}

// closed reports whether an object schema, and every object inside it,
// forbids properties it does not name.
func closed(s *openapi3.Schema) bool {
	if len(s.AllOf) > 0 {
		// A composed body is closed when one of its parts is.
		return slices.ContainsFunc(s.AllOf, func(r *openapi3.SchemaRef) bool { return closed(r.Value) })
	}
	if s.Type.Is("array") {
		return s.Items == nil || closed(s.Items.Value)
	}
	if !s.Type.Is("object") {
		return true
	}
	if has := s.AdditionalProperties.Has; has == nil || *has {
		return false
	}
	for _, p := range s.Properties {
		if !closed(p.Value) {
			return false
		}
	}
	return true
}

// TestOpenAPIServed fetches the document without a token: it is the file
// the tests read (the embed), served as JSON that may be cached.
func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{h: api.New(api.Deps{}), tokens: map[string]string{}}
	// do checks the Content-Type and the Cache-Control the document requires.
	if code, body := w.do(t, "", http.MethodGet, "/api/v1/openapi.json", ""); code != http.StatusOK || body != string(want) {
		t.Errorf("GET /api/v1/openapi.json: got %d and %d bytes, want 200 and the %d bytes of openapi.json", code, len(body), len(want))
	}
}

// TestOpenAPIOutsideOperations sends what no operation describes: an
// unknown path (404) and a known path with a method it lacks (405 with
// Allow). do checks both answers against the document's shared responses.
func TestOpenAPIOutsideOperations(t *testing.T) {
	t.Parallel()
	w := &world{h: api.New(api.Deps{}), tokens: map[string]string{}}
	tests := []struct {
		name, method, path string
		code               int
		errCode            string
	}{
		{"unknown path", http.MethodGet, "/api/v1/nothing", http.StatusNotFound, "not_found"},
		{"wrong method", http.MethodPut, "/api/v1/orgs", http.StatusMethodNotAllowed, "method_not_allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, "", tc.method, tc.path, "")
			if code != tc.code || decodeJSON[apiErr](t, body).Error.Code != tc.errCode {
				t.Errorf("%s %s: got %d %s, want %d %s", tc.method, tc.path, code, body, tc.code, tc.errCode)
			}
		})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
