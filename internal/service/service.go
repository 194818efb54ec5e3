// Package service holds the one list of xuezuo's feature services and the
// constructor that wires them. The composition root (app), the test fixtures
// (storetest), the front doors (web, api) and the demo all take this one
// value, so a new feature is added here and nowhere else.
package service

import (
	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
	"xuezuo/internal/campaign"
	"xuezuo/internal/dataset"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
)

// Store is everything the feature services need from storage: the union of
// each feature's narrow Store. *store.Store implements it.
type Store interface {
	account.Ancestry
	audit.Store
	org.Store
	account.Store
	member.Store
	campaign.Store
	meeting.Store
	reflection.Store
	attachment.Store
	progress.Store
	dataset.Store
	report.Store
	report.BulletinStore
}

// Deps are what the services are built from.
type Deps struct {
	Store  Store
	Clock  xuezuo.Clock
	Hasher *account.Hasher
	Blobs  blob.Blob
}

// Services is every feature service, wired on one store and one policy.
type Services struct {
	// Policy answers scope questions for every service.
	Policy     *account.Policy
	Audit      *audit.Service
	Org        *org.Service
	Account    *account.Service
	Member     *member.Service
	Campaign   *campaign.Service
	Meeting    *meeting.Service
	Reflection *reflection.Service
	Attachment *attachment.Service
	// FileOwners are the file policies of the records that hold
	// attachments, by owner kind: each record's own service decides.
	FileOwners attachment.Owners
	Progress   *progress.Service
	Dataset    *dataset.Service
	// Report holds branch summaries (and later forwards and bulletins).
	Report *report.Service
	// Bulletins are the 通报 generated from the records.
	Bulletins *report.Bulletins
	// Refusals audits the front doors' 403 and 404 answers, bounded per
	// requester and minute.
	Refusals *audit.Refusals
}

// New wires every service. A nil Clock means the system clock.
func New(d Deps) *Services {
	clock := d.Clock
	if clock == nil {
		clock = xuezuo.SystemClock{}
	}
	s := d.Store
	p := account.NewPolicy(s)
	c := campaign.NewService(s, p, clock)
	svc := &Services{
		Policy:   p,
		Audit:    audit.NewService(s),
		Refusals: audit.NewRefusals(s, clock, 0),
		Org:      org.NewService(s, p, clock),
		Account:  account.NewService(s, d.Hasher, p, clock),
		Member:   member.NewService(s, p, clock),
		Campaign: c,
		Meeting:  meeting.NewService(s, p, c, clock),
		Progress: progress.NewService(s, p, c, clock),
		Dataset:  dataset.NewService(s, clock),
	}
	svc.Report = report.NewService(s, p, c, svc.Meeting, clock)
	svc.Bulletins = report.NewBulletins(s, p, c, svc.Progress, s, clock)
	svc.Reflection = reflection.NewService(s, p, c, clock)
	svc.FileOwners = attachment.Owners{
		attachment.Meeting:    svc.Meeting.FilePolicy(),
		attachment.Reflection: svc.Reflection.FilePolicy(),
		attachment.Summary:    svc.Report.SummaryFilePolicy(),
	}
	svc.Attachment = attachment.NewService(s, d.Blobs, svc.FileOwners, clock)
	return svc
}
