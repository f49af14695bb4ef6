-- A reporter reads no table and only runs the figures' entry points; a mediator sees only the
-- cases referred to their practice, and records hours and the outcome there, nothing else.
\set p tap_rm
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan((SELECT count(*)::int FROM bb_tables) + 28);

CREATE TEMP TABLE expected_report AS
SELECT * FROM bb_stat_report(:'org_a'::uuid, '2024-07-01', '2024-09-30');
GRANT SELECT ON expected_report TO PUBLIC;

SET SESSION AUTHORIZATION tap_rm_rep_a;
SELECT throws_ok(format('SELECT 1 FROM %s LIMIT 1', t), '42501', NULL,
                 format('a reporter may not SELECT from %s', name))
  FROM bb_tables ORDER BY name;
SELECT isnt_empty(format('SELECT * FROM bb_stat_report(%L, ''2024-07-01'', ''2024-09-30'')',
                         :'org_a'::uuid),
                  'a reporter gets the figures of their organisation');
SELECT set_eq(format('SELECT * FROM bb_stat_report(%L, ''2024-07-01'', ''2024-09-30'')',
                     :'org_a'::uuid), 'SELECT * FROM expected_report',
              'the same figures as the owner computes');
SELECT is(bb_stat_first_report(:'org_a'::uuid), '2024-03-15'::date,
          'and the day of the first report');
SELECT isnt_empty(format('SELECT * FROM bb_stat_parameters(%L)', :'org_a'::uuid),
                  'and the parameters beside them');
SELECT isnt_empty(format('SELECT * FROM bb_stat_reports_by_quarter(%L, ''2024-01-01'', ''2024-12-31'')',
                         :'org_a'::uuid),
                  'and the reports per quarter');
SELECT throws_ok(format('SELECT * FROM bb_stat_report(%L, ''2024-01-01'', ''2024-12-31'')',
                        :'org_b'::uuid), '42501', NULL,
                 'but not the figures of another organisation');
SELECT throws_ok(format('SELECT * FROM bb_stat_parameters(%L)', :'org_b'::uuid),
                 '42501', NULL, 'nor its parameters');
SELECT throws_ok(format('SELECT * FROM bb_stat_block_reported(%L, ''2024-01-01'', ''2024-12-31'', 5)',
                        :'org_a'::uuid), '42501', NULL,
                 'nor any function behind the entry points');
SELECT throws_ok(format('SELECT bb_stat_rebuild(%L)', :'org_a'::uuid), '42501',
                 NULL, 'nor one that writes');
SELECT lives_ok(format('SELECT bb_audit_append(%L, ''export'', NULL, ''{}'')', :'org_a'::uuid),
                'a reporter''s export is logged');
SELECT throws_ok(format('SELECT bb_audit_append(%L, ''export'', NULL, ''{}'')', :'org_b'::uuid),
                 '42501', NULL, 'but never in the name of another organisation');
SELECT results_eq('SELECT name FROM bb_org_visible(NULL)', $$VALUES ('Welzijn Oost')$$,
                  'a reporter chooses their organisation through bb_org_visible');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION tap_rm_med_a;
SELECT results_eq('SELECT seq FROM bb_case ORDER BY seq', 'VALUES (35), (36)',
                  'a mediator of Praktijk West sees only the two cases referred to it');
SELECT results_eq($$SELECT p.name FROM referral r JOIN practice p ON p.id = r.practice_id$$,
                  $$VALUES ('Praktijk West'), ('Praktijk West')$$,
                  'and only the referrals to their practice');
SELECT results_eq('SELECT name FROM practice', $$VALUES ('Praktijk West')$$,
                  'and of the practices only their own');
SELECT throws_ok('SELECT source FROM bb_case', '42501', NULL,
                 'of a case only its number, status and dates: not its source');
SELECT throws_ok('SELECT 1 FROM party', '42501', NULL, 'no parties');
SELECT throws_ok('SELECT 1 FROM personal_field', '42501', NULL, 'no personal fields');
SELECT throws_ok('SELECT 1 FROM contact', '42501', NULL, 'no contact moments');
SELECT results_eq('WITH u AS (UPDATE referral SET hours = hours + 1.5 RETURNING 1)
                   SELECT count(*) FROM u', 'VALUES (2::bigint)',
                  'a mediator records hours on their referrals');
SELECT lives_ok($$UPDATE referral SET status = 'afgerond', outcome = 'opgelost',
                  closed_on = '2024-09-01' WHERE case_id = (SELECT id FROM bb_case WHERE seq = 35)$$,
                'and closes one with its outcome');
SELECT throws_ok('UPDATE referral SET practice_id = practice_id', '42501', NULL,
                 'but changes nothing else of a referral');
SELECT throws_ok($$UPDATE bb_case SET status = 'afgesloten'$$, '42501', NULL,
                 'and nothing of a case');
SELECT throws_ok($$INSERT INTO referral (id, org_id, case_id, seq, practice_id, reason,
                   referred_on, rate_cents) SELECT gen_random_uuid(), org_id, id, 9,
                   (SELECT id FROM practice), 'overig', '2024-09-01', 0 FROM bb_case LIMIT 1$$,
                 '42501', NULL, 'nor makes a referral');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT sum(hours) FROM referral r JOIN practice p ON p.id = r.practice_id
            WHERE p.name = 'Praktijk West'), 7.00, 'the hours were recorded (2 + 1.5 each)');
SELECT is((SELECT sum(hours) FROM referral r JOIN practice p ON p.id = r.practice_id
            WHERE p.name = 'Mediation Oost'), 22.50, 'and no other practice''s hours changed');

SET SESSION AUTHORIZATION tap_rm_med_none;
SELECT is_empty('SELECT 1 FROM bb_case', 'a mediator without a practice sees no case');
SELECT is_empty('SELECT 1 FROM referral', 'and no referral');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
