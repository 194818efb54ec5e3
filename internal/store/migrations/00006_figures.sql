-- +goose Up
-- Progress rollups, kept in the same transaction as every write that moves
-- them, so that a campaign's figures over 100 units read a few thousand rows
-- instead of millions. Each is also rebuilt from the records (RebuildFigures)
-- when a campaign is created and after a bulk import; a property test checks
-- that the maintained values equal a rebuild.

-- org_members counts the current members per org (branch or group).
CREATE TABLE org_members (
    org_id BIGINT PRIMARY KEY REFERENCES orgs (id),
    members BIGINT NOT NULL
);

-- campaign_figures holds per campaign and org: the current members with a
-- campaign exclusion, the current members with evidence (participants), the
-- attendance rollups of the org's meetings in the campaign window, the
-- makeups of those meetings, and the reflections submitted in the org.
-- Campaigns of the leading cadres are computed from the rows instead.
CREATE TABLE campaign_figures (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    n_excluded BIGINT NOT NULL,
    n_participants BIGINT NOT NULL,
    n_present BIGINT NOT NULL,
    n_expected BIGINT NOT NULL,
    n_makeups BIGINT NOT NULL,
    n_reflections BIGINT NOT NULL,
    -- bit no-1 set for each topic with a fulfilling meeting held at all /
    -- on time, folded from campaign_topic_figures whenever it changes, so
    -- that a progress table reads one row per org.
    held_mask BIGINT NOT NULL DEFAULT 0,
    on_time_mask BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, org_id)
);

-- campaign_topic_figures counts per campaign, org and topic the fulfilling
-- meetings held at all and held on or before the deadline.
CREATE TABLE campaign_topic_figures (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    topic_id BIGINT NOT NULL REFERENCES topics (id),
    held BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, org_id, topic_id)
);

-- campaign_evidence counts each member's evidence items in a campaign:
-- present or remote rows at meetings in the window, makeups in the window
-- and submitted reflections. A member with n > 0 is a participant.
CREATE TABLE campaign_evidence (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    n BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
);
CREATE INDEX campaign_evidence_member ON campaign_evidence (member_id);

-- +goose Down
DROP TABLE campaign_evidence;
DROP TABLE campaign_topic_figures;
DROP TABLE campaign_figures;
DROP TABLE org_members;
