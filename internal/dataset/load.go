package dataset

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"xuezuo"
)

// maxProblems bounds the problems one failed import reports.
const maxProblems = 20

// Problem is one bad line: the file, the line number and what is wrong.
type Problem struct {
	File    string
	Line    int
	Message string
}

// String renders a problem as people read it.
func (p Problem) String() string {
	if p.Line == 0 {
		return p.File + "：" + p.Message
	}
	return fmt.Sprintf("%s 第 %d 行：%s", p.File, p.Line, p.Message)
}

// problems collects the problems of one file.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(line int, format string, args ...any) {
	if len(ps.list) < maxProblems {
		ps.list = append(ps.list, Problem{File: ps.file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
}

// ImportError lists the problems that stopped an import.
type ImportError struct{ Problems []Problem }

func (e *ImportError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
	}
	return "数据集有误，未导入任何数据：\n" + strings.Join(s, "\n")
}

// Progress reports how many lines of a file have been read or written.
type Progress func(stage string, done, total int)

// Load reads and checks every file of a data set directory. Nothing is
// written; a data set with any bad line returns an *ImportError.
func Load(dir string, today xuezuo.Date, progress Progress) (*Data, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	c := &checker{d: &Data{}, today: today, progress: progress}
	steps := []struct {
		file string
		fn   func(*problems, string) error
	}{
		{"orgs.jsonl", c.orgs}, {"campaign.json", c.campaign}, {"members.jsonl", c.members}, {"activities.jsonl", c.activities},
	}
	for _, st := range steps {
		ps := &problems{file: st.file}
		if err := st.fn(ps, filepath.Join(dir, st.file)); err != nil {
			return nil, err
		}
		if len(ps.list) > 0 {
			return nil, &ImportError{Problems: ps.list}
		}
	}
	// Attendance and reflections depend only on what is loaded: check
	// them side by side.
	var wg sync.WaitGroup
	att, refl := &problems{file: "attendance.jsonl"}, &problems{file: "reflections.jsonl"}
	var errA, errR error
	wg.Go(func() { errA = c.attendance(att, filepath.Join(dir, att.file)) })
	wg.Go(func() { errR = c.reflections(refl, filepath.Join(dir, refl.file)) })
	wg.Wait()
	if err := errors.Join(errA, errR); err != nil {
		return nil, err
	}
	if all := append(att.list, refl.list...); len(all) > 0 {
		return nil, &ImportError{Problems: all}
	}
	return c.d, nil
}

// eachLine decodes every line of a JSONL file into a fresh T and calls fn.
func eachLine[T any](ps *problems, path string, progress Progress, fn func(line int, v *T)) error {
	f, err := os.Open(path)
	if err != nil {
		return &ImportError{Problems: []Problem{{File: ps.file, Message: "无法打开：" + errText(err)}}}
	}
	defer f.Close()
	total := 0
	if st, err := f.Stat(); err == nil {
		total = int(st.Size())
	}
	r := bufio.NewReaderSize(f, 1<<20)
	read := 0
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		read += len(b)
		if len(b) > 0 && strings.TrimSpace(string(b)) != "" {
			var v T
			if jerr := json.Unmarshal(b, &v); jerr != nil {
				ps.add(line, "不是有效的 JSON（%s）", errText(jerr))
			} else {
				fn(line, &v)
			}
		}
		if line%65536 == 0 {
			progress("读取 "+ps.file, read, total)
		}
		if err == io.EOF {
			progress("读取 "+ps.file, read, total)
			return nil
		}
		if err != nil {
			return err
		}
		if len(ps.list) >= maxProblems {
			return nil
		}
	}
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parseDate reads a YYYY-MM-DD date.
func parseDate(s string) (xuezuo.Date, bool) {
	d, err := xuezuo.ParseDate(s)
	return d, err == nil && len(s) == len("2006-01-02")
}
