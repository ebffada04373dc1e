-- SMS as a second factor (issue 10): the user chose text messages to their verified phone.
-- The number itself lives on `users`; removing it makes the factor unusable.
CREATE TABLE sms_factors (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    enabled_at  BIGINT NOT NULL
);
