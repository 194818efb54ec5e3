package api_test

import (
	"xuezuo"
	"xuezuo/internal/member"
)

func memberFilter(org xuezuo.ID) member.Filter { return member.Filter{OrgID: org} }
