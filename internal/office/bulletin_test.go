package office_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xuezuo/internal/office"
	"xuezuo/internal/office/officetest"
)

// sampleBulletin is a small 通报 with text that needs escaping and a
// line break in its preface.
func sampleBulletin() *office.Bulletin {
	row := office.BulletinRow{No: "1", Name: "植物研究所党委", Branches: "6", OnTime: "5/6", Attendance: "92.5%", Reflection: "80.0%",
		Participation: "95.0%", Accepted: "5", Late: "1"}
	lec := office.LectureRow{No: "1", Name: "植物研究所党委", Leader: "2", Secretary: "3", Expert: "1", Model: "0", Member: "0", Case: "1",
		Unknown: "0", Total: "7", SecretaryBranches: "3"}
	tot, ltot := row, lec
	tot.No, tot.Name, ltot.No, ltot.Name = "", "合计", "", "合计"
	return &office.Bulletin{Issuer: "中共中国科学院京区委员会", DocNo: "京区党通〔2016〕3号", Title: "关于“两学一做”学习教育进展情况的通报",
		Addressee: "各基层党委：", Preface: "为及时掌握进展情况 <现通报> & 如下。\n第二行开头语。",
		Summary: "截至2016年4月28日，京区党委1个单位共有党支部6个。", RowsHeading: "各单位进展情况", UnitHeader: "单位",
		Rows: []office.BulletinRow{row}, Total: tot, LectureRows: []office.LectureRow{lec}, LectureTotal: ltot,
		Overdue: []string{"植物研究所党委第二党支部（专题1“学党章”）"}, Highlights: []string{"1. 植物研究所党委：《学习心得》"},
		Closing: "请各单位对照通报抓好落实。", Date: "2016年4月28日", ChartTitle: "各单位出勤率分布（个）",
		Chart: []office.Bar{{Label: "90%及以上", Value: 1}, {Label: "60%以下", Value: 0}}}
}

