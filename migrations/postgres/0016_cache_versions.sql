-- Issue 13: a counter per cached table. A node that changes a cached table bumps its counter
-- (and drops its own copy at once); every node reads the counters at most once a second and
-- drops its copy when one moved. Same schema in both backends.
CREATE TABLE cache_versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('clients', 0);
