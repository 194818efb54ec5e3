package office

import (
	_ "embed"
)

// Bulletin is a 通报 as its documents print it: every figure already
// written out as text, so the DOCX, the PDF and any later format show the
// same characters. The report package fills it from a bulletin's frozen
// content; office only lays it out.
type Bulletin struct {
	Issuer       string // 发文机关标志, red at the head and again above the date
	DocNo        string // 京区党通〔2016〕3号, or 第 3 期 when the org has no 机关代字
	Title        string
	Addressee    string // 主送机关: 各基层党委：
	Preface      string
	Summary      string // the paragraph under 一、总体情况
	RowsHeading  string // 各单位进展情况
	UnitHeader   string // 单位 or 组织: the rows' column header
	Rows         []BulletinRow
	Total        BulletinRow
	LectureRows  []LectureRow
	LectureTotal LectureRow
	Overdue      []string // one line per branch overdue on a topic
	Missing      []string // one line per branch without a summary
	Highlights   []string // one line per adopted item
	Closing      string
	Date         string // 2016年4月28日
	// Chart is the PDF's one chart, with its title.
	ChartTitle string
	Chart      []Bar
}

// BulletinRow is one line of a bulletin's progress table.
type BulletinRow struct {
	No, Name, Branches, OnTime, Attendance, Reflection, Participation, Accepted, Late string
}

// LectureRow is one line of a bulletin's lecture table, by lecturer kind.
type LectureRow struct {
	No, Name                                                string
	Leader, Secretary, Expert, Model, Member, Case, Unknown string
	Total, SecretaryBranches                                string
}

// progressHeaders and lectureHeaders are the tables' column titles; the
// DOCX template carries the same words (templates/bulletin.fodt).
func progressHeaders(unit string) []string {
	return []string{"序号", unit, "支部数", "专题按时完成", "出勤率", "心得体会提交率", "参与率", "总结通过", "总结逾期"}
}

func lectureHeaders(unit string) []string {
	return []string{"序号", unit, "领导讲", "书记讲", "专家讲", "模范讲", "党员讲", "案例讲", "其他", "合计", "书记讲党课支部"}
}

func (r BulletinRow) cells() []string {
	return []string{r.No, r.Name, r.Branches, r.OnTime, r.Attendance, r.Reflection, r.Participation, r.Accepted, r.Late}
}

func (r LectureRow) cells() []string {
	return []string{r.No, r.Name, r.Leader, r.Secretary, r.Expert, r.Model, r.Member, r.Case, r.Unknown, r.Total, r.SecretaryBranches}
}

// bulletinDOCX is the 通报 template: templates/bulletin.fodt converted by
// LibreOffice, with the edits of internal/docxtpl.
//
//go:embed templates/bulletin.docx
var bulletinDOCX []byte

// BulletinTemplate parses the 通报 template. Callers parse it once and
// keep it: a parsed template is safe for concurrent Execute calls.
func BulletinTemplate() (*DOCXTemplate, error) { return ParseDOCX(bulletinDOCX) }
