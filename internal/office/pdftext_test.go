package office

import (
	"errors"
	"testing"
)

func TestPDFTextWithoutPoppler(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := PDFText([]byte("%PDF-1.4"))
	if !errors.Is(err, ErrNoPDFToText) {
		t.Errorf("got %v, want ErrNoPDFToText", err)
	}
}

func TestPDFTextBadInput(t *testing.T) {
	_, err := PDFText([]byte("not a pdf"))
	if errors.Is(err, ErrNoPDFToText) {
		t.Skip(err)
	}
	if err == nil {
		t.Errorf("got %v, want a pdftotext failure", err)
	}
}
