package dataset

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Store is what the import needs from the database.
type Store interface {
	// HasRecords reports whether any org, member or campaign exists.
	HasRecords(ctx context.Context) (bool, error)
	// ImportDataset writes a checked data set in one transaction and
	// brings the statistics and rollups up to date.
	ImportDataset(ctx context.Context, d *Data, e audit.Entry, progress Progress) error
}

// Service imports data sets.
type Service struct {
	store Store
	clock xuezuo.Clock
}

// NewService returns the import service.
func NewService(s Store, clock xuezuo.Clock) *Service { return &Service{store: s, clock: clock} }

// Summary describes a finished import.
type Summary struct {
	Rows     int
	Check    time.Duration // reading and checking the files
	Write    time.Duration // writing, indexing and statistics
	Elapsed  time.Duration
	Orgs     int
	Members  int
	Meetings int
	Attended int // attendance rows
	Texts    int // reflections
}

// Import loads the data set in dir into an empty database. Only the
// system (the command line on the server) may import; a database that
// already holds records is refused, and a data set with any bad line
// writes nothing.
func (s *Service) Import(ctx context.Context, dir string, progress Progress) (*Summary, error) {
	if a := xuezuo.ActorFrom(ctx); a == nil || !a.System {
		return nil, xuezuo.Errorf(xuezuo.EForbidden, "只能在服务器上用命令行导入数据集")
	}
	has, err := s.store.HasRecords(ctx)
	if err != nil {
		return nil, err
	}
	if has {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "数据库中已有组织或党员数据；数据集只能导入空数据库")
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	began := time.Now()
	d, err := Load(dir, xuezuo.DateOf(s.clock.Now()), progress)
	if err != nil {
		return nil, err
	}
	checked := time.Now()
	e := audit.New(ctx, "dataset.import", "dataset", 0, d.Orgs[0].ID, "orgs", "members", "campaign", "meetings", "attendance", "reflections")
	if err := s.store.ImportDataset(ctx, d, e, progress); err != nil {
		return nil, err
	}
	done := time.Now()
	return &Summary{Rows: d.Rows(), Check: checked.Sub(began), Write: done.Sub(checked), Elapsed: done.Sub(began),
		Orgs: len(d.Orgs), Members: len(d.Members), Meetings: len(d.Activities), Attended: len(d.Attendance), Texts: len(d.Reflections)}, nil
}
