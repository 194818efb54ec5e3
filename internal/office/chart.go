package office

// Bar charts as standalone SVG, drawn on the server so a page needs no
// charting script. go-chart v2.1.2 was tried first and set aside: it draws
// vertical bars only, writes label text into the SVG unescaped (an org
// named "<script>" would reach the page as markup) and names the font
// '??????' because it reads WenQuanYi's Chinese name record. This file lays
// the bars out itself and measures text with the same embedded font the PDFs
// use, so truncation and spacing match what WenQuanYi Micro Hei draws.

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/signintech/gopdf"
)

// Bar is one bar of a chart: a category such as a topic or an org, and its value.
type Bar struct {
	Label string
	Value float64
}

// ValueFormat says how a chart writes its values and axis ticks.
type ValueFormat int

const (
	// Count writes whole numbers ("12") and keeps axis ticks on integers.
	Count ValueFormat = iota
	// Percent writes values with one decimal and a per cent sign ("87.5%"); ticks read "25%".
	Percent
)

// Chart describes a bar chart for ColumnChartSVG and BarChartSVG.
type Chart struct {
	// Title is drawn above the bars when set. On a page a heading or a
	// figcaption usually names the chart, so it may stay empty.
	Title string
	// Label is the accessible name (aria-label and <title>), such as
	// "各组织出席率"; it defaults to Title, then to "统计图".
	Label string
	// Bars are drawn in the order given.
	Bars []Bar
	// Max is the end of the value axis (the number of branches, or 100 for a
	// rate). Zero means 100 for Percent and a round number at or above the
	// largest value for Count. Longer bars stop at Max; their labels keep the value.
	Max float64
	// Format says how values and ticks are written.
	Format ValueFormat
}

// Geometry in SVG user units. The viewBox is scaled to the width of its box,
// so these sizes are chosen for a 375 px phone, where 400 units show at
// about 0.86: 12-unit text then reads as 10–11 px.
const (
	chartWidth      = 400.0 // viewBox width of every bar chart and of short column charts
	chartPad        = 8.0   // blank margin on every side
	chartFontSize   = 12.0  // row labels, values and ticks
	chartTitleSize  = 14.0
	chartLineGap    = 3.0  // between wrapped lines of a column label
	chartRowPitch   = 20.0 // one row of a horizontal bar chart
	chartBarThick   = 12.0 // height of a horizontal bar
	chartMinSlot    = 40.0 // narrowest column slot: three CJK characters and a gap
	chartPlotHeight = 160.0
	chartLabelShare = 0.4 // the widest share of a bar chart that its labels take
	// chartCategorySize fits "专题一" under a column of the narrowest slot
	// with a visible gap to its neighbour's label.
	chartCategorySize = 11.0
	// chartMeasureSlack widens every measured text: a browser without WenQuanYi
	// draws Latin letters and digits in PingFang or YaHei, which run wider.
	chartMeasureSlack = 1.05
	// chartBoldSlack allows for the bold title: WenQuanYi has no bold face,
	// so browsers thicken the regular one and each glyph grows a little.
	chartBoldSlack = 1.1
)

// chartBarFill is the bars' colour; text and grid lines use currentColor so
// the chart follows the page's light or dark theme.
const chartBarFill = "#3372c4"

// chartFontFamilies names the font the layout was measured with first, then
// the usual Chinese system fonts of macOS, Windows and other Linux systems.
const chartFontFamilies = `'WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif`

// begin checks c and lays out its value axis in the given number of
// intervals. A chart without bars is written whole ("暂无数据") and s is nil.
func (f *Fonts) begin(w io.Writer, c Chart, intervals float64) (top float64, ticks []float64, s *svgWriter, err error) {
	if top, ticks, err = c.axis(intervals); err != nil {
		return 0, nil, nil, err
	}
	if s, err = f.newSVG(); err != nil {
		return 0, nil, nil, err
	}
	if len(c.Bars) == 0 {
		s.empty(c)
		return 0, nil, nil, s.flush(w)
	}
	return top, ticks, s, nil
}

