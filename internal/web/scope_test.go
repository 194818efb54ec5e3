package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// The names of subtree B; no page a role scoped to A sees may contain them.
const (
	bUnitName   = "乙研究所党委"
	bBranchName = "乙第一党支部"
	bMemberName = "乙支部秘密党员"
	bCampaign   = "乙所秘密学习教育"
	bMeeting    = "乙支部秘密会议"
	bReflection = "乙支部秘密心得"
	bAttachment = "乙支部秘密附件.txt"
	bNote       = "乙支部秘密推荐理由"
	bLecturer   = "乙所秘密主讲人"
	bPreface    = "乙所秘密通报开头语"
)

// matrix is two disjoint subtrees under one root, with an account for every
// role scoped to A and records of every id kind in B.
type matrix struct {
	aBranch xuezuo.ID
	bUnit   xuezuo.ID
	bBranch xuezuo.ID
	bMember xuezuo.ID
	ids     map[string][]xuezuo.ID // id kind → ids belonging to B
	roles   []matrixRole
}

type matrixRole struct {
	role xuezuo.Role
	c    *client
}

func newMatrix(t *testing.T, e *env) matrix {
	t.Helper()
	s, sys := e.s, storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	aUnit := storetest.MustCreateUnit(t, s, root.ID, "甲研究所党委")
	aBranch := storetest.MustCreateOrg(t, s, aUnit.ID, "甲第一党支部", org.KindBranch)
	aMember := storetest.MustCreateMember(t, s, aBranch.ID, "甲支部党员")
	bUnit := storetest.MustCreateUnit(t, s, root.ID, bUnitName)
	bBranch := storetest.MustCreateOrg(t, s, bUnit.ID, bBranchName, org.KindBranch)
	bMember := storetest.MustCreateMember(t, s, bBranch.ID, bMemberName)
	post, err := s.Member.AddPost(sys, bMember.ID, 0, "secretary", xuezuo.NewDate(2026, 1, 1), xuezuo.Date{})
	if err != nil {
		t.Fatal(err)
	}
	bctx := storetest.MustUser(t, s, "b_orgadmin", xuezuo.RoleOrgAdmin, bUnit.ID)
	bctx = storetest.MustLinkMember(t, s, bctx, bMember.ID)
	bUser := xuezuo.ActorFrom(bctx)
	_, token, err := s.Account.CreateToken(bctx, bUser.UserID, "乙的令牌", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bc, bmt, bref := newBCampaign(t, e, bctx, bUnit.ID, bBranch.ID)
	bAtt := newBAttachments(t, e, bctx, bmt, bref)
	bSum, bSumFile := newBSummary(t, e, bc, bBranch.ID)
	bAtt = append(bAtt, bSumFile)
	bFwd, err := e.s.Report.Forward(sys, report.ForwardInput{Kind: report.KindReflection, ItemID: bref, Note: bNote})
	if err != nil {
		t.Fatal(err)
	}
	// B's unit holds a lecture for its branch: A is not in its audience.
	bLecture, err := e.s.Meeting.Create(sys, meeting.Input{OrgID: bUnit.ID, Kind: meeting.KindLecture, Title: bMeeting,
		HeldOn: xuezuo.NewDate(2026, 6, 1), Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: bLecturer}})
	if err != nil {
		t.Fatal(err)
	}
	bBulletins := newBBulletins(t, e, bUnit.ID, bc)
	m := matrix{aBranch: aBranch.ID, bUnit: bUnit.ID, bBranch: bBranch.ID, bMember: bMember.ID,
		ids: map[string][]xuezuo.ID{
			"org": {bUnit.ID, bBranch.ID}, "member": {bMember.ID}, "post": {post.ID},
			"user": {bUser.UserID}, "grant": {bUser.Grants[0].ID}, "token": {token.ID},
			"campaign": {bc}, "meeting": {bmt, bLecture.ID}, "reflection": {bref}, "attachment": bAtt,
			"summary": {bSum}, "forward": {bFwd.ID}, "bulletin": bBulletins,
		}}
	memberCtx := storetest.MustUser(t, s, "a_member", xuezuo.RoleMember, aBranch.ID)
	storetest.MustLinkMember(t, s, memberCtx, aMember.ID)
	accounts := []struct {
		name string
		role xuezuo.Role
		org  xuezuo.ID
	}{
		{"a_orgadmin", xuezuo.RoleOrgAdmin, aUnit.ID}, {"a_secretary", xuezuo.RoleSecretary, aBranch.ID},
		{"a_member", "", 0}, {"a_inspector", xuezuo.RoleInspector, aUnit.ID},
		{"sysadmin", xuezuo.RoleSystemAdmin, 0}, {"secadmin", xuezuo.RoleSecurityAdmin, 0}, {"auditor", xuezuo.RoleAuditor, 0},
	}
	for _, a := range accounts {
		role := a.role
		if a.name != "a_member" {
			storetest.MustUser(t, s, a.name, a.role, a.org)
		} else {
			role = xuezuo.RoleMember
		}
		m.roles = append(m.roles, matrixRole{role: role, c: e.login(t, a.name)})
	}
	return m
}

