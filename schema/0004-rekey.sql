-- 0004-rekey: what re-keying after a revocation and rotating the blind-index key need.

-- Versions made because a user was revoked: data keys made before such a version may have been
-- copied by that user, so they get fresh key material the next time something is written.
ALTER TABLE org_key ADD COLUMN revocation boolean NOT NULL DEFAULT false;

-- When a data key's material was made (at creation, or at its last re-keying).
ALTER TABLE data_key ADD COLUMN keyed_at timestamptz NOT NULL DEFAULT now();
