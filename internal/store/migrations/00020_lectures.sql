-- +goose Up
-- The 党课 register (issue 13, domain.md §5.5). A lecture is a meeting of
-- kind 'lecture' that also records its lecturer: a member (lecturer_member_id)
-- or an outside person (lecturer_name, lecturer_title), the lecturer kind
-- (leader, secretary, expert, model, member, case; 'unknown' for lectures
-- recorded before this step) and its material. Other meetings keep '' and 0.
ALTER TABLE meetings ADD COLUMN lecturer_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN lecturer_member_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN lecturer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN lecturer_title TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN material TEXT NOT NULL DEFAULT '';
UPDATE meetings SET lecturer_kind = 'unknown' WHERE kind = 'lecture';

-- lecture_audience lists the orgs a lecture is held for: the branches under
-- the holding org (every one of them by default). Its expected attendees are
-- the members of these orgs' subtrees on the lecture date. A lecture recorded
-- before this step had its holding branch (or group) as its only audience.
-- held_on and lecturer_kind repeat the meeting's, written in the same
-- transaction as the meeting (create and edit), so the register's figures
-- over many orgs read this table's index alone, never the wide meeting rows.
CREATE TABLE lecture_audience (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    held_on DATE NOT NULL,
    lecturer_kind TEXT NOT NULL,
    PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX lecture_audience_org ON lecture_audience (org_id, held_on, lecturer_kind);
INSERT INTO lecture_audience (meeting_id, org_id, held_on, lecturer_kind)
SELECT id, org_id, held_on, lecturer_kind FROM meetings WHERE kind = 'lecture';

-- The register finds the lectures a committee or general branch held by
-- org and date, and a secretary's lectures by lecturer; partial indexes,
-- so other meetings (the check-in's hot rows among them) never touch them.
CREATE INDEX meetings_lecture_org ON meetings (org_id, held_on) WHERE kind = 'lecture';
CREATE INDEX meetings_secretary ON meetings (lecturer_member_id, held_on) WHERE kind = 'lecture' AND lecturer_kind = 'secretary';

-- A campaign's 七一 window, as month-day ('06-15' to '07-15' inclusive): a
-- lecture held in it, in any year, is the 七一 lecture of its audience.
ALTER TABLE campaigns ADD COLUMN qiyi_from TEXT NOT NULL DEFAULT '06-15';
ALTER TABLE campaigns ADD COLUMN qiyi_to TEXT NOT NULL DEFAULT '07-15';

-- +goose Down
ALTER TABLE campaigns DROP COLUMN qiyi_to;
ALTER TABLE campaigns DROP COLUMN qiyi_from;
DROP INDEX meetings_secretary;
DROP INDEX meetings_lecture_org;
DROP TABLE lecture_audience;
ALTER TABLE meetings DROP COLUMN material;
ALTER TABLE meetings DROP COLUMN lecturer_title;
ALTER TABLE meetings DROP COLUMN lecturer_name;
ALTER TABLE meetings DROP COLUMN lecturer_member_id;
ALTER TABLE meetings DROP COLUMN lecturer_kind;
