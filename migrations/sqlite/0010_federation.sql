-- Upstream identity providers (issue 9).

-- Providers managed in the console and the API (providers from the configuration file live in
-- memory and are never written here). The client secret is sealed with the key-encryption key,
-- bound to the provider id. `version` grows with every change so each node rebuilds its
-- cached connector when another node edits the provider.
CREATE TABLE upstream_providers (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    label               TEXT NOT NULL DEFAULT '',
    position            BIGINT NOT NULL DEFAULT 0,
    enabled             BIGINT NOT NULL DEFAULT 1,
    client_id           TEXT NOT NULL,
    client_secret_enc   BLOB NOT NULL,
    scopes              TEXT NOT NULL DEFAULT '[]',
    trust_email         BIGINT NOT NULL DEFAULT 0,
    allow_sign_up       BIGINT NOT NULL DEFAULT 0,
    trust_upstream_mfa  BIGINT NOT NULL DEFAULT 0,
    endpoints           TEXT NOT NULL DEFAULT '{}',
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);

-- Who an upstream identity is here: (provider, the provider's stable subject) -> user. No
-- foreign key to upstream_providers: a provider may come from the configuration file.
CREATE TABLE upstream_links (
    provider_id   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email         TEXT,
    linked_at     BIGINT NOT NULL,
    last_used_at  BIGINT,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX upstream_links_user ON upstream_links(user_id);

-- A started upstream sign-in, keyed by the hash of its `state`, bound to the browser by the
-- hash of a cookie, consumed by one DELETE. The PKCE verifier is sealed (bound to the state
-- hash). `purpose` is sign_in, link or reauth; `user_id` is who asked for link/reauth.
CREATE TABLE upstream_states (
    state_hash    TEXT PRIMARY KEY,
    provider_id   TEXT NOT NULL,
    browser_hash  TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    user_id       TEXT REFERENCES users(id) ON DELETE CASCADE,
    request_id    TEXT,
    invitation    TEXT,
    nonce         TEXT NOT NULL,
    verifier_enc  BLOB NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX upstream_states_expiry ON upstream_states(expires_at);

-- An upstream identity waiting to be linked to an existing account once its owner signs in
-- to it (the e-mail matched, automatic linking did not apply). Keyed by the hash of a token
-- held in the browser's cookie; consumed by one DELETE when that user signs in.
CREATE TABLE upstream_link_offers (
    token_hash   TEXT PRIMARY KEY,
    provider_id  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email        TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX upstream_link_offers_expiry ON upstream_link_offers(expires_at);

-- Which provider a sign-in came through (the `idp` claim), carried from the session to the
-- codes and grants made from it, and from a two-step challenge to its session.
ALTER TABLE sessions ADD COLUMN idp TEXT;
ALTER TABLE authorization_codes ADD COLUMN idp TEXT;
ALTER TABLE grants ADD COLUMN idp TEXT;
ALTER TABLE mfa_challenges ADD COLUMN idp TEXT;
