package office

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// svgAttrNum parses a numeric attribute, failing the test when it is not one.
func svgAttrNum(t *testing.T, n svgNode, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attrs[name], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, name, n.attrs[name], err)
	}
	return v
}

// svgViewBox returns the width and height of a chart's viewBox.
func svgViewBox(t *testing.T, root svgNode) (w, h float64) {
	t.Helper()
	if _, err := fmt.Sscanf(root.attrs["viewBox"], "0 0 %g %g", &w, &h); err != nil {
		t.Fatalf("viewBox %q: %v", root.attrs["viewBox"], err)
	}
	return w, h
}

// svgTexts returns the <text> elements, title aside, whose text-anchor (own
// or inherited) is anchor.
func svgTexts(nodes []svgNode, anchor string) []svgNode {
	return slices.DeleteFunc(slices.Clone(nodes), func(n svgNode) bool {
		return n.name != "text" || n.inherit["text-anchor"] != anchor || n.attrs["font-weight"] != ""
	})
}

// svgRects returns the bars.
func svgRects(nodes []svgNode) []svgNode {
	return slices.DeleteFunc(slices.Clone(nodes), func(n svgNode) bool { return n.name != "rect" })
}

// TestBarChartSVGRows checks the horizontal chart's layout with 60 orgs:
// one row per org, a height that grows with the rows, labels that fit
// their column (cut with "…", the full name on hover) and never reach the
// bars, and values that stay inside the picture.
func TestBarChartSVGRows(t *testing.T) {
	f := newTestFonts(t)
	m, err := f.newSVG()
	if err != nil {
		t.Fatal(err)
	}
	c := orgChart(60)
	svg := barSVG(t, f, c)
	nodes := parseSVG(t, svg)
	width, height := svgViewBox(t, nodes[0])
	_, h10 := svgViewBox(t, parseSVG(t, barSVG(t, f, orgChart(10)))[0])
	if got, want := height-h10, 50*chartRowPitch; math.Abs(got-want) > 1 {
		t.Errorf("60 rows are %v taller than 10, want %v", got, want)
	}
	bars, labels, values := svgRects(nodes), svgTexts(nodes, "end"), svgTexts(nodes, "")
	if len(bars) != 60 || len(labels) != 60 || len(values) != 60 {
		t.Fatalf("got %d bars, %d labels, %d values, want 60 each", len(bars), len(labels), len(values))
	}
	cut := 0
	for i, b := range c.Bars {
		bar, label, value := bars[i], labels[i], values[i]
		if i > 0 && svgAttrNum(t, label, "y")-svgAttrNum(t, labels[i-1], "y") < chartFontSize {
			t.Errorf("row %d: label is less than a line below the one above", i)
		}
		if lw := m.measure(label.text, chartFontSize); lw > width*chartLabelShare {
			t.Errorf("row %d: label %q is %.1f wide, over %.1f", i, label.text, lw, width*chartLabelShare)
		}
		if svgAttrNum(t, label, "x") >= svgAttrNum(t, bar, "x") {
			t.Errorf("row %d: label ends at %v, at or past the bar's start %v", i, label.attrs["x"], bar.attrs["x"])
		}
		if label.text != b.Label {
			cut++
			if !strings.HasSuffix(label.text, "…") || !strings.HasPrefix(b.Label, strings.TrimSuffix(label.text, "…")) {
				t.Errorf("row %d: label %q is not a start of %q ending in …", i, label.text, b.Label)
			}
			if !strings.Contains(svg, "<title>"+b.Label+"</title>") {
				t.Errorf("row %d: the full name %q is not on hover", i, b.Label)
			}
		}
		if want := strconv.FormatFloat(b.Value, 'f', 1, 64) + "%"; value.text != want {
			t.Errorf("row %d: value %q, want %q", i, value.text, want)
		}
		end := svgAttrNum(t, bar, "x") + svgAttrNum(t, bar, "width")
		if vx := svgAttrNum(t, value, "x"); vx < end || vx+m.measure(value.text, chartFontSize) > width {
			t.Errorf("row %d: value %q at x=%v overlaps the bar (ends %v) or leaves the picture (%v)", i, value.text, vx, end, width)
		}
	}
	if cut == 0 {
		t.Error("no label was cut short; the fixture should have long names")
	}
	if m.err != nil {
		t.Fatal(m.err)
	}
}

