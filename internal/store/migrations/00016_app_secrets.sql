-- +goose Up
-- app_secrets holds keys an installation makes once, at its first start,
-- so that every process serving the same database signs and checks with
-- the same key: a key of each process's own would refuse a form rendered by
-- one server and posted to another behind the same load balancer. The first
-- is "csrf", the key of the web forms' tokens (issue 12). secret is base64
-- text, the one byte type both engines read alike.
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE app_secrets;
