-- On SQLite the standing of access tokens is kept in the serving process's memory and this
-- counter, bumped by triggers there, tells it of changes made by another process. On
-- PostgreSQL several nodes serve the same users and a revocation on one must hold on all at
-- once, so every introspection and userinfo call reads the database and nothing counts
-- here; the row is kept so that both databases have the same rows in `cache_versions`.
INSERT INTO cache_versions (name, version) VALUES ('standing', 0);
