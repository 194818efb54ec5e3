package member

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZCorpusTiming(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		raw, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		lines := strings.SplitN(string(raw), "\n", 2)
		s := strings.TrimSpace(lines[1])
		s = strings.TrimSuffix(strings.TrimPrefix(s, "[]byte("), ")")
		b, err := strconv.Unquote(s)
		if err != nil { t.Fatal(e.Name(), err) }
		start := time.Now()
		_, err = ReadImportFile(bytes.NewReader([]byte(b)), 1<<20)
		t.Logf("%s %d bytes %v %v", e.Name(), len(b), time.Since(start), err)
	}
}
