package dataset

import (
	"context"
	"errors"
	"fmt"
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
	// WriteAudit records a refused import on its own.
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// ActionImport is the audit action of a data set import, with counts.
const ActionImport = "dataset.import"

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
	var bad *ImportError
	if errors.As(err, &bad) {
		// A refused data set wrote nothing, but the attempt is on record
		// with how many problems stopped it (the list is capped).
		e := audit.New(ctx, ActionImport, "dataset", 0, 0, "created=0", fmt.Sprintf("refused=%d", len(bad.Problems)))
		e.Outcome = audit.OutcomeFailed
		if aerr := s.store.WriteAudit(ctx, e); aerr != nil {
			return nil, fmt.Errorf("audit refused dataset import: %w", aerr)
		}
	}
	if err != nil {
		return nil, err
	}
	checked := time.Now()
	// The counts are the rows created; an import never updates (it needs
	// an empty database) and refuses a data set with any bad line whole.
	e := audit.New(ctx, ActionImport, "dataset", 0, d.Orgs[0].ID, fmt.Sprintf("orgs=%d", len(d.Orgs)),
		fmt.Sprintf("members=%d", len(d.Members)), "campaign=1", fmt.Sprintf("meetings=%d", len(d.Activities)),
		fmt.Sprintf("attendance=%d", len(d.Attendance)), fmt.Sprintf("reflections=%d", len(d.Reflections)),
		fmt.Sprintf("created=%d", d.Rows()), "updated=0", "refused=0")
	if err := s.store.ImportDataset(ctx, d, e, progress); err != nil {
		return nil, err
	}
	done := time.Now()
	return &Summary{Rows: d.Rows(), Check: checked.Sub(began), Write: done.Sub(checked), Elapsed: done.Sub(began),
		Orgs: len(d.Orgs), Members: len(d.Members), Meetings: len(d.Activities), Attended: len(d.Attendance), Texts: len(d.Reflections)}, nil
}
