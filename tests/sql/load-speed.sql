-- Schema 0012: the faster bb_keys_ok gives 0003's answers; the figures' insert triggers rest
-- only on the demo loader's fast path (bb.stat_bulk and session_replication_role replica,
-- which only a superuser may set), and the marking of writes only for the owner; the audit
-- record of a statement names its case only when every row has that one. The loader's figures,
-- made with the figures' definitions (schema/functions/demo.sql), are those the triggers make,
-- on both of its paths.
\set p tap_ls
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan(25);

SELECT is(bb_keys_ok('{parkeren,pesten}', '{parkeren,pesten,overig}'), true, 'known keys');
SELECT is(bb_keys_ok('{parkeren,pesten,parkeren}', '{parkeren,pesten}'), false,
          'a key given twice');
SELECT is(bb_keys_ok('{parkeren,lawaai}', '{parkeren,pesten}'), false, 'an unknown key');
SELECT is(bb_keys_ok('{}', '{parkeren}'), true, 'no keys');
SELECT is(bb_keys_ok(NULL, '{parkeren}'), NULL, 'NULL (the CHECK passes, as before)');
SELECT throws_ok($$INSERT INTO bb_case (id, org_id, year, seq, reported_on, source,
                                        conflict_types)
                   VALUES (gen_random_uuid(), pg_temp.org('Welzijn West'), 2024, 99,
                           '2024-05-01', 'politie', '{parkeren,parkeren}')$$,
                 '23514', NULL, 'the database refuses a case with a type twice');

-- The loader's figures (bb_demo_stat_cases after each batch, bb_demo_stat_days at the end)
-- made again for organisation A's cases: the same rows as the refresh and the triggers made.
CREATE FUNCTION pg_temp.figures(p_org uuid) RETURNS TABLE (tbl text, r text)
LANGUAGE sql AS $$
    SELECT 'stat_case', s::text FROM stat_case s WHERE s.org_id = p_org
    UNION ALL SELECT 'stat_participation', s::text FROM stat_participation s
               WHERE s.org_id = p_org
    UNION ALL SELECT 'stat_day', s::text FROM stat_day s WHERE s.org_id = p_org
    UNION ALL SELECT 'stat_pair_day', s::text FROM stat_pair_day s WHERE s.org_id = p_org
    UNION ALL SELECT 'stat_pair_sum', s::text FROM stat_pair_sum s WHERE s.org_id = p_org
$$;
CREATE FUNCTION pg_temp.load_figures(p_org uuid) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM stat_case WHERE org_id = p_org;  -- their triggers empty the per-day tables
    DELETE FROM stat_participation WHERE org_id = p_org;
    RETURN QUERY SELECT f.r FROM pg_temp.figures(p_org) AS f;
    PERFORM bb_demo_stat_cases(ARRAY(SELECT c.id FROM bb_case c WHERE c.org_id = p_org));
    PERFORM bb_demo_stat_days(p_org);
END $$;
CREATE TEMP TABLE figures_a AS SELECT * FROM pg_temp.figures(pg_temp.org('Welzijn Oost'));
SELECT is((SELECT count(DISTINCT tbl) FROM figures_a), 5::bigint,
          'organisation A has rows in each of the figures'' tables');
SELECT set_config('bb.stat_bulk', 'on', true);
SET LOCAL session_replication_role = replica;
SELECT is_empty($$SELECT pg_temp.load_figures(pg_temp.org('Welzijn Oost'))$$,
                'the fast path of the loader: the organisation''s figures emptied, then');
SELECT bag_eq($$SELECT * FROM pg_temp.figures(pg_temp.org('Welzijn Oost'))$$,
              'TABLE figures_a', 'made again, the same');
SET LOCAL session_replication_role = origin;
SELECT is_empty($$SELECT pg_temp.load_figures(pg_temp.org('Welzijn Oost'))$$,
                'the path with the checks kept: emptied, then');
SELECT bag_eq($$SELECT * FROM pg_temp.figures(pg_temp.org('Welzijn Oost'))$$,
              'TABLE figures_a', 'made again by the triggers, the same');
SELECT set_config('bb.stat_bulk', '', true);

-- The loader's fast path, and only it.
SELECT is(bb_stat_loader_writes(), false, 'not by default');
SELECT set_config('bb.stat_bulk', 'on', true);
SELECT is(bb_stat_loader_writes(), false, 'not with bb.stat_bulk alone');

