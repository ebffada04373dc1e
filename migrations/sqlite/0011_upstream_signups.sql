-- Upstream sign-ups waiting for an e-mail address (issue 9, `accounts.require_email`): the
-- provider vouched for the identity but gave no verified address, so the account is created
-- only once the person has typed one and entered the code sent to it. Keyed by the hash of a
-- token held in the browser's cookie. `code_hash` is an HMAC under a key derived from the KEK;
-- `attempts` counts tries at the current code and `sends` the codes sent, both charged by one
-- conditional UPDATE before the work; the row is consumed by one DELETE that names the code.
CREATE TABLE upstream_signups (
    token_hash    TEXT PRIMARY KEY,
    provider_id   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    upstream_email TEXT,
    upstream_mfa  BIGINT NOT NULL DEFAULT 0,
    request_id    TEXT,
    email         TEXT,
    code_hash     TEXT,
    attempts      BIGINT NOT NULL DEFAULT 0,
    sends         BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX upstream_signups_expiry ON upstream_signups(expires_at);