// TestChartSVGTicks checks the value axis: whole-number ticks for counts,
// ending at Max (the number of branches), and percentages up to 100%.
func TestChartSVGTicks(t *testing.T) {
	f := newTestFonts(t)
	cases := []struct {
		name string
		c    Chart
		want []string
	}{
		{"branches as max", Chart{Max: 7, Bars: []Bar{{"专题一", 3}, {"专题二", 7}}}, []string{"0", "2", "4", "6", "7"}},
		{"max below a step", Chart{Max: 11, Bars: []Bar{{"专题一", 3}}}, []string{"0", "5", "11"}},
		{"one branch", Chart{Max: 1, Bars: []Bar{{"专题一", 1}}}, []string{"0", "1"}},
		{"counts pick their max", Chart{Bars: []Bar{{"专题一", 3}, {"专题二", 14}}}, []string{"0", "5", "10", "15"}},
		{"all zero", Chart{Bars: []Bar{{"专题一", 0}}}, []string{"0", "1"}},
		{"many branches", Chart{Max: 230, Bars: []Bar{{"专题一", 120}}}, []string{"0", "50", "100", "150", "200", "230"}},
		{"percent", Chart{Format: Percent, Bars: []Bar{{"专题一", 87.46}}}, []string{"0%", "20%", "40%", "60%", "80%", "100%"}},
		{"small percent max", Chart{Format: Percent, Max: 1, Bars: []Bar{{"专题一", 0.5}}}, []string{"0%", "0.2%", "0.4%", "0.6%", "0.8%", "1%"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, n := range svgTexts(parseSVG(t, columnSVG(t, f, tc.c)), "end") {
				got = append(got, n.text)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("ticks %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("percent bars", func(t *testing.T) {
		var got []string
		nodes := parseSVG(t, barSVG(t, f, Chart{Format: Percent, Bars: []Bar{{"机关第一党支部", 87.46}}}))
		for _, n := range svgTexts(nodes, "middle") {
			got = append(got, n.text)
		}
		if want := "0% 25% 50% 75% 100%"; strings.Join(got, " ") != want {
			t.Errorf("ticks %q, want %q", got, want)
		}
		if v := svgTexts(nodes, ""); len(v) != 1 || v[0].text != "87.5%" {
			t.Errorf("value label %v, want 87.5%%", v)
		}
	})
}

// TestColumnChartSVGBars checks bar heights against the axis: a topic held
// by every branch reaches the top, and a value over Max stops there.
func TestColumnChartSVGBars(t *testing.T) {
	f := newTestFonts(t)
	c := Chart{Max: 8, Bars: []Bar{{"专题一", 8}, {"专题二", 4}, {"专题三", 0}, {"专题四", 9}}}
	nodes := parseSVG(t, columnSVG(t, f, c))
	bars := svgRects(nodes)
	if len(bars) != 4 {
		t.Fatalf("got %d bars, want 4", len(bars))
	}
	full := svgAttrNum(t, bars[0], "height")
	for i, want := range []float64{full, full / 2, 0, full} {
		if got := svgAttrNum(t, bars[i], "height"); math.Abs(got-want) > 0.1 {
			t.Errorf("bar %d height %v, want %v", i, got, want)
		}
	}
	if math.Abs(full-chartPlotHeight) > 0.1 {
		t.Errorf("full bar %v, want the plot height %v", full, chartPlotHeight)
	}
	var values []string
	for _, n := range svgTexts(nodes, "middle") {
		if n.inherit["font-size"] != "11" {
			values = append(values, n.text)
		}
	}
	if got, want := strings.Join(values, " "), "8 4 0 9"; got != want {
		t.Errorf("value labels %q, want %q (the one over Max keeps its value)", got, want)
	}
}