// ColumnChartSVG writes c as vertical bars, one per category, to w. Category
// labels wrap onto two lines under their bar and end in "…" when longer.
func (f *Fonts) ColumnChartSVG(w io.Writer, c Chart) error {
	// Tick labels stack vertically here, so five intervals fit.
	top, ticks, s, err := f.begin(w, c, 5)
	if s == nil || err != nil {
		return err
	}
	tickW := 0.0
	for _, t := range ticks {
		tickW = max(tickW, s.measure(c.tick(t), chartFontSize))
	}
	left := chartPad + tickW + 4
	n := float64(len(c.Bars))
	width := math.Ceil(max(chartWidth, left+n*chartMinSlot+chartPad))
	slot := (width - left - chartPad) / n
	// Value labels must not run into their neighbours: shrink them together.
	valueSize := chartFontSize
	for _, b := range c.Bars {
		if vw := s.measure(c.value(b.Value), chartFontSize); vw > slot-2 {
			valueSize = min(valueSize, chartFontSize*(slot-2)/vw)
		}
	}
	plotTop := chartPad + c.titleHeight() + valueSize + 4 // room for the tallest bar's value
	base := plotTop + chartPlotHeight
	labels := make([][]string, len(c.Bars))
	lines := 1
	for i, b := range c.Bars {
		labels[i] = s.wrap2(oneLine(b.Label), slot-4, chartCategorySize)
		lines = max(lines, len(labels[i]))
	}
	height := base + 6 + float64(lines)*(chartCategorySize+chartLineGap) + chartPad
	s.open(width, height, c)

	scale := func(v float64) float64 { return min(v, top) / top * chartPlotHeight }
	var grid strings.Builder
	for _, t := range ticks[1:] {
		fmt.Fprintf(&grid, "M%s %sH%s", svgNum(left), svgNum(base-scale(t)), svgNum(width-chartPad))
	}
	s.grid(grid.String(), fmt.Sprintf("M%s %sH%s", svgNum(left), svgNum(base), svgNum(width-chartPad)))
	s.group(`text-anchor="end"`)
	for _, t := range ticks {
		s.text(left-4, base-scale(t)+chartFontSize*0.35, c.tick(t), "")
	}
	s.end()

	bw := min(slot*0.6, 36)
	s.group(`fill="` + chartBarFill + `"`)
	for i, b := range c.Bars {
		h := scale(b.Value)
		s.rect(left+float64(i)*slot+(slot-bw)/2, base-h, bw, h, oneLine(b.Label)+"："+c.value(b.Value))
	}
	s.end()
	attrs := `text-anchor="middle"`
	if valueSize != chartFontSize {
		attrs += ` font-size="` + svgNum(valueSize) + `"`
	}
	s.group(attrs)
	for i, b := range c.Bars {
		s.text(left+(float64(i)+0.5)*slot, base-scale(b.Value)-4, c.value(b.Value), "")
	}
	s.end()
	s.group(`text-anchor="middle" font-size="` + svgNum(chartCategorySize) + `"`)
	for i, b := range c.Bars {
		x := left + (float64(i)+0.5)*slot
		full := ""
		if strings.Join(labels[i], "") != strings.ReplaceAll(oneLine(b.Label), " ", "") {
			full = oneLine(b.Label) // cut short: the whole name shows on hover
		}
		for j, l := range labels[i] {
			s.text(x, base+6+chartCategorySize*0.85+float64(j)*(chartCategorySize+chartLineGap), l, full)
		}
	}
	s.end()
	s.close()
	return s.flush(w)
}

// BarChartSVG writes c as horizontal bars, one row per category, to w. The
// chart grows one row taller per bar; labels longer than two fifths of the
// width end in "…", and each bar carries its value at its end.
func (f *Fonts) BarChartSVG(w io.Writer, c Chart) error {
	// Tick labels sit side by side under a plot about 180 units wide:
	// four intervals leave room between "75%" and "100%".
	top, ticks, s, err := f.begin(w, c, 4)
	if s == nil || err != nil {
		return err
	}
	labelW, valueW := 0.0, 0.0
	for _, b := range c.Bars {
		labelW = max(labelW, s.measure(oneLine(b.Label), chartFontSize))
		valueW = max(valueW, s.measure(c.value(b.Value), chartFontSize))
	}
	labelW = min(labelW, chartWidth*chartLabelShare)
	// The last tick label is centred on the axis end and must not leave the
	// viewBox, so the value column is at least half of it wide.
	valueW = max(valueW+4, s.measure(c.tick(top), chartFontSize)/2)
	left := chartPad + labelW + 6
	right := chartWidth - chartPad - valueW
	y0 := chartPad + c.titleHeight()
	rows := float64(len(c.Bars)) * chartRowPitch
	height := y0 + rows + 4 + chartFontSize + chartPad
	s.open(chartWidth, height, c)

	scale := func(v float64) float64 { return min(v, top) / top * (right - left) }
	var grid strings.Builder
	for _, t := range ticks[1:] {
		fmt.Fprintf(&grid, "M%s %sV%s", svgNum(left+scale(t)), svgNum(y0), svgNum(y0+rows))
	}
	s.grid(grid.String(), fmt.Sprintf("M%s %sV%s", svgNum(left), svgNum(y0), svgNum(y0+rows)))
	s.group(`text-anchor="middle"`)
	for _, t := range ticks {
		s.text(left+scale(t), y0+rows+4+chartFontSize*0.85, c.tick(t), "")
	}
	s.end()

	s.group(`fill="` + chartBarFill + `"`)
	for i, b := range c.Bars {
		mid := y0 + (float64(i)+0.5)*chartRowPitch
		s.rect(left, mid-chartBarThick/2, scale(b.Value), chartBarThick, oneLine(b.Label)+"："+c.value(b.Value))
	}
	s.end()
	s.group(`text-anchor="end"`)
	for i, b := range c.Bars {
		label, full := oneLine(b.Label), ""
		if short := s.clip(label, labelW, chartFontSize); short != label {
			label, full = short, oneLine(b.Label)
		}
		s.text(left-6, y0+(float64(i)+0.5)*chartRowPitch+chartFontSize*0.35, label, full)
	}
	s.end()
	s.group("")
	for i, b := range c.Bars {
		s.text(left+scale(b.Value)+4, y0+(float64(i)+0.5)*chartRowPitch+chartFontSize*0.35, c.value(b.Value), "")
	}
	s.end()
	s.close()
	return s.flush(w)
}

