-- base: the checks of plain text and category keys, and the versions of rows.
-- revision: 1
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- True when every element of keys is one of allowed and none repeats. A CHECK of every case
-- and volunteer calls it: a loop, because a subquery per row was a quarter of the cost of
-- loading a case.
CREATE OR REPLACE FUNCTION bb_keys_ok(keys text[], allowed text[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF NOT keys <@ allowed THEN
        RETURN false;
    END IF;
    FOR i IN 2 .. cardinality(keys) LOOP
        IF array_position(keys, keys[i]) < i THEN -- an earlier copy of the same key
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END $$;

-- True when s holds no control characters (C0, DEL, C1): no terminal escapes from the database.
CREATE OR REPLACE FUNCTION bb_plain_text(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN s !~ '[\u0001-\u001f\u007f-\u009f]';

-- Every update of a versioned row bumps its version, whoever writes it, and records which
-- columns changed (row_revision), so a refused stale edit can say what changed in between.
CREATE OR REPLACE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text[];
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO changed
      FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
     WHERE n.value IS DISTINCT FROM o.value AND n.key NOT IN ('version', 'updated_at');
    INSERT INTO row_revision (org_id, tbl, row_id, version, columns)
    VALUES (NEW.org_id, TG_TABLE_NAME, NEW.id, NEW.version, changed);
    RETURN NEW;
END $$;

-- The versioned tables.
CREATE OR REPLACE TRIGGER case_bump_version BEFORE UPDATE ON bb_case
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE OR REPLACE TRIGGER volunteer_bump_version BEFORE UPDATE ON volunteer
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE OR REPLACE TRIGGER party_bump_version BEFORE UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE OR REPLACE TRIGGER practice_bump_version BEFORE UPDATE ON practice
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE OR REPLACE TRIGGER practice_budget_bump_version BEFORE UPDATE ON practice_budget
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE OR REPLACE TRIGGER referral_bump_version BEFORE UPDATE ON referral
    FOR EACH ROW EXECUTE FUNCTION bump_version();
