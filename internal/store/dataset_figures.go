package store

import (
	"maps"
	"slices"

	"xuezuo"
	"xuezuo/internal/dataset"
)

// figureTables computes the progress rollups of an imported data set from
// the checked records in memory, as RebuildFigures would from the tables
// (the import test compares the two with VerifyFigures): the data set's one
// campaign counts every activity, every present row and every reflection.
func figureTables(d *dataset.Data) []bulkTable {
	cid := d.Campaign.ID
	members := map[xuezuo.ID]int64{}
	branchOf := make(map[xuezuo.ID]xuezuo.ID, len(d.Members))
	for _, m := range d.Members {
		members[m.OrgID]++
		branchOf[m.ID] = m.OrgID
	}
	orgs := map[xuezuo.ID]*figRow{}
	row := func(org xuezuo.ID) *figRow {
		if orgs[org] == nil {
			orgs[org] = &figRow{}
		}
		return orgs[org]
	}
	topics := map[topicKey][2]int64{}
	for _, a := range d.Activities {
		f := row(a.OrgID)
		f.present += a.Present
		f.expected += a.Present + a.Leave
		if a.Topic > 0 {
			k := topicKey{a.OrgID, int64(a.Topic)}
			v := topics[k]
			v[0]++
			f.heldMask |= 1 << (a.Topic - 1)
			if !a.HeldOn.After(d.Campaign.Topics[a.Topic-1].Due) {
				v[1]++
				f.onTimeMask |= 1 << (a.Topic - 1)
			}
			topics[k] = v
		}
	}
	evidence := map[xuezuo.ID]int64{}
	for _, r := range d.Attendance {
		if r.Present {
			evidence[r.MemberID]++
		}
	}
	for _, r := range d.Reflections {
		evidence[r.MemberID]++
		row(branchOf[r.MemberID]).reflections++
	}
	for m := range evidence {
		row(branchOf[m]).participants++
	}
	orgIDs := slices.Sorted(maps.Keys(orgs))
	memberOrgs := slices.Sorted(maps.Keys(members))
	topicKeys := slices.SortedFunc(maps.Keys(topics), func(a, b topicKey) int {
		if a.org != b.org {
			return int(a.org - b.org)
		}
		return int(a.topic - b.topic)
	})
	evMembers := slices.Sorted(maps.Keys(evidence))
	return []bulkTable{
		{"org_members", []string{"org_id", "members"}, len(memberOrgs), func(i int, r []any) { fill(r, memberOrgs[i], members[memberOrgs[i]]) }},
		{"campaign_figures", []string{"campaign_id", "org_id", "n_excluded", "n_participants", "n_present", "n_expected", "n_makeups", "n_reflections",
			"held_mask", "on_time_mask"}, len(orgIDs), func(i int, r []any) {
			f := orgs[orgIDs[i]]
			fill(r, cid, orgIDs[i], f.excluded, f.participants, f.present, f.expected, f.makeups, f.reflections, f.heldMask, f.onTimeMask)
		}},
		{"campaign_topic_figures", []string{"campaign_id", "org_id", "topic_id", "held", "on_time"}, len(topicKeys), func(i int, r []any) {
			k := topicKeys[i]
			fill(r, cid, k.org, k.topic, topics[k][0], topics[k][1])
		}},
		{"campaign_evidence", []string{"campaign_id", "member_id", "n"}, len(evMembers), func(i int, r []any) {
			fill(r, cid, evMembers[i], evidence[evMembers[i]])
		}},
	}
}