// newBCampaign gives subtree B a published campaign owned by its unit with
// one topic, a meeting of its branch on that topic and a reflection by its
// member (bctx acts as that member's account).
func newBCampaign(t *testing.T, e *env, bctx context.Context, bUnit, bBranch xuezuo.ID) (campaignID, meetingID, reflectionID xuezuo.ID) {
	t.Helper()
	sys := storetest.System()
	c, err := e.s.Campaign.Create(sys, campaign.Input{OwnerOrgID: bUnit, Title: bCampaign, Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{No: 1, Title: "乙专题", Deadline: xuezuo.NewDate(2026, 6, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	c, err = e.s.Campaign.Get(sys, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	mt, err := e.s.Meeting.Create(sys, meeting.Input{OrgID: bBranch, Kind: "topic_study", Title: bMeeting, TopicID: c.Topics[0].ID,
		HeldOn: xuezuo.NewDate(2026, 6, 1), CheckinFrom: storetest.Clock.Now().Add(-time.Hour), CheckinTo: storetest.Clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := e.s.Reflection.Submit(bctx, reflection.Input{TopicID: c.Topics[0].ID, Title: bReflection, Body: "乙支部的心得正文"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, mt.ID, ref.ID
}

// bViews are the views of B's summary; no page A sees may show them.
const bViews = "乙支部秘密的主要观点"

// newBSummary gives B's branch a submitted summary on B's topic, so that
// every step (edit, submit, accept, return) would change it if allowed,
// with one file attached while it was a draft.
func newBSummary(t *testing.T, e *env, campaignID, branch xuezuo.ID) (summaryID, fileID xuezuo.ID) {
	t.Helper()
	sys := storetest.System()
	c, err := e.s.Campaign.Get(sys, campaignID)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := e.s.Report.Create(sys, branch, c.Topics[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	views := bViews
	if _, err := e.s.Report.Edit(sys, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	a, err := e.s.Attachment.Upload(sys, attachment.Summary, sm.ID, bAttachment, strings.NewReader("乙支部总结的附件"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Report.Submit(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	return sm.ID, a.ID
}

// newBAttachments gives B's meeting and B's reflection one file each.
func newBAttachments(t *testing.T, e *env, bctx context.Context, meetingID, reflectionID xuezuo.ID) []xuezuo.ID {
	t.Helper()
	m, err := e.s.Attachment.Upload(storetest.System(), attachment.Meeting, meetingID, bAttachment, strings.NewReader("乙支部秘密附件的内容"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.s.Attachment.Upload(bctx, attachment.Reflection, reflectionID, bAttachment, strings.NewReader("乙支部心得的附件"))
	if err != nil {
		t.Fatal(err)
	}
	return []xuezuo.ID{m.ID, r.ID}
}

// newBBulletins gives B's unit a published bulletin and a draft, both
// with a preface no page A sees may show.
func newBBulletins(t *testing.T, e *env, bUnit, campaignID xuezuo.ID) []xuezuo.ID {
	t.Helper()
	sys, preface := storetest.System(), bPreface
	var ids []xuezuo.ID
	for i := range 2 {
		b, err := e.s.Bulletins.CreateBulletin(sys, report.BulletinInput{OrgID: bUnit, CampaignID: campaignID, Quarter: "2026Q2", Preface: &preface})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := e.s.Bulletins.Publish(sys, b.ID); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, b.ID)
	}
	return ids
}

// business reports whether role reads business data within a subtree.
func business(role xuezuo.Role) bool { return !role.Admin() }

// expect returns the status a role must get for a route given an id of B,
// or 0 when the service lets the role use the route on B (the security
// admin manages every account, grant and token).
func expect(kind string, role xuezuo.Role) int {
	switch kind {
	case "org", "member", "post", "campaign", "meeting", "reflection", "attachment", "summary", "forward", "bulletin":
		if business(role) {
			return http.StatusNotFound // outside the subtree reads as missing
		}
		return http.StatusForbidden // the admin roles never read business data
	case "user", "grant":
		if role == xuezuo.RoleSecurityAdmin {
			return 0
		}
		return http.StatusForbidden
	case "token":
		if role == xuezuo.RoleSecurityAdmin {
			return 0
		}
		return http.StatusNotFound // another user's token reads as missing
	}
	return -1
}

// TestScopeMatrix sends every route with an id, as every role, with ids
// belonging to subtree B: the answer is 404 or 403 as the service decides,
// and no page shows B's names. Generated from Routes(), so a new route is
// covered the moment it is added.
func TestScopeMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := newMatrix(t, e)

	// The accounts work: each business role reads its own branch.
	for _, r := range m.roles {
		if business(r.role) {
			wantStatus(t, r.c.get(fmt.Sprintf("/orgs/%d", m.aBranch)), http.StatusOK)
		}
	}
	secret := []string{bUnitName, bBranchName, bMemberName, bCampaign, bMeeting, bReflection, bAttachment, "乙支部秘密附件的内容", "乙支部总结的附件", bViews, bNote, bPreface, bLecturer}
	checked := 0
	for _, rt := range e.h.Routes() {
		if rt.IDKind == "" {
			continue
		}
		method, pattern, _ := strings.Cut(rt.Pattern, " ")
		ids := m.ids[rt.IDKind]
		if len(ids) == 0 {
			t.Fatalf("%s: no B id of kind %q", rt.Pattern, rt.IDKind)
		}
		for _, r := range m.roles {
			for _, id := range ids {
				path := strings.Replace(pattern, "{id}", fmt.Sprint(id), 1)
				name := fmt.Sprintf("%s %s as %s", method, path, r.role)
				var res result
				if method == http.MethodGet {
					res = r.c.get(path)
				} else {
					res = r.c.post(path, url.Values{})
				}
				checked++
				want := expect(rt.IDKind, r.role)
				switch {
				case want == 0 && method == http.MethodGet && res.status != http.StatusOK:
					t.Errorf("%s: status %d, want the real page", name, res.status)
				case want == 0 && (res.status >= 500 || res.status == http.StatusNotFound || res.status == http.StatusForbidden):
					t.Errorf("%s: status %d, want the service to let the security admin act", name, res.status)
				case want != 0 && res.status != want:
					t.Errorf("%s: status %d, want %d", name, res.status, want)
				}
				leak := secret
				if want == 0 {
					// The security admin names orgs when granting roles,
					// but never reads a member.
					leak = []string{bMemberName}
				}
				for _, s := range leak {
					if strings.Contains(res.body, s) {
						t.Errorf("%s: body shows %q", name, s)
					}
				}
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d requests checked", checked)
	}

	// Nothing in B changed.
	sys := storetest.System()
	if o, err := e.s.Org.Get(sys, m.bBranch); err != nil || !o.Active() || o.Name != bBranchName {
		t.Errorf("B's branch changed: %+v %v", o, err)
	}
	if mm, err := e.s.Member.Get(sys, m.bMember); err != nil || mm.Name != bMemberName || mm.OrgID != m.bBranch {
		t.Errorf("B's member changed: %+v %v", mm, err)
	}
	if p, err := e.s.Member.List(sys, member.Filter{OrgID: m.bUnit}); err != nil || p.Total != 1 {
		t.Errorf("B's roll changed: %d %v", p.Total, err)
	}
	if ps, err := e.s.Member.OrgPosts(sys, m.bBranch); err != nil || len(ps) != 1 {
		t.Errorf("B's post changed: %v %v", ps, err)
	}
	if mt, err := e.s.Meeting.Get(sys, m.ids["meeting"][0]); err != nil || mt.Counts.Expected() != 0 || mt.RegisterClosed {
		t.Errorf("B's meeting changed: %+v %v", mt, err)
	}
	if ref, err := e.s.Reflection.Get(sys, m.ids["reflection"][0]); err != nil || ref.Status != reflection.Submitted || ref.Title != bReflection {
		t.Errorf("B's reflection changed: %+v %v", ref, err)
	}
	if sm, err := e.s.Report.Get(sys, m.ids["summary"][0]); err != nil || sm.State != report.Submitted || sm.Views != bViews || sm.Version != 1 {
		t.Errorf("B's summary changed: %+v %v", sm, err)
	}
	if f, err := e.s.Report.GetForward(sys, m.ids["forward"][0]); err != nil || f.Adopted {
		t.Errorf("B's forward changed: %+v %v", f, err)
	}
	if _, total, err := e.s.Report.Inbox(sys, report.InboxFilter{OrgID: m.bUnit, Quarter: report.QuarterOf(storetest.Clock.Now())}); err != nil || total != 1 {
		t.Errorf("B's unit received other forwards: %d %v", total, err)
	}
	for i, id := range m.ids["bulletin"] {
		if b, err := e.s.Bulletins.Bulletin(sys, id); err != nil || b.Published() != (i == 0) || b.Preface != bPreface {
			t.Errorf("B's bulletin %d changed: %+v %v", id, b, err)
		}
	}
	for _, id := range m.ids["attachment"] {
		if a, rc, err := e.s.Attachment.Open(sys, id); err != nil || a.FileName != bAttachment {
			t.Errorf("B's attachment %d changed: %+v %v", id, a, err)
		} else {
			rc.Close()
		}
	}
	if as, err := e.s.Attachment.List(sys, attachment.Meeting, m.ids["meeting"][0]); err != nil || len(as) != 1 {
		t.Errorf("a file was added to B's meeting: %d %v", len(as), err)
	}
	if as, err := e.s.Attachment.List(sys, attachment.Summary, m.ids["summary"][0]); err != nil || len(as) != 1 {
		t.Errorf("a file was added to B's summary: %d %v", len(as), err)
	}
	if kids, err := e.s.Org.Children(sys, m.bBranch); err != nil || len(kids) != 0 {
		t.Errorf("an org was created in B: %v %v", kids, err)
	}
}
