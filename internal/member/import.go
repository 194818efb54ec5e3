package member

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
)

// MaxImportBytes is the largest import file accepted (about 100k rows).
const MaxImportBytes = 32 << 20

// RowError is one problem in one import row.
type RowError struct {
	Line    int    // sheet row number, as WPS and Excel show it
	Column  string // header name
	Message string
}

// ImportError lists every bad row of an import; nothing was written.
type ImportError struct {
	Rows []RowError
}

// Error implements error.
func (e *ImportError) Error() string {
	return fmt.Sprintf("导入失败：%d 处问题，未导入任何数据", len(e.Rows))
}

// ActionImport is the audit action of a roster import, with counts.
const ActionImport = "member.import"

// badLines counts the distinct rows among an import's problems.
func badLines(bad []RowError) int {
	lines := map[int]bool{}
	for _, b := range bad {
		lines[b.Line] = true
	}
	return len(lines)
}

// ImportResult reports a finished import.
type ImportResult struct {
	Created int
}

// Progress is called while an import runs: done of total rows checked.
type Progress func(done, total int)

// Import reads an XLSX roster and adds every row as a member of the branch
// named in 所在支部, matched inside within's subtree. Every row is checked
// first; any problem returns an *ImportError listing them all (row, column,
// problem) and writes nothing. Otherwise all rows go in one transaction.
func (s *Service) Import(ctx context.Context, within xuezuo.ID, r io.Reader, progress Progress) (ImportResult, error) {
	if err := s.scope.CanWriteMember(ctx, within); err != nil {
		return ImportResult{}, err
	}
	rows, err := ReadImportFile(r, MaxImportBytes)
	if err != nil {
		return ImportResult{}, err
	}
	items, bad := s.checkRows(ctx, within, rows, progress)
	if len(bad) > 0 {
		// Nothing is written, but the attempt is on record: how many rows
		// the file held and how many of them were refused.
		e := audit.New(ctx, ActionImport, "org", within, within, fmt.Sprintf("rows=%d", len(rows)),
			"created=0", "updated=0", fmt.Sprintf("refused=%d", badLines(bad)))
		e.Outcome = audit.OutcomeFailed
		if err := s.store.WriteAudit(ctx, e); err != nil {
			return ImportResult{}, fmt.Errorf("audit refused member import: %w", err)
		}
		return ImportResult{}, &ImportError{Rows: bad}
	}
	// An import only adds members (a row matching an existing one is
	// refused as a duplicate), so updated stays 0.
	e := audit.New(ctx, ActionImport, "org", within, within, fmt.Sprintf("rows=%d", len(rows)),
		fmt.Sprintf("created=%d", len(items)), "updated=0", "refused=0")
	if err := s.store.ImportMembers(ctx, items, e); err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Created: len(items)}, nil
}

func (s *Service) checkRows(ctx context.Context, within xuezuo.ID, rows []ImportRow, progress Progress) ([]Imported, []RowError) {
	var bad []RowError
	items := make([]Imported, 0, len(rows))
	branches := map[string]xuezuo.ID{} // name → id, or 0 when unknown/ambiguous
	branchErr := map[string]string{}
	seen := map[string]int{} // name|birth|branch → first line
	today := xuezuo.DateOf(s.clock.Now())
	now := s.clock.Now()
	for i, row := range rows {
		if progress != nil && (i%500 == 0 || i == len(rows)-1) {
			progress(i+1, len(rows))
		}
		in, errs := parseRow(row)
		name := row.Cells["所在支部"]
		if name == "" {
			errs = append(errs, RowError{row.Line, "所在支部", "请填写所在支部"})
		} else {
			if _, ok := branches[name]; !ok {
				branches[name], branchErr[name] = s.matchBranch(ctx, within, name)
			}
			if msg := branchErr[name]; msg != "" {
				errs = append(errs, RowError{row.Line, "所在支部", msg})
			}
			in.OrgID = branches[name]
		}
		if len(errs) == 0 {
			errs = append(errs, s.checkRow(ctx, row.Line, in, today, seen)...)
		}
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		m := Member{OrgID: in.OrgID, OrgName: name, CreatedAt: now, UpdatedAt: now}
		apply(&m, in)
		from := in.TransferIn
		if from.IsZero() {
			from = in.JoinDate
		}
		items = append(items, Imported{Member: m, From: from})
	}
	return items, bad
}

