-- Invitations: a single-use registration link for one address with the privileges the person
-- will receive. Same schema in migrations/postgres/0004_invitations.sql.
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    privileges    TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    invited_by    TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    sent_at       BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    accepted_at   BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX invitations_email ON invitations(email);
