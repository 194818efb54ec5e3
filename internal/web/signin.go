package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/office"
)

// signinHeaders are the columns of a sign-in sheet (签到表).
var signinHeaders = []string{"序号", "姓名", "党员身份", "签到"}

// signinSheet loads a meeting's roster as sign-in rows.
func (h *Handler) signinSheet(r *http.Request, format string) (*meeting.Meeting, [][]string, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	m, roster, err := h.d.Meeting.SigninSheet(r.Context(), id, format)
	if err != nil {
		return nil, nil, err
	}
	rows := make([][]string, len(roster))
	for i, rm := range roster {
		rows[i] = []string{fmt.Sprint(i + 1), rm.Name, member.Label(member.Standings, rm.Standing), ""}
	}
	return m, rows, nil
}

func signinTitle(m *meeting.Meeting) string {
	return m.OrgName + " " + m.Title + " 签到表"
}

// download sends an attachment with a UTF-8 file name.
func download(w http.ResponseWriter, ctype, name string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(body)
}

// signinXLSX exports the sign-in sheet as a workbook.
func (h *Handler) signinXLSX(w http.ResponseWriter, r *http.Request) error {
	m, rows, err := h.signinSheet(r, "xlsx")
	if err != nil {
		return err
	}
	cells := make([][]any, len(rows))
	for i, row := range rows {
		cells[i] = []any{i + 1, row[1], row[2], ""}
	}
	var buf bytes.Buffer
	if err := office.WriteTable(&buf, "签到表", signinTitle(m), signinHeaders, cells, office.XLSXOptions{Widths: []float64{6, 12, 10, 24}}); err != nil {
		return fmt.Errorf("signin xlsx %d: %w", m.ID, err)
	}
	download(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fmt.Sprintf("签到表-%d.xlsx", m.ID), buf.Bytes())
	return nil
}

// signinPDF exports the sign-in sheet as a printable A4 PDF.
func (h *Handler) signinPDF(w http.ResponseWriter, r *http.Request) error {
	m, rows, err := h.signinSheet(r, "pdf")
	if err != nil {
		return err
	}
	fonts, err := h.fonts()
	if err != nil {
		return fmt.Errorf("signin pdf fonts: %w", err)
	}
	doc := office.TableDoc{Title: signinTitle(m),
		Subtitle: []string{fmt.Sprintf("会议类型：%s　日期：%s　地点：%s", campaign.MeetingKindLabel(m.Kind), m.HeldOn, m.Place),
			fmt.Sprintf("应到 %d 人", len(rows))},
		Columns: []office.Column{{Header: "序号", Width: 0.6, Center: true}, {Header: "姓名", Width: 1.5},
			{Header: "党员身份", Width: 1.2, Center: true}, {Header: "签到", Width: 2.5, Blank: true}},
		Rows: rows, Footer: "制表：" + xuezuo.DateOf(h.clock.Now()).String()}
	var buf bytes.Buffer
	if err := fonts.Table(&buf, doc); err != nil {
		return fmt.Errorf("signin pdf %d: %w", m.ID, err)
	}
	download(w, "application/pdf", fmt.Sprintf("签到表-%d.pdf", m.ID), buf.Bytes())
	return nil
}
