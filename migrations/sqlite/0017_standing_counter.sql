-- The standing of access tokens (users, their privileges, grants, revoked tokens, clients)
-- is kept in the serving process's memory on SQLite. That process drops its copy on its own
-- writes; these triggers count every write of any process (the command line, say), so a
-- change it did not make itself is seen at its next comparison of the counter (once a
-- second). New grants are not counted: no token of a grant exists before the grant.
INSERT INTO cache_versions (name, version) VALUES ('standing', 0);

CREATE TRIGGER standing_users_insert AFTER INSERT ON users
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_users_update AFTER UPDATE ON users
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_users_delete AFTER DELETE ON users
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;

CREATE TRIGGER standing_user_privileges_insert AFTER INSERT ON user_privileges
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_user_privileges_update AFTER UPDATE ON user_privileges
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_user_privileges_delete AFTER DELETE ON user_privileges
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;

CREATE TRIGGER standing_grants_update AFTER UPDATE ON grants
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_grants_delete AFTER DELETE ON grants
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;

CREATE TRIGGER standing_revoked_access_tokens_insert AFTER INSERT ON revoked_access_tokens
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;

CREATE TRIGGER standing_clients_insert AFTER INSERT ON clients
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_clients_update AFTER UPDATE ON clients
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
CREATE TRIGGER standing_clients_delete AFTER DELETE ON clients
BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'standing'; END;
