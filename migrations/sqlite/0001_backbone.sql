-- Backbone schema. Portable types only (see store/mod.rs): TEXT, BIGINT (unix seconds and
-- 0/1 flags), BLOB/BYTEA. The PostgreSQL file is the same schema in its dialect.

CREATE TABLE privileges (
    name        TEXT PRIMARY KEY,
    builtin     BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    email                 TEXT NOT NULL UNIQUE,
    email_verified        BIGINT NOT NULL DEFAULT 0,
    password_hash         TEXT,
    must_change_password  BIGINT NOT NULL DEFAULT 0,
    first_name            TEXT NOT NULL DEFAULT '',
    last_name             TEXT NOT NULL DEFAULT '',
    active                BIGINT NOT NULL DEFAULT 1,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);

CREATE TABLE user_privileges (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    privilege  TEXT NOT NULL REFERENCES privileges(name) ON DELETE CASCADE,
    PRIMARY KEY (user_id, privilege)
);

CREATE TABLE clients (
    id                         TEXT PRIMARY KEY,
    name                       TEXT NOT NULL,
    secret_hash                TEXT,
    first_party                BIGINT NOT NULL DEFAULT 0,
    redirect_uris              TEXT NOT NULL,
    post_logout_redirect_uris  TEXT NOT NULL,
    grant_types                TEXT NOT NULL,
    scopes                     TEXT NOT NULL,
    created_at                 BIGINT NOT NULL
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    auth_time     BIGINT NOT NULL,
    amr           TEXT NOT NULL,
    user_agent    TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE authorization_requests (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    params      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE consents (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    scopes      TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- A grant is one user's authorization of one client: the family that the authorization code,
-- every refresh token rotated from it and every access token minted from them belong to.
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id  TEXT,
    scope       TEXT NOT NULL,
    auth_time   BIGINT NOT NULL,
    amr         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX grants_user ON grants(user_id);
CREATE INDEX grants_session ON grants(session_id);

CREATE TABLE authorization_codes (
    code_hash              TEXT PRIMARY KEY,
    client_id              TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id             TEXT NOT NULL,
    redirect_uri           TEXT NOT NULL,
    scope                  TEXT NOT NULL,
    nonce                  TEXT,
    code_challenge         TEXT,
    auth_time              BIGINT NOT NULL,
    amr                    TEXT NOT NULL,
    created_at             BIGINT NOT NULL,
    expires_at             BIGINT NOT NULL,
    consumed_at            BIGINT,
    grant_id               TEXT
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    grant_id    TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX refresh_tokens_grant ON refresh_tokens(grant_id);

-- Access tokens are self-contained JWTs; one revoked before it expires is remembered here
-- until its expiry so that introspection and userinfo refuse it.
CREATE TABLE revoked_access_tokens (
    jti         TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE signing_keys (
    kid              TEXT PRIMARY KEY,
    alg              TEXT NOT NULL,
    state            TEXT NOT NULL,
    private_key_enc  BLOB NOT NULL,
    public_jwk       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    activated_at     BIGINT,
    retired_at       BIGINT,
    expires_at       BIGINT
);
-- At most one active and one next key per algorithm, even with several nodes racing.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(alg) WHERE state = 'active';
CREATE UNIQUE INDEX signing_keys_one_next ON signing_keys(alg) WHERE state = 'next';

CREATE TABLE rate_limits (
    bucket         TEXT PRIMARY KEY,
    failures       BIGINT NOT NULL,
    window_start   BIGINT NOT NULL,
    blocked_until  BIGINT NOT NULL
);

CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    user_id     TEXT,
    client_id   TEXT,
    ip          TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at);
