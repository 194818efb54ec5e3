-- name: InsertCampaign :exec
INSERT INTO campaigns (id, owner_org_id, title, kind, scope, description, start_date, end_date, status, published_at, created_at, updated_at,
  qiyi_from, qiyi_to)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10, $11, $12);

-- name: SetCampaignQiyi :exec
UPDATE campaigns SET qiyi_from = $2, qiyi_to = $3, updated_at = $4 WHERE id = $1;

-- name: InsertCampaignOrg :exec
INSERT INTO campaign_orgs (campaign_id, org_id) VALUES ($1, $2);

-- name: InsertPhase :exec
INSERT INTO campaign_phases (id, campaign_id, no, name, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6);

-- name: InsertBatch :exec
INSERT INTO campaign_batches (id, campaign_id, no, name, start_date, end_date, org_ids) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: InsertTopic :exec
INSERT INTO topics (id, campaign_id, no, title, theme, deadline, meeting_kind, min_speakers, materials)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: GetCampaign :one
SELECT c.*, o.name AS owner_name FROM campaigns c JOIN orgs o ON o.id = c.owner_org_id WHERE c.id = $1;

-- name: ListCampaigns :many
SELECT c.*, o.name AS owner_name FROM campaigns c JOIN orgs o ON o.id = c.owner_org_id ORDER BY c.start_date DESC, c.id DESC;

-- name: CampaignOrgs :many
SELECT org_id FROM campaign_orgs WHERE campaign_id = $1 ORDER BY org_id;

-- name: CampaignPhases :many
SELECT * FROM campaign_phases WHERE campaign_id = $1 ORDER BY no;

-- name: CampaignBatches :many
SELECT * FROM campaign_batches WHERE campaign_id = $1 ORDER BY no;

-- name: CampaignTopics :many
SELECT * FROM topics WHERE campaign_id = $1 ORDER BY no;

-- name: GetTopic :one
SELECT * FROM topics WHERE id = $1;

-- name: PublishCampaign :exec
UPDATE campaigns SET status = 'published', published_at = $2, updated_at = $2 WHERE id = $1;

-- name: SetOrgUnit :exec
UPDATE orgs SET unit_id = $2 WHERE id = $1;

-- name: RecomputeUnits :exec
-- RecomputeUnits sets unit_id of every org in a subtree to its nearest
-- ancestor-or-self flagged is_unit.
UPDATE orgs SET unit_id = COALESCE((
    SELECT t.ancestor_id FROM org_tree t JOIN orgs u ON u.id = t.ancestor_id
    WHERE t.descendant_id = orgs.id AND u.is_unit ORDER BY t.depth LIMIT 1), 0)
WHERE id IN (SELECT s.descendant_id FROM org_tree s WHERE s.ancestor_id = sqlc.arg(root_id));
