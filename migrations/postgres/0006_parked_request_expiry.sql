-- Parked /authorize requests are purged by expiry every minute on every node; with many
-- abandoned requests (a quota allows 1000 per address per 10 minutes) that DELETE must not
-- scan the whole table. Same schema in the other dialect's 0006_parked_request_expiry.sql.
CREATE INDEX authorization_requests_expires ON authorization_requests(expires_at);
