package attachment_test

import (
	"bytes"
	"testing"

	"xuezuo/internal/attachment"
)

// TestStoredNameCarriesDetectedType: an upload named against its content
// is stored, listed and opened under a name ending in the detected type's
// extension (poly.html with JPEG bytes → poly.html.jpg), and a bidi
// override cannot disguise the extension.
func TestStoredNameCarriesDetectedType(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct{ name, want string }{
		{"poly.html", "poly.html.jpg"},
		{"照片.JPEG", "照片.JPEG"},
		{"poly\u202Egpj.exe", "polygpj.exe.jpg"},
	}
	for _, tc := range tests {
		a, err := f.s.Attachment.Upload(f.secretary, attachment.Meeting, f.meetingID, tc.name, bytes.NewReader(jpeg))
		if err != nil {
			t.Fatal(err)
		}
		got, rc, err := f.s.Attachment.Open(f.author, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		rc.Close()
		if a.FileName != tc.want || got.FileName != tc.want || got.ContentType != attachment.TypeJPEG {
			t.Errorf("upload %q: stored %q, opened %q (%s); want %q as image/jpeg", tc.name, a.FileName, got.FileName, got.ContentType, tc.want)
		}
	}
}
