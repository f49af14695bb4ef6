-- The figures' fixture (tests/db/test-stats.c, tests/cli/export.sh): a fixed set of cases,
-- volunteers, contact moments, follow-ups and referrals of the organisation 'Welzijn Oost'
-- (which must exist), all in 2024, whose every figure test-stats.c computes by hand. Every
-- status event is dated on its case's day at 10:00 in the Netherlands. One statement list,
-- run in one session (the helpers live in pg_temp).
--
-- Groups of cases (seq, reported, source, types, area: path with days after the report):
--   G1  1-10  2024-07-01+i zelfmelder       {geluid_personen}  Noord  intake 3, lopend 10,
--             nazorg 25, afgesloten 64 opgelost; contacts 12 huisbezoek_a, 14 huisbezoek_b,
--             20 bemiddelingsgesprek, 60 nazorgcontact (60 min, volunteers i+1 and i+2 mod 10);
--             follow-up at 60 (answers below), case i=6 also one at 55
--   G2 11-16  2024-07-15+i politie          {parkeren,pesten}  Zuid   intake 2, lopend 5,
--             afgesloten 30 deels_opgelost; contact 7 huisbezoek_a (60 min, V1 and V2)
--   G3 17-21  2024-08-01+i woningcorporatie {rommel_vuilnis}   Zuid   intake 5, afgesloten 6
--             niet_bemiddelbaar; referred at 6 to Mediation Oost, afgerond at 40 opgelost,
--             4.5 hours at 95.00
--   G4 22-24  2024-09-20+i gemeente         {overig}           (none) still aangemeld
--   G5 25-26  2024-09-10+i zelfmelder       {huisdieren}       Zuid   intake 2, lopend 4
--   G6 27-33  2024-04-01+i zelfmelder       {kinderen}         Noord  intake 4, afgesloten 10
--             ingetrokken
--   G7 34     2024-03-15   zorg             {stank_rook}       Zuid   intake 5, lopend 10
--   G8 35-39  2024-07-22+i zelfmelder       {leefgewoonten}    Noord  intake 3, lopend 6,
--             afgesloten 20 niet_opgelost; contact 8 huisbezoek_a (30 min, V3 and V4); cases
--             i=0,1 referred on 2024-08-01 to Praktijk West, lopend, 2 hours at 80.00
-- Volunteers: V1-V10 aangemeld 2024-04-01, actief 2024-05-01; V11 aangemeld 2024-04-01,
-- in_opleiding 2024-06-01; V12 aangemeld 2024-04-01, in_opleiding 2024-05-01, gecertificeerd
-- 2024-08-01. Budgets 2024: Mediation Oost 10000.00, Praktijk West 5000.00. Setting
-- stats.hours_avoided.politie = 3.

-- The fixture's closings carry no reason: a reason is an encrypted note under a case's data
-- key, which these figures never read. The check that wants one rests while the fixture loads.
ALTER TABLE bb_case DISABLE TRIGGER case_check_close_reason;

CREATE FUNCTION pg_temp.fx_org() RETURNS uuid LANGUAGE sql
AS $$ SELECT id FROM organisation WHERE name = 'Welzijn Oost' $$;

INSERT INTO area (org_id, name, postcodes)
VALUES (pg_temp.fx_org(), 'Noord', '{[1000,1100)}'), (pg_temp.fx_org(), 'Zuid', '{[1100,1200)}')
ON CONFLICT DO NOTHING;

