-- demo: what the demo loader (bbctl demo seed) asks of the database, here so that no client
-- assembles table names into SQL. How the load keeps the figures: stats-upkeep.sql.
-- revision: 1
--
-- The current definition of every function and grant here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- When none of p_tables has a row in any organisation (a new database), drops their indexes
-- other than primary keys, unique and exclusion constraints, and returns the statements that
-- make them again (the loader runs them at the end of its transaction: one sorted build is
-- cheaper than a million inserts); else drops nothing and returns nothing. Dropping needs the
-- tables' owner or a superuser: it is for the loader's superuser path only.
CREATE OR REPLACE FUNCTION bb_demo_indexes_rest(p_tables regclass[]) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
    has_rows boolean;
    i record;
BEGIN
    FOREACH t IN ARRAY p_tables LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM %s)', t) INTO has_rows;
        IF has_rows THEN
            RETURN;
        END IF;
    END LOOP;
    FOR i IN SELECT x.indexrelid::regclass AS name, pg_get_indexdef(x.indexrelid) AS def
               FROM pg_index x
              WHERE x.indrelid = ANY (p_tables)
                AND NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion
                AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
              ORDER BY 1 LOOP
        EXECUTE format('DROP INDEX %s', i.name);
        RETURN NEXT i.def;
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION bb_demo_indexes_rest(regclass[])
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- The planner's statistics of p_tables, after the loader's commit.
CREATE OR REPLACE FUNCTION bb_demo_analyze(p_tables regclass[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
BEGIN
    FOREACH t IN ARRAY p_tables LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END $$;
