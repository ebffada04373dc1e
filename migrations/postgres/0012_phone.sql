-- Phone sign-in and SMS codes (issue 10).

-- A user's mobile number in E.164, unique among accounts; verified when its owner entered a
-- code sent to it (an administrator may set one unverified).
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN phone_verified BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX users_phone ON users(phone);

-- A code sent by SMS, keyed by the hash of a token held in the browser's cookie (so the
-- code only works in the browser that asked for it), for one number and one purpose
-- (sign_in, add_phone, second_factor). `code_hash` is an HMAC under a key derived from the
-- KEK, NULL when Twilio Verify holds the code. A try is charged by one conditional UPDATE
-- before the comparison; the code is used up by another (`consumed_at`), so it works once
-- across all nodes.
CREATE TABLE phone_codes (
    id           TEXT PRIMARY KEY,
    purpose      TEXT NOT NULL,
    phone        TEXT NOT NULL,
    user_id      TEXT REFERENCES users(id) ON DELETE CASCADE,
    request_id   TEXT,
    code_hash    TEXT,
    attempts     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    consumed_at  BIGINT
);
CREATE INDEX phone_codes_expiry ON phone_codes(expires_at);
CREATE INDEX phone_codes_phone ON phone_codes(phone, created_at);
