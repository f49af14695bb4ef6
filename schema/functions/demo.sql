-- demo: what the demo loader (bbctl demo seed) asks of the database, here so that no client
-- assembles table names into SQL. How the load keeps the figures: stats-upkeep.sql.
-- revision: 2
--
-- The current definition of every function and grant here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- The figures' rows of a batch of new cases p_cases, which have none yet: stat_case and
-- stat_participation, from the definitions every other write uses (stats-upkeep.sql). Their
-- insert triggers make the per-day rows, unless those rest for the loader
-- (bb_stat_loader_writes(); then bb_demo_stat_days at the end).
CREATE OR REPLACE FUNCTION bb_demo_stat_cases(p_cases uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stat_case SELECT * FROM bb_stat_facts(p_cases);
    -- Through the batch's contact moments: a plan that reads only the batch's rows, whatever
    -- the planner guesses of the tables' sizes while the load grows them.
    INSERT INTO stat_participation
    SELECT * FROM bb_stat_participation_facts() f
     WHERE f.contact_id = ANY (ARRAY(SELECT t.id FROM contact t WHERE t.case_id = ANY (p_cases)));
END $$;

-- The per-day tables of organisation p_org, which had no cases before the load, when their
-- insert triggers rested (bb_stat_loader_writes()): made once, at the end of the load, from
-- their from-scratch definitions instead of summed batch by batch. A million cases give 4
-- million rows of stat_pair_day and 17 million facts to sum: memory to sum them in.
CREATE OR REPLACE FUNCTION bb_demo_stat_days(p_org uuid) RETURNS void
LANGUAGE plpgsql SET work_mem = '256MB' SET enable_hashagg = on AS $$
BEGIN
    IF bb_stat_loader_writes() THEN
        -- Summing the facts takes longest: as a query of its own it may run in parallel
        -- (CREATE TABLE AS may, INSERT ... SELECT may not), on the core the generator has left.
        CREATE TEMP TABLE demo_stat_day AS SELECT * FROM bb_stat_day_fresh(p_org);
        INSERT INTO stat_day TABLE demo_stat_day;
        DROP TABLE demo_stat_day;
        -- Nearly every participation is a group of its own: hashing 4 million groups and then
        -- sorting them for lag() cost twice one sort that serves both.
        SET LOCAL enable_hashagg = off;
        INSERT INTO stat_pair_day SELECT * FROM bb_stat_pair_day_fresh(p_org);
        SET LOCAL enable_hashagg = on;
        INSERT INTO stat_pair_sum SELECT * FROM bb_stat_pair_sum_fresh(p_org);
    END IF;
END $$;

-- When none of p_tables has a row in any organisation (a new database), drops their indexes
-- other than primary keys, unique and exclusion constraints and p_keep, and returns the
-- statements that make them again (the loader runs them at the end of its transaction: one
-- sorted build is cheaper than a million inserts); else drops nothing and returns nothing.
-- p_keep: those the load reads as it goes (bb_demo_stat_cases finds a batch's rows through
-- them). Dropping needs the tables' owner or a superuser: it is for the loader's superuser
-- path only.
DROP FUNCTION IF EXISTS bb_demo_indexes_rest(regclass[]);
CREATE OR REPLACE FUNCTION bb_demo_indexes_rest(p_tables regclass[], p_keep regclass[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE plpgsql AS $$
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
              WHERE x.indrelid = ANY (p_tables) AND x.indexrelid::regclass <> ALL (p_keep)
                AND NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion
                AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
              ORDER BY 1 LOOP
        EXECUTE format('DROP INDEX %s', i.name);
        RETURN NEXT i.def;
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION bb_demo_indexes_rest(regclass[], regclass[])
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;

-- The planner's statistics of p_tables: in the load once its first batch is in, and after its
-- commit.
CREATE OR REPLACE FUNCTION bb_demo_analyze(p_tables regclass[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
BEGIN
    FOREACH t IN ARRAY p_tables LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END $$;
