-- 0012-load-speed: cheaper writes, and the demo loader writing the figures' rows (issue 4).
-- docs/benchmarks.md ("Demo data") has the measurements behind each step.

-- Since 0011 the figures sum stat_day, stat_pair_sum and stat_pair_day (by volunteer); these
-- indexes of 0007 and 0011 are read by nothing any more (pg_stat_user_indexes after every
-- figure of every period), and every write of a case or contact moment paid for them. The GiST
-- index alone cost a tenth of a bulk load.
DROP INDEX stat_case_closed, stat_case_intake, stat_case_open, stat_participation_by_day,
    stat_pair_day_by_day;

-- The same answer as 0003's, without a subquery per row: a CHECK of every case and volunteer
-- calls it, and the subquery was a quarter of the cost of loading a case.
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

-- 0008's record of a statement's changes, from one pass over its rows instead of four: the
-- number of rows, the case when they all have the same one, the organisation, and the first
-- 20 ids (LIMIT: a pass over those only).
CREATE OR REPLACE FUNCTION bb_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    case_col text := TG_ARGV[0];
    id_col   text := TG_ARGV[1];
    n        bigint;
    one_case uuid;
    ids      jsonb := '[]';
    org      uuid;
    has_org  boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM bb_audit_append(NULL, 'truncate:' || TG_TABLE_NAME, NULL, '{}');
        RETURN NULL;
    END IF;
    has_org := EXISTS (SELECT FROM pg_attribute WHERE attrelid = TG_RELID
                          AND attname = 'org_id' AND NOT attisdropped);
    -- The case: the one every row names (none when a row has none or two rows differ).
    EXECUTE format('SELECT count(*), %s, %s FROM changed',
                   CASE WHEN case_col = '' THEN 'NULL::uuid'
                        ELSE format('CASE WHEN count(%1$I) = count(*) AND min(%1$I::text)'
                                    ' = max(%1$I::text) THEN min(%1$I::text)::uuid END',
                                    case_col) END,
                   CASE WHEN has_org THEN 'min(org_id::text)::uuid' ELSE 'NULL::uuid' END)
        INTO n, one_case, org;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF id_col <> '' THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(%I), ''[]'') FROM (SELECT %I FROM changed LIMIT 20) s',
                       id_col, id_col) INTO ids;
    END IF;
    PERFORM bb_audit_append(org, lower(TG_OP) || ':' || TG_TABLE_NAME, one_case,
                            jsonb_build_object('rows', n, 'ids', ids));
    RETURN NULL;
END
$$;

-- 0010 let any session that sets bb.stat_bulk skip the marking of what it wrote, leaving the
-- figures behind. Now only a session that may write the figures' tables itself may: a
-- superuser or a member of the owner role (the demo loader on either of its paths); for
-- anyone else, a coordinator too, every write is marked as always.
CREATE OR REPLACE FUNCTION stat_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('bb.stat_bulk', true) = 'on'
       AND pg_has_role(current_user, 'bb_owner', 'MEMBER') THEN
        RETURN NULL;
    END IF;
    EXECUTE format('INSERT INTO stat_dirty (kind, id) SELECT DISTINCT %L, %I FROM %I'
                   ' ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
    INSERT INTO stat_pending VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- The demo loader's fast path (bbctl demo seed as a superuser: session_replication_role
-- replica, which only a superuser may set, and bb.stat_bulk) writes the figures' rows itself
-- with its cases: stat_case, stat_participation and stat_pair_day with each batch, and the
-- sums stat_day and stat_pair_sum once at the end. It knows every event, contact moment and
-- follow-up, so the server computes nothing for them. The insert triggers that would make the
-- derived rows rest there, and only there; tests/db/test-demo.c compares every figures' table
-- with a rebuild from scratch after a load.
CREATE FUNCTION bb_stat_loader_writes() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(current_setting('bb.stat_bulk', true), '') = 'on'
       AND current_setting('session_replication_role') = 'replica';

DROP TRIGGER stat_day_insert ON stat_case;
CREATE TRIGGER stat_day_insert AFTER INSERT ON stat_case REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_day_follow('new');
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_insert;

DROP TRIGGER stat_pair_day_insert ON stat_participation;
CREATE TRIGGER stat_pair_day_insert AFTER INSERT ON stat_participation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_pair_day_follow('new');
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_insert;

DROP TRIGGER stat_pair_sum_insert ON stat_pair_day;
CREATE TRIGGER stat_pair_sum_insert AFTER INSERT ON stat_pair_day
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_pair_sum_follow('new');
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_insert;

-- The demo loader's work on the tables it fills (lib/registry/demo-index.c), here so that no
-- client assembles their names into SQL. bb_demo_indexes_rest: when none of p_tables has a row
-- in any organisation (a new database), drops their indexes other than primary keys, unique
-- and exclusion constraints, and returns the statements that make them again (the loader runs
-- them at the end of its transaction); else drops nothing and returns nothing. Dropping needs
-- the tables' owner or a superuser: it is for the loader's superuser path only.
CREATE FUNCTION bb_demo_indexes_rest(p_tables regclass[]) RETURNS SETOF text
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
REVOKE EXECUTE ON FUNCTION bb_demo_indexes_rest(regclass[])
    FROM bb_admin, bb_coordinator, bb_mediator;

-- The planner's statistics of p_tables, after the loader's commit.
CREATE FUNCTION bb_demo_analyze(p_tables regclass[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
BEGIN
    FOREACH t IN ARRAY p_tables LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END $$;
