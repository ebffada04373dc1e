-- E-mail becomes optional: people who sign in through X or by phone may have none.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;

-- The user list's order (users without an address first, then by address), and its cursor.
CREATE INDEX users_list_order ON users (COALESCE(email, ''), id);
