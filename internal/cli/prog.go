package cli

import (
	"net/url"
	"path/filepath"
	"strings"

	"xuezuo/internal/config"
)

// goRun is how the messages name the program when it runs under go run.
const goRun = "go run ./cmd/xuezuo"

// progName returns how the reader starts the program again, from argv[0]:
// "go run ./cmd/xuezuo" when go run built it into a temporary go-build
// directory (…/go-build1234/b001/exe/xuezuo), else argv[0] as typed
// ("xuezuo" from PATH, "./xuezuo", or the absolute path systemd used), which
// works when pasted into the same shell.
func progName(argv0 string) string {
	if argv0 == "" {
		return "xuezuo"
	}
	dir := filepath.Dir(argv0)
	if filepath.Base(dir) == "exe" {
		for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
			if strings.HasPrefix(filepath.Base(d), "go-build") {
				return goRun
			}
		}
	}
	return shellQuote(argv0)
}

// command returns the command line that runs sub (e.g. "user passwd 用户名")
// on the same database as cfg: the --data or --db of a non-default setting
// is repeated, with any password in a URL masked.
func (e env) command(cfg config.Config, sub string) string {
	s := e.prog + " " + sub
	switch {
	case cfg.DB != "":
		s += " --db " + shellQuote(redact(cfg.DB))
	case cfg.DataDir != "data":
		s += " --data " + shellQuote(cfg.DataDir)
	}
	return s
}

// redact masks the password of a postgres:// URL, in its user part or in a
// password= parameter.
func redact(db string) string {
	u, err := url.Parse(db)
	if err != nil || u.Scheme == "" {
		return db
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// path characters.
func shellQuote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:=@,%", r) || r > 127)
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
