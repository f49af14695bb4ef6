-- Organisation A never sees B: administrators and coordinators of one organisation see and
-- write only its rows, in every table that has an organisation; the owner sees all.
\set p tap_org
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
-- The recovery tables (0018) are for administrators only: a coordinator reads none of them.
CREATE TEMP VIEW coord_tables AS
SELECT * FROM bb_tables
 WHERE has_org AND name NOT IN ('audit_log', 'org_recovery', 'org_recovery_key');
GRANT SELECT ON coord_tables TO PUBLIC;
SELECT plan((SELECT 2 * count(*)::int FROM coord_tables) + 22);

SET SESSION AUTHORIZATION tap_org_coord_a;
SELECT is_empty(format('SELECT 1 FROM %s WHERE org_id IS DISTINCT FROM %L', t,
                       :'org_a'::uuid),
                format('a coordinator of A sees no row of another organisation in %s', name))
  FROM coord_tables ORDER BY name;
SELECT results_eq('SELECT name FROM organisation', $$VALUES ('Welzijn Oost')$$,
                  'a coordinator of A sees only organisation A');
SELECT is((SELECT count(*) FROM bb_case), 39::bigint, 'a coordinator of A sees all 39 cases of A');
SELECT is((SELECT count(*) FROM referral), 7::bigint, 'and its 7 referrals');
SELECT throws_ok(format('INSERT INTO area (org_id, name, postcodes) VALUES (%L, ''Oost'', ''{[2000,2100)}'')',
                        :'org_b'::uuid),
                 '42501', NULL, 'a coordinator of A cannot write a row of B');
SELECT results_eq(format('WITH u AS (UPDATE setting SET value = ''9'' WHERE org_id = %L'
                         ' RETURNING 1) SELECT count(*) FROM u', :'org_b'::uuid),
                  'VALUES (0::bigint)', 'nor change one (it is not there for them)');
SELECT lives_ok(format('INSERT INTO area (org_id, name, postcodes) VALUES (%L, ''Oost'', ''{[2000,2100)}'')',
                       :'org_a'::uuid),
                'a coordinator of A writes a row of A');
SELECT throws_ok('SELECT 1 FROM org_recovery', '42501', NULL,
                 'a coordinator reads nothing of the recovery shares');
SELECT throws_ok('SELECT 1 FROM org_recovery_key', '42501', NULL,
                 'nor the keys sealed to them');
SELECT throws_ok($$UPDATE bb_user SET roles = '{admin,coordinator}' WHERE login = 'bert'$$,
                 '42501', NULL, 'a coordinator cannot make themselves an administrator');
SELECT results_eq($$WITH u AS (UPDATE bb_user SET status = 'revoked' WHERE login = 'anna'
                  RETURNING 1) SELECT count(*) FROM u$$, 'VALUES (0::bigint)',
                  'nor change another user of their organisation');
SELECT lives_ok($$UPDATE bb_case SET status = 'intake' WHERE seq = 22$$,
                'and moves a case of A on (its figures follow through the triggers)');
SET CONSTRAINTS ALL IMMEDIATE; -- as at commit: the figures' refresh runs as the coordinator
SELECT is((SELECT count(*) FROM stat_case WHERE intake_at IS NOT NULL
              AND case_id = (SELECT id FROM bb_case WHERE seq = 22)), 1::bigint,
          'the figures of that case were brought up to date at once');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION tap_org_coord_b;
SELECT is_empty(format('SELECT 1 FROM %s WHERE org_id IS DISTINCT FROM %L', t,
                       :'org_b'::uuid),
                format('a coordinator of B sees no row of A in %s', name))
  FROM coord_tables ORDER BY name;
SELECT is((SELECT count(*) FROM bb_case), 1::bigint, 'a coordinator of B sees its one case');
SELECT results_eq('SELECT login FROM bb_user', $$VALUES ('bert')$$,
                  'and only its own users');
SELECT throws_ok(format('SELECT * FROM bb_stat_report(%L, ''2024-01-01'', ''2024-12-31'')',
                        :'org_a'::uuid),
                 '42501', NULL, 'the figures of A are refused to B');
SELECT throws_ok(format('SELECT bb_stat_first_report(%L)', :'org_a'::uuid),
                 '42501', NULL, 'also its first report''s day');
SELECT lives_ok(format('SELECT * FROM bb_stat_report(%L, ''2024-01-01'', ''2024-12-31'')',
                       :'org_b'::uuid), 'B gets its own figures');
SELECT results_eq('SELECT name FROM bb_org_visible(NULL)', $$VALUES ('Welzijn West')$$,
                  'B can choose only organisation B');
SELECT is_empty($$SELECT 1 FROM bb_org_visible('Welzijn Oost')$$,
                'and does not find A by its name');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION tap_org_admin_a;
SELECT is_empty(format('SELECT 1 FROM audit_log WHERE org_id IS DISTINCT FROM %L',
                       :'org_a'::uuid),
                'an administrator of A reads only the audit records of A');
SELECT isnt_empty('SELECT 1 FROM audit_log', 'and does read those');
RESET SESSION AUTHORIZATION;

SET ROLE bb_owner;
SELECT is((SELECT count(*) FROM organisation), 2::bigint, 'the owner sees every organisation');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
