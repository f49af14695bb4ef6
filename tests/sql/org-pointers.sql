-- No pointer crosses an organisation (issue 13, migration 0020): a coordinator of A with psql
-- points their closed case at a data key of B, a party or contact moment of A at a case of B;
-- the database refuses it, also from the superuser; retention for A shreds A's due keys only.
\set p tap_ptr
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan(12);

INSERT INTO org_key (org_id, version, fingerprint)
VALUES (:'org_a', 1, decode(repeat('aa', 32), 'hex')), (:'org_b', 1, decode(repeat('bb', 32), 'hex'));
INSERT INTO data_key (id, org_id, key_version, wrapped)
VALUES ('00000000-0000-0000-0000-00000000000a', :'org_a', 1, '\x0a'),
       ('00000000-0000-0000-0000-00000000000b', :'org_b', 1, '\x0b');
-- A's closed case of 2024 (due for retention) and B's case, each with a key of its own.
SELECT id AS closed_a FROM bb_case
 WHERE org_id = :'org_a' AND status = 'afgesloten' ORDER BY closed_on LIMIT 1 \gset
SELECT id AS case_b FROM bb_case WHERE org_id = :'org_b' \gset
UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000a' WHERE id = :'closed_a';
UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000b' WHERE id = :'case_b';
INSERT INTO personal_field (owner_table, owner_id, field, org_id, data_key_id, blob)
VALUES ('bb_case', :'case_b', 'summary', :'org_b', '00000000-0000-0000-0000-00000000000b', '\x00');

SET SESSION AUTHORIZATION tap_ptr_coord_a;
SELECT throws_ok(format($$UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000b'
                          WHERE id = %L$$, :'closed_a'),
                 '23503', NULL,
                 'a coordinator of A cannot point their closed case at a data key of B');
SELECT throws_ok(format($$INSERT INTO party (id, org_id, case_id, seq, role)
                          VALUES (gen_random_uuid(), %L, %L, 1, 'melder')$$, :'org_a', :'case_b'),
                 '23503', NULL, 'nor add a party of A to a case of B');
SELECT throws_ok(format($$INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes)
                          VALUES (gen_random_uuid(), %L, %L, '2024-06-01', 'huisbezoek_a', 30)$$,
                        :'org_a', :'case_b'),
                 '23503', NULL, 'nor a contact moment');
SELECT throws_ok(format($$INSERT INTO personal_field (owner_table, owner_id, field, org_id,
                          data_key_id, blob) VALUES ('bb_case', %L, 'x', %L,
                          '00000000-0000-0000-0000-00000000000b', '\x00')$$,
                        :'closed_a', :'org_a'),
                 '23503', NULL, 'nor put a field of A under a data key of B');
RESET SESSION AUTHORIZATION;

SELECT throws_ok(format($$UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000b'
                          WHERE id = %L$$, :'closed_a'),
                 '23503', NULL, 'the superuser cannot make that pointer either');
SELECT throws_ok(format($$UPDATE party SET case_id = %L WHERE org_id = %L$$, :'case_b', :'org_a'),
                 '23503', NULL, 'nor move a party of A into a case of B');
SELECT throws_ok(format($$UPDATE bb_case SET volunteer1_id = (SELECT id FROM volunteer
                          WHERE org_id = %L LIMIT 1) WHERE id = %L$$, :'org_a', :'case_b'),
                 '23503', NULL, 'nor pair a volunteer of A with a case of B');

SELECT is((SELECT sum(cases)::int FROM bb_retention_shred(:'org_a', NULL, 1000)) > 0, true,
          'retention for A shreds A''s due data keys');
SELECT is((SELECT count(*) FROM data_key WHERE id = '00000000-0000-0000-0000-00000000000a'),
          0::bigint, 'among them the key of its closed case');
SELECT is((SELECT count(*) FROM data_key WHERE org_id = :'org_b'), 1::bigint,
          'and never a key of B');
SELECT is((SELECT count(*) FROM personal_field WHERE org_id = :'org_b'), 1::bigint,
          'whose fields are all there');
SELECT is((SELECT data_key_id FROM bb_case WHERE id = :'case_b'),
          '00000000-0000-0000-0000-00000000000b'::uuid, 'and whose case keeps its key');

SELECT * FROM finish();
ROLLBACK;
