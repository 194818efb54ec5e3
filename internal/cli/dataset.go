package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"xuezuo/internal/config"
	"xuezuo/internal/dataset"
)

// runImportDataset imports a benchmark data set directory into an empty
// database, drawing a progress bar on stderr and a rows/s summary on stdout.
func runImportDataset(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "import dataset", "import dataset 目录", &cfg)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出数据集目录（含 orgs.jsonl、members.jsonl 等文件）")
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	bar := &progressBar{w: e.stderr}
	sum, err := a.Dataset.Import(operator(ctx), pos[0], bar.update)
	bar.finish()
	var ie *dataset.ImportError
	if errors.As(err, &ie) {
		for _, p := range ie.Problems {
			fmt.Fprintln(e.stdout, p.String())
		}
		return errors.New("数据集有误，数据库未作任何改动")
	}
	if err != nil {
		return err
	}
	secs := sum.Elapsed.Seconds()
	fmt.Fprintf(e.stdout, "已导入 %d 行：组织 %d、党员 %d、会议 %d、考勤 %d、心得 %d；用时 %.1f 秒（校验 %.1f 秒，写入与建索引 %.1f 秒），%.0f 行/秒\n",
		sum.Rows, sum.Orgs, sum.Members, sum.Meetings, sum.Attended, sum.Texts, secs, sum.Check.Seconds(), sum.Write.Seconds(), float64(sum.Rows)/secs)
	return nil
}

// progressBar draws one line per stage, redrawn at most ten times a second.
type progressBar struct {
	w     io.Writer
	stage string
	began time.Time // of the stage
	last  time.Time
	drawn bool
}

func (b *progressBar) update(stage string, done, total int) {
	now := time.Now()
	if stage == b.stage && done < total && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	if stage != b.stage {
		if b.drawn {
			fmt.Fprintf(b.w, " %.1f 秒\n", now.Sub(b.began).Seconds())
		}
		b.began = now
	}
	b.stage, b.last, b.drawn = stage, now, true
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	n := int(pct / 5)
	fmt.Fprintf(b.w, "\r%-24s [%-20s] %5.1f%%", stage, strings.Repeat("#", min(n, 20)), pct)
}

func (b *progressBar) finish() {
	if b.drawn {
		fmt.Fprintf(b.w, " %.1f 秒\n", time.Since(b.began).Seconds())
	}
}
