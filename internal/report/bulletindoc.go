package report

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/office"
)

// Document formats of a bulletin.
const (
	FormatDOCX = "docx"
	FormatPDF  = "pdf"
	FormatXLSX = "xlsx"
)

// Document is a bulletin rendered for download.
type Document struct {
	Name        string // file name with the org, the title and 第 N 期
	ContentType string
	Data        []byte
}

var contentTypes = map[string]string{
	FormatDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	FormatPDF:  "application/pdf",
	FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// Document renders a bulletin as DOCX, PDF or XLSX, each from the same
// content (the frozen one once published), and records the download.
func (s *Bulletins) Document(ctx context.Context, id xuezuo.ID, format string) (*Document, error) {
	ct, ok := contentTypes[format]
	if !ok {
		return nil, xuezuo.NotFound("文件")
	}
	b, err := s.Bulletin(ctx, id)
	if err != nil {
		return nil, err
	}
	doc := DocumentView(b)
	var buf bytes.Buffer
	switch format {
	case FormatDOCX:
		t, err := s.docx()
		if err == nil {
			err = t.Execute(&buf, doc)
		}
		if err != nil {
			return nil, fmt.Errorf("bulletin %d docx: %w", id, err)
		}
	case FormatPDF:
		f, err := s.fonts()
		if err == nil {
			err = f.WriteBulletinPDF(&buf, doc)
		}
		if err != nil {
			return nil, fmt.Errorf("bulletin %d pdf: %w", id, err)
		}
	case FormatXLSX:
		if err := writeBulletinXLSX(&buf, b, s.clock.Now()); err != nil {
			return nil, fmt.Errorf("bulletin %d xlsx: %w", id, err)
		}
	}
	// As with other exports, the row is written before the file is handed out.
	e := audit.New(ctx, "bulletin.download", "bulletin", id, b.OrgID, "format="+format)
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, fmt.Errorf("audit bulletin %d download: %w", id, err)
	}
	name := office.FileName("."+format, b.OrgName, b.Title, b.IssueLabel())
	return &Document{Name: name, ContentType: ct, Data: buf.Bytes()}, nil
}

// DocumentView writes a bulletin's content out as its documents print it.
func DocumentView(b *Bulletin) *office.Bulletin {
	c := b.Content
	unit := "单位"
	if c.GroupBy == GroupChild {
		unit = "组织"
	}
	d := &office.Bulletin{Issuer: c.Issuer, DocNo: b.DocNo, Title: b.Title, Preface: b.Preface, Closing: b.Closing,
		UnitHeader: unit, RowsHeading: "各" + unit + "进展情况", Date: issueDate(b).ChineseLong(),
		ChartTitle: "各" + unit + "出勤率分布（个）"}
	if d.DocNo == "" {
		d.DocNo = b.IssueLabel()
	}
	d.Addressee = "各基层党委："
	if c.GroupBy == GroupChild {
		d.Addressee = "各党组织："
	}
	for i, r := range c.Rows {
		d.Rows = append(d.Rows, progressLine(strconv.Itoa(i+1), r, c))
		d.LectureRows = append(d.LectureRows, lectureLine(strconv.Itoa(i+1), r))
	}
	d.Total, d.LectureTotal = progressLine("", c.Totals, c), lectureLine("", c.Totals)
	d.Summary = summaryText(c)
	d.Overdue, d.Missing = noteLines(c.Overdue), noteLines(c.WithoutSummary)
	for i, h := range c.Highlights {
		d.Highlights = append(d.Highlights, fmt.Sprintf("%d. %s：%s", i+1, h.SourceOrg, h.Title))
	}
	d.Chart = attendanceBands(c.Rows)
	return d
}

// issueDate is the 成文日期: the day of publishing, or today for a draft.
func issueDate(b *Bulletin) xuezuo.Date {
	if b.Published() {
		return xuezuo.DateOf(b.PublishedAt)
	}
	return b.Content.AsOf
}

