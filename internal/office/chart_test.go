package office

import (
	"xuezuo/internal/office/officetest"

	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// topicChart is chart (a) of the progress page: ten topics held on time by
// up to 12 branches, with short and long topic names.
func topicChart() Chart {
	names := []string{"专题一", "专题二", "专题三", "专题四", "专题五",
		"学习党章党规", "读原著学原文悟原理", "专题八", "Party history 2016", "专题十"}
	c := Chart{Label: "各专题按期召开的支部数", Max: 12, Format: Count}
	for i, n := range names {
		c.Bars = append(c.Bars, Bar{Label: n, Value: float64((i * 5) % 13)})
	}
	return c
}

// orgChart is chart (b): attendance rates of n orgs, names up to 18
// characters so some are cut short.
func orgChart(n int) Chart {
	prefixes := []string{"生态学院", "机关", "化学与分子工程研究所", "图书馆", "中国科学院大学继续教育学院"}
	ordinals := []string{"第一", "第二", "第三", "离退休", "研究生第四"}
	c := Chart{Label: "各组织出席率", Format: Percent}
	for i := range n {
		c.Bars = append(c.Bars, Bar{
			Label: prefixes[i%len(prefixes)] + ordinals[(i/len(prefixes))%len(ordinals)] + "党支部",
			Value: math.Round(1000-float64(i*i*7%1000)) / 10,
		})
	}
	return c
}

func columnSVG(t *testing.T, f *Fonts, c Chart) string {
	t.Helper()
	return renderChart(t, f.ColumnChartSVG, c)
}

func barSVG(t *testing.T, f *Fonts, c Chart) string {
	t.Helper()
	return renderChart(t, f.BarChartSVG, c)
}

func renderChart(t *testing.T, draw func(io.Writer, Chart) error, c Chart) string {
	t.Helper()
	var b strings.Builder
	if err := draw(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// svgNode is an element of a parsed chart, enough for the checks below.
type svgNode struct {
	name    string
	attrs   map[string]string
	inherit map[string]string // attrs merged with those of its ancestors
	text    string            // character data directly inside, such as a label
}

// parseSVG parses svg as XML, failing the test if it is not well formed,
// and returns its elements in document order.
func parseSVG(t *testing.T, svg string) []svgNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var nodes []svgNode
	var open []int // indices into nodes of the elements not yet closed
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := svgNode{name: tok.Name.Local, attrs: map[string]string{}, inherit: map[string]string{}}
			if len(open) > 0 {
				for k, v := range nodes[open[len(open)-1]].inherit {
					n.inherit[k] = v
				}
			}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
				n.inherit[a.Name.Local] = a.Value
			}
			nodes = append(nodes, n)
			open = append(open, len(nodes)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				nodes[open[len(open)-1]].text += string(tok)
			}
		}
	}
	if len(nodes) == 0 || nodes[0].name != "svg" {
		t.Fatalf("chart does not start with <svg>:\n%s", svg)
	}
	return nodes
}

// normaliseSVG turns a chart into golden-file text: one element per line,
// indented by depth, attributes sorted, so a diff points at the element that
// moved. Parsing also proves the file is well-formed XML.
func normaliseSVG(t *testing.T, svg string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range tok.Attr {
				attrs = append(attrs, fmt.Sprintf("%s=%q", a.Name.Local, a.Value))
			}
			slices.Sort(attrs)
			fmt.Fprintf(&b, "%s<%s>\n", strings.Repeat("  ", depth), strings.Join(append([]string{tok.Name.Local}, attrs...), " "))
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				fmt.Fprintf(&b, "%s%q\n", strings.Repeat("  ", depth), s)
			}
		}
	}
}

