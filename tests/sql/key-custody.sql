-- Keys belong to administrators, in the database (issue 13): a coordinator with psql and their
-- own login role tries to destroy or hand out the organisation's keys, and is refused; an
-- administrator changes them only through the functions of keys.sql, for their organisation.
\set p tap_key
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan(31);

-- The keys as bbctl init and registering a case leave them (the bytes need not open here).
INSERT INTO org_key (org_id, version, fingerprint)
VALUES (:'org_a', 1, decode(repeat('aa', 32), 'hex')), (:'org_b', 1, decode(repeat('bb', 32), 'hex'));
INSERT INTO org_key_grant (org_id, key_version, user_id, sealed)
SELECT u.org_id, 1, u.id, decode(repeat('cc', 80), 'hex') FROM bb_user u
 WHERE u.login IN ('anna', 'bert');
INSERT INTO org_secret (org_id, name, version, key_version, wrapped)
VALUES (:'org_a', 'bidx_root', 1, 1, '\x01'), (:'org_b', 'bidx_root', 1, 1, '\x02');
INSERT INTO data_key (id, org_id, key_version, wrapped)
VALUES ('00000000-0000-0000-0000-00000000000a', :'org_a', 1, '\x0a'),
       ('00000000-0000-0000-0000-00000000000b', :'org_b', 1, '\x0b'),
       ('00000000-0000-0000-0000-0000000000a2', :'org_a', 1, '\x0a');
UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000a'
 WHERE org_id = :'org_a' AND seq = 22;
UPDATE bb_case SET data_key_id = '00000000-0000-0000-0000-00000000000b' WHERE org_id = :'org_b';
CREATE TEMP VIEW key_rows AS
SELECT (SELECT count(*) FROM data_key) AS data_keys, (SELECT count(*) FROM org_key) AS org_keys,
       (SELECT count(*) FROM org_key_grant) AS grants, (SELECT count(*) FROM org_secret) AS secrets;
CREATE TEMP TABLE before AS SELECT * FROM key_rows;
SELECT (SELECT id FROM bb_user WHERE login = 'anna') AS anna,
       (SELECT id FROM bb_user WHERE login = 'bert' AND org_id = :'org_b') AS bert_b \gset

SET SESSION AUTHORIZATION tap_key_coord_a;
SELECT isnt_empty('SELECT 1 FROM data_key', 'a coordinator reads the data keys to unlock');
SELECT throws_ok('DELETE FROM data_key', '42501', NULL,
                 'a coordinator cannot delete the data keys');
SELECT throws_ok($$UPDATE data_key SET wrapped = '\x00'$$, '42501', NULL,
                 'nor overwrite them');
SELECT throws_ok(format($$INSERT INTO data_key (id, org_id, key_version, wrapped)
                          VALUES (gen_random_uuid(), %L, 1, '\x00')$$, :'org_a'),
                 '42501', NULL, 'nor insert one directly');
SELECT throws_ok('DELETE FROM org_key_grant', '42501', NULL,
                 'a coordinator cannot delete the key grants');
SELECT throws_ok(format($$INSERT INTO org_key_grant (org_id, key_version, user_id, sealed)
                          VALUES (%L, 1, %L, '\x00')$$, :'org_a', :'anna'),
                 '42501', NULL, 'nor insert a grant for someone else');
SELECT throws_ok('DELETE FROM org_secret', '42501', NULL,
                 'a coordinator cannot delete the blind-index root');
SELECT throws_ok($$UPDATE org_secret SET wrapped = '\x00'$$, '42501', NULL, 'nor change it');
SELECT throws_ok(format($$INSERT INTO org_key (org_id, version, fingerprint, commitment)
                          VALUES (%L, 2, '\x00', '\x00')$$, :'org_a'),
                 '42501', NULL, 'nor make an organisation key version');
SELECT throws_ok(format($$SELECT bb_key_grant_put(%L, 1, %L, decode(repeat('dd', 80), 'hex'),
                          NULL)$$, :'org_a', :'anna'),
                 '42501', NULL, 'the grant function is for administrators only');
