-- The audit log is append-only for every role, the owner included; and who may EXECUTE
-- which function: every SECURITY DEFINER function only for the groups that need it, nothing
-- for PUBLIC, and a reporter nothing but the figures' entry points and choosing the
-- organisation.
\set p tap_af
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan(31);

CREATE FUNCTION pg_temp.audit_is_append_only(p_who text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEXT throws_ok('UPDATE audit_log SET actor = ''x''', '42501', NULL,
                          p_who || ' cannot UPDATE the audit log');
    RETURN NEXT throws_ok('DELETE FROM audit_log', '42501', NULL,
                          p_who || ' cannot DELETE from the audit log');
    RETURN NEXT throws_ok('TRUNCATE audit_log', '42501', NULL,
                          p_who || ' cannot TRUNCATE the audit log');
END $$;

SET SESSION AUTHORIZATION tap_af_admin_a;
SELECT * FROM pg_temp.audit_is_append_only('an administrator');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION tap_af_coord_a;
SELECT * FROM pg_temp.audit_is_append_only('a coordinator');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION tap_af_med_a;
SELECT * FROM pg_temp.audit_is_append_only('a mediator');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION tap_af_rep_a;
SELECT * FROM pg_temp.audit_is_append_only('a reporter');
RESET SESSION AUTHORIZATION;
SET ROLE bb_owner;
SELECT * FROM pg_temp.audit_is_append_only('the owner (its trigger refuses)');
RESET ROLE;

-- A coordinator's change is logged, in one chain with everyone's.
SELECT count(*) AS before FROM audit_log \gset
SET SESSION AUTHORIZATION tap_af_coord_a;
SET bb.actor = 'anna'; -- claims to be someone else
INSERT INTO setting (org_id, key, value) VALUES (:'org_a', 'signals.no_contact_days', '21');
SELECT lives_ok('SELECT bb_audit_append(bb_caller_org(), ''view'', NULL, ''{}'')',
                'a coordinator appends a record (as libbb does for a view)');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*) FROM audit_log), (:before + 2)::bigint, 'both records were appended');
SELECT is((SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1), 'bert',
          'naming the bb user of the login role, not whom the session claims to be');
SELECT is((SELECT count(*) FROM audit_log WHERE seq > :before AND actor = 'bert'), 2::bigint,
          'both records name them');
RESET bb.actor;
SELECT is_empty('SELECT * FROM bb_audit_first_break()', 'the chain is whole');

-- k of the figures is an administrator's choice (functions/stats.sql).
SET SESSION AUTHORIZATION tap_af_coord_a;
SELECT throws_ok(format('INSERT INTO setting VALUES (%L, ''export.k'', ''9'')', :'org_a'),
                 '42501', 'export.k: only an administrator may change it',
                 'a coordinator cannot set export.k');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION tap_af_admin_a;
SELECT lives_ok(format('INSERT INTO setting VALUES (%L, ''export.k'', ''9'')', :'org_a'),
                'an administrator sets export.k');
RESET SESSION AUTHORIZATION;

