package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

// open builds the app for a command that is not serving.
func open(ctx context.Context, e env, cfg config.Config) (*app.App, error) {
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return newApp(ctx, e, cfg, log)
}

// newApp checks the data directory, then builds the app, turning the errors
// of opening the database into sentences that say what to fix.
func newApp(ctx context.Context, e env, cfg config.Config, log *slog.Logger) (*app.App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkDirs(cfg); err != nil {
		return nil, err
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return nil, explainOpen(e, cfg, err)
	}
	return a, nil
}

// checkDirs makes sure the data directory (uploads live there on either
// engine) and the SQLite file's directory exist and are writable. SQLite
// itself would only say "unable to open database file".
func checkDirs(cfg config.Config) error {
	if cfg.DataDir != "" {
		if err := checkDir(cfg.DataDir, "数据目录", "--data"); err != nil {
			return err
		}
	}
	if !cfg.Postgres() {
		if dir := filepath.Dir(cfg.DBURL()); filepath.Clean(dir) != filepath.Clean(cfg.DataDir) {
			return checkDir(dir, "数据库文件所在目录", "--db")
		}
	}
	return nil
}

// checkDir creates dir if needed and proves it writable with a scratch file.
func checkDir(dir, what, flag string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		switch {
		case errors.Is(err, syscall.ENOTDIR) || errors.Is(err, fs.ErrExist):
			file := dir
			if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
				file = pe.Path // the file in the way: dir itself or one above it
			}
			return fmt.Errorf("无法建立%s %s：%s 是文件而不是目录。请用 %s 指定一个目录，或把该文件移走", what, dir, file, flag)
		case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
			return fmt.Errorf("无法创建%s %s（权限不足）：请先建好它并交给运行 xuezuo 的用户（如 mkdir -p 后 chown），或用 %s 指定别的目录", what, dir, flag)
		}
		return fmt.Errorf("无法创建%s %s：请检查路径，或用 %s 指定别的目录（%v）", what, dir, flag, err)
	}
	f, err := os.CreateTemp(dir, ".xuezuo-write-check-*")
	if err != nil {
		return fmt.Errorf("%s %s 不可写：请让运行 xuezuo 的用户对它有写权限（chown 或 chmod u+w），或用 %s 指定别的目录（%v）", what, dir, flag, errors.Unwrap(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// explainOpen turns an error of app.New into a sentence that says what to
// fix, keeping the driver's own words in parentheses for the operator.
func explainOpen(e env, cfg config.Config, err error) error {
	if xuezuo.ErrorCode(err) != xuezuo.EInternal {
		return err // already says what to fix (the field key, the settings)
	}
	if cfg.Postgres() {
		return explainPostgres(cfg.DB, err)
	}
	return explainSQLite(e, cfg, err)
}

// explainSQLite reads the result code modernc's sqlite.Error carries.
func explainSQLite(e env, cfg config.Config, err error) error {
	path := cfg.DBURL()
	var se interface{ Code() int }
	if !errors.As(err, &se) {
		return fmt.Errorf("无法打开 SQLite 数据库 %s：请检查 --data 或 --db 与文件权限（%v）", path, err)
	}
	detail := err
	if d, ok := se.(error); ok {
		detail = d
	}
	var msg string
	switch se.Code() & 0xff { // the primary result code
	case 26: // SQLITE_NOTADB
		msg = fmt.Sprintf("%s 不是 SQLite 数据库文件：请用 --db 指定正确的数据库文件；若要新建，请把它移走后运行 %s", path, e.command(cfg, "migrate"))
	case 11: // SQLITE_CORRUPT
		msg = fmt.Sprintf("数据库文件 %s 已损坏：请停止 xuezuo，用备份文件（%s backup 生成）替换它", path, e.prog)
	case 14: // SQLITE_CANTOPEN
		msg = fmt.Sprintf("无法打开数据库文件 %s：请确认它是文件而不是目录，且运行 xuezuo 的用户能读写它及所在目录", path)
	case 8: // SQLITE_READONLY
		msg = fmt.Sprintf("数据库文件 %s 只读：请让运行 xuezuo 的用户对它及所在目录有写权限", path)
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		msg = fmt.Sprintf("数据库 %s 正被其他程序锁住：请稍后重试，或先停下正在写它的程序", path)
	case 13: // SQLITE_FULL
		msg = fmt.Sprintf("磁盘已满，无法写入数据库 %s：请清理磁盘空间后重试", path)
	default:
		msg = fmt.Sprintf("无法打开 SQLite 数据库 %s：请检查 --data 或 --db 与文件权限", path)
	}
	return fmt.Errorf("%s（%v）", msg, detail)
}

// explainPostgres reads the SQLSTATE of a server error (pgconn.PgError has
// SQLState) or the network error underneath a failed dial.
func explainPostgres(db string, err error) error {
	user, name := pgNames(db)
	var se interface{ SQLState() string }
	var dns *net.DNSError
	var ne net.Error
	var msg string
	detail := err
	who, db := "用户“"+user+"”", "数据库“"+name+"”"
	if user == "" {
		who = "该用户"
	}
	if name == "" {
		db = "--db 指定的数据库"
	}
	switch {
	case errors.As(err, &se):
		if d, ok := se.(error); ok {
			detail = d
		}
		switch code := se.SQLState(); {
		case code == "3D000": // invalid_catalog_name
			msg = fmt.Sprintf("PostgreSQL 中没有%s：请先创建它（如 createdb %s），或改正 --db 中的库名", db, cmp.Or(name, "库名"))
		case code == "28P01" || code == "28000": // invalid_password, invalid_authorization_specification
			msg = fmt.Sprintf("PostgreSQL 拒绝%s登录：请检查 --db 中的用户名和密码，以及服务器的 pg_hba.conf 是否允许这样登录", who)
		case code == "42501": // insufficient_privilege
			msg = fmt.Sprintf("%s无权在%s中建表：请让它成为该库的所有者（ALTER DATABASE 库名 OWNER TO 用户名），或授予 CREATE 权限", who, db)
		case code == "53300": // too_many_connections
			msg = "PostgreSQL 的连接数已满：请稍后重试，或调大服务器的 max_connections"
		case code == "57P03": // cannot_connect_now
			msg = "PostgreSQL 正在启动或恢复：请稍后重试"
		default:
			msg = fmt.Sprintf("PostgreSQL %s打开失败：请按括号中的服务器消息处理，或联系数据库管理员", db)
		}
	case errors.As(err, &dns):
		msg = fmt.Sprintf("找不到 PostgreSQL 服务器 %q：请检查 --db 中的主机名", dns.Name)
		detail = dns
	case errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT):
		if op := (*net.OpError)(nil); errors.As(err, &op) {
			detail = op
		}
		msg = "连不上 PostgreSQL：请确认数据库服务已启动，并检查 --db 中的主机、端口（或 host= 套接字目录）"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		msg = "连接 PostgreSQL 超时：请检查网络与防火墙，以及 --db 中的主机和端口"
	case strings.Contains(err.Error(), "cannot parse"):
		msg = "--db 地址的格式不对：请写成 postgres://用户:密码@主机:5432/库名 这样的地址"
		detail = errors.New("地址无法解析") // pgx would repeat the URL, password included
	default:
		msg = "无法打开 PostgreSQL 数据库：请检查 --db 地址与数据库服务"
	}
	return fmt.Errorf("%s（%v）", msg, detail)
}

// pgNames returns the user and database a postgres:// URL names, as far as
// it says (libpq's defaults, the OS user, are not guessed here).
func pgNames(db string) (user, name string) {
	u, err := url.Parse(db)
	if err != nil {
		return "", ""
	}
	// Parameters override the URL's parts, as in libpq.
	q := u.Query()
	name = cmp.Or(q.Get("dbname"), strings.TrimPrefix(u.Path, "/"))
	user = q.Get("user")
	if user == "" && u.User != nil {
		user = u.User.Username()
	}
	return user, cmp.Or(name, user)
}
