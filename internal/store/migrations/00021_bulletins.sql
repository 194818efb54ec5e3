-- +goose Up
-- Bulletins (通报, issue 13). An org's issuer_name is the issuing organ
-- printed in red at the head of its documents (中共中国科学院京区委员会);
-- doc_code is its 机关代字 (京区党通), from which a document number such as
-- 京区党通〔2016〕3号 is made. Both are '' until an organiser sets them.
ALTER TABLE orgs ADD COLUMN issuer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN doc_code TEXT NOT NULL DEFAULT '';

-- A bulletin is made for an org, a campaign and a period: a topic
-- (topic_id), or dates (a quarter is dates). number is 第 N 期 per org and
-- year, taken from bulletin_numbers at creation. A draft's figures are
-- computed from the records whenever it is read; publishing writes them
-- into content (JSON) once, and from then on every output reads content
-- only, so a published bulletin never changes.
CREATE TABLE bulletins (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    topic_id BIGINT NOT NULL,       -- 0: a period of dates
    period TEXT NOT NULL,           -- topic, quarter or dates
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    doc_no TEXT NOT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,            -- draft, published
    preface TEXT NOT NULL,
    closing TEXT NOT NULL,
    content TEXT NOT NULL,          -- '' while draft; the frozen figures once published
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT NOT NULL,   -- 0 while draft
    published_by BIGINT NOT NULL,
    UNIQUE (org_id, year, number)
);
CREATE INDEX bulletins_org ON bulletins (org_id, campaign_id, state);

-- bulletin_numbers holds the last number an org gave in a year. A new
-- bulletin bumps it with an upsert in its transaction: the row lock makes
-- two racing creations queue, so numbers are never given twice or skipped.
CREATE TABLE bulletin_numbers (
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- +goose Down
DROP TABLE bulletin_numbers;
DROP TABLE bulletins;
ALTER TABLE orgs DROP COLUMN doc_code;
ALTER TABLE orgs DROP COLUMN issuer_name;
