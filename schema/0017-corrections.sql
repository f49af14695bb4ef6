-- 0017-corrections: a case registered by mistake is void ("vervallen"): it keeps its number
-- (no gaps) and its history, leaves the figures and the lists, and its personal data is
-- destroyed (docs/cases.md, "Corrections"). Its status is final; the rules of moving into it,
-- and of reopening a closed case, are in functions/registry.sql (case_check).
ALTER TABLE bb_case DROP CONSTRAINT bb_case_status_check;
ALTER TABLE bb_case ADD CONSTRAINT bb_case_status_check CHECK (status IN ('aangemeld', 'intake',
    'lopend', 'nazorg', 'afgesloten', 'in_de_wacht', 'doorverwezen', 'vervallen'));

-- A contact moment can be corrected (bbctl contact edit): it gets a row version for optimistic
-- locking, bumped by bump_version like the other edited rows.
ALTER TABLE contact ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
