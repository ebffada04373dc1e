-- Administration, PostgreSQL dialect of migrations/sqlite/0003_admin.sql (same tables and types).

-- A key belongs to a user and carries a subset of their capabilities (space-separated); only
-- its SHA-256 is stored.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    capabilities  TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX api_keys_user ON api_keys(user_id);
CREATE INDEX user_privileges_privilege ON user_privileges(privilege, user_id);
