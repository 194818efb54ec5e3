package attachment

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"xuezuo"
)

// zipWith returns a zip archive holding empty files of the given names.
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetect(t *testing.T) {
	t.Parallel()
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}
	gbk := []byte{0xD6, 0xD0, 0xCE, 0xC4, '\r', '\n'} // 中文 in GBK
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"jpeg", "会议.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, TypeJPEG},
		{"jpeg named pdf", "照片.pdf", []byte{0xFF, 0xD8, 0xFF, 0xE1}, TypeJPEG},
		{"png", "a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), TypePNG},
		{"webp", "a.webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), TypeWebP},
		{"pdf", "纪要.PDF", []byte("%PDF-1.7\n%…"), TypePDF},
		{"docx", "心得.docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), TypeDOCX},
		{"xlsx", "签到.xlsx", zipWith(t, "[Content_Types].xml", "xl/workbook.xml"), TypeXLSX},
		{"old word", "旧.doc", ole, TypeDOC},
		{"old excel", "旧.XLS", ole, TypeXLS},
		{"old powerpoint", "旧.ppt", ole, ""},
		{"pptx", "a.pptx", zipWith(t, "[Content_Types].xml", "ppt/presentation.xml"), ""},
		{"plain zip", "a.zip", zipWith(t, "a.txt"), ""},
		{"broken zip", "a.docx", []byte("PK\x03\x04broken"), ""},
		{"utf-8 text", "说明.txt", []byte("第一行\n第二行\n"), TypeText},
		{"gbk text", "说明.TXT", gbk, TypeGBText},
		{"text without .txt", "说明.md", []byte("# 标题"), ""},
		{"binary as txt", "a.txt", []byte("ab\x00cd"), ""},
		{"exe", "a.exe", []byte("MZ\x90\x00"), ""},
		{"exe as jpg", "a.jpg", []byte("MZ\x90\x00"), ""},
		{"html", "a.html", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", "a.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"gif", "a.gif", []byte("GIF89a"), ""},
		{"empty", "a.txt", nil, TypeText},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, tc.data); got != tc.want {
				t.Errorf("Detect(%q): got %q, want %q", tc.file, got, tc.want)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("长", 150) + ".docx"
	cases := []struct{ in, ct, want string }{
		{"会议照片.jpg", TypeJPEG, "会议照片.jpg"},
		{`C:\Users\张三\Desktop\心得.docx`, TypeDOCX, "心得.docx"},
		{"../../etc/passwd.txt", TypeText, "passwd.txt"},
		{" 带\x00控制\n字符.pdf ", TypePDF, "带控制字符.pdf"},
		{"", TypePNG, "附件.png"},
		{"..", TypePDF, "附件.pdf"},
		{long, TypeDOCX, strings.Repeat("长", 95) + ".docx"},
		{"poly.html", TypeJPEG, "poly.html.jpg"},
		{"poly.HTML", TypePNG, "poly.HTML.png"},
		{"照片.JPG", TypeJPEG, "照片.JPG"},
		{"照片.jpeg", TypeJPEG, "照片.jpeg"},
		{"scan.jpg", TypePDF, "scan.jpg.pdf"},
		{"会议 2016.03", TypeDOCX, "会议 2016.03.docx"},
		{"无扩展名", TypeXLSX, "无扩展名.xlsx"},
		{"poly\u202Egpj.exe", TypeJPEG, "polygpj.exe.jpg"},
		{"零\u200B宽\uFEFF.pdf", TypePDF, "零宽.pdf"},
		{strings.Repeat("长", 150) + ".html", TypeJPEG, strings.Repeat("长", 96) + ".jpg"},
	}
	for _, tc := range cases {
		if got := CleanName(tc.in, tc.ct); got != tc.want {
			t.Errorf("CleanName(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzDetect: any bytes and name give an allowed type or "", never a panic.
func FuzzDetect(f *testing.F) {
	f.Add("a.docx", []byte("PK\x03\x04"))
	f.Add("a.txt", []byte("文本"))
	f.Add("a.jpg", []byte{0xFF, 0xD8, 0xFF})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if ct := Detect(name, data); ct != "" && Extensions[ct] == "" {
			t.Errorf("Detect gave an unknown type %q", ct)
		}
		got := CleanName(name, TypePDF)
		if !strings.HasSuffix(strings.ToLower(got), ".pdf") {
			t.Errorf("CleanName(%q, PDF) = %q: not a .pdf name", name, got)
		}
		if _, _, bad := xuezuo.BadRune(got, false); bad || strings.ContainsAny(got, `/\`) || utf8.RuneCountInString(got) > maxNameRunes {
			t.Errorf("CleanName(%q, PDF) = %q: unsafe or too long", name, got)
		}
	})
}
