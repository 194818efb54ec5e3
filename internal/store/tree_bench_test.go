package store_test

import (
	"fmt"
	"testing"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// BenchmarkSubtree lists the members under an org whose branches sit at
// depth 2 and at depth 8, with the same number of branches and members, to
// show the closure table makes the cost independent of depth.
//
//	go test -run x -bench Subtree ./internal/store
func BenchmarkSubtree(b *testing.B) {
	for _, depth := range []int{2, 8} {
		b.Run(fmt.Sprintf("depth%d", depth), func(b *testing.B) {
			s := storetest.OpenServices(b)
			top := buildChain(b, s, depth)
			ctx := storetest.System()
			b.ResetTimer()
			for range b.N {
				p, err := s.Member.List(ctx, member.Filter{OrgID: top, Limit: 20})
				if err != nil || p.Total != 200 {
					b.Fatalf("got %d, %v", p.Total, err)
				}
			}
		})
	}
}

// buildChain makes committees nested depth-1 deep with 20 branches of 10
// members at the bottom and returns the top org.
func buildChain(b *testing.B, s *storetest.Services, depth int) xuezuo.ID {
	top := storetest.MustCreateOrg(b, s, 0, "党组", org.KindCommittee).ID
	parent := top
	for i := 2; i < depth; i++ {
		parent = storetest.MustCreateOrg(b, s, parent, fmt.Sprintf("第%d层党委", i), org.KindCommittee).ID
	}
	for i := range 20 {
		br := storetest.MustCreateOrg(b, s, parent, fmt.Sprintf("第%d党支部", i), org.KindBranch).ID
		for j := range 10 {
			storetest.MustCreateMember(b, s, br, fmt.Sprintf("党员%d-%d", i, j))
		}
	}
	return top
}
