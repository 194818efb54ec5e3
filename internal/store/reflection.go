package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/reflection"
	"xuezuo/internal/search"
	"xuezuo/internal/store/sqlcdb"
)

// CreateReflection inserts a reflection; the unique (topic, member) key
// refuses a second one. The search index follows in the same transaction
// (a trigger on SQLite, a generated column on PostgreSQL).
func (s *Store) CreateReflection(ctx context.Context, r *reflection.Reflection, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "reflections")
		if err != nil {
			return err
		}
		r.ID = id
		if err := q.InsertReflection(ctx, sqlcdb.InsertReflectionParams{ID: id, TopicID: r.TopicID, MemberID: r.MemberID, OrgID: r.OrgID,
			UnitID: r.UnitID, Title: r.Title, Body: r.Body, Tokens: search.Index(r.Title, r.Body), Status: r.Status, SubmittedAt: ms(r.SubmittedAt),
			CreatedAt: ms(r.CreatedAt)}); err != nil {
			return err
		}
		if r.Status != reflection.Draft {
			if err := figReflection(ctx, q, r.TopicID, r.OrgID, r.MemberID, 1); err != nil {
				return err
			}
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

// UpdateReflection writes a reflection's text and status.
func (s *Store) UpdateReflection(ctx context.Context, r *reflection.Reflection, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		old, err := q.FigReflectionOf(ctx, r.ID)
		if err != nil {
			return notFound(err, "心得体会")
		}
		if err := q.UpdateReflection(ctx, sqlcdb.UpdateReflectionParams{ID: r.ID, Title: r.Title, Body: r.Body, Tokens: search.Index(r.Title, r.Body),
			Status: r.Status, SubmittedAt: ms(r.SubmittedAt), ReviewedAt: ms(r.ReviewedAt), UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		// Only entering or leaving the draft state moves the counts.
		if d := b2i(r.Status != reflection.Draft) - b2i(old.Status != reflection.Draft); d != 0 {
			return figReflection(ctx, q, old.TopicID, old.OrgID, old.MemberID, d)
		}
		return nil
	})
}

// GetReflection returns one reflection.
func (s *Store) GetReflection(ctx context.Context, id xuezuo.ID) (*reflection.Reflection, error) {
	r, err := s.q().GetReflection(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "心得体会"))
	}
	return &reflection.Reflection{ID: r.ID, TopicID: r.TopicID, MemberID: r.MemberID, MemberName: r.MemberName, OrgID: r.OrgID,
		UnitID: r.UnitID, Title: r.Title, Body: r.Body, Status: r.Status, SubmittedAt: fromMS(r.SubmittedAt),
		ReviewedAt: fromMS(r.ReviewedAt), CreatedAt: fromMS(r.CreatedAt)}, nil
}

// defaultScopeScan bounds the scopes searched by reading their reflections
// directly: a unit's few thousand bodies are tested faster than the index
// lists the academy-wide candidates of a common word.
const defaultScopeScan = 5000

// SetScopeScan sets the member count up to which a search reads the
// scope's reflections instead of asking the index (tests use 0 to force
// the index).
func (s *Store) SetScopeScan(members int64) { s.scopeScan.Store(members) }

// smallScope reports whether an org's subtree is small enough to search
// without the index (on error it says no, and the index is used).
func (s *Store) smallScope(ctx context.Context, orgID xuezuo.ID) bool {
	n, err := s.q().FigScopeMembers(ctx, orgID)
	return err == nil && n <= s.scopeScan.Load()
}

// ListReflections pages the submitted reflections of an org's subtree,
// newest first. With a query, the index narrows the candidates to those
// holding every phrase and a substring test confirms them, so the total
// equals a plain substring count; without phrases (one character, or only
// letters and digits) the substring test runs over the scope alone.
func (s *Store) ListReflections(ctx context.Context, f reflection.Filter) ([]reflection.Reflection, int, error) {
	phrases := search.Phrases(f.Q)
	where := []string{"t.ancestor_id = $1", "r.status <> 'draft'"}
	args := []any{f.OrgID}
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.TopicID != 0 {
		add("r.topic_id = $%d", f.TopicID)
	}
	if f.MemberID != 0 {
		add("r.member_id = $%d", f.MemberID)
	}
	if f.Q != "" {
		if len(phrases) > 0 && !s.smallScope(ctx, f.OrgID) {
			cond, arg := s.d.matchSQL(len(args)+1, phrases)
			args = append(args, arg)
			where = append(where, cond)
		}
		args = append(args, f.Q)
		n := len(args)
		where = append(where, "("+s.d.containsSQL("r.body", n)+" OR "+s.d.containsSQL("r.title", n)+")")
	}
	from := " FROM reflections r JOIN org_tree t ON t.descendant_id = r.org_id WHERE " + strings.Join(where, " AND ")
	// One pass over the scope for the page's ids and, by the window count,
	// the total: each body is tested once, and only the page's rows are
	// read whole afterwards.
	args = append(args, f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, "SELECT r.id, COUNT(*) OVER ()"+from+
		fmt.Sprintf(" ORDER BY r.submitted_at DESC, r.id DESC LIMIT $%d OFFSET $%d", len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, s.mapErr(fmt.Errorf("list reflections: %w", err))
	}
	var ids []any
	total := -1
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &total); err != nil {
			rows.Close()
			return nil, 0, s.mapErr(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, s.mapErr(err)
	}
	if total < 0 { // a page past the end carries no count
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+from, args[:len(args)-2]...).Scan(&total); err != nil {
			return nil, 0, s.mapErr(fmt.Errorf("count reflections: %w", err))
		}
	}
	out, err := s.reflectionsByID(ctx, ids)
	return out, total, err
}

// reflectionsByID reads reflections with their authors' names, newest first.
func (s *Store) reflectionsByID(ctx context.Context, ids []any) ([]reflection.Reflection, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks := make([]string, len(ids))
	for i := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT r.id, r.topic_id, r.member_id, mb.name, r.org_id, r.unit_id, r.title, r.body, r.status, r.submitted_at, r.reviewed_at"+
		" FROM reflections r JOIN members mb ON mb.id = r.member_id WHERE r.id IN ("+strings.Join(marks, ", ")+") ORDER BY r.submitted_at DESC, r.id DESC", ids...)
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("read reflections: %w", err))
	}
	defer rows.Close()
	var out []reflection.Reflection
	for rows.Next() {
		var r reflection.Reflection
		var sub, rev int64
		if err := rows.Scan(&r.ID, &r.TopicID, &r.MemberID, &r.MemberName, &r.OrgID, &r.UnitID, &r.Title, &r.Body, &r.Status, &sub, &rev); err != nil {
			return nil, s.mapErr(err)
		}
		r.SubmittedAt, r.ReviewedAt = fromMS(sub), fromMS(rev)
		out = append(out, r)
	}
	return out, s.mapErr(rows.Err())
}
