package config

import (
	"path/filepath"
	"testing"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	c := Config{DataDir: "data"}
	if got := c.DBURL(); got != filepath.Join("data", "xuezuo.db") {
		t.Errorf("DBURL: got %s", got)
	}
	c.DB = "postgres:///x"
	if c.DBURL() != "postgres:///x" || c.Validate() != nil {
		t.Errorf("postgres URL: %s %v", c.DBURL(), c.Validate())
	}
	if got := (Config{DataDir: "data"}).BlobDir(); got != filepath.Join("data", "blobs") {
		t.Errorf("BlobDir: got %s", got)
	}
	if (Config{}).Validate() == nil {
		t.Error("empty config validated")
	}
	if (Config{DB: "mysql://x"}).Validate() == nil {
		t.Error("mysql URL validated")
	}
	env := func(k string) string { return map[string]string{"XUEZUO_ADDR": ":9"}[k] }
	if Env(env, "ADDR", "d") != ":9" || Env(env, "DATA", "d") != "d" {
		t.Error("Env")
	}
}
