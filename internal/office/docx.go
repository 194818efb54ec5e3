package office

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/template"
	"text/template/parse"
)

// DOCXTemplate is a Word document whose word/document.xml holds
// text/template actions, designed in LibreOffice (templates/README.md).
// Every value an action prints is escaped for XML and its line breaks
// become <w:br/>: the filler adds the escaping to each action itself, so a
// template cannot forget it.
type DOCXTemplate struct {
	files []zipFile
	doc   *template.Template
}

type zipFile struct {
	name string
	data []byte
}

// documentPart is the part of a DOCX that holds the body.
const documentPart = "word/document.xml"

// ParseDOCX reads a DOCX template. It fails when the body is not a valid
// template, so an embedded template breaks at start-up, not mid-request.
func ParseDOCX(raw []byte) (*DOCXTemplate, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("office: open docx template: %w", err)
	}
	t := &DOCXTemplate{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("office: docx template %s: %w", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("office: docx template %s: %w", f.Name, err)
		}
		t.files = append(t.files, zipFile{name: f.Name, data: data})
		if f.Name == documentPart {
			if t.doc, err = parseBody(string(data)); err != nil {
				return nil, err
			}
		}
	}
	if t.doc == nil {
		return nil, fmt.Errorf("office: docx template has no %s", documentPart)
	}
	return t, nil
}

// Body returns the template's document.xml as designed, for tests that
// check where its placeholders sit.
func (t *DOCXTemplate) Body() string {
	for _, f := range t.files {
		if f.name == documentPart {
			return string(f.data)
		}
	}
	return ""
}

// Execute fills the template with data and writes the DOCX to w.
func (t *DOCXTemplate) Execute(w io.Writer, data any) error {
	var body bytes.Buffer
	if err := t.doc.Execute(&body, data); err != nil {
		return fmt.Errorf("office: fill docx: %w", err)
	}
	zw := zip.NewWriter(w)
	for _, f := range t.files {
		part, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("office: write docx: %w", err)
		}
		data := f.data
		if f.name == documentPart {
			data = body.Bytes()
		}
		if _, err := part.Write(data); err != nil {
			return fmt.Errorf("office: write docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("office: write docx: %w", err)
	}
	return nil
}

// parseBody parses document.xml and appends the escaper to every action
// that prints.
func parseBody(src string) (*template.Template, error) {
	t, err := template.New("document").Funcs(template.FuncMap{escapeFunc: wordText}).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("office: docx template: %w", err)
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			escapeActions(tt.Tree, tt.Tree.Root)
		}
	}
	return t, nil
}

const escapeFunc = "wordText"

// escapeActions walks a template tree and pipes every printing action
// through wordText; range, if and with pipelines print nothing and stay.
func escapeActions(tree *parse.Tree, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			escapeActions(tree, c)
		}
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 { // {{$x := …}} prints nothing
			return
		}
		id := parse.NewIdentifier(escapeFunc).SetTree(tree).SetPos(n.Pos)
		n.Pipe.Cmds = append(n.Pipe.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{id}})
	case *parse.IfNode:
		escapeActions(tree, n.List)
		escapeActions(tree, n.ElseList)
	case *parse.RangeNode:
		escapeActions(tree, n.List)
		escapeActions(tree, n.ElseList)
	case *parse.WithNode:
		escapeActions(tree, n.List)
		escapeActions(tree, n.ElseList)
	}
}

// wordText writes a value as the text of a <w:t> run: XML-escaped (with
// characters XML cannot carry replaced), each line break a <w:br/>.
func wordText(v any) string {
	s := strings.ReplaceAll(fmt.Sprint(v), "\r\n", "\n")
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		}
		_ = xml.EscapeText(&b, []byte(line)) // a strings.Builder never fails
	}
	return b.String()
}