-- EXECUTE on the SECURITY DEFINER functions, per group.
CREATE FUNCTION pg_temp.definers_for(p_role text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT p.proname::text COLLATE "default" FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef
       AND has_function_privilege(p_role, p.oid, 'EXECUTE') ORDER BY 1
$$;
SELECT results_eq($$SELECT * FROM pg_temp.definers_for('bb_admin')$$,
                  $$VALUES ('bb_act_check_set'), ('bb_act_claimed'), ('bb_act_login_role'),
                    ('bb_act_person'),
                    ('bb_audit_anchor_at'), ('bb_audit_append'), ('bb_audit_first_break'),
                    ('bb_audit_summary'),
                    ('bb_caller_has'), ('bb_caller_org'), ('bb_caller_practice'),
                    ('bb_import_rows'), ('bb_key_bidx_prune'), ('bb_key_bidx_put'),
                    ('bb_key_data_add'), ('bb_key_data_rekey'), ('bb_key_data_rewrap'),
                    ('bb_key_data_shred'), ('bb_key_data_stale'), ('bb_key_erase_volunteer'),
                    ('bb_key_grant_drop'), ('bb_key_grant_put'), ('bb_key_org_add'),
                    ('bb_org_visible'), ('bb_stat_first_report'), ('bb_stat_parameters'),
                    ('bb_stat_report'), ('bb_stat_reports_by_quarter'), ('bb_user_map_role'),
                    ('bb_user_unmap_role')$$,
                  'administrators run the definer functions of their work');
SELECT results_eq($$SELECT * FROM pg_temp.definers_for('bb_coordinator')$$,
                  $$VALUES ('bb_act_check_set'), ('bb_act_claimed'), ('bb_act_login_role'),
                    ('bb_act_person'), ('bb_audit_append'), ('bb_caller_has'), ('bb_caller_org'),
                    ('bb_caller_practice'), ('bb_import_rows'),
                    ('bb_key_data_add'), ('bb_key_data_rekey'), ('bb_key_data_shred'),
                    ('bb_key_data_stale'), ('bb_key_erase_volunteer'),
                    ('bb_org_visible'), ('bb_stat_first_report'),
                    ('bb_stat_parameters'), ('bb_stat_report'),
                    ('bb_stat_reports_by_quarter')$$,
                  'coordinators: no user, audit-chain or organisation-key functions');
SELECT results_eq($$SELECT * FROM pg_temp.definers_for('bb_mediator')$$,
                  $$VALUES ('bb_act_check_set'), ('bb_act_claimed'), ('bb_act_login_role'),
                    ('bb_act_person'), ('bb_audit_append'), ('bb_caller_has'), ('bb_caller_org'),
                    ('bb_caller_practice'), ('bb_org_visible')$$,
                  'mediators: no figures');
SELECT results_eq($$SELECT p.proname::text COLLATE "default" FROM pg_proc p
                     WHERE p.pronamespace = 'public'::regnamespace
                       AND p.proowner = 'bb_owner'::regrole
                       AND has_function_privilege('bb_reporter', p.oid, 'EXECUTE') ORDER BY 1$$,
                  $$VALUES ('bb_audit_append'), ('bb_org_visible'), ('bb_stat_first_report'),
                    ('bb_stat_parameters'), ('bb_stat_report'), ('bb_stat_reports_by_quarter')$$,
                  'reporters run the figures'' entry points, bb_org_visible and the audit append of their exports, nothing else');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                   WHERE p.pronamespace = 'public'::regnamespace
                     AND p.proowner = 'bb_owner'::regrole
                     AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
                'PUBLIC runs no function of bb');
SELECT is_empty($$SELECT t FROM bb_tables
                   WHERE has_table_privilege('bb_reporter', t, 'SELECT, INSERT, UPDATE, DELETE')
                      OR has_any_column_privilege('bb_reporter', t, 'SELECT, INSERT, UPDATE')$$,
                'reporters hold no privilege on any table');
SELECT results_eq($$SELECT name FROM bb_tables
                     WHERE has_any_column_privilege('bb_mediator', t, 'SELECT') ORDER BY 1$$,
                  $$VALUES ('bb_case'), ('bb_schema_migration'), ('bb_schema_source'), ('bb_user'),
                    ('case_transition'), ('organisation'), ('practice'), ('practice_rate'),
                    ('referral')$$,
                  'mediators read only what recording hours needs');
SELECT is_empty($$SELECT t FROM bb_tables, unnest(ARRAY['bb_admin', 'bb_coordinator',
                     'bb_mediator', 'bb_reporter']) AS g
                   WHERE has_table_privilege(g, t, 'TRUNCATE, REFERENCES, TRIGGER')$$,
                'no group may TRUNCATE, reference or trigger a table');
SELECT is_empty($$SELECT 1 FROM bb_tables
                   WHERE has_table_privilege('bb_admin', t, 'UPDATE') AND name = 'audit_log'$$,
                'administrators read the audit log but do not write it');

SELECT * FROM finish();
ROLLBACK;
