-- Issue 12: what the consent page shows about a client (OpenID Connect Dynamic Client
-- Registration's logo_uri, policy_uri, tos_uri). NULL when not set. Same schema in
-- migrations/sqlite/0015_client_links.sql.
ALTER TABLE clients ADD COLUMN logo_uri TEXT;
ALTER TABLE clients ADD COLUMN policy_uri TEXT;
ALTER TABLE clients ADD COLUMN tos_uri TEXT;
