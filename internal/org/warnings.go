package org

import (
	"context"
	"fmt"

	"xuezuo"
)

// Warning is a size or set-up rule an org does not meet. Warnings are shown,
// never enforced: the upper committee may approve exceptions (domain.md R3).
type Warning struct {
	Rule    string // R1, R2, R3
	Message string
}

// Warnings returns the counts of an org and the rules it does not meet today.
func (s *Service) Warnings(ctx context.Context, id xuezuo.ID) (Counts, []Warning, error) {
	o, err := s.Get(ctx, id)
	if err != nil {
		return Counts{}, nil, err
	}
	c, err := s.store.OrgCounts(ctx, id, xuezuo.DateOf(s.clock.Now()))
	if err != nil {
		return Counts{}, nil, err
	}
	return c, Check(o, c), nil
}

// Check applies domain.md R1–R3 to an org with its counts.
func Check(o *Org, c Counts) []Warning {
	if !o.Active() {
		return nil
	}
	var w []Warning
	add := func(rule, format string, args ...any) {
		w = append(w, Warning{Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case o.Kind == KindBranch:
		if c.Full < 3 && !o.Joint {
			add("R1", "正式党员 %d 人，不足 3 人：宜与邻近单位组建联合党支部", c.Full)
		}
		if c.Members > 50 {
			add("R1", "党员 %d 人，超过 50 人：宜分设党支部或成立党总支", c.Members)
		}
		if o.Joint && len(o.Workplaces) > 5 {
			add("R1", "联合党支部覆盖 %d 个单位，一般不超过 5 个", len(o.Workplaces))
		}
		if c.Full >= 7 && c.CommitteePosts < 3 {
			add("R2", "正式党员 %d 人（7 人以上）：应设立支部委员会，委员 3 至 5 人，现有 %d 人", c.Full, c.CommitteePosts)
		}
		if c.CommitteePosts > 7 {
			add("R2", "支部委员 %d 人，一般不超过 7 人", c.CommitteePosts)
		}
	case o.Kind == KindGeneralBranch && o.Approval == "":
		if c.Members <= 50 {
			add("R3", "党员 %d 人：党员 50 人以上方设党总支，未记录上级批准", c.Members)
		}
	case o.Kind == KindCommittee && o.IsUnit && o.Approval == "":
		if c.Members <= 100 {
			add("R3", "党员 %d 人：党员 100 人以上方设基层党委，未记录上级批准", c.Members)
		}
	}
	return w
}
