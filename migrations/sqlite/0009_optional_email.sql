-- no-transaction
-- E-mail becomes optional: people who sign in through X or by phone may have none. SQLite
-- cannot drop NOT NULL in place, so the table is rebuilt the way SQLite documents
-- (lang_altertable.html, "making other kinds of table schema changes"). Foreign keys are
-- switched off first, outside any transaction (the pragma is ignored inside one): with them
-- on, dropping `users` would cascade and wipe sessions, privileges, grants and factors.
-- The rebuild also gives `id` the NOT NULL that PostgreSQL's PRIMARY KEY implies (SQLite's
-- does not).
PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE users_rebuilt (
    id                    TEXT NOT NULL PRIMARY KEY,
    email                 TEXT UNIQUE,
    email_verified        BIGINT NOT NULL DEFAULT 0,
    password_hash         TEXT,
    must_change_password  BIGINT NOT NULL DEFAULT 0,
    first_name            TEXT NOT NULL DEFAULT '',
    last_name             TEXT NOT NULL DEFAULT '',
    active                BIGINT NOT NULL DEFAULT 1,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    country               TEXT NOT NULL DEFAULT '',
    subdivision_first     TEXT NOT NULL DEFAULT '',
    subdivision_second    TEXT NOT NULL DEFAULT '',
    subdivision_third     TEXT NOT NULL DEFAULT '',
    organization          TEXT NOT NULL DEFAULT '',
    timezone              TEXT NOT NULL DEFAULT '',
    language              TEXT NOT NULL DEFAULT '',
    date_format           TEXT NOT NULL DEFAULT '',
    valid_from            BIGINT,
    valid_until           BIGINT
);

INSERT INTO users_rebuilt (id, email, email_verified, password_hash, must_change_password, first_name,
    last_name, active, created_at, updated_at, country, subdivision_first, subdivision_second,
    subdivision_third, organization, timezone, language, date_format, valid_from, valid_until)
SELECT id, email, email_verified, password_hash, must_change_password, first_name,
    last_name, active, created_at, updated_at, country, subdivision_first, subdivision_second,
    subdivision_third, organization, timezone, language, date_format, valid_from, valid_until
FROM users;

DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;

-- The user list's order (users without an address first, then by address), and its cursor.
CREATE INDEX users_list_order ON users (COALESCE(email, ''), id);

COMMIT;

PRAGMA foreign_keys = ON;
