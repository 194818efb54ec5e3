package cli

import "xuezuo/internal/member"

func memberFilter(org int64) member.Filter { return member.Filter{OrgID: org} }
