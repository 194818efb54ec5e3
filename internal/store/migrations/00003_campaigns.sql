-- +goose Up
-- Campaigns with topics, phases and batches; meetings with per-member
-- attendance, speakers and makeups; reflections. Meetings carry rollup counts
-- of their attendance rows, kept in the same transaction as every row write,
-- so progress sums meetings instead of scanning attendance.

-- unit_id is the org's nearest ancestor-or-self committee flagged is_unit
-- (0 when none); the store recomputes it for a subtree on moves and flag changes.
ALTER TABLE orgs ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 0;

CREATE TABLE campaigns (
    id BIGINT PRIMARY KEY,
    owner_org_id BIGINT NOT NULL REFERENCES orgs (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,        -- template code or 'custom'
    scope TEXT NOT NULL,       -- subtree, leaders, orgs
    description TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,             -- NULL: open-ended, figures run through today
    status TEXT NOT NULL,      -- draft, published
    published_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX campaigns_owner ON campaigns (owner_org_id);

CREATE TABLE campaign_orgs (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    PRIMARY KEY (campaign_id, org_id)
);

CREATE TABLE campaign_phases (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    no BIGINT NOT NULL,
    name TEXT NOT NULL,
    start_date DATE,
    end_date DATE,
    UNIQUE (campaign_id, no)
);

CREATE TABLE campaign_batches (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    no BIGINT NOT NULL,
    name TEXT NOT NULL,
    start_date DATE,
    end_date DATE,
    org_ids TEXT NOT NULL, -- comma-separated org ids of the batch
    UNIQUE (campaign_id, no)
);

CREATE TABLE topics (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    no BIGINT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    deadline DATE NOT NULL,
    meeting_kind TEXT NOT NULL,
    min_speakers BIGINT NOT NULL,
    materials TEXT NOT NULL,
    UNIQUE (campaign_id, no)
);

CREATE TABLE meetings (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    unit_id BIGINT NOT NULL,           -- the org's unit on the meeting date; never rewritten
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    topic_id BIGINT REFERENCES topics (id),
    planned_at BIGINT NOT NULL,
    held_on DATE NOT NULL,             -- Beijing calendar date; judges "on time"
    place TEXT NOT NULL,
    host_id BIGINT NOT NULL,
    recorder_id BIGINT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    speaker_count BIGINT NOT NULL,     -- speakers without named records (imports)
    checkin_from BIGINT NOT NULL,
    checkin_to BIGINT NOT NULL,
    checkin_code TEXT NOT NULL,
    register_closed BOOLEAN NOT NULL,
    n_present BIGINT NOT NULL,
    n_remote BIGINT NOT NULL,
    n_leave BIGINT NOT NULL,
    n_absent BIGINT NOT NULL,
    n_excluded BIGINT NOT NULL,
    n_guest BIGINT NOT NULL,
    n_makeup BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX meetings_org ON meetings (org_id, held_on);
CREATE INDEX meetings_unit ON meetings (unit_id, held_on);
CREATE INDEX meetings_topic ON meetings (topic_id, org_id, held_on);

CREATE TABLE meeting_speakers (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    subject TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

-- attendance has one row per person and meeting; the primary key makes a
-- second row for the same pair impossible under any concurrency.
CREATE TABLE attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    status TEXT NOT NULL,   -- present, remote, leave, absent, excluded, guest
    reason TEXT NOT NULL,   -- leave reason, or the exclusion category
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON attendance (member_id, status);

CREATE TABLE exclusions (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    category TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_on DATE NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (campaign_id, member_id)
);

CREATE TABLE makeups (
    id BIGINT PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    kind TEXT NOT NULL,      -- session, self_study
    held_on DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (meeting_id, member_id)
);
CREATE INDEX makeups_member ON makeups (member_id);

CREATE TABLE reflections (
    id BIGINT PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES topics (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    org_id BIGINT NOT NULL,      -- the author's branch at submission
    unit_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tokens TEXT NOT NULL,        -- CJK bigram tokens of title and body, for full-text search
    status TEXT NOT NULL,        -- draft, submitted, reviewed
    submitted_at BIGINT NOT NULL,
    reviewed_at BIGINT NOT NULL,
    reviewed_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (topic_id, member_id)
);
CREATE INDEX reflections_org ON reflections (org_id, submitted_at);
CREATE INDEX reflections_unit ON reflections (unit_id, submitted_at);

-- +goose Down
DROP TABLE reflections;
DROP TABLE makeups;
DROP TABLE exclusions;
DROP TABLE attendance;
DROP TABLE meeting_speakers;
DROP TABLE meetings;
DROP TABLE topics;
DROP TABLE campaign_batches;
DROP TABLE campaign_phases;
DROP TABLE campaign_orgs;
DROP TABLE campaigns;
ALTER TABLE orgs DROP COLUMN unit_id;