-- A participation written under bb.stat_bulk alone still makes its stat_pair_day row.
CREATE TEMP TABLE moment AS
SELECT k.id, k.case_id, k.org_id, k.contact_on FROM contact k
 WHERE k.org_id = pg_temp.org('Welzijn Oost') ORDER BY k.id LIMIT 1;
CREATE TEMP TABLE helper AS SELECT gen_random_uuid() AS plain, gen_random_uuid() AS fast;
INSERT INTO stat_participation (contact_id, volunteer_id, org_id, case_id, contact_on, minutes)
SELECT m.id, h.plain, m.org_id, m.case_id, m.contact_on, 30 FROM moment m, helper h;
SELECT is((SELECT count(*) FROM stat_pair_day d, helper h WHERE d.volunteer_id = h.plain),
          1::bigint, 'outside replica mode stat_pair_day follows, whatever bb.stat_bulk says');

SET LOCAL session_replication_role = replica;
SELECT is(bb_stat_loader_writes(), true, 'with bb.stat_bulk as a superuser in replica mode');
INSERT INTO stat_participation (contact_id, volunteer_id, org_id, case_id, contact_on, minutes)
SELECT m.id, h.fast, m.org_id, m.case_id, m.contact_on, 30 FROM moment m, helper h;
SELECT is((SELECT count(*) FROM stat_pair_day d, helper h WHERE d.volunteer_id = h.fast),
          0::bigint, 'the loader''s own stat_pair_day rows are not made twice');
SET LOCAL session_replication_role = origin;
SELECT set_config('bb.stat_bulk', '', true);

-- Only who may write the figures' tables may skip the marking of a write.
SET SESSION AUTHORIZATION tap_ls_coord_a;
SELECT set_config('bb.stat_bulk', 'on', true);
UPDATE bb_case SET area = NULL WHERE seq = 22;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*) FROM stat_dirty d JOIN bb_case c ON c.id = d.id
            WHERE c.seq = 22 AND c.org_id = pg_temp.org('Welzijn Oost')), 1::bigint,
          'a coordinator''s write is marked whatever bb.stat_bulk says');
SELECT set_config('bb.stat_bulk', 'on', true);
UPDATE bb_case SET area = NULL WHERE seq = 23 AND org_id = pg_temp.org('Welzijn Oost');
SELECT is((SELECT count(*) FILTER (WHERE d.id IS NULL) FROM bb_case c
             LEFT JOIN stat_dirty d ON d.id = c.id
            WHERE c.seq = 23 AND c.org_id = pg_temp.org('Welzijn Oost')), 1::bigint,
          'the owner''s (the loader''s) is not, under bb.stat_bulk');
SELECT set_config('bb.stat_bulk', '', true);

-- The loader's index rest: nothing in a database with rows, and not for a coordinator.
SELECT is((SELECT count(*) FROM bb_demo_indexes_rest('{bb_case,contact}')), 0::bigint,
          'a database with cases keeps its indexes');
SELECT is((SELECT count(*) FROM pg_indexes WHERE indexname = 'case_by_status'), 1::bigint,
          'case_by_status is still there');
SET SESSION AUTHORIZATION tap_ls_coord_a;
SELECT throws_ok($$SELECT bb_demo_indexes_rest('{bb_case}')$$, '42501', NULL,
                 'a coordinator may not drop indexes through it');
RESET SESSION AUTHORIZATION;

-- One record per statement: its rows, and its case when all rows have the same one.
INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes)
SELECT gen_random_uuid(), m.org_id, m.case_id, m.contact_on, 'overig', 10
  FROM moment m, generate_series(1, 2);
SELECT is((SELECT case_id FROM audit_log ORDER BY seq DESC LIMIT 1),
          (SELECT case_id FROM moment), 'two moments of one case: the case');
SELECT is((SELECT (detail->>'rows')::int FROM audit_log ORDER BY seq DESC LIMIT 1), 2,
          'and the number of rows');
INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes)
SELECT gen_random_uuid(), c.org_id, c.id, c.reported_on, 'overig', 10
  FROM (SELECT * FROM bb_case WHERE org_id = pg_temp.org('Welzijn Oost')
         ORDER BY seq LIMIT 2) c;
SELECT is((SELECT case_id FROM audit_log ORDER BY seq DESC LIMIT 1), NULL,
          'moments of two cases: no case');
SELECT is((SELECT org_id FROM audit_log ORDER BY seq DESC LIMIT 1),
          pg_temp.org('Welzijn Oost'), 'the organisation');

SELECT * FROM finish();
ROLLBACK;
