-- +goose Up
-- Forwards (择优报送, issue 13): an org sends an item it selected to its
-- level above with a recommendation note. kind and item_id are what was
-- named (a summary, a reflection, or an earlier forward sent further up);
-- origin_kind and origin_id are the summary or reflection at the start of
-- the chain, so that the author's page and the duplicate rule find it
-- without walking the chain. prev_id is the forward this one sends further
-- (0 for the first hop): following it gives the whole chain.
-- quarter is the Beijing calendar quarter of the forward ("2016Q2"), fixed
-- when it is made, so the inbox and the §5.7 figures group on a plain column.
CREATE TABLE forwards (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,             -- summary, reflection, forward
    item_id BIGINT NOT NULL,
    origin_kind TEXT NOT NULL,      -- summary, reflection
    origin_id BIGINT NOT NULL,
    prev_id BIGINT NOT NULL,        -- 0: the first hop
    from_org_id BIGINT NOT NULL REFERENCES orgs (id),
    to_org_id BIGINT NOT NULL REFERENCES orgs (id),
    by_user_id BIGINT NOT NULL,
    note TEXT NOT NULL,
    quarter TEXT NOT NULL,
    adopted BOOLEAN NOT NULL,
    adopted_at BIGINT NOT NULL,     -- 0 until adopted
    adopted_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- One org sends one item up once, whichever way it reached the org.
    UNIQUE (from_org_id, origin_kind, origin_id)
);
-- The inbox of a receiving org per quarter, and the figures of a sender.
CREATE INDEX forwards_to ON forwards (to_org_id, quarter, kind);
CREATE INDEX forwards_from ON forwards (from_org_id, quarter, kind);
CREATE INDEX forwards_origin ON forwards (origin_kind, origin_id);

-- forward_quotas caps what one sending org may forward to the receiving
-- org per quarter and kind of what the chain carries (summary or
-- reflection); set by the receiving org's organisers.
CREATE TABLE forward_quotas (
    to_org_id BIGINT NOT NULL REFERENCES orgs (id),
    kind TEXT NOT NULL,
    quarter TEXT NOT NULL,
    max_items BIGINT NOT NULL,
    set_at BIGINT NOT NULL,
    set_by BIGINT NOT NULL,
    PRIMARY KEY (to_org_id, kind, quarter)
);

-- forward_counts counts the forwards per sender, receiver, origin kind
-- and quarter. A forward bumps its row with a conditional upsert inside its
-- transaction: the row lock makes two racing forwards queue, so a quota
-- is never exceeded (a COUNT(*) read first would let both through).
CREATE TABLE forward_counts (
    from_org_id BIGINT NOT NULL,
    to_org_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    quarter TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (from_org_id, to_org_id, kind, quarter)
);

-- +goose Down
DROP TABLE forward_counts;
DROP TABLE forward_quotas;
DROP TABLE forwards;
