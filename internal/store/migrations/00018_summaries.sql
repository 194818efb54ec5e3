-- +goose Up
-- Branch summaries (总结材料, issue 13): one per branch and campaign topic.
-- The basics (基本情况) are a snapshot of the records taken when the draft
-- is made, kept as JSON text because nothing queries inside it; the branch
-- corrects them through basics_note, never by rewriting the snapshot.
-- version counts the submitted versions (0 until the first submit); each
-- submitted version is kept whole in summary_versions, so a reviewer reads
-- what changed since a return. due_on and late are fixed at the first
-- submit: a later change of the due date never re-judges a submission.
CREATE TABLE summaries (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id), -- the branch
    unit_id BIGINT NOT NULL,                     -- the branch's unit when drafted; never rewritten
    topic_id BIGINT NOT NULL REFERENCES topics (id),
    state TEXT NOT NULL,                         -- draft, submitted, returned, accepted
    version BIGINT NOT NULL,
    basics TEXT NOT NULL,                        -- JSON snapshot of the records
    basics_note TEXT NOT NULL,
    views TEXT NOT NULL,                         -- 主要观点
    reason TEXT NOT NULL,                        -- the latest return reason
    due_on DATE,                                 -- NULL until the first submit
    first_submitted_at BIGINT NOT NULL,          -- 0 until the first submit
    submitted_at BIGINT NOT NULL,                -- the latest submit
    late BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (org_id, topic_id)
);
-- The status table groups a topic's summaries by branch.
CREATE INDEX summaries_topic ON summaries (topic_id, org_id);

CREATE TABLE summary_versions (
    summary_id BIGINT NOT NULL REFERENCES summaries (id),
    version BIGINT NOT NULL,
    state TEXT NOT NULL,         -- submitted, returned, accepted: what became of this version
    basics TEXT NOT NULL,
    basics_note TEXT NOT NULL,
    views TEXT NOT NULL,
    reason TEXT NOT NULL,        -- the return reason of this version
    submitted_at BIGINT NOT NULL,
    submitted_by BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,  -- 0 while undecided
    decided_by BIGINT NOT NULL,
    PRIMARY KEY (summary_id, version)
);

-- summary_dues holds the due dates a level above set for its subtree's
-- summaries on a topic; without one the due date is the topic's deadline
-- plus 15 days. The nearest ancestor's row wins.
CREATE TABLE summary_dues (
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    topic_id BIGINT NOT NULL REFERENCES topics (id),
    due_on DATE NOT NULL,
    set_at BIGINT NOT NULL,
    set_by BIGINT NOT NULL,
    PRIMARY KEY (org_id, topic_id)
);

-- +goose Down
DROP TABLE summary_dues;
DROP TABLE summary_versions;
DROP TABLE summaries;
