package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

func memberFilter(org xuezuo.ID) member.Filter { return member.Filter{OrgID: org} }

// foreignCampaign publishes a campaign owned by unit with one topic and
// holds a topic meeting in branch; it returns their ids.
func foreignCampaign(t *testing.T, s *storetest.Services, unit, branch xuezuo.ID) (xuezuo.ID, xuezuo.ID) {
	t.Helper()
	ctx := storetest.System()
	c, err := s.Campaign.Create(ctx, campaign.Input{OwnerOrgID: unit, Title: "乙机密学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "专题一", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	m, err := s.Meeting.Create(ctx, meeting.Input{OrgID: branch, Kind: "topic_study", TopicID: c.Topics[0].ID, HeldOn: xuezuo.NewDate(2026, 4, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, m.ID
}

// foreignSummary drafts and submits branch's summary on the campaign's
// first topic; it returns its id.
func foreignSummary(t *testing.T, s *storetest.Services, branch, campaignID xuezuo.ID) xuezuo.ID {
	t.Helper()
	ctx := storetest.System()
	c, err := s.Campaign.Get(ctx, campaignID)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := s.Report.Create(ctx, branch, c.Topics[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	views := "乙支部的观点"
	if _, err := s.Report.Edit(ctx, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Report.Submit(ctx, sm.ID); err != nil {
		t.Fatal(err)
	}
	return sm.ID
}

// foreignForward has memberB write a reflection on the campaign's first
// topic and its branch recommend it to its unit with a secret note; it
// returns the forward's id.
func foreignForward(t *testing.T, s *storetest.Services, branch, memberID, campaignID xuezuo.ID) xuezuo.ID {
	t.Helper()
	c, err := s.Campaign.Get(storetest.System(), campaignID)
	if err != nil {
		t.Fatal(err)
	}
	author := storetest.MustLinkMember(t, s, storetest.MustUser(t, s, "foreign-author", xuezuo.RoleMember, branch), memberID)
	r, err := s.Reflection.Submit(author, reflection.Input{TopicID: c.Topics[0].ID, Title: "心得", Body: "乙支部党员的心得"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Report.Forward(storetest.System(), report.ForwardInput{Kind: report.KindReflection, ItemID: r.ID, Note: "乙机密推荐理由"})
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// openAPI is the API's OpenAPI document with a router over it.
type openAPI struct {
	doc    *openapi3.T
	router routers.Router
}

// loadOpenAPI reads the document once for every test. It reads the file
// beside the package, which is the one go:embed serves, so that the checks
// hold before the route serving it is registered.
var loadOpenAPI = sync.OnceValues(func() (*openAPI, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.json")
	if err != nil {
		return nil, fmt.Errorf("load openapi.json: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.json is not a valid OpenAPI document: %w", err)
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.json: %w", err)
	}
	return &openAPI{doc: doc, router: r}, nil
})

func mustOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	o, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// validation makes every undocumented status an error. It lets a request
// pass security when it carries a bearer token at all: whether the token is
// good is the server's call, and a 401 is documented on every such route.
var validation = &openapi3filter.Options{
	IncludeResponseStatus: true,
	SkipSettingDefaults:   true,
	MultiError:            true,
	AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		raw, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(raw) == "" {
			return errors.New("no bearer token")
		}
		return nil
	},
}

// checkExchange holds one request and its recorded answer to the OpenAPI
// document. A request the document rejects must get a 4xx, since tests send
// bad input on purpose; the answer must match the document in any case:
// a documented status, its required headers and its body schema.
func checkExchange(t *testing.T, method, target, body string, header http.Header, rec *httptest.ResponseRecorder) {
	t.Helper()
	o := mustOpenAPI(t)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	req.Header = header.Clone()
	route, params, err := o.router.FindRoute(req)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		checkBareError(t, o, method, target, rec, http.StatusNotFound, "NotFound")
		return
	case errors.Is(err, routers.ErrMethodNotAllowed):
		checkBareError(t, o, method, target, rec, http.StatusMethodNotAllowed, "MethodNotAllowed")
		if rec.Code == http.StatusMethodNotAllowed && rec.Header().Get("Allow") == "" {
			t.Errorf("%s %s: 405 without an Allow header", method, target)
		}
		return
	case err != nil:
		t.Fatalf("%s %s: find the route in openapi.json: %v", method, target, err)
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: validation}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && (rec.Code < 400 || rec.Code > 499) {
		t.Errorf("%s %s: openapi.json rejects the request, yet the answer is %d: %v", method, target, rec.Code, err)
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{RequestValidationInput: in,
		Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: validation})
	if err != nil {
		t.Errorf("%s %s: the %d answer does not match openapi.json: %v\nbody: %s", method, target, rec.Code, err, rec.Body)
	}
}

// checkBareError checks an answer given outside every operation (an unknown
// path, a wrong method) against the shared response of the document.
func checkBareError(t *testing.T, o *openAPI, method, target string, rec *httptest.ResponseRecorder, want int, name string) {
	t.Helper()
	if rec.Code != want {
		t.Errorf("%s %s: not in openapi.json, got %d, want %d", method, target, rec.Code, want)
		return
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Errorf("%s %s: %d body is not JSON: %v", method, target, rec.Code, err)
		return
	}
	schema := o.doc.Components.Responses[name].Value.Content.Get("application/json").Schema.Value
	if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("%s %s: the %d answer does not match openapi.json's %s: %v", method, target, rec.Code, name, err)
	}
}

// foreignBulletin publishes a bulletin of the unit on the campaign's first
// topic with a secret preface and returns its id.
func foreignBulletin(t *testing.T, s *storetest.Services, unit, campaignID xuezuo.ID) xuezuo.ID {
	t.Helper()
	c, err := s.Campaign.Get(storetest.System(), campaignID)
	if err != nil {
		t.Fatal(err)
	}
	preface := "乙机密开头语"
	b, err := s.Bulletins.CreateBulletin(storetest.System(), report.BulletinInput{OrgID: unit, CampaignID: campaignID,
		TopicID: c.Topics[0].ID, Preface: &preface})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Bulletins.Publish(storetest.System(), b.ID); err != nil {
		t.Fatal(err)
	}
	return b.ID
}
