-- Which first factor opened a two-step challenge, so the session it becomes carries the
-- right `amr` (see src/domain/sign_in.rs). Challenges opened before this were passwords.
ALTER TABLE mfa_challenges ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'password';