SELECT throws_ok(format('SELECT bb_key_grant_drop(%L, %L)', :'org_a', :'anna'),
                 '42501', NULL, 'also for taking grants away');
SELECT throws_ok(format('SELECT bb_key_bidx_prune(%L, 1)', :'org_a'), '42501', NULL,
                 'and for the blind-index root');
SELECT throws_ok(format($$SELECT bb_key_data_rewrap(%L, '00000000-0000-0000-0000-00000000000a',
                          1, 1, '\x00')$$, :'org_a'),
                 '42501', NULL, 'and for re-wrapping a data key');
SELECT throws_ok(format($$SELECT bb_key_data_shred(%L, '00000000-0000-0000-0000-00000000000a')$$,
                        :'org_a'),
                 '42501', NULL, 'a coordinator cannot shred the key of a case in use');
SELECT throws_ok(format($$SELECT bb_key_data_rekey(%L, '00000000-0000-0000-0000-00000000000a',
                          1, '\x00')$$, :'org_a'),
                 '42501', NULL, 'nor overwrite a key no revocation made stale');
SELECT throws_ok(format($$SELECT bb_key_data_shred(%L, '00000000-0000-0000-0000-00000000000b')$$,
                        :'org_b'),
                 '42501', NULL, 'nor touch a key of another organisation through its id');
SELECT is(bb_key_data_shred(:'org_a', '00000000-0000-0000-0000-00000000000b'), false,
          'which is not there for their own organisation');
SELECT throws_ok(format($$SELECT bb_key_data_add(%L, 1, ARRAY[gen_random_uuid()],
                          ARRAY['\x00'::bytea])$$, :'org_b'),
                 '42501', NULL, 'a coordinator cannot make a data key for another organisation');
SELECT throws_ok(format($$SELECT bb_key_erase_volunteer(%L, gen_random_uuid(), 'x')$$, :'org_b'),
                 '42501', NULL, 'nor erase there');
SELECT is(bb_key_data_add(:'org_a', 1, ARRAY[gen_random_uuid()], ARRAY['\x00'::bytea]), 1,
          'a coordinator makes a data key of their own organisation (registering a case)');
SELECT is(bb_key_data_shred(:'org_a', '00000000-0000-0000-0000-0000000000a2'), true,
          'and shreds one nothing refers to (a void case''s old key)');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT org_keys FROM key_rows), (SELECT org_keys FROM before),
          'the organisation keys are all there');
SELECT is((SELECT grants FROM key_rows), (SELECT grants FROM before), 'and the grants');
SELECT is((SELECT secrets FROM key_rows), (SELECT secrets FROM before),
          'and the blind-index roots');
SELECT is((SELECT data_keys FROM key_rows), (SELECT data_keys FROM before),
          'and the data keys (one made, the orphan gone)');

SET SESSION AUTHORIZATION tap_key_admin_a;
SELECT throws_ok('DELETE FROM org_key_grant', '42501', NULL,
                 'an administrator too changes the keys only through the functions');
SELECT throws_ok(format($$SELECT bb_key_grant_put(%L, 1, %L, decode(repeat('dd', 80), 'hex'),
                          NULL)$$, :'org_a', :'bert_b'),
                 '42501', NULL, 'and never grants to a user of another organisation');
SELECT throws_ok(format($$SELECT bb_key_grant_put(%L, 1, %L, decode(repeat('dd', 80), 'hex'),
                          NULL)$$, :'org_b', :'bert_b'),
                 '42501', NULL, 'nor in another organisation');
SELECT throws_ok(format('SELECT bb_key_bidx_prune(%L, 2)', :'org_a'), 'P0002', NULL,
                 'the newest blind-index root is never pruned');
SELECT lives_ok(format($$SELECT bb_key_grant_put(%L, 1, %L, decode(repeat('dd', 80), 'hex'),
                         %L)$$, :'org_a', :'anna', :'anna'),
                'an administrator grants in their organisation');
SELECT is(bb_key_grant_drop(:'org_a', :'anna'), 1, 'and takes a grant away');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
