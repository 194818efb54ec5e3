-- +goose Up
-- Foundation: org tree (closure table), members with branch history, accounts,
-- grants, sessions, API tokens, the append-only audit log and id allocation.
-- Instants are BIGINT Unix milliseconds (UTC); calendar dates are DATE.

CREATE TABLE id_seq (
    name TEXT PRIMARY KEY,
    next_id BIGINT NOT NULL
);

-- tree_lock has one row; every structural tree change updates it first, so
-- moves serialise on both engines and two concurrent moves cannot form a cycle.
CREATE TABLE tree_lock (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO tree_lock (id, version) VALUES (1, 0);

CREATE TABLE orgs (
    id BIGINT PRIMARY KEY,
    parent_id BIGINT REFERENCES orgs (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,           -- committee, general_branch, branch, group
    is_unit BOOLEAN NOT NULL,     -- 基层党委
    org_kind TEXT NOT NULL,       -- research, management, teaching, service, support, or ''
    joint BOOLEAN NOT NULL,       -- 联合党支部
    temporary BOOLEAN NOT NULL,   -- 临时党支部
    workplaces TEXT NOT NULL,     -- joint branch: work units covered, one per line
    approval TEXT NOT NULL,       -- upper approval of set-up (R3)
    established DATE,
    dissolved_on DATE,            -- NULL while active; dissolved orgs keep their history
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id, name);

-- org_tree is the closure table: one row per (ancestor, descendant) pair,
-- including each org with itself at depth 0. A subtree is one index range.
CREATE TABLE org_tree (
    ancestor_id BIGINT NOT NULL REFERENCES orgs (id),
    descendant_id BIGINT NOT NULL REFERENCES orgs (id),
    depth BIGINT NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX org_tree_descendant ON org_tree (descendant_id, depth);

CREATE TABLE members (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id), -- current branch (or group)
    name TEXT NOT NULL,
    gender TEXT NOT NULL,          -- male, female
    birth_date DATE,
    birth_year_only BOOLEAN NOT NULL,
    join_date DATE NOT NULL,       -- 入党日期
    full_date DATE,                -- 转正日期; NULL while probationary
    standing TEXT NOT NULL,        -- full, probationary
    category TEXT NOT NULL,        -- in_service, student, retired
    status TEXT NOT NULL,          -- normal, abroad, ill, mobile, lost
    status_since DATE,
    status_reason TEXT NOT NULL,
    cadre BOOLEAN NOT NULL,        -- 所局级 leader
    post TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX members_org ON members (org_id, name);

-- memberships keep the branch history so that past figures do not change
-- when people move; to_date is exclusive and NULL while current.
CREATE TABLE memberships (
    id BIGINT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    from_date DATE NOT NULL,
    to_date DATE
);
CREATE INDEX memberships_member ON memberships (member_id, from_date);
CREATE INDEX memberships_org ON memberships (org_id, from_date);

CREATE TABLE member_statuses (
    id BIGINT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members (id),
    status TEXT NOT NULL,
    since DATE,
    reason TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX member_statuses_member ON member_statuses (member_id, id);

CREATE TABLE committee_posts (
    id BIGINT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    post TEXT NOT NULL, -- secretary, deputy_secretary, organization, publicity, discipline, member
    term_from DATE NOT NULL,
    term_to DATE
);
CREATE INDEX committee_posts_org ON committee_posts (org_id, post);
CREATE INDEX committee_posts_member ON committee_posts (member_id);

CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    member_id BIGINT REFERENCES members (id),
    disabled BOOLEAN NOT NULL,
    failed_logins BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    grants_version BIGINT NOT NULL, -- bumped by every grant change: serialises them per user
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE grants (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    org_id BIGINT NOT NULL, -- 0 for the admin roles
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, role, org_id)
);
CREATE INDEX grants_org ON grants (org_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    expiry BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT NOT NULL -- 0 while valid
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- audit_log is append-only (triggers in a Go migration refuse UPDATE and
-- DELETE). It names changed fields, never their values, so the auditor
-- reads no member data.
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    fields TEXT NOT NULL,
    outcome TEXT NOT NULL, -- ok, denied, failed
    remote TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (username, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE committee_posts;
DROP TABLE member_statuses;
DROP TABLE memberships;
DROP TABLE members;
DROP TABLE org_tree;
DROP TABLE orgs;
DROP TABLE tree_lock;
DROP TABLE id_seq;
