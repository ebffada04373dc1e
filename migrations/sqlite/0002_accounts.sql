-- Accounts: profile fields (docassemble's and Lino's), validity dates, e-mail verification,
-- password resets. Same schema in migrations/postgres/0002_accounts.sql.

ALTER TABLE users ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN subdivision_first TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN subdivision_second TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN subdivision_third TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN organization TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN date_format TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN valid_from BIGINT;
ALTER TABLE users ADD COLUMN valid_until BIGINT;

-- A pending proof that someone controls an address: for a new account (`signup`) or for a
-- change of address (`change`, where `email` is the new address). Both a short code (typed)
-- and a long link token (clicked) prove it; each is stored hashed.
CREATE TABLE email_verifications (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email            TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    code_hash        TEXT NOT NULL,
    link_token_hash  TEXT NOT NULL UNIQUE,
    attempts         BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    consumed_at      BIGINT
);
CREATE INDEX email_verifications_email ON email_verifications(email);
CREATE INDEX email_verifications_user ON email_verifications(user_id);

CREATE TABLE password_resets (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    consumed_at  BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);
CREATE INDEX audit_events_user ON audit_events(user_id, at);
