package report

import (
	"fmt"
	"io"
	"time"
	"xuezuo"

	"xuezuo/internal/office"
)

// lectureKindLabels are the lecture table's column titles, in LecturerKinds order.
var lectureKindLabels = []string{"领导讲", "书记讲", "专家讲", "模范讲", "党员讲", "案例讲", "其他"}

// writeBulletinXLSX writes a bulletin's tables as a print-ready workbook:
// the rows with every figure and its parts, the branches that need
// attention, and the adopted items.
func writeBulletinXLSX(w io.Writer, b *Bulletin, now time.Time) error {
	c := b.Content
	head := []string{"序号", "名称", "支部数"}
	for _, t := range c.Topics {
		head = append(head, fmt.Sprintf("专题%d按时完成", t.No))
	}
	head = append(head, "应出勤", "出勤", "出勤率", "心得体会", "心得体会提交率", "党员", "参与", "参与率",
		"应报总结", "总结通过", "总结逾期", "总结未报")
	head = append(head, lectureKindLabels...)
	head = append(head, "书记讲党课支部", "七一党课支部")
	rows := make([][]any, 0, len(c.Rows)+1)
	for i, r := range c.Rows {
		rows = append(rows, xlsxRow(i+1, r))
	}
	rows = append(rows, xlsxRow(0, c.Totals))
	title := b.Title
	notes := []string{fmt.Sprintf("%s　%s　%s", c.Issuer, docNoOrIssue(b), c.PeriodLabel), "数据截至 " + c.AsOf.ChineseLong()}
	attention := [][]any{}
	for _, n := range c.Overdue {
		attention = append(attention, []any{"专题学习讨论逾期未开展", n.RowName, n.Name, n.Topic})
	}
	for _, n := range c.WithoutSummary {
		attention = append(attention, []any{"未报送总结材料", n.RowName, n.Name, n.Topic})
	}
	adopted := [][]any{}
	for i, h := range c.Highlights {
		adopted = append(adopted, []any{i + 1, h.SourceOrg, KindLabel(h.Kind), h.Title, h.AdoptedAt.In(xuezuo.Beijing).Format("2006-01-02")})
	}
	return office.WriteSheets(w, office.DocInfo{Title: b.OrgName + " " + title, Created: now},
		office.Sheet{Name: "进展情况", Title: title, Headers: head, Rows: rows,
			Options: office.XLSXOptions{Notes: notes, FreezeCols: 2, Landscape: true, RowHeight: 20}},
		office.Sheet{Name: "需关注的支部", Title: "需要关注的支部", Headers: []string{"情况", "所在单位", "支部", "专题"}, Rows: attention,
			Options: office.XLSXOptions{RowHeight: 20}},
		office.Sheet{Name: "采用的材料", Title: "优秀材料采用情况", Headers: []string{"序号", "报送单位", "类型", "材料", "采用日期"}, Rows: adopted,
			Options: office.XLSXOptions{RowHeight: 20}})
}

func docNoOrIssue(b *Bulletin) string {
	if b.DocNo != "" {
		return b.DocNo
	}
	return b.IssueLabel()
}

// xlsxRow is one row's cells; no 0 marks the 合计 row.
func xlsxRow(no int, r BulletinRow) []any {
	var first any = no
	if no == 0 {
		first = ""
	}
	out := []any{first, r.Name, r.Branches}
	for _, n := range r.TopicOnTime {
		out = append(out, n)
	}
	out = append(out, r.AttendanceExpected, r.AttendancePresent, rate(r.AttendancePresent, r.AttendanceExpected),
		r.Reflections, percent(r.ReflectionRate, r.Members-r.Excluded), r.Members, r.Participants, rate(r.Participants, r.Members),
		r.SummariesExpected, r.SummariesAccepted, r.SummariesLate, r.SummariesMissing)
	for _, k := range LecturerKinds {
		out = append(out, r.Lectures[k])
	}
	return append(out, r.SecretaryLectures, r.QiyiBranches)
}
