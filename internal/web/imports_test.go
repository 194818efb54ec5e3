package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/store/storetest"
)

// xlsx builds an import file with the standard header and rows.
func xlsx(t *testing.T, rows ...[]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]string{member.ImportColumns}, rows...)
	for i, row := range all {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts file as the multipart field "file", as the import form does.
func (c *client) upload(path string, file []byte) result {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if file != nil {
		fw, err := mw.CreateFormFile("file", "党员名单.xlsx")
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Boosted", "true")
	return c.do(req)
}

// memberCount counts the members of an org's subtree as the local operator.
func memberCount(t *testing.T, e *env, orgID xuezuo.ID) int {
	t.Helper()
	p, err := e.s.Member.List(storetest.System(), member.Filter{OrgID: orgID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestImportThroughThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	path := fmt.Sprintf("/orgs/%d/import", tr.unit.ID)

	form := c.get(path)
	wantStatus(t, form, http.StatusOK)
	if form.doc.Find(`#import-form progress[data-upload]`).Length() != 1 {
		t.Errorf("no upload progress bar")
	}
	if enc, _ := form.doc.Find("#import-form").Attr("enctype"); enc != "multipart/form-data" {
		t.Errorf("form enctype %q", enc)
	}
	if href, _ := form.doc.Find(`a[href="/import-template.xlsx"]`).Attr("hx-boost"); href != "false" {
		t.Errorf("template link is boosted")
	}
	before := memberCount(t, e, tr.unit.ID)

	bad := xlsx(t,
		[]string{"钱一", "男", "1980-01-01", "2005-07-01", "2006-07-01", "在职", "生态第一党支部"},
		[]string{"", "女", "1981-02-30", "2005-07-01", "", "在职", "生态第一党支部"},
		[]string{"孙二", "男", "1982-01-01", "2005-07-01", "", "干部", "不存在党支部"},
	)
	r := c.upload(path, bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("#import-failed"), "未导入任何数据") {
		t.Errorf("no nothing-imported sentence: %q", r.text("#import-failed"))
	}
	if got := names(r.doc, "table.import-errors thead th"); strings.Join(got, ",") != "行号,列,问题" {
		t.Errorf("error table header %v", got)
	}
	lines := map[string]bool{}
	cols := map[string]bool{}
	for _, row := range rowsOf(r, "table.import-errors tbody tr") {
		lines[row[0]], cols[row[1]] = true, true
	}
	if !lines["3"] || !lines["4"] || lines["2"] {
		t.Errorf("bad lines %v, want 3 and 4 only", lines)
	}
	for _, col := range []string{"姓名", "出生日期", "人员类别", "所在支部"} {
		if !cols[col] {
			t.Errorf("no error in column %s: %v", col, cols)
		}
	}
	if n := memberCount(t, e, tr.unit.ID); n != before {
		t.Fatalf("a failed import wrote members: %d, want %d", n, before)
	}

	good := xlsx(t,
		[]string{"钱一", "男", "1980-01-01", "2005-07-01", "2006-07-01", "在职", "生态第一党支部"},
		[]string{"孙二", "女", "1982", "2010-07-01", "", "学生", "系统第二党支部", "正常", "", "13700001111", "学生", "否"},
	)
	r = c.upload(path, good)
	wantStatus(t, r, http.StatusOK)
	if got := r.text("#import-done"); !strings.Contains(got, "已导入 2 名党员") {
		t.Errorf("result %q", got)
	}
	if n := memberCount(t, e, tr.unit.ID); n != before+2 {
		t.Errorf("members %d, want %d", n, before+2)
	}

	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"no file", nil, "请选择要导入的 Excel（.xlsx）文件"},
		{"not xlsx", []byte("姓名,性别\n"), "文件不是有效的 Excel（.xlsx）文件"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.upload(path, tc.file)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.text("#import-failed"), tc.want) {
				t.Errorf("message %q, want %q", r.text("#import-failed"), tc.want)
			}
		})
	}
}

func TestImportTemplate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.user(t, "someone", xuezuo.RoleAuditor, 0)
	req, _ := http.NewRequest(http.MethodGet, c.base+"/import-template.xlsx", nil)
	res, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := member.ReadImportFile(res.Body, member.MaxImportBytes)
	if err != nil {
		t.Fatalf("template does not read as an import file: %v", err)
	}
	if len(rows) != 1 || rows[0].Cells["姓名"] != "张三" || rows[0].Cells["手机"] != "13812345678" {
		t.Errorf("example row %+v", rows)
	}
}