// checkRow runs the form's validation and the duplicate checks on one row.
func (s *Service) checkRow(ctx context.Context, line int, in Input, today xuezuo.Date, seen map[string]int) []RowError {
	var errs []RowError
	o, err := s.store.GetOrg(ctx, in.OrgID)
	if err != nil {
		return []RowError{{line, "所在支部", "所在支部不存在"}}
	}
	if err := validate(in, o, today); err != nil {
		for field, msg := range xuezuo.ErrorFields(err) {
			errs = append(errs, RowError{line, columnOf[field], msg})
		}
		return errs
	}
	key := fmt.Sprintf("%s|%s|%d", strings.TrimSpace(in.Name), in.Birth, in.OrgID)
	if first, ok := seen[key]; ok {
		return []RowError{{line, "姓名", fmt.Sprintf("与第 %d 行重复（同一支部、同名、同出生日期）", first)}}
	}
	seen[key] = line
	existing, err := s.store.FindMembersByName(ctx, in.OrgID, strings.TrimSpace(in.Name))
	if err != nil {
		return []RowError{{line, "姓名", "系统繁忙，请稍后再试"}}
	}
	for _, m := range existing {
		if m.Birth == in.Birth || (m.BirthYearOnly || in.BirthYearOnly) && m.Birth.Y == in.Birth.Y {
			return []RowError{{line, "姓名", "该支部已有同名、同出生日期的党员，请勿重复导入"}}
		}
	}
	return nil
}

// matchBranch finds the one branch or group of a name inside within.
func (s *Service) matchBranch(ctx context.Context, within xuezuo.ID, name string) (xuezuo.ID, string) {
	found, err := s.store.FindOrgsByName(ctx, within, name)
	if err != nil {
		return 0, "系统繁忙，请稍后再试"
	}
	var ids []xuezuo.ID
	for _, o := range found {
		if o.HoldsMembers() {
			ids = append(ids, o.ID)
		}
	}
	switch len(ids) {
	case 0:
		return 0, fmt.Sprintf("在导入范围内找不到名为“%s”的党支部", name)
	case 1:
		return ids[0], ""
	}
	return 0, fmt.Sprintf("导入范围内有 %d 个名为“%s”的党支部，请改为在该支部的上级组织中分别导入", len(ids), name)
}

// columnOf maps validation field keys to import column names.
var columnOf = map[string]string{
	"org_id": "所在支部", "name": "姓名", "gender": "性别", "birth": "出生日期", "join_date": "入党日期",
	"full_date": "转正日期", "category": "人员类别", "status": "状态", "transfer_in": "转入日期",
	"phone": "手机", "post": "岗位", "status_since": "状态", "cadre": "党员领导干部",
}

// parseRow turns cell text into an Input, collecting cell-level errors.
func parseRow(row ImportRow) (Input, []RowError) {
	var errs []RowError
	c := row.Cells
	in := Input{Name: c["姓名"], Phone: c["手机"], Status: "normal"}
	add := func(col, msg string) { errs = append(errs, RowError{row.Line, col, msg}) }
	if in.Name == "" {
		add("姓名", "请填写姓名")
	}
	pick := func(col string, opts []Option, required bool) string {
		v := c[col]
		if v == "" {
			if required {
				add(col, "请填写"+col)
			}
			return ""
		}
		code, ok := codeOf(opts, v)
		if !ok {
			add(col, fmt.Sprintf("“%s”不是有效的%s，可填：%s", v, col, labels(opts)))
		}
		return code
	}
	in.Gender = pick("性别", Genders, true)
	in.Category = pick("人员类别", Categories, true)
	if st := pick("状态", Statuses, false); st != "" {
		in.Status = st
	}
	in.Post = pick("岗位", Posts, false)
	date := func(col string, required bool) (xuezuo.Date, Precision) {
		d, p, err := ParseImportDate(c[col])
		switch {
		case errors.Is(err, ErrEmptyDate):
			if required {
				add(col, "请填写"+col)
			}
		case errors.Is(err, ErrDateOutOfRange):
			add(col, fmt.Sprintf("%s的年份须在 %d—%d 年之间", col, MinImportYear, MaxImportYear))
		case err != nil:
			add(col, fmt.Sprintf("“%s”不是有效的日期，应为 2006-01-02 这样的格式", c[col]))
		}
		return d, p
	}
	var p Precision
	in.Birth, p = date("出生日期", true)
	in.BirthYearOnly = p == PrecisionYear
	in.JoinDate, _ = date("入党日期", true)
	in.FullDate, _ = date("转正日期", false)
	in.TransferIn, _ = date("转入日期", false)
	switch v := c["党员领导干部"]; v {
	case "", "否", "0", "N", "n":
	case "是", "1", "Y", "y", "所局级":
		in.Cadre = true
	default:
		add("党员领导干部", fmt.Sprintf("“%s”无法识别，请填“是”或“否”", v))
	}
	return in, errs
}

func labels(opts []Option) string {
	l := make([]string, len(opts))
	for i, o := range opts {
		l[i] = o.Label
	}
	return strings.Join(l, "、")
}
