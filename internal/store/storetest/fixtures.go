package storetest

import (
	"context"
	"fmt"
	"testing"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/attachment"
	"xuezuo/internal/blob"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/service"
	"xuezuo/internal/store"
)

// Services are the feature services wired on one store, as app wires them
// (one service.Services), with the store and blob store beside them.
type Services struct {
	*service.Services
	Store *store.Store
	// Blobs holds uploaded files: in memory from NewServices, on disk in
	// the test's temp dir from OpenServices and OpenServicesAt.
	Blobs blob.Blob
}

// NewServices wires the services on s with fast password hashing.
func NewServices(s *store.Store, clock xuezuo.Clock) *Services {
	b := blob.NewMemory()
	return &Services{Store: s, Blobs: b,
		Services: service.New(service.Deps{Store: s, Clock: clock, Hasher: account.NewHasher(account.TestParams), Blobs: b})}
}

// UseBlobs rewires the attachment service on another blob store.
func (s *Services) UseBlobs(b blob.Blob, clock xuezuo.Clock) {
	s.Blobs = b
	s.Attachment = attachment.NewService(s.Store, b, s.FileOwners, clock)
}

// diskBlobs gives s a disk blob store in the test's temp dir, as app does.
func diskBlobs(t testing.TB, s *Services) *Services {
	t.Helper()
	d, err := blob.OpenDisk(t.TempDir())
	if err != nil {
		t.Fatalf("open blob store: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	s.UseBlobs(d, Clock)
	return s
}

// OpenServices opens a fresh store and wires the services on it.
func OpenServices(t testing.TB) *Services {
	t.Helper()
	return diskBlobs(t, NewServices(Open(t), Clock))
}

// System returns a context acting as the local operator.
func System() context.Context {
	return xuezuo.WithActor(context.Background(), xuezuo.SystemActor("test"))
}

// MustCreateOrg creates an org under parent (0 for a root).
func MustCreateOrg(t testing.TB, s *Services, parent xuezuo.ID, name string, kind org.Kind) *org.Org {
	t.Helper()
	o, err := s.Org.Create(System(), org.Input{ParentID: parent, Name: name, Kind: kind})
	if err != nil {
		t.Fatalf("create org %s: %v", name, err)
	}
	return o
}

// MustCreateUnit creates a committee flagged as a unit (基层党委).
func MustCreateUnit(t testing.TB, s *Services, parent xuezuo.ID, name string) *org.Org {
	t.Helper()
	o, err := s.Org.Create(System(), org.Input{ParentID: parent, Name: name, Kind: org.KindCommittee, IsUnit: true})
	if err != nil {
		t.Fatalf("create unit %s: %v", name, err)
	}
	return o
}

// MemberInput returns a valid full member input for a branch.
func MemberInput(orgID xuezuo.ID, name string) member.Input {
	return member.Input{OrgID: orgID, Name: name, Gender: "female", Birth: xuezuo.NewDate(1985, 3, 2),
		JoinDate: xuezuo.NewDate(2008, 7, 1), FullDate: xuezuo.NewDate(2009, 7, 1), Category: "in_service",
		Status: "normal", Post: "research", Phone: "13812345678"}
}

// MustCreateMember adds a full member to a branch.
func MustCreateMember(t testing.TB, s *Services, orgID xuezuo.ID, name string) *member.Member {
	t.Helper()
	m, err := s.Member.Create(System(), MemberInput(orgID, name))
	if err != nil {
		t.Fatalf("create member %s: %v", name, err)
	}
	return m
}

// Password is the fixture password of every test user.
const Password = "Test-Passw0rd-长"

// MustUser creates a user holding role on org (0 for admin roles) and
// returns a context acting as that user.
func MustUser(t testing.TB, s *Services, name string, role xuezuo.Role, orgID xuezuo.ID) context.Context {
	t.Helper()
	ctx := System()
	u, err := s.Account.CreateUser(ctx, name, name, Password)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	if role != "" {
		if _, err := s.Account.Grant(ctx, u.ID, role, orgID); err != nil {
			t.Fatalf("grant %s %s on %d: %v", name, role, orgID, err)
		}
	}
	return ActAs(t, s, u.ID)
}

// ActAs returns a context acting as the user.
func ActAs(t testing.TB, s *Services, userID xuezuo.ID) context.Context {
	t.Helper()
	a, err := s.Account.ActorFor(context.Background(), userID)
	if err != nil {
		t.Fatalf("actor %d: %v", userID, err)
	}
	return xuezuo.WithActor(context.Background(), a)
}

// MustLinkMember links user to member.
func MustLinkMember(t testing.TB, s *Services, ctx context.Context, memberID xuezuo.ID) context.Context {
	t.Helper()
	a := xuezuo.ActorFrom(ctx)
	if err := s.Account.LinkMember(System(), a.UserID, memberID, fmt.Sprint(a.Username)); err != nil {
		t.Fatalf("link member: %v", err)
	}
	return ActAs(t, s, a.UserID)
}

// OpenServicesAt opens the store at url (migrating it) and wires services.
func OpenServicesAt(t testing.TB, url string) *Services {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: url, Clock: Clock})
	if err != nil {
		t.Fatalf("open store %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return diskBlobs(t, NewServices(s, Clock))
}

// OpenServicesKeyed is OpenServices on a store with a field key (OpenKeyed).
func OpenServicesKeyed(t testing.TB) *Services {
	t.Helper()
	return diskBlobs(t, NewServices(OpenKeyed(t), Clock))
}
