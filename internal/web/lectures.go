package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
)

// branchNamesShown bounds the branches a register names without a
// secretary or a 七一 lecture; the count covers them all.
const branchNamesShown = 100

// LectureRow is one lecture of the register.
type LectureRow struct {
	ID                      xuezuo.ID
	Date, Title, Holder     string
	Lecturer, Kind          string
	Audience                int
	HeldHere, SecretaryKind bool
}

// LectureCountRow is one line of the register's table: a quarter (or the
// year) with its lectures per lecturer kind.
type LectureCountRow struct {
	Label  string
	Counts []int // in the order of LecturesPage.Kinds
	Total  int
}

// BranchList is a register's list of branches with or without a kind of
// lecture: how many have one, and the names of those without.
type BranchList struct {
	With, Of int
	Without  []string
	More     int // branches without one that are not named
}

// LecturesPage is GET /orgs/{id}/lectures: the org's 党课 register of a
// year (domain.md §5.5, R6, R22).
type LecturesPage struct {
	Base
	Org        *org.Org
	URL        string
	Year       int
	Years      []int
	CampaignID string
	Campaigns  []Option
	Campaign   string // the campaign whose 七一 window applies, or ""
	Window     string // the 七一 window, 06-15 至 07-15
	Kinds      []Option
	Counts     []LectureCountRow
	Lectures   []LectureRow
	Listed     int // lectures listed; the year has Total
	Total      int
	Secretary  BranchList
	Qiyi       BranchList
	CanNew     bool
}

// orgLectures shows an org's 党课 register: ?year=2016&campaign=N.
func (h *Handler) orgLectures(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	year := h.clock.Now().In(xuezuo.Beijing).Year()
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		if year, err = strconv.Atoi(y); err != nil {
			return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "年份应为 2016 这样的四位数字", Fields: map[string]string{"year": "年份应为 2016 这样的四位数字"}}
		}
	}
	reg, err := h.d.Meeting.Register(ctx, id, year, idValue(q.Get("campaign")))
	if err != nil {
		return err
	}
	o := reg.Org
	p := LecturesPage{Base: h.base(r, o.Name+" · 党课登记簿"), Org: o, URL: fmt.Sprintf("/orgs/%d/lectures", id), Year: year,
		CampaignID: q.Get("campaign"), Kinds: options(meeting.AllLecturerKinds), Listed: len(reg.Lectures), Total: reg.Total(""),
		Window: reg.QiyiFrom.String()[5:] + " 至 " + reg.QiyiTo.String()[5:],
		CanNew: isWriter(actor(ctx)) && meeting.HoldsLecture(o)}
	now := h.clock.Now().In(xuezuo.Beijing).Year()
	for y := now; y >= now-4; y-- {
		p.Years = append(p.Years, y)
	}
	if !containsInt(p.Years, year) {
		p.Years = append(p.Years, year)
	}
	for _, c := range reg.Campaigns {
		p.Campaigns = append(p.Campaigns, Option{Value: fmt.Sprint(c.ID), Label: c.Title})
	}
	if reg.Campaign != nil {
		p.Campaign, p.CampaignID = reg.Campaign.Title, fmt.Sprint(reg.Campaign.ID)
	}
	count := func(label string, f meeting.LectureFigures) LectureCountRow {
		row := LectureCountRow{Label: label}
		for _, k := range meeting.AllLecturerKinds {
			row.Counts = append(row.Counts, f.ByKind[k.Code])
		}
		row.Total = f.Total()
		return row
	}
	for i, f := range reg.Quarters {
		p.Counts = append(p.Counts, count(fmt.Sprintf("第%s季度", []string{"一", "二", "三", "四"}[i]), f))
	}
	p.Counts = append(p.Counts, count("全年", reg.YearFigures()))
	for _, m := range reg.Lectures {
		l := m.Lecture
		p.Lectures = append(p.Lectures, LectureRow{ID: m.ID, Date: m.HeldOn.String(), Title: m.Title, Holder: m.OrgName,
			Lecturer: l.Lecturer(), Kind: l.KindLabel(), Audience: l.AudienceCount, HeldHere: m.OrgID == id,
			SecretaryKind: l.Kind == meeting.LecturerSecretary})
	}
	y := reg.YearFigures()
	p.Secretary = branchList(y.SecretaryBranches, reg.Branches, reg.WithoutSecretary())
	p.Qiyi = branchList(y.QiyiBranches, reg.Branches, reg.WithoutQiyi())
	return h.render(w, r, http.StatusOK, "lectures.html", p)
}

// branchList names the branches without a kind of lecture, the first
// branchNamesShown of them.
func branchList(with int, all, without []meeting.BranchLectures) BranchList {
	b := BranchList{With: with, Of: len(all)}
	for i, x := range without {
		if i == branchNamesShown {
			b.More = len(without) - i
			break
		}
		b.Without = append(b.Without, x.Name)
	}
	return b
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
