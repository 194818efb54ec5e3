-- +goose Up
-- checkin_guard counts one member's wrong check-in codes for one meeting.
-- The self check-in locks this row in the transaction that records the
-- attendance, so concurrent tries are judged one after another and no burst
-- gets past the limit. refused counts the tries turned away after the lock
-- (they are not audited one by one, so hammering cannot flood the log).
CREATE TABLE checkin_guard (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    member_id BIGINT NOT NULL REFERENCES members (id),
    wrong BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

-- +goose Down
DROP TABLE checkin_guard;