// axis checks the chart and returns the end of its value axis and the tick
// values from zero up to it, at most parts intervals apart.
func (c Chart) axis(parts float64) (top float64, ticks []float64, err error) {
	if math.IsNaN(c.Max) || math.IsInf(c.Max, 0) || c.Max < 0 {
		return 0, nil, fmt.Errorf("office: chart max %v is not a finite number ≥ 0", c.Max)
	}
	if c.Format != Count && c.Format != Percent {
		return 0, nil, fmt.Errorf("office: unknown chart value format %d", c.Format)
	}
	largest := 0.0
	for i, b := range c.Bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) || b.Value < 0 {
			return 0, nil, fmt.Errorf("office: chart bar %d (%q): value %v is not a finite number ≥ 0", i, b.Label, b.Value)
		}
		largest = max(largest, b.Value)
	}
	top = c.Max
	if top == 0 && c.Format == Percent {
		top = 100
	}
	step := niceStep(max(top, largest, 1), parts, c.Format)
	if top == 0 {
		top = max(math.Ceil(largest/step)*step, 1)
	}
	ticks = []float64{0}
	for i := 1.0; i*step < top-step*0.3; i++ {
		// A tick closer than 0.3 steps to the end would crowd its label.
		ticks = append(ticks, i*step)
	}
	return top, append(ticks, top), nil
}

// niceStep picks a tick step of 1, 2, 2.5 or 5 times a power of ten that
// splits span into at most parts intervals; counts never get fractional steps.
func niceStep(span, parts float64, f ValueFormat) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(span/parts)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step := m * mag
		if f == Count && (step < 1 || step != math.Trunc(step)) {
			continue
		}
		if span/step <= parts {
			return step
		}
	}
	return 10 * mag
}

