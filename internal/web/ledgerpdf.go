package web

import (
	"bytes"
	"fmt"
	"net/http"

	"xuezuo/internal/meeting"
	"xuezuo/internal/office"
)

// ledgerPDF exports an org's attendance register for ?campaign=N as an A4
// landscape PDF: the register of each branch (one for a branch, one per
// branch for a unit or general branch), each from a new page.
func (h *Handler) ledgerPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := h.d.Meeting.ExportLedger(r.Context(), id, idValue(r.URL.Query().Get("campaign")), "pdf")
	if err != nil {
		return err
	}
	fonts, err := h.fonts()
	if err != nil {
		return fmt.Errorf("ledger pdf fonts: %w", err)
	}
	docs := make([]office.TableDoc, len(b.Ledgers))
	for i, l := range b.Ledgers {
		docs[i] = ledgerTable(l)
	}
	var buf bytes.Buffer
	if err := fonts.Tables(&buf, b.Org.Name+" 考勤台账", docs...); err != nil {
		return fmt.Errorf("ledger pdf org %d campaign %d: %w", b.Org.ID, b.Campaign.ID, err)
	}
	download(w, "application/pdf", office.FileName(".pdf", b.Org.Name, "考勤台账", b.Campaign.Title), buf.Bytes())
	return nil
}

// ledgerTable is a register as a PDF table: the same columns and lines as
// its sheet (ledgerSheet), so the two files never disagree, with the
// meeting columns sharing what the name and sums leave of the width.
func ledgerTable(l *meeting.Ledger) office.TableDoc {
	sh := ledgerSheet(l)
	cols := make([]office.Column, len(sh.Headers))
	sums := len(sh.Headers) - 3 // 应到, 实到, 补课 close the row
	for i, hd := range sh.Headers {
		c := office.Column{Header: hd, Width: 1.4}
		switch {
		case i == 0:
			c.Width, c.Center = 0.5, true
		case i == 1:
			c.Width = 1
		case i == 2:
			c.Width = 2
		case i >= sums:
			c.Width, c.Center = 0.6, true
		}
		cols[i] = c
	}
	rows := make([][]string, len(sh.Rows))
	for i, r := range sh.Rows {
		rows[i] = make([]string, len(r))
		for k, v := range r {
			if v != nil {
				rows[i][k] = fmt.Sprint(v)
			}
		}
	}
	return office.TableDoc{Title: sh.Title, Subtitle: sh.Options.Notes, Columns: cols, Rows: rows, Landscape: true}
}
