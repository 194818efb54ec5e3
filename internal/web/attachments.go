package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/attachment"
)

// maxAttachmentRequest bounds an upload request: the service's file limit
// plus room for the multipart framing, so that a file just over the limit
// still reaches the service, which explains it in zh-CN.
const maxAttachmentRequest = attachment.MaxBytes + 1<<20

// attachmentAccept is the file picker's hint; the service judges the bytes.
const attachmentAccept = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.txt"

// AttachmentRow is one file in a list.
type AttachmentRow struct {
	ID                   xuezuo.ID
	Name, Size, Uploader string
	At                   string
	Image                bool
}

// AttachmentBox is the attachments section of a meeting, reflection or
// summary page.
type AttachmentBox struct {
	Action   string // the upload URL
	Accept   string
	Hint     string
	Rows     []AttachmentRow
	CanWrite bool // offer upload and delete; the service decides
	Errors   FormErrors
	// CSRFToken is the page's form token: the box is a partial of its own
	// and does not see the page's Base.
	CSRFToken string
}

// attachmentBox lists an owner's files for its page.
func (h *Handler) attachmentBox(ctx context.Context, kind string, ownerID xuezuo.ID, action string, canWrite bool) (AttachmentBox, error) {
	as, err := h.d.Attachment.List(ctx, kind, ownerID)
	if err != nil {
		return AttachmentBox{}, err
	}
	b := AttachmentBox{Action: action, Accept: attachmentAccept, CanWrite: canWrite,
		Hint: fmt.Sprintf("上传照片或文件（图片、PDF、Word、Excel、文本，每个不超过 %d MB）", attachment.MaxBytes>>20)}
	for _, a := range as {
		who := a.UploaderName
		if who == "" {
			who = "系统"
		}
		b.Rows = append(b.Rows, AttachmentRow{ID: a.ID, Name: a.FileName, Size: humanSize(a.Size), Uploader: who,
			At: beijingTime(a.UploadedAt), Image: a.Image()})
	}
	return b, nil
}

// humanSize formats a byte count the way file managers do.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// uploadPart returns the named file part of a multipart body without
// spooling it to disk, or nil when the request holds none.
func uploadPart(r *http.Request, field string) (*multipart.Part, func()) {
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

// upload streams the request's file to the attachment service. A request
// without a file still reaches the service, which answers scope (404/403)
// before it looks at the content.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request, kind string, ownerID xuezuo.ID) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentRequest)
	part, closePart := uploadPart(r, "file")
	defer closePart()
	var src io.Reader
	name := ""
	if part != nil {
		src, name = part, part.FileName()
	}
	_, err := h.d.Attachment.Upload(r.Context(), kind, ownerID, name, src)
	return err
}

// meetingAttach uploads a photo or file to a meeting.
func (h *Handler) meetingAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.submit(w, r, submission{shown: []string{"file"},
		save: func() (string, error) {
			return fmt.Sprintf("/meetings/%d#attachments", id), h.upload(w, r, attachment.Meeting, id)
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingPage(r, id)
			if err != nil {
				return err
			}
			p.Attachments.Errors = fe
			return h.render(w, r, status, "meeting.html", p)
		}})
}

// reflectionAttach uploads the author's file to a reflection.
func (h *Handler) reflectionAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.submit(w, r, submission{shown: []string{"file"},
		save: func() (string, error) {
			return fmt.Sprintf("/reflections/%d#attachments", id), h.upload(w, r, attachment.Reflection, id)
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.reflectionPage(r, id)
			if err != nil {
				return err
			}
			p.Attachments.Errors = fe
			return h.render(w, r, status, "reflection.html", p)
		}})
}

// summaryAttach uploads a photo or the minutes to a branch summary.
func (h *Handler) summaryAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.submit(w, r, submission{shown: []string{"file"},
		save: func() (string, error) {
			return ownerURL(attachment.Summary, id), h.upload(w, r, attachment.Summary, id)
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.summaryPage(r, id)
			if err != nil {
				return err
			}
			// A refusal because the summary was sent meanwhile (409) is
			// shown at the top: the box no longer offers the form.
			if p.Attachments.CanWrite {
				p.Attachments.Errors = fe
			} else {
				p.Errors = fe
			}
			return h.render(w, r, status, "summary.html", p)
		}})
}

// ownerURL is the attachments box on the page of a file's owner.
func ownerURL(kind string, id xuezuo.ID) string {
	path := map[string]string{attachment.Meeting: "meetings", attachment.Reflection: "reflections", attachment.Summary: "summaries"}[kind]
	return fmt.Sprintf("/%s/%d#attachments", path, id)
}

// attachmentDownload sends a file as a download, never for display in the
// page: the stored (sniffed) type, nosniff, and a sandbox in case a browser
// opens it anyway.
func (h *Handler) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, rc, err := h.d.Attachment.Download(r.Context(), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", a.ContentType)
	hd.Set("Content-Disposition", contentDisposition(a.FileName))
	hd.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, rc); err != nil {
		// Headers are gone; the client sees a short file. Log it only.
		h.log.WarnContext(r.Context(), "attachment download cut short", slog.Int64("attachment", id), slog.Any("err", err))
	}
	return nil
}

// attachmentDelete removes a file and returns to its owner's page.
func (h *Handler) attachmentDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.d.Attachment.Delete(r.Context(), id)
	if err != nil {
		return err
	}
	return h.seeOther(w, r, ownerURL(a.OwnerKind, a.OwnerID))
}

// contentDisposition names a download: a plain ASCII filename for old
// clients and the real (Chinese) name as RFC 5987 filename*.
func contentDisposition(name string) string {
	fallback := name
	for _, c := range name {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '%' {
			fallback = "attachment" + asciiExt(name)
			break
		}
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987(name)
}

// asciiExt returns name's extension when it is plain ASCII, else "".
func asciiExt(name string) string {
	ext := path.Ext(name)
	for _, c := range ext {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '.' {
			return ""
		}
	}
	return ext
}

// rfc5987 percent-encodes every byte outside RFC 5987's attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
