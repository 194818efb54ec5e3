package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/office"
	"xuezuo/internal/org"
)

// maxUploadBytes bounds an import request: the service's 32 MiB file limit
// plus room for the multipart framing, so that a file just under the limit
// still reaches the service, which explains a too-large file in zh-CN.
const maxUploadBytes = member.MaxImportBytes + 1<<20

// ImportPage is the member import page and its result.
type ImportPage struct {
	Base
	Org      *org.Org
	Created  int               // members imported, after success
	Message  string            // a whole-file problem
	RowErrs  []member.RowError // every bad row, after a failed import
	Finished bool
}

// importForm shows the upload form.
func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) error {
	o, err := h.getOrg(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "import.html", ImportPage{Base: h.base(r, "批量导入党员"), Org: o})
}

// importRun streams the uploaded file to the member service, which checks
// scope first, then every row, and writes all or nothing.
func (h *Handler) importRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
	file, closeFile := uploadedFile(r, "file")
	defer closeFile()
	var src io.Reader = bytes.NewReader(nil)
	if file != nil {
		src = file
	}
	// A missing file still goes to the service: it answers scope (404/403)
	// before it looks at the content.
	res, err := h.d.Member.Import(r.Context(), id, src, nil)
	var ie *member.ImportError
	status, msg := http.StatusOK, ""
	switch {
	case err == nil:
	case errors.As(err, &ie):
		status = http.StatusUnprocessableEntity
	case xuezuo.ErrorCode(err) == xuezuo.EInvalid:
		status, msg = http.StatusUnprocessableEntity, xuezuo.ErrorMessage(err)
		var tooBig *http.MaxBytesError
		switch {
		case file == nil:
			msg = "请选择要导入的 Excel（.xlsx）文件"
		case errors.As(err, &tooBig):
			msg = fmt.Sprintf("文件超过 %d MB，请删除多余内容或分批导入", member.MaxImportBytes>>20)
		}
	default:
		return err
	}
	o, err := h.getOrg(r)
	if err != nil {
		return err
	}
	p := ImportPage{Base: h.base(r, "批量导入党员"), Org: o, Created: res.Created, Message: msg, Finished: true}
	if ie != nil {
		p.RowErrs = ie.Rows
	}
	return h.render(w, r, status, "import.html", p)
}

// uploadedFile returns the named file part of a multipart body without
// spooling it to disk, or nil when the request holds none.
func uploadedFile(r *http.Request, field string) (io.Reader, func()) {
	noop := func() {}
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" {
		return nil, noop
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, noop
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, noop
		}
		if part.FormName() == field && part.FileName() != "" {
			return part, func() { part.Close() }
		}
		part.Close()
	}
}

// importTemplate serves an XLSX with the import's header row and one
// example row, built on the fly so that it always matches ImportColumns.
func (h *Handler) importTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := importTemplateXLSX(h.clock.Now())
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", "attachment; filename=\"member-import.xlsx\"; filename*=UTF-8''"+url.PathEscape("党员导入模板.xlsx"))
	hd.Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}

// importExample is the template's example row, by column name.
var importExample = map[string]string{
	"姓名": "张三", "性别": "男", "出生日期": "1985-03-02", "入党日期": "2008-07-01", "转正日期": "2009-07-01",
	"人员类别": "在职", "所在支部": "第一党支部", "状态": "正常", "转入日期": "", "手机": "13812345678",
	"岗位": "科研", "党员领导干部": "否",
}

func importTemplateXLSX(now time.Time) ([]byte, error) {
	example := make([]string, len(member.ImportColumns))
	for i, c := range member.ImportColumns {
		example[i] = importExample[c]
	}
	// office formats every column as text, so WPS and Excel keep dates and
	// phone numbers as typed instead of turning 13812345678 into 1.38E+10.
	var buf bytes.Buffer
	err := office.TemplateXLSX(&buf, office.Template{Headers: member.ImportColumns, Examples: [][]string{example}, ColWidth: 14,
		Doc: office.DocInfo{Title: "党员导入模板", Created: now}})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
