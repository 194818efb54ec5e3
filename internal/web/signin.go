package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/office"
)

// xlsxType is the content type of every workbook download.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// signinHeaders are the columns of a sign-in sheet (签到表).
var signinHeaders = []string{"序号", "姓名", "党员身份", "签到", "备注"}

// signinRowHeight leaves room for a handwritten signature, in points.
const signinRowHeight = 30

// blankName stands in for a name nobody recorded, as a line to write on.
const blankName = "＿＿＿＿＿＿"

// signinSheet loads a meeting's roster as sign-in rows: one per member on
// the meeting date, then numbered blank rows for guests and late joiners.
func (h *Handler) signinSheet(r *http.Request, format string) (*meeting.Meeting, [][]string, int, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, 0, err
	}
	sh, err := h.d.Meeting.SigninSheet(r.Context(), id, format)
	if err != nil {
		return nil, nil, 0, err
	}
	rows := make([][]string, 0, len(sh.Roster)+sh.Spare)
	for i, rm := range sh.Roster {
		rows = append(rows, []string{strconv.Itoa(i + 1), rm.Name, member.Label(member.Standings, rm.Standing), "", ""})
	}
	for i := range sh.Spare {
		rows = append(rows, []string{strconv.Itoa(len(sh.Roster) + i + 1), "", "", "", ""})
	}
	return sh.Meeting, rows, len(sh.Roster), nil
}

func signinTitle(m *meeting.Meeting) string {
	return m.OrgName + " " + m.Title + " 签到表"
}

// signinLines are the lines under a sign-in sheet's title: what, when and
// where, who chairs and who keeps the minutes, how many are expected.
func signinLines(m *meeting.Meeting, expected int) []string {
	or := func(s string) string {
		if s == "" {
			return blankName
		}
		return s
	}
	return []string{
		fmt.Sprintf("会议类型：%s　时间：%s　地点：%s", campaign.MeetingKindLabel(m.Kind), m.When(), or(m.Place)),
		fmt.Sprintf("主持人：%s　记录人：%s　应到 %d 人　实到 ____ 人", or(m.HostName), or(m.RecorderName), expected),
	}
}

// signinFileName names a sign-in sheet after its branch, date and meeting.
func signinFileName(m *meeting.Meeting, ext string) string {
	return office.FileName(ext, m.OrgName, m.HeldOn.ChineseLong(), m.Title, "签到表")
}

// download sends an attachment with a UTF-8 file name (RFC 5987), which
// every current browser saves as given.
func download(w http.ResponseWriter, ctype, name string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(body)
}

// signinXLSX exports the sign-in sheet as a workbook.
func (h *Handler) signinXLSX(w http.ResponseWriter, r *http.Request) error {
	m, rows, expected, err := h.signinSheet(r, "xlsx")
	if err != nil {
		return err
	}
	cells := make([][]any, len(rows))
	for i, row := range rows {
		cells[i] = []any{i + 1, row[1], row[2], "", ""}
	}
	var buf bytes.Buffer
	doc := office.DocInfo{Title: signinTitle(m), Created: h.clock.Now()}
	opts := office.XLSXOptions{Widths: []float64{6, 12, 10, 24, 16}, Notes: signinLines(m, expected), RowHeight: signinRowHeight}
	if err := office.WriteTable(&buf, doc, "签到表", signinTitle(m), signinHeaders, cells, opts); err != nil {
		return fmt.Errorf("signin xlsx %d: %w", m.ID, err)
	}
	download(w, xlsxType, signinFileName(m, ".xlsx"), buf.Bytes())
	return nil
}

// signinPDF exports the sign-in sheet as a printable A4 PDF.
func (h *Handler) signinPDF(w http.ResponseWriter, r *http.Request) error {
	m, rows, expected, err := h.signinSheet(r, "pdf")
	if err != nil {
		return err
	}
	fonts, err := h.fonts()
	if err != nil {
		return fmt.Errorf("signin pdf fonts: %w", err)
	}
	doc := office.TableDoc{Title: signinTitle(m), Subtitle: signinLines(m, expected),
		Columns: []office.Column{{Header: "序号", Width: 0.6, Center: true}, {Header: "姓名", Width: 1.5},
			{Header: "党员身份", Width: 1.2, Center: true}, {Header: "签到", Width: 2.5, Blank: true}, {Header: "备注", Width: 1.5, Blank: true}},
		Rows: rows, Footer: "制表日期：" + xuezuo.DateOf(h.clock.Now()).ChineseLong()}
	var buf bytes.Buffer
	if err := fonts.Table(&buf, doc); err != nil {
		return fmt.Errorf("signin pdf %d: %w", m.ID, err)
	}
	download(w, "application/pdf", signinFileName(m, ".pdf"), buf.Bytes())
	return nil
}
