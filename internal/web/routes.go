package web

import (
	"net/http"

	"xuezuo/internal/report"
)

// Route is one entry of the route table.
type Route struct {
	// Pattern is a ServeMux pattern with method, e.g. "GET /orgs/{id}".
	Pattern string
	// IDKind names what {id} identifies: "org", "member", "user", "grant",
	// "token", "post", "campaign", "meeting", "reflection", "attachment",
	// "summary", "forward", "bulletin", or "" for routes without an id.
	IDKind string
	// Public routes are served without a login.
	Public bool

	stateless bool // served outside the session middleware
	handle    handlerFunc
}

// handlerFunc is a handler of the route table: it writes its answer, or
// returns an error that the table's wrapper maps once to a status and page
// (and logs, with the request id, when it is internal).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// table is the one route table: every page, fragment and action of the
// HTML front door, in the order a reader meets them.
func (h *Handler) table() []Route {
	return []Route{
		{Pattern: "GET /healthz", Public: true, stateless: true, handle: h.healthz},
		{Pattern: "GET /static/{file}", Public: true, stateless: true, handle: h.assets.serve},
		{Pattern: "GET /favicon.ico", Public: true, stateless: true, handle: h.assets.favicon},
		{Pattern: "GET /login", Public: true, handle: h.loginForm},
		{Pattern: "POST /login", Public: true, handle: h.login},
		{Pattern: "POST /login/password", Public: true, handle: h.loginPasswordChange},
		{Pattern: "POST /logout", handle: h.logout},
		{Pattern: "GET /{$}", handle: h.home},
		{Pattern: "GET /system", handle: h.system},

		{Pattern: "GET /orgs", handle: h.orgTree},
		{Pattern: "GET /orgs/{id}", IDKind: "org", handle: h.orgShow},
		{Pattern: "GET /orgs/{id}/children", IDKind: "org", handle: h.orgChildren},
		{Pattern: "GET /orgs/{id}/members", IDKind: "org", handle: h.orgMembers},
		{Pattern: "GET /orgs/{id}/new", IDKind: "org", handle: h.orgNew},
		{Pattern: "POST /orgs/{id}/children", IDKind: "org", handle: h.orgCreate},
		{Pattern: "GET /orgs/{id}/edit", IDKind: "org", handle: h.orgEdit},
		{Pattern: "POST /orgs/{id}/edit", IDKind: "org", handle: h.orgUpdate},
		{Pattern: "POST /orgs/{id}/move", IDKind: "org", handle: h.orgMove},
		{Pattern: "POST /orgs/{id}/dissolve", IDKind: "org", handle: h.orgDissolve},
		{Pattern: "GET /orgs/{id}/members/new", IDKind: "org", handle: h.memberNew},
		{Pattern: "POST /orgs/{id}/members", IDKind: "org", handle: h.memberCreate},
		{Pattern: "GET /orgs/{id}/import", IDKind: "org", handle: h.importForm},
		{Pattern: "POST /orgs/{id}/import", IDKind: "org", handle: h.importRun},
		{Pattern: "GET /import-template.xlsx", handle: h.importTemplate},
		{Pattern: "GET /orgs/{id}/meetings", IDKind: "org", handle: h.orgMeetings},
		{Pattern: "GET /orgs/{id}/meetings/new", IDKind: "org", handle: h.meetingNew},
		{Pattern: "POST /orgs/{id}/meetings", IDKind: "org", handle: h.meetingCreate},
		{Pattern: "GET /orgs/{id}/reflections", IDKind: "org", handle: h.orgReflections},
		{Pattern: "GET /orgs/{id}/ledger", IDKind: "org", handle: h.ledgerPage},
		{Pattern: "GET /orgs/{id}/ledger.xlsx", IDKind: "org", handle: h.ledgerXLSX},
		{Pattern: "GET /orgs/{id}/ledger.pdf", IDKind: "org", handle: h.ledgerPDF},
		{Pattern: "GET /orgs/{id}/exclusions", IDKind: "org", handle: h.orgExclusions},
		{Pattern: "POST /orgs/{id}/exclusions", IDKind: "org", handle: h.exclusionCreate},
		{Pattern: "POST /orgs/{id}/exclusions/revoke", IDKind: "org", handle: h.exclusionRevoke},
		{Pattern: "GET /orgs/{id}/summaries", IDKind: "org", handle: h.orgSummaries},
		{Pattern: "POST /orgs/{id}/summaries", IDKind: "org", handle: h.summaryCreate},
		{Pattern: "POST /orgs/{id}/summaries/due", IDKind: "org", handle: h.summaryDue},
		{Pattern: "GET /orgs/{id}/forwards", IDKind: "org", handle: h.orgForwards},
		{Pattern: "GET /orgs/{id}/lectures", IDKind: "org", handle: h.orgLectures},
		{Pattern: "POST /orgs/{id}/forwards/quotas", IDKind: "org", handle: h.forwardQuota},
		{Pattern: "GET /orgs/{id}/bulletins", IDKind: "org", handle: h.orgBulletins},
		{Pattern: "POST /orgs/{id}/bulletins", IDKind: "org", handle: h.bulletinCreate},

		{Pattern: "GET /campaigns", handle: h.campaignList},
		{Pattern: "GET /campaigns/new", handle: h.campaignNew},
		{Pattern: "POST /campaigns", handle: h.campaignCreate},
		{Pattern: "GET /campaigns/{id}", IDKind: "campaign", handle: h.campaignShow},
		{Pattern: "POST /campaigns/{id}/publish", IDKind: "campaign", handle: h.campaignPublish},
		{Pattern: "POST /campaigns/{id}/qiyi", IDKind: "campaign", handle: h.campaignQiyi},
		{Pattern: "GET /campaigns/{id}/progress", IDKind: "campaign", handle: h.campaignProgress},
		{Pattern: "GET /campaigns/{id}/participation", IDKind: "campaign", handle: h.campaignParticipation},

		{Pattern: "GET /meetings/{id}", IDKind: "meeting", handle: h.meetingShow},
		{Pattern: "GET /meetings/{id}/edit", IDKind: "meeting", handle: h.meetingEdit},
		{Pattern: "POST /meetings/{id}/edit", IDKind: "meeting", handle: h.meetingUpdate},
		{Pattern: "POST /meetings/{id}/attachments", IDKind: "meeting", handle: h.meetingAttach},
		{Pattern: "POST /meetings/{id}/register", IDKind: "meeting", handle: h.meetingRegister},
		{Pattern: "POST /meetings/{id}/close", IDKind: "meeting", handle: h.meetingClose},
		{Pattern: "POST /meetings/{id}/makeups", IDKind: "meeting", handle: h.meetingMakeup},
		{Pattern: "POST /meetings/{id}/forward", IDKind: "meeting", handle: h.lectureForward},
		{Pattern: "GET /meetings/{id}/signin.xlsx", IDKind: "meeting", handle: h.signinXLSX},
		{Pattern: "GET /meetings/{id}/signin.pdf", IDKind: "meeting", handle: h.signinPDF},
		{Pattern: "GET /meetings/{id}/checkin", IDKind: "meeting", handle: h.checkinForm},
		{Pattern: "POST /meetings/{id}/checkin", IDKind: "meeting", handle: h.checkin},

		{Pattern: "GET /reflections/new", handle: h.reflectionNew},
		{Pattern: "POST /reflections", handle: h.reflectionCreate},
		{Pattern: "GET /reflections/{id}", IDKind: "reflection", handle: h.reflectionShow},
		{Pattern: "POST /reflections/{id}/edit", IDKind: "reflection", handle: h.reflectionUpdate},
		{Pattern: "POST /reflections/{id}/review", IDKind: "reflection", handle: h.reflectionReview},
		{Pattern: "POST /reflections/{id}/attachments", IDKind: "reflection", handle: h.reflectionAttach},
		{Pattern: "POST /reflections/{id}/forward", IDKind: "reflection", handle: h.reflectionForward},
		{Pattern: "GET /attachments/{id}", IDKind: "attachment", handle: h.attachmentDownload},
		{Pattern: "POST /attachments/{id}/delete", IDKind: "attachment", handle: h.attachmentDelete},

		{Pattern: "GET /summaries/{id}", IDKind: "summary", handle: h.summaryShow},
		{Pattern: "POST /summaries/{id}/edit", IDKind: "summary", handle: h.summaryUpdate},
		{Pattern: "POST /summaries/{id}/submit", IDKind: "summary", handle: h.summarySubmit},
		{Pattern: "POST /summaries/{id}/accept", IDKind: "summary", handle: h.summaryAccept},
		{Pattern: "POST /summaries/{id}/return", IDKind: "summary", handle: h.summaryReturn},
		{Pattern: "POST /summaries/{id}/forward", IDKind: "summary", handle: h.summaryForward},
		{Pattern: "POST /summaries/{id}/attachments", IDKind: "summary", handle: h.summaryAttach},

		{Pattern: "POST /forwards/{id}/forward", IDKind: "forward", handle: h.forwardUp},
		{Pattern: "POST /forwards/{id}/adopt", IDKind: "forward", handle: h.forwardAdopt},

		{Pattern: "GET /bulletins/{id}", IDKind: "bulletin", handle: h.bulletinShow},
		{Pattern: "POST /bulletins/{id}/edit", IDKind: "bulletin", handle: h.bulletinUpdate},
		{Pattern: "POST /bulletins/{id}/publish", IDKind: "bulletin", handle: h.bulletinPublish},
		{Pattern: "GET /bulletins/{id}/document.docx", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatDOCX)},
		{Pattern: "GET /bulletins/{id}/document.pdf", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatPDF)},
		{Pattern: "GET /bulletins/{id}/document.xlsx", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatXLSX)},

		{Pattern: "GET /members/{id}", IDKind: "member", handle: h.memberShow},
		{Pattern: "GET /members/{id}/edit", IDKind: "member", handle: h.memberEdit},
		{Pattern: "POST /members/{id}/edit", IDKind: "member", handle: h.memberUpdate},
		{Pattern: "POST /members/{id}/transfer", IDKind: "member", handle: h.memberTransfer},
		{Pattern: "POST /members/{id}/posts", IDKind: "member", handle: h.postAdd},
		{Pattern: "POST /posts/{id}/end", IDKind: "post", handle: h.postEnd},

		{Pattern: "GET /accounts", handle: h.accountList},
		{Pattern: "GET /accounts/new", handle: h.accountNew},
		{Pattern: "POST /accounts", handle: h.accountCreate},
		{Pattern: "GET /accounts/{id}", IDKind: "user", handle: h.accountShow},
		{Pattern: "POST /accounts/{id}/grants", IDKind: "user", handle: h.grantAdd},
		{Pattern: "POST /grants/{id}/revoke", IDKind: "grant", handle: h.grantRevoke},
		{Pattern: "POST /accounts/{id}/disable", IDKind: "user", handle: h.accountDisable},
		{Pattern: "POST /accounts/{id}/enable", IDKind: "user", handle: h.accountEnable},
		{Pattern: "POST /accounts/{id}/unlock", IDKind: "user", handle: h.accountUnlock},
		{Pattern: "POST /accounts/{id}/password", IDKind: "user", handle: h.accountPassword},
		{Pattern: "POST /accounts/{id}/link", IDKind: "user", handle: h.accountLink},

		{Pattern: "GET /me", handle: h.meShow},
		{Pattern: "POST /me/password", handle: h.mePassword},
		{Pattern: "POST /me/tokens", handle: h.tokenCreate},
		{Pattern: "POST /tokens/{id}/revoke", IDKind: "token", handle: h.tokenRevoke},

		{Pattern: "GET /audit", handle: h.auditList},

		// The catch-all answers unknown paths and wrong methods with the
		// zh-CN 404 page instead of ServeMux's English text.
		{Pattern: "/", Public: true, handle: h.notFound},
	}
}
