-- Issue 11: the rest of Lino's and docassemble's user model. Same schema in
-- migrations/postgres/0014_authorities.sql.

-- Lino's nickname and initials; a username (lower case) to sign in with instead of the
-- e-mail. NULL, not '', for "none": the unique index then lets any number of users have none.
ALTER TABLE users ADD COLUMN nickname TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN initials TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN username TEXT;
CREATE UNIQUE INDEX users_username ON users(username);

-- docassemble's `cron` user: a service account is a user bound to one confidential client,
-- whose client_credentials tokens carry the account as their subject. It dies with its client.
ALTER TABLE users ADD COLUMN service_client_id TEXT REFERENCES clients(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX users_service_client ON users(service_client_id);

-- Lino's authorities: `granter` lets `holder` work in the granter's name, optionally only
-- with some clients (JSON list; empty = any), only with some of the granter's privileges
-- (JSON list; NULL = all they hold), and only between two moments.
CREATE TABLE authorities (
    id             TEXT PRIMARY KEY,
    granter_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    holder_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_ids     TEXT NOT NULL DEFAULT '[]',
    privileges     TEXT,
    valid_from     BIGINT,
    valid_until    BIGINT,
    created_at     BIGINT NOT NULL,
    created_by     TEXT,
    first_used_at  BIGINT,
    revoked_at     BIGINT
);
CREATE INDEX authorities_granter ON authorities(granter_id);
CREATE INDEX authorities_holder ON authorities(holder_id);

-- Who acts, under which authority, in codes and grants issued while acting for someone.
-- `user_id` stays the represented user (the tokens' `sub`).
ALTER TABLE authorization_codes ADD COLUMN actor_id TEXT;
ALTER TABLE authorization_codes ADD COLUMN authority_id TEXT;
ALTER TABLE grants ADD COLUMN actor_id TEXT;
ALTER TABLE grants ADD COLUMN authority_id TEXT;
CREATE INDEX grants_authority ON grants(authority_id);
CREATE INDEX grants_actor ON grants(actor_id);

-- "Act as …" chosen on the account page: authorizations from this session act for the
-- authority's granter until the holder stops.
ALTER TABLE sessions ADD COLUMN acting_authority_id TEXT;