// noteLines names the branches of notes in one paragraph per row and
// topic, in the order they first appear: "植物研究所党委（专题2“学党规”）：
// 文献党支部、发育党支部". A root's bulletin names thousands of branches;
// a paragraph each made a PDF of 400 pages.
func noteLines(notes []BranchNote) []string {
	var keys []string
	names := map[string][]string{}
	for _, n := range notes {
		k := n.Topic
		if n.RowName != "" && n.RowName != n.Name {
			k = n.RowName + "（" + n.Topic + "）"
		}
		if _, ok := names[k]; !ok {
			keys = append(keys, k)
		}
		names[k] = append(names[k], n.Name)
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "：" + strings.Join(names[k], "、")
	}
	return out
}

// onTime writes the period topics' on-time counts over the branches: "5/6".
func onTime(r BulletinRow, c *BulletinContent) string {
	var parts []string
	for k, t := range c.Topics {
		if t.InPeriod && k < len(r.TopicOnTime) {
			parts = append(parts, fmt.Sprintf("%d/%d", r.TopicOnTime[k], r.Branches))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "、")
}

func progressLine(no string, r BulletinRow, c *BulletinContent) office.BulletinRow {
	return office.BulletinRow{No: no, Name: r.Name, Branches: strconv.Itoa(r.Branches), OnTime: onTime(r, c),
		Attendance: rate(r.AttendancePresent, r.AttendanceExpected), Reflection: percent(r.ReflectionRate, r.Members-r.Excluded),
		Participation: rate(r.Participants, r.Members), Accepted: strconv.Itoa(r.SummariesAccepted), Late: strconv.Itoa(r.SummariesLate)}
}

// percent writes a computed rate, "—" when its base is empty.
func percent(v float64, base int) string {
	if base <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", v*100)
}

func lectureLine(no string, r BulletinRow) office.LectureRow {
	n := func(k string) string { return strconv.Itoa(r.Lectures[k]) }
	total := 0
	for _, v := range r.Lectures {
		total += v
	}
	return office.LectureRow{No: no, Name: r.Name, Leader: n("leader"), Secretary: n("secretary"), Expert: n("expert"),
		Model: n("model"), Member: n("member"), Case: n("case"), Unknown: n("unknown"), Total: strconv.Itoa(total),
		SecretaryBranches: strconv.Itoa(r.SecretaryLectures)}
}

// summaryText is the paragraph under 一、总体情况.
func summaryText(c *BulletinContent) string {
	t := c.Totals
	lectures := 0
	for _, n := range t.Lectures {
		lectures += n
	}
	unit := "个单位"
	if c.GroupBy == GroupChild {
		unit = "个党组织"
	}
	s := fmt.Sprintf("截至%s，%s%d%s共有党支部%d个、党员%d名。", c.AsOf.ChineseLong(), c.OrgName, len(c.Rows), unit, t.Branches, t.Members)
	for k, tp := range c.Topics {
		if tp.InPeriod && k < len(t.TopicOnTime) {
			s += fmt.Sprintf("%s按时开展专题学习讨论的支部%d个；", topicName(tp), t.TopicOnTime[k])
		}
	}
	s += fmt.Sprintf("出勤率%s，心得体会提交率%s，参与率%s；通过总结材料%d份，逾期报送%d份；开展党课%d次，%d个支部的书记讲了党课。",
		rate(t.AttendancePresent, t.AttendanceExpected), percent(t.ReflectionRate, t.Members-t.Excluded), rate(t.Participants, t.Members),
		t.SummariesAccepted, t.SummariesLate, lectures, t.SecretaryLectures)
	return s
}

// attendanceBands counts the rows per attendance band: the PDF's chart,
// which stays one small chart however many units a bulletin lists.
func attendanceBands(rows []BulletinRow) []office.Bar {
	labels := []string{"90%及以上", "80%–90%", "70%–80%", "60%–70%", "60%以下", "无会议记录"}
	counts := make([]float64, len(labels))
	for _, r := range rows {
		i := len(labels) - 1
		if r.AttendanceExpected > 0 {
			p := float64(r.AttendancePresent) * 100 / float64(r.AttendanceExpected)
			switch {
			case p >= 90:
				i = 0
			case p >= 80:
				i = 1
			case p >= 70:
				i = 2
			case p >= 60:
				i = 3
			default:
				i = 4
			}
		}
		counts[i]++
	}
	out := make([]office.Bar, len(labels))
	for i, l := range labels {
		out[i] = office.Bar{Label: l, Value: counts[i]}
	}
	return out
}