func TestChartSVGGolden(t *testing.T) {
	f := newTestFonts(t)
	titled := orgChart(6)
	titled.Title = "出席率（按组织）"
	cases := []struct {
		name   string
		golden string
		svg    string
	}{
		{"ten topics as columns", "testdata/chart_column_topics.golden", columnSVG(t, f, topicChart())},
		{"sixty orgs as bars", "testdata/chart_bar_orgs60.golden", barSVG(t, f, orgChart(60))},
		{"bars with a title", "testdata/chart_bar_titled.golden", barSVG(t, f, titled)},
		{"no bars", "testdata/chart_empty.golden", columnSVG(t, f, Chart{Label: "各专题按期召开的支部数"})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			officetest.Golden(t, tc.golden, normaliseSVG(t, tc.svg))
		})
	}
}

// TestChartSVGStandalone checks what lets the page inline the chart safely:
// it scales (viewBox, no fixed size), names the CJK fonts, and refers to
// nothing outside itself.
func TestChartSVGStandalone(t *testing.T) {
	f := newTestFonts(t)
	for name, svg := range map[string]string{
		"column": columnSVG(t, f, topicChart()),
		"bar":    barSVG(t, f, orgChart(60)),
		"empty":  barSVG(t, f, Chart{}),
	} {
		t.Run(name, func(t *testing.T) {
			nodes := parseSVG(t, svg)
			root := nodes[0]
			if !regexp.MustCompile(`^0 0 \d+(\.\d)? \d+$`).MatchString(root.attrs["viewBox"]) {
				t.Errorf("viewBox = %q, want 0 0 w h", root.attrs["viewBox"])
			}
			for _, a := range []string{"width", "height", "style"} {
				if v, ok := root.attrs[a]; ok {
					t.Errorf("root has %s=%q; the page decides the size", a, v)
				}
			}
			want := `'WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',`
			if got := root.attrs["font-family"]; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "sans-serif") {
				t.Errorf("font-family = %q, want it to start with %s and end with sans-serif", got, want)
			}
			if root.attrs["role"] != "img" {
				t.Errorf("role = %q, want img", root.attrs["role"])
			}
			allowed := map[string]bool{"svg": true, "title": true, "g": true, "path": true, "rect": true, "text": true}
			for _, n := range nodes {
				if !allowed[n.name] {
					t.Errorf("chart has a <%s> element", n.name)
				}
				for a, v := range n.attrs {
					if strings.HasPrefix(a, "on") || strings.Contains(a, "href") || strings.Contains(v, "url(") {
						t.Errorf("<%s> has %s=%q, a script or an outside reference", n.name, a, v)
					}
				}
			}
		})
	}
}

// TestChartSVGEscapesLabels feeds markup in org names: it must arrive as
// text, never as elements.
func TestChartSVGEscapesLabels(t *testing.T) {
	f := newTestFonts(t)
	evil := `<script>alert("x")</script> & 'A'`
	c := Chart{Title: "<b>标题</b>", Label: `出席率 "&"`, Format: Percent,
		Bars: []Bar{{Label: evil, Value: 50}, {Label: "研发&测试\n党支部", Value: 75}}}
	for name, svg := range map[string]string{"column": columnSVG(t, f, c), "bar": barSVG(t, f, c)} {
		t.Run(name, func(t *testing.T) {
			nodes := parseSVG(t, svg)
			for _, n := range nodes {
				if n.name == "script" || n.name == "b" {
					t.Fatalf("label became a <%s> element:\n%s", n.name, svg)
				}
			}
			if strings.Contains(svg, "<script") || strings.Contains(svg, "& ") {
				t.Errorf("raw markup or a bare & in output:\n%s", svg)
			}
			var texts []string
			for _, n := range nodes {
				texts = append(texts, n.text)
			}
			all := strings.Join(texts, "|")
			for _, want := range []string{evil + "：50.0%", "研发&测试 党支部：75.0%", "<b>标题</b>"} {
				if !strings.Contains(all, want) {
					t.Errorf("text %q not found in %q", want, all)
				}
			}
			if got := nodes[0].attrs["aria-label"]; got != `出席率 "&"` {
				t.Errorf("aria-label = %q, want %q", got, `出席率 "&"`)
			}
		})
	}
}

