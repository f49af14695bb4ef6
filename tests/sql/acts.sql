-- Who acted (issue 13, schema/functions/acts.sql): a person's login role acts as themselves,
-- whatever the session claims or a row says; the superuser acts as a bb user proven by the
-- check of their keys, or on purpose as the owner, and otherwise changes nothing.
\set p tap_act
\set ON_ERROR_STOP 1
BEGIN;
\ir fixture.sql
SELECT plan(11);

SELECT id AS bert_a FROM bb_user WHERE login = 'bert' AND org_id = :'org_a' \gset
SELECT id AS anna FROM bb_user WHERE login = 'anna' \gset
SELECT id AS case_a, reported_on AS day_a FROM bb_case
 WHERE org_id = :'org_a' AND status = 'aangemeld' ORDER BY reported_on LIMIT 1 \gset

-- Bert (coordinator of A, his own login role) claims to be Anna and writes her into the row.
SET SESSION AUTHORIZATION tap_act_coord_a;
SELECT set_config('bb.act_user', :'anna', false), set_config('bb.act_as_owner', 'on', false);
INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes, acted_by)
VALUES ('00000000-0000-4000-8000-0000000000c1', :'org_a', :'case_a', :'day_a', 'telefoon', 10,
        :'anna');
UPDATE contact SET minutes = 12, acted_by = :'anna' WHERE id = '00000000-0000-4000-8000-0000000000c1';
RESET SESSION AUTHORIZATION;
SELECT is((SELECT acted_by FROM contact WHERE id = '00000000-0000-4000-8000-0000000000c1'),
          :'bert_a'::uuid, 'a contact moment names the login role''s person, whatever they claim');
SELECT is((SELECT string_agg(DISTINCT actor, ',') FROM audit_log
            WHERE action IN ('insert:contact', 'update:contact')
              AND detail -> 'ids' @> '["00000000-0000-4000-8000-0000000000c1"]'),
          'bert', 'and so do the audit records of adding and editing it');
SELECT is((SELECT acted_by FROM row_revision
            WHERE tbl = 'contact' AND row_id = '00000000-0000-4000-8000-0000000000c1'),
          :'bert_a'::uuid, 'the edit''s revision names its editor');

-- The superuser (the embedded database's account), with nobody named: nothing changes.
SELECT set_config('bb.act_as_owner', '', false), set_config('bb.act_user', '', false);
SELECT sum(version) AS v0 FROM area \gset
SELECT throws_ok($$UPDATE area SET postcodes = postcodes$$, 'BBA01', NULL,
                 'the superuser naming nobody changes nothing');
SELECT throws_ok($$DELETE FROM contact WHERE id = '00000000-0000-4000-8000-0000000000c1'$$,
                 'BBA01', NULL, 'nor deletes anything');
-- Naming Anna without her proof, or with another one, changes nothing either.
SELECT set_config('bb.act_user', :'anna', false);
SELECT throws_ok($$UPDATE area SET postcodes = postcodes$$, 'BBA01', NULL,
                 'naming a user is not enough');
-- Anna enrolled: her keys (placeholders here) and the check of her proof, as her enrolment
-- stores it (the SHA-256 of the proof her keys give).
SELECT set_config('bb.act_as_owner', 'on', false), set_config('bb.act_user', '', false);
UPDATE bb_user SET act_check = sha256(decode(repeat('a1', 32), 'hex')), status = 'active',
       public_key = decode(repeat('01', 32), 'hex'), secret_key = '\x01',
       pwhash_salt = decode(repeat('02', 16), 'hex')
 WHERE id = :'anna';
SELECT set_config('bb.act_as_owner', '', false), set_config('bb.act_user', :'anna', false);
SELECT set_config('bb.act_proof', repeat('b2', 32), false);
SELECT throws_ok($$UPDATE area SET postcodes = postcodes$$, 'BBA01', NULL,
                 'nor is another proof');
SELECT is((SELECT sum(version) FROM area), :'v0'::bigint, 'no area changed');
-- With her proof the change is hers; in another organisation's rows it is refused.
SELECT set_config('bb.act_proof', repeat('a1', 32), false);
SELECT lives_ok($$UPDATE area SET postcodes = postcodes WHERE org_id = (SELECT org_id FROM
                  bb_user WHERE login = 'anna')$$, 'with her proof the superuser''s change is hers');
SELECT is((SELECT actor FROM audit_log WHERE action = 'update:area' ORDER BY seq DESC LIMIT 1),
          'anna', 'and the audit log names her');
SELECT throws_ok(format($$INSERT INTO area (org_id, name, postcodes)
                          VALUES (%L, 'Oost', '{[7000,7001)}')$$, :'org_b'),
                 'BBA02', NULL, 'a proven user of A changes nothing of B');

SELECT * FROM finish();
ROLLBACK;
