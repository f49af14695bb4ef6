-- The roles' fixture (tests/sql/*.sql): organisation A 'Welzijn Oost' with the figures' cases
-- (tests/db/stats-fixture.sql: 5 referrals to Mediation Oost, 2 open ones to Praktijk West),
-- organisation B 'Welzijn West' with one case, and a login role per kind of user, made by
-- bb_user_map_role as bbctl user add does. Everything happens in the test's transaction, so
-- the roles go again with its ROLLBACK. :p is the roles' prefix (one per test file, so test
-- files running at the same time do not wait for each other's roles).
INSERT INTO organisation (id, name) VALUES (gen_random_uuid(), 'Welzijn Oost'),
                                           (gen_random_uuid(), 'Welzijn West');
\ir ../db/stats-fixture.sql

CREATE FUNCTION pg_temp.org(p_name text) RETURNS uuid LANGUAGE sql
AS $$ SELECT id FROM organisation WHERE name = p_name $$;

INSERT INTO bb_case (id, org_id, year, seq, reported_on, source, conflict_types)
VALUES (gen_random_uuid(), pg_temp.org('Welzijn West'), 2024, 1, '2024-05-01', 'politie',
        '{parkeren}');
INSERT INTO setting (org_id, key, value) VALUES (pg_temp.org('Welzijn West'), 'export.k', '7');

-- user(org, login, roles, practice, role): a bb user with their login role.
CREATE FUNCTION pg_temp.add_user(p_org text, p_login text, p_roles text[], p_practice text,
                                 p_role text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO bb_user (id, org_id, login, roles, practice_id)
    VALUES (v_id, pg_temp.org(p_org), p_login, p_roles,
            (SELECT p.id FROM practice p WHERE p.name = p_practice));
    PERFORM bb_user_map_role(v_id, p_role);
END $$;

SELECT pg_temp.add_user('Welzijn Oost', 'anna', '{admin}', NULL, :'p' || '_admin_a');
SELECT pg_temp.add_user('Welzijn Oost', 'bert', '{coordinator}', NULL, :'p' || '_coord_a');
SELECT pg_temp.add_user('Welzijn West', 'bert', '{coordinator}', NULL, :'p' || '_coord_b');
SELECT pg_temp.add_user('Welzijn Oost', 'mila', '{mediator}', 'Praktijk West', :'p' || '_med_a');
SELECT pg_temp.add_user('Welzijn Oost', 'nour', '{mediator}', NULL, :'p' || '_med_none');
SELECT pg_temp.add_user('Welzijn Oost', 'stuur', '{reporter}', NULL, :'p' || '_rep_a');

-- The tables of bb, for tests that go through all of them.
CREATE TEMP TABLE bb_tables AS
SELECT c.oid::regclass AS t, c.relname::text COLLATE "default" AS name,
       EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id'
                  AND NOT a.attisdropped) AS has_org
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e');
GRANT SELECT ON bb_tables TO PUBLIC;

-- The figures' facts are brought up to date when a transaction commits; these tests roll
-- back, so now.
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;

-- The organisations' ids, for the tests (:'org_a', :'org_b'): a reporter cannot look them up.
SELECT pg_temp.org('Welzijn Oost') AS org_a, pg_temp.org('Welzijn West') AS org_b \gset