// value writes v as it appears at the end of a bar.
func (c Chart) value(v float64) string {
	if c.Format == Percent {
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// tick writes an axis tick, without needless decimals. Rounding first keeps
// 3 × 0.2 from showing as 0.6000000000000001.
func (c Chart) tick(t float64) string {
	s := strconv.FormatFloat(math.Round(t*1e6)/1e6, 'f', -1, 64)
	if c.Format == Percent {
		s += "%"
	}
	return s
}

// titleHeight is the space the title takes above the chart, if any.
func (c Chart) titleHeight() float64 {
	if oneLine(c.Title) == "" {
		return 0
	}
	return chartTitleSize + 8
}

// oneLine puts a user's label on one line: newlines and runs of spaces become
// one space, because SVG text would show them as nothing or as boxes.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// svgWriter builds one chart's SVG text. It measures with a gopdf document
// made from the shared Fonts (about 80 µs), so nothing is parsed twice and
// concurrent charts share no mutable state; the first error is kept.
type svgWriter struct {
	b    strings.Builder
	gp   *gopdf.GoPdf
	size float64
	err  error
}

func (f *Fonts) newSVG() (*svgWriter, error) {
	if f == nil {
		return nil, errors.New("office: chart needs the fonts from NewFonts")
	}
	gp, err := f.newPDF()
	if err != nil {
		return nil, fmt.Errorf("office: chart: %w", err)
	}
	return &svgWriter{gp: gp}, nil
}

// measure returns the width of text at size, with chartMeasureSlack added.
func (s *svgWriter) measure(text string, size float64) float64 {
	if s.err != nil || text == "" {
		return 0
	}
	if s.size != size {
		if s.err = s.gp.SetFont(fontFamily, "", size); s.err != nil {
			return 0
		}
		s.size = size
	}
	w, err := s.gp.MeasureTextWidth(text)
	if err != nil {
		s.err = err
	}
	return w * chartMeasureSlack
}

// clip shortens text to fit width at size, ending it in "…" when cut.
func (s *svgWriter) clip(text string, width, size float64) string {
	if s.measure(text, size) <= width {
		return text
	}
	return s.ellipsis([]rune(text), width, size)
}

// ellipsis returns the longest start of r followed by "…" that fits width.
func (s *svgWriter) ellipsis(r []rune, width, size float64) string {
	for n := len(r); n > 0; n-- {
		cut := strings.TrimRight(string(r[:n]), " ") + "…"
		if s.measure(cut, size) <= width {
			return cut
		}
	}
	return "…"
}

// wrap2 wraps text into at most two lines of width; the second ends in "…"
// when the text goes on.
func (s *svgWriter) wrap2(text string, width, size float64) []string {
	lines := wrap(text, width, func(t string) float64 { return s.measure(t, size) })
	if len(lines) <= 2 {
		return lines
	}
	return []string{lines[0], s.ellipsis([]rune(strings.Join(lines[1:], " ")), width, size)}
}

// open starts the document. It has a viewBox and no width or height, so it
// fills the width of its box; the page's CSS may cap that width.
func (s *svgWriter) open(width, height float64, c Chart) {
	label := cmp.Or(oneLine(c.Label), oneLine(c.Title), "统计图")
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-label="%s" font-family="%s" font-size="%s" fill="currentColor">`+"\n",
		svgNum(width), svgNum(math.Ceil(height)), svgEscape(label), chartFontFamilies, svgNum(chartFontSize))
	fmt.Fprintf(&s.b, "<title>%s</title>\n", svgEscape(label))
	if c.titleHeight() > 0 {
		fmt.Fprintf(&s.b, `<text x="%s" y="%s" font-size="%s" font-weight="bold">%s</text>`+"\n",
			svgNum(chartPad), svgNum(chartPad+chartTitleSize), svgNum(chartTitleSize), svgEscape(s.clip(oneLine(c.Title), (width-2*chartPad)/chartBoldSlack, chartTitleSize)))
	}
}

// empty writes the small chart shown when there are no bars.
func (s *svgWriter) empty(c Chart) {
	h := c.titleHeight() + 60
	s.open(chartWidth, h, c)
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="middle" fill-opacity=".6">暂无数据</text>`+"\n",
		svgNum(chartWidth/2), svgNum(c.titleHeight()+30+chartFontSize*0.35))
	s.close()
}

// grid draws faint grid lines and the stronger axis line.
func (s *svgWriter) grid(lines, axis string) {
	if lines != "" {
		fmt.Fprintf(&s.b, `<path d="%s" fill="none" stroke="currentColor" stroke-opacity=".15"/>`+"\n", lines)
	}
	fmt.Fprintf(&s.b, `<path d="%s" fill="none" stroke="currentColor" stroke-opacity=".6"/>`+"\n", axis)
}

func (s *svgWriter) group(attrs string) {
	if attrs == "" {
		s.b.WriteString("<g>\n")
		return
	}
	s.b.WriteString("<g " + attrs + ">\n")
}

func (s *svgWriter) end() { s.b.WriteString("</g>\n") }

// rect draws one bar with its label and value as a hover tooltip.
func (s *svgWriter) rect(x, y, w, h float64, tip string) {
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`+"\n",
		svgNum(x), svgNum(y), svgNum(w), svgNum(h), svgEscape(tip))
}

// text writes one line of text; full, when set, is the uncut text shown on hover.
func (s *svgWriter) text(x, y float64, text, full string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s">`, svgNum(x), svgNum(y))
	if full != "" {
		fmt.Fprintf(&s.b, "<title>%s</title>", svgEscape(full))
	}
	s.b.WriteString(svgEscape(text) + "</text>\n")
}

func (s *svgWriter) close() { s.b.WriteString("</svg>\n") }

// flush writes the finished SVG, or the first error met while measuring.
func (s *svgWriter) flush(w io.Writer) error {
	if s.err != nil {
		return fmt.Errorf("office: chart: measure text: %w", s.err)
	}
	_, err := io.WriteString(w, s.b.String())
	return err
}

// svgEscape escapes text for XML content and attribute values. Labels are user
// data; encoding/xml also replaces characters XML cannot hold with U+FFFD.
func svgEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// svgNum writes a coordinate with at most one decimal, which is finer than a
// pixel at any size the chart is shown and keeps the file small.
func svgNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
