-- Second factors (authenticator-app TOTP and recovery codes), the administrators' MFA policy,
-- and sign-ins waiting for their second step. Same schema in the other dialect's 0005_mfa.sql.

-- An enabled authenticator app. The secret is sealed with the key-encryption key (bound to the
-- user id); last_step is the newest 30-second step accepted, so a code is never taken twice.
CREATE TABLE totp_factors (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_enc  BLOB NOT NULL,
    last_step   BIGINT NOT NULL,
    enabled_at  BIGINT NOT NULL
);

-- A secret shown on the enrollment page and not yet confirmed with a code.
CREATE TABLE totp_enrollments (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_enc  BLOB NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 of 80-bit random codes.
CREATE TABLE recovery_codes (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- The MFA policy: one row (id = 1), seeded from the configuration at first start.
CREATE TABLE mfa_policy (
    id          BIGINT PRIMARY KEY,
    methods     TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT REFERENCES users(id) ON DELETE SET NULL
);

-- Privileges whose holders must use a second factor; deleting a privilege drops its row.
CREATE TABLE mfa_required_privileges (
    privilege   TEXT PRIMARY KEY REFERENCES privileges(name) ON DELETE CASCADE
);

-- A password accepted and a second factor still owed. The browser holds the token; with a
-- session_id the challenge steps up that session instead of starting a new one.
CREATE TABLE mfa_challenges (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id  TEXT REFERENCES sessions(id) ON DELETE CASCADE,
    auth_time   BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- When the session's user last typed their password again (for disabling a factor etc.).
ALTER TABLE sessions ADD COLUMN reauthenticated_at BIGINT;