func renderDOCX(t *testing.T) []byte {
	t.Helper()
	tpl, err := office.BulletinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, sampleBulletin()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func part(t *testing.T, docx []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

// TestBulletinPlaceholdersInOneRun: Word and WPS split typed text across
// runs; every action of the template must sit whole in one <w:t> of one
// run (or, for range/else/end, between elements), or the filler would
// print XML in the middle of a value.
func TestBulletinPlaceholdersInOneRun(t *testing.T) {
	tpl, err := office.BulletinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	body := tpl.Body()
	open := strings.Count(body, "{{")
	inRun := regexp.MustCompile(`<w:t(?: [^>]*)?>[^<]*?\{\{[^<}]*\}\}[^<]*</w:t>`).FindAllString(body, -1)
	bare := regexp.MustCompile(`>\{\{(range [^}<]+|else|end)\}\}<`).FindAllString(body, -1)
	inside := 0
	for _, m := range inRun {
		inside += strings.Count(m, "{{")
	}
	if inside+len(bare) != open || open < 60 {
		t.Errorf("%d actions, %d inside <w:t> runs, %d bare controls: some action is split across runs", open, inside, len(bare))
	}
	for _, m := range regexp.MustCompile(`\{\{[^}]*<`).FindAllString(body, -1) {
		t.Errorf("split action %q", m)
	}
}

var wText = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:br/>|</w:p>|</w:tc>|</w:tr>`)

// docxText is the document's text: paragraphs on lines, table cells
// separated by " | ", line breaks as "⏎".
func docxText(doc string) string {
	var b strings.Builder
	for _, m := range wText.FindAllStringSubmatch(doc, -1) {
		switch m[0] {
		case "<w:br/>":
			b.WriteString("⏎")
		case "</w:p>":
			b.WriteString("\n")
		case "</w:tc>":
			b.WriteString(" | ")
		case "</w:tr>":
			b.WriteString("\n")
		default:
			b.WriteString(html(m[1]))
		}
	}
	return strings.ReplaceAll(b.String(), "\n | ", " | ")
}

func html(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// TestBulletinDOCX: the filled document is well-formed XML whose text
// matches the golden file (values escaped, line breaks as <w:br/>), on A4
// with GB/T 9704's margins and line grid, in the 公文 fonts, embedding none.
func TestBulletinDOCX(t *testing.T) {
	docx := renderDOCX(t)
	doc := part(t, docx, "word/document.xml")
	if err := xml.NewDecoder(strings.NewReader(doc)).Decode(new(any)); err != nil {
		t.Fatalf("document.xml is not well-formed: %v", err)
	}
	officetest.Golden(t, "testdata/bulletin.docx.golden", docxText(doc))
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,                                  // A4
		`w:left="1587"`, `w:right="1474"`, `w:top="2098"`, `w:bottom="1984"`, // 28, 26, 37, 35 mm
		`<w:docGrid w:type="lines" w:linePitch="579"/>`, // 22 lines: 22 × 579 twips = 225 mm, the standard's type area
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	styles := part(t, docx, "word/styles.xml")
	// 28 characters a line: 3号 (16 pt) condensed by 0.25 pt is 15.75 pt a
	// character, and 28 of them (441 pt) fit the 156 mm (442.2 pt) line
	// where 28 at 16 pt (448 pt) would not.
	normal := regexp.MustCompile(`<w:style [^>]*w:styleId="Normal">.*?</w:style>`).FindString(styles)
	if !strings.Contains(normal, `<w:spacing w:val="-5"/>`) || !strings.Contains(normal, `<w:sz w:val="32"/>`) {
		t.Errorf("Normal is not 3号 condensed by 0.25 pt: %s", normal)
	}
	for _, tc := range []struct{ style, font, size string }{
		{"BulletinTitle", "方正小标宋简体", "44"}, // 2号 = 22 pt
		{"Issuer", "方正小标宋简体", ""},
		{"Body", "仿宋_GB2312", "32"}, // 3号 = 16 pt
		{"Heading1", "黑体", "32"},
		{"Heading2", "楷体_GB2312", "32"},
	} {
		m := regexp.MustCompile(`<w:style [^>]*w:styleId="` + tc.style + `">.*?</w:style>`).FindString(styles)
		if !strings.Contains(m, `w:eastAsia="`+tc.font+`"`) || (tc.size != "" && !strings.Contains(m, `<w:sz w:val="`+tc.size+`"/>`)) {
			t.Errorf("style %s: want %s at %s half-points, got %s", tc.style, tc.font, tc.size, m)
		}
	}
	if m := regexp.MustCompile(`<w:style [^>]*w:styleId="Issuer">.*?</w:style>`).FindString(styles); !strings.Contains(m, `<w:color w:val="FF0000"/>`) {
		t.Errorf("issuer not red: %s", m)
	}
	if m := regexp.MustCompile(`<w:style [^>]*w:styleId="DocNo">.*?</w:style>`).FindString(styles); !strings.Contains(m, `<w:bottom w:val="single" w:sz="12" w:space="11" w:color="FF0000"/>`) {
		t.Errorf("no red rule under the document number: %s", m)
	}
	if strings.Contains(part(t, docx, "word/settings.xml"), "embedTrueTypeFonts") {
		t.Error("fonts embedded")
	}
	footer := part(t, docx, "word/footer1.xml") + part(t, docx, "word/footer2.xml")
	if strings.Count(footer, "PAGE") != 2 || strings.Count(footer, "— ") != 2 {
		t.Errorf("footers lack — PAGE — page numbers: %s", footer)
	}
}

// TestBulletinPDF: the PDF carries the same text, read back with pdftotext.
func TestBulletinPDF(t *testing.T) {
	f, err := office.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.WriteBulletinPDF(&buf, sampleBulletin()); err != nil {
		t.Fatal(err)
	}
	text, err := office.PDFText(buf.Bytes())
	if errors.Is(err, office.ErrNoPDFToText) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/bulletin.pdf.golden", office.CollapseSpaces(text))
}

// TestBulletinDOCXOpensInLibreOffice converts the DOCX to text with
// LibreOffice and reads the Chinese back. It skips only when soffice is
// absent and XUEZUO_REQUIRE_SOFFICE is unset (CI sets it).
func TestBulletinDOCXOpensInLibreOffice(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("XUEZUO_REQUIRE_SOFFICE") != "" {
			t.Fatal("soffice not found and XUEZUO_REQUIRE_SOFFICE is set")
		}
		t.Skip("soffice not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bulletin.docx")
	if err := os.WriteFile(in, renderDOCX(t), 0o600); err != nil {
		t.Fatal(err)
	}
	// An own profile, so a running LibreOffice or a parallel test does not
	// hold the conversion.
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "bulletin.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"中共中国科学院京区委员会", "京区党通〔2016〕3号", "关于“两学一做”学习教育进展情况的通报",
		"<现通报> &", "植物研究所党委", "2016年4月28日"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("LibreOffice's text lacks %q:\n%s", want, txt)
		}
	}
}
