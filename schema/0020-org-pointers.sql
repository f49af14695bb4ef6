-- 0020-org-pointers: no pointer crosses an organisation (issue 13). Every reference from a row
-- of an organisation to another row of one carries org_id in its foreign key, so a case can
-- only point at a data key, volunteer or practice of its own organisation, and a party,
-- contact moment or referral only at a case of its own; the database refuses anything else,
-- also from a login role with psql or a superuser's mistake. The single-column foreign keys
-- they replace go. Rows that already point across organisations stop the migration, named,
-- before anything changes (docs/admin.md, "Upgrades").

-- The rows pointed at: (org_id, id) unique, for the composite keys to refer to.
ALTER TABLE bb_user ADD CONSTRAINT bb_user_org_id_id_key UNIQUE (org_id, id);
ALTER TABLE data_key ADD CONSTRAINT data_key_org_id_id_key UNIQUE (org_id, id);
ALTER TABLE bb_case ADD CONSTRAINT bb_case_org_id_id_key UNIQUE (org_id, id);
ALTER TABLE volunteer ADD CONSTRAINT volunteer_org_id_id_key UNIQUE (org_id, id);
ALTER TABLE contact ADD CONSTRAINT contact_org_id_id_key UNIQUE (org_id, id);

DO $$
DECLARE
    -- table, column, table pointed at, what a delete there does
    fks CONSTANT text[][] := ARRAY[
        ['bb_user', 'practice_id', 'practice', 'NO ACTION'],
        ['org_key', 'created_by', 'bb_user', 'NO ACTION'],
        ['org_key_grant', 'granted_by', 'bb_user', 'NO ACTION'],
        ['org_key_grant', 'user_id', 'bb_user', 'CASCADE'],
        ['org_recovery', 'created_by', 'bb_user', 'NO ACTION'],
        ['personal_field', 'data_key_id', 'data_key', 'CASCADE'],
        ['blind_index', 'data_key_id', 'data_key', 'CASCADE'],
        ['word_index', 'data_key_id', 'data_key', 'CASCADE'],
        ['bb_case', 'data_key_id', 'data_key', 'SET NULL (data_key_id)'],
        ['bb_case', 'volunteer1_id', 'volunteer', 'NO ACTION'],
        ['bb_case', 'volunteer2_id', 'volunteer', 'NO ACTION'],
        ['case_event', 'case_id', 'bb_case', 'CASCADE'],
        ['case_event', 'user_id', 'bb_user', 'NO ACTION'],
        ['volunteer', 'data_key_id', 'data_key', 'SET NULL (data_key_id)'],
        ['volunteer_status_event', 'volunteer_id', 'volunteer', 'CASCADE'],
        ['contact', 'case_id', 'bb_case', 'CASCADE'],
        ['contact_volunteer', 'contact_id', 'contact', 'CASCADE'],
        ['contact_volunteer', 'volunteer_id', 'volunteer', 'NO ACTION'],
        ['party', 'case_id', 'bb_case', 'CASCADE'],
        ['practice_rate', 'practice_id', 'practice', 'CASCADE'],
        ['practice_budget', 'practice_id', 'practice', 'CASCADE'],
        ['referral', 'case_id', 'bb_case', 'CASCADE'],
        ['followup', 'case_id', 'bb_case', 'CASCADE'],
        ['stat_case', 'case_id', 'bb_case', 'CASCADE'],
        ['stat_participation', 'contact_id', 'contact', 'CASCADE']];
    fk text[];
    n bigint;
    bad text := '';
    old name;
BEGIN
    -- First every pointer that crosses now, all of them named at once.
    FOREACH fk SLICE 1 IN ARRAY fks LOOP
        CONTINUE WHEN to_regclass(fk[1]) IS NULL; -- a table of a later migration
        EXECUTE format('SELECT count(*) FROM %I s JOIN %I t ON t.id = s.%I'
                       ' WHERE t.org_id <> s.org_id', fk[1], fk[3], fk[2]) INTO n;
        IF n > 0 THEN
            bad := bad || format(E'\n  %s.%s: %s rows point at a %s of another organisation',
                                 fk[1], fk[2], n, fk[3]);
        END IF;
    END LOOP;
    IF bad <> '' THEN
        RAISE EXCEPTION 'migration 0020: rows point across organisations, nothing was changed:%',
            bad USING HINT = 'correct or remove these rows as the database administrator, then migrate again';
    END IF;
    FOREACH fk SLICE 1 IN ARRAY fks LOOP
        CONTINUE WHEN to_regclass(fk[1]) IS NULL;
        FOR old IN SELECT c.conname FROM pg_constraint c
                    WHERE c.contype = 'f' AND c.conrelid = to_regclass(fk[1])
                      AND c.confrelid = to_regclass(fk[3])
                      AND c.conkey = ARRAY[(SELECT a.attnum FROM pg_attribute a
                                             WHERE a.attrelid = c.conrelid
                                               AND a.attname = fk[2])] LOOP
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk[1], old);
        END LOOP;
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (org_id, %I)'
                       ' REFERENCES %I (org_id, id) ON DELETE %s',
                       fk[1], fk[1] || '_org_' || fk[2] || '_fkey', fk[2], fk[3], fk[4]);
    END LOOP;
END $$;