CREATE FUNCTION pg_temp.fx_case(p_seq int, p_reported date, p_source text, p_types text[],
                                p_area text, p_moves text[], p_days int[], p_outcome text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
    v_org uuid := pg_temp.fx_org();
BEGIN
    INSERT INTO bb_case (id, org_id, year, seq, reported_on, source, conflict_types, area,
                         record_key)
    VALUES (v_id, v_org, 2024, p_seq, p_reported, p_source, p_types, p_area,
            (p_seq * 97 + 13) % 256);
    INSERT INTO party (id, org_id, case_id, seq, role)
    VALUES (gen_random_uuid(), v_org, v_id, 1, 'melder');
    FOR i IN 1 .. coalesce(cardinality(p_moves), 0) LOOP
        IF p_moves[i] = 'afgesloten' THEN
            UPDATE bb_case SET status = 'afgesloten', outcome = p_outcome,
                   closed_on = p_reported + p_days[i] WHERE id = v_id;
        ELSE
            UPDATE bb_case SET status = p_moves[i] WHERE id = v_id;
        END IF;
    END LOOP;
    -- The creation on the report's day, move i on day p_days[i].
    UPDATE case_event e
       SET at = ((p_reported + coalesce(p_days[x.n - 1], 0))::timestamp + time '10:00')
                AT TIME ZONE 'Europe/Amsterdam'
      FROM (SELECT e2.id, row_number() OVER (ORDER BY e2.seq) AS n
              FROM case_event e2 WHERE e2.case_id = v_id) AS x
     WHERE e.id = x.id;
    RETURN v_id;
END $$;

CREATE FUNCTION pg_temp.fx_contact(p_seq int, p_day int, p_kind text, p_minutes int,
                                   p_volunteers int[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO contact (id, org_id, case_id, contact_on, kind, minutes)
    SELECT v_id, c.org_id, c.id, c.reported_on + p_day, p_kind, p_minutes
      FROM bb_case c WHERE c.org_id = pg_temp.fx_org() AND c.year = 2024 AND c.seq = p_seq;
    INSERT INTO contact_volunteer (org_id, contact_id, volunteer_id)
    SELECT v.org_id, v_id, v.id FROM volunteer v
     WHERE v.org_id = pg_temp.fx_org() AND v.number = ANY (p_volunteers);
END $$;

CREATE FUNCTION pg_temp.fx_followup(p_seq int, p_day int, p_melder text, p_wederpartij text)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO followup (id, org_id, case_id, followup_on, melder_improved, wederpartij_improved)
    SELECT gen_random_uuid(), c.org_id, c.id, c.reported_on + p_day, p_melder, p_wederpartij
      FROM bb_case c WHERE c.org_id = pg_temp.fx_org() AND c.year = 2024 AND c.seq = p_seq
$$;

CREATE FUNCTION pg_temp.fx_volunteer(p_number int, p_statuses text[], p_since date[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO volunteer (id, org_id, number, status, status_since, record_key)
    VALUES (v_id, pg_temp.fx_org(), p_number, p_statuses[1], p_since[1], (p_number * 53 + 7) % 256);
    FOR i IN 2 .. cardinality(p_statuses) LOOP
        UPDATE volunteer SET status = p_statuses[i], status_since = p_since[i] WHERE id = v_id;
    END LOOP;
END $$;

DO $$
BEGIN
    FOR n IN 1 .. 10 LOOP
        PERFORM pg_temp.fx_volunteer(n, '{aangemeld,in_opleiding,gecertificeerd,actief}',
                                     '{2024-04-01,2024-04-08,2024-04-22,2024-05-01}');
    END LOOP;
    PERFORM pg_temp.fx_volunteer(11, '{aangemeld,in_opleiding}', '{2024-04-01,2024-06-01}');
    PERFORM pg_temp.fx_volunteer(12, '{aangemeld,in_opleiding,gecertificeerd}',
                                 '{2024-04-01,2024-05-01,2024-08-01}');
    FOR i IN 0 .. 9 LOOP
        PERFORM pg_temp.fx_case(1 + i, DATE '2024-07-01' + i, 'zelfmelder', '{geluid_personen}',
                                'Noord', '{intake,lopend,nazorg,afgesloten}', '{3,10,25,64}',
                                'opgelost');
        PERFORM pg_temp.fx_contact(1 + i, 12, 'huisbezoek_a', 60, ARRAY[i + 1, (i + 1) % 10 + 1]);
        PERFORM pg_temp.fx_contact(1 + i, 14, 'huisbezoek_b', 60, ARRAY[i + 1, (i + 1) % 10 + 1]);
        PERFORM pg_temp.fx_contact(1 + i, 20, 'bemiddelingsgesprek', 60,
                                   ARRAY[i + 1, (i + 1) % 10 + 1]);
        PERFORM pg_temp.fx_contact(1 + i, 60, 'nazorgcontact', 60, ARRAY[i + 1, (i + 1) % 10 + 1]);
    END LOOP;
    FOR i IN 0 .. 5 LOOP
        PERFORM pg_temp.fx_case(11 + i, DATE '2024-07-15' + i, 'politie', '{parkeren,pesten}',
                                'Zuid', '{intake,lopend,afgesloten}', '{2,5,30}', 'deels_opgelost');
        PERFORM pg_temp.fx_contact(11 + i, 7, 'huisbezoek_a', 60, '{1,2}');
    END LOOP;
    FOR i IN 0 .. 4 LOOP
        PERFORM pg_temp.fx_case(17 + i, DATE '2024-08-01' + i, 'woningcorporatie',
                                '{rommel_vuilnis}', 'Zuid', '{intake,afgesloten}', '{5,6}',
                                'niet_bemiddelbaar');
    END LOOP;
    FOR i IN 0 .. 2 LOOP
        PERFORM pg_temp.fx_case(22 + i, DATE '2024-09-20' + i, 'gemeente', '{overig}', NULL,
                                NULL, NULL, NULL);
    END LOOP;
    FOR i IN 0 .. 1 LOOP
        PERFORM pg_temp.fx_case(25 + i, DATE '2024-09-10' + i, 'zelfmelder', '{huisdieren}',
                                'Zuid', '{intake,lopend}', '{2,4}', NULL);
    END LOOP;
    FOR i IN 0 .. 6 LOOP
        PERFORM pg_temp.fx_case(27 + i, DATE '2024-04-01' + i, 'zelfmelder', '{kinderen}',
                                'Noord', '{intake,afgesloten}', '{4,10}', 'ingetrokken');
    END LOOP;
    PERFORM pg_temp.fx_case(34, DATE '2024-03-15', 'zorg', '{stank_rook}', 'Zuid',
                            '{intake,lopend}', '{5,10}', NULL);
    FOR i IN 0 .. 4 LOOP
        PERFORM pg_temp.fx_case(35 + i, DATE '2024-07-22' + i, 'zelfmelder', '{leefgewoonten}',
                                'Noord', '{intake,lopend,afgesloten}', '{3,6,20}',
                                'niet_opgelost');
        PERFORM pg_temp.fx_contact(35 + i, 8, 'huisbezoek_a', 30, '{3,4}');
    END LOOP;
END $$;

-- Follow-ups of G1 (at day 60): improved for i = 0..4, not for i = 5..9; i = 6 has an earlier
-- one saying 'ja' that its later 'nee' overrides.
SELECT pg_temp.fx_followup(1, 60, 'ja', NULL), pg_temp.fx_followup(2, 60, 'ja', NULL),
       pg_temp.fx_followup(3, 60, 'ja', NULL), pg_temp.fx_followup(4, 60, 'deels', 'ja'),
       pg_temp.fx_followup(5, 60, NULL, 'deels'), pg_temp.fx_followup(6, 60, 'ja', 'nee'),
       pg_temp.fx_followup(7, 55, 'ja', NULL), pg_temp.fx_followup(7, 60, 'nee', NULL),
       pg_temp.fx_followup(8, 60, 'nee', NULL), pg_temp.fx_followup(9, 60, 'nee', 'nee'),
       pg_temp.fx_followup(10, 60, NULL, 'nee');

INSERT INTO practice (id, org_id, name)
VALUES (gen_random_uuid(), pg_temp.fx_org(), 'Mediation Oost'),
       (gen_random_uuid(), pg_temp.fx_org(), 'Praktijk West');
INSERT INTO practice_budget (org_id, practice_id, year, amount_cents)
SELECT p.org_id, p.id, 2024, CASE p.name WHEN 'Mediation Oost' THEN 1000000 ELSE 500000 END
  FROM practice p WHERE p.org_id = pg_temp.fx_org();
INSERT INTO referral (id, org_id, case_id, seq, practice_id, reason, referred_on, status, hours,
                      rate_cents, outcome, closed_on, record_key)
SELECT gen_random_uuid(), c.org_id, c.id, 1, p.id, 'complex', c.reported_on + 6, 'afgerond', 4.5,
       9500, 'opgelost', c.reported_on + 40, c.seq * 31 % 256
  FROM bb_case c JOIN practice p ON p.org_id = c.org_id AND p.name = 'Mediation Oost'
 WHERE c.org_id = pg_temp.fx_org() AND c.seq BETWEEN 17 AND 21;
INSERT INTO referral (id, org_id, case_id, seq, practice_id, reason, referred_on, status, hours,
                      rate_cents, record_key)
SELECT gen_random_uuid(), c.org_id, c.id, 1, p.id, 'vastgelopen', DATE '2024-08-01', 'lopend', 2,
       8000, c.seq * 31 % 256
  FROM bb_case c JOIN practice p ON p.org_id = c.org_id AND p.name = 'Praktijk West'
 WHERE c.org_id = pg_temp.fx_org() AND c.seq IN (35, 36);
INSERT INTO setting (org_id, key, value)
VALUES (pg_temp.fx_org(), 'stats.hours_avoided.politie', '3');

ALTER TABLE bb_case ENABLE TRIGGER case_check_close_reason;