func TestChartSVGEmpty(t *testing.T) {
	f := newTestFonts(t)
	for name, draw := range map[string]func(io.Writer, Chart) error{"column": f.ColumnChartSVG, "bar": f.BarChartSVG} {
		t.Run(name, func(t *testing.T) {
			svg := renderChart(t, draw, Chart{Label: "出席率", Format: Percent})
			nodes := parseSVG(t, svg)
			if got := svgTexts(nodes, "middle"); len(got) != 1 || got[0].text != "暂无数据" || len(svgRects(nodes)) > 0 {
				t.Errorf("texts %v and %d bars, want only 暂无数据", got, len(svgRects(nodes)))
			}
			if len(svg) > 800 {
				t.Errorf("empty chart is %d bytes, want a small one", len(svg))
			}
		})
	}
}

func TestChartSVGRejectsBadNumbers(t *testing.T) {
	f := newTestFonts(t)
	cases := []struct {
		name string
		c    Chart
	}{
		{"NaN value", Chart{Bars: []Bar{{"甲", math.NaN()}}}},
		{"negative value", Chart{Bars: []Bar{{"甲", -1}}}},
		{"infinite value", Chart{Bars: []Bar{{"甲", math.Inf(1)}}}},
		{"negative max", Chart{Max: -5, Bars: []Bar{{"甲", 1}}}},
		{"NaN max", Chart{Max: math.NaN()}},
		{"unknown format", Chart{Format: ValueFormat(9), Bars: []Bar{{"甲", 1}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, draw := range []func(io.Writer, Chart) error{f.ColumnChartSVG, f.BarChartSVG} {
				var b bytes.Buffer
				if err := draw(&b, tc.c); err == nil {
					t.Errorf("got no error, want one")
				}
				if b.Len() != 0 {
					t.Errorf("wrote %d bytes before failing", b.Len())
				}
			}
		})
	}
	var nilFonts *Fonts
	if err := nilFonts.BarChartSVG(io.Discard, Chart{}); err == nil {
		t.Error("nil Fonts: got no error, want one")
	}
}

type chartFailWriter struct{}

func (chartFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestChartSVGWriteError(t *testing.T) {
	f := newTestFonts(t)
	if err := f.ColumnChartSVG(chartFailWriter{}, topicChart()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("got %v, want the writer's error", err)
	}
}

// TestChartSVGConcurrent draws from one Fonts on many goroutines, as the
// web server does; run with -race.
func TestChartSVGConcurrent(t *testing.T) {
	f := newTestFonts(t)
	want := barSVG(t, f, orgChart(20))
	var wg sync.WaitGroup
	errs := make([]error, 8)
	outs := make([]string, 8)
	for i := range 8 {
		wg.Go(func() {
			var b strings.Builder
			errs[i] = f.BarChartSVG(&b, orgChart(20))
			outs[i] = b.String()
		})
	}
	wg.Wait()
	for i := range 8 {
		if errs[i] != nil || outs[i] != want {
			t.Errorf("goroutine %d: err %v, same output %v", i, errs[i], outs[i] == want)
		}
	}
}

// TestChartSVGSize reports what the charts cost a page, next to the
// 368 KB (gzipped) ECharts bundle they replace, and guards a generous ceiling.
func TestChartSVGSize(t *testing.T) {
	f := newTestFonts(t)
	cases := []struct {
		name    string
		svg     string
		maxGzip int
	}{
		{"10 topics as columns", columnSVG(t, f, topicChart()), 2000},
		{"60 orgs as bars", barSVG(t, f, orgChart(60)), 6000},
	}
	for _, tc := range cases {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // a valid level cannot fail
		_, _ = zw.Write([]byte(tc.svg))                         // nor can a bytes.Buffer
		_ = zw.Close()
		t.Logf("%s: %d bytes, %d gzipped", tc.name, len(tc.svg), gz.Len())
		if gz.Len() > tc.maxGzip {
			t.Errorf("%s: %d bytes gzipped, want at most %d", tc.name, gz.Len(), tc.maxGzip)
		}
	}
}
