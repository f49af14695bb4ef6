-- stats-upkeep: the figures' derived tables, kept by triggers whoever writes. stat_case (one
-- narrow row per case: its plain columns and what its events, contact moments and follow-ups
-- say about its progress) and stat_participation (who took part in which contact moment)
-- follow the source tables; stat_day follows stat_case, stat_pair_day follows
-- stat_participation, and stat_pair_sum follows stat_pair_day. Each can be made again from
-- scratch (bb_stat_rebuild, bb_stat_*_fresh), and the tests compare the two. The figures
-- themselves: stats.sql.
-- revision: 4
--
-- The current definition of every function and trigger here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- Event times are cut into days in the Netherlands, whatever the session's time zone, so a
-- figure does not depend on the client that asks.
CREATE OR REPLACE FUNCTION bb_stat_day_start(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN d::timestamp AT TIME ZONE 'Europe/Amsterdam';

CREATE OR REPLACE FUNCTION bb_stat_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (t AT TIME ZONE 'Europe/Amsterdam')::date;

-- What the status events of a case say: its first move past the report, and its statuses
-- but afgesloten with their moments, in their order.
CREATE OR REPLACE FUNCTION bb_stat_event_facts(p_case uuid)
RETURNS TABLE (intake_at timestamptz, status_at timestamptz[], status_to text[])
LANGUAGE sql STABLE AS $$
    SELECT min(e.at) FILTER (WHERE bb_case_past_intake(e.to_status)),
           coalesce(array_agg(e.at ORDER BY e.seq) FILTER (WHERE e.to_status <> 'afgesloten'),
                    '{}'),
           coalesce(array_agg(e.to_status ORDER BY e.seq)
                        FILTER (WHERE e.to_status <> 'afgesloten'), '{}')
      FROM case_event e WHERE e.case_id = p_case
$$;

-- What the contact moments and follow-ups of a case say: the first day of each step.
CREATE OR REPLACE FUNCTION bb_stat_progress_facts(p_case uuid)
RETURNS TABLE (apart_on date, joint_on date, nazorg_on date)
LANGUAGE sql STABLE AS $$
    SELECT min(t.contact_on) FILTER (WHERE t.kind IN ('huisbezoek_a', 'huisbezoek_b')),
           min(t.contact_on) FILTER (WHERE t.kind IN ('bemiddelingsgesprek', 'pendelgesprek')),
           least(min(t.contact_on) FILTER (WHERE t.kind = 'nazorgcontact'),
                 (SELECT min(f.followup_on) FROM followup f WHERE f.case_id = p_case))
      FROM contact t WHERE t.case_id = p_case
$$;

-- The facts of the cases p_ids as they should be, from the source tables (one index probe
-- per case and table). A void case (registered by mistake) has none: it is in no figure.
CREATE OR REPLACE FUNCTION bb_stat_facts(p_ids uuid[]) RETURNS SETOF stat_case
LANGUAGE sql STABLE AS $$
    SELECT c.id, c.org_id, c.reported_on, c.closed_on, c.source, c.area, c.conflict_types,
           c.outcome, c.intake_on, e.intake_at, t.apart_on, t.joint_on, t.nazorg_on, e.status_at,
           e.status_to, c.record_key
      FROM bb_case c, bb_stat_event_facts(c.id) AS e, bb_stat_progress_facts(c.id) AS t
     WHERE c.id = ANY (p_ids) AND c.status <> 'vervallen'
$$;

-- Brings the facts of the cases p_ids up to date. The rows are locked first, so the
-- recomputation, a statement of its own with a fresh snapshot, sees what a concurrent writer
-- of the same case committed; a row is written only when it changed.
CREATE OR REPLACE FUNCTION bb_stat_refresh(p_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM stat_case WHERE case_id = ANY (p_ids) ORDER BY case_id FOR UPDATE;
    DELETE FROM stat_case s WHERE s.case_id = ANY (p_ids)
       AND NOT EXISTS (SELECT 1 FROM bb_case c WHERE c.id = s.case_id AND c.status <> 'vervallen');
    INSERT INTO stat_case AS s SELECT * FROM bb_stat_facts(p_ids)
    ON CONFLICT (case_id) DO UPDATE SET (org_id, reported_on, closed_on, source, area,
        conflict_types, outcome, intake_on, intake_at, apart_on, joint_on, nazorg_on, status_at,
        status_to, record_key) = (SELECT (EXCLUDED).org_id, (EXCLUDED).reported_on,
        (EXCLUDED).closed_on, (EXCLUDED).source, (EXCLUDED).area, (EXCLUDED).conflict_types,
        (EXCLUDED).outcome, (EXCLUDED).intake_on, (EXCLUDED).intake_at, (EXCLUDED).apart_on,
        (EXCLUDED).joint_on, (EXCLUDED).nazorg_on, (EXCLUDED).status_at, (EXCLUDED).status_to,
        (EXCLUDED).record_key)
     WHERE s IS DISTINCT FROM EXCLUDED;
END $$;

-- Who took part in which contact moment, with the moment's organisation, case, day and
-- minutes: the rows of stat_participation as they should be (none of a void case). The
-- refresh, the rebuild and the demo loader each add their own condition (by contact moment,
-- organisation or case): the planner puts this body in place of the call (an inlined SQL
-- function), so the condition reaches the join and its indexes.
CREATE OR REPLACE FUNCTION bb_stat_participation_facts()
RETURNS SETOF stat_participation LANGUAGE sql STABLE AS $$
    SELECT cv.contact_id, cv.volunteer_id, t.org_id, t.case_id, t.contact_on, t.minutes
      FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id
     WHERE NOT EXISTS (SELECT 1 FROM bb_case c WHERE c.id = t.case_id AND c.status = 'vervallen')
$$;

-- Brings the participations of the contact moments p_contacts up to date. The moments are
-- locked first (against a concurrent edit of them), then read afresh.
CREATE OR REPLACE FUNCTION bb_stat_refresh_participation(p_contacts uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM contact WHERE id = ANY (p_contacts) ORDER BY id FOR SHARE;
    DELETE FROM stat_participation p
     WHERE p.contact_id = ANY (p_contacts)
       AND NOT EXISTS (SELECT 1 FROM bb_stat_participation_facts() f
                        WHERE f.contact_id = p.contact_id AND f.volunteer_id = p.volunteer_id);
    INSERT INTO stat_participation AS p
    SELECT * FROM bb_stat_participation_facts() f WHERE f.contact_id = ANY (p_contacts)
    ON CONFLICT (contact_id, volunteer_id) DO UPDATE
       SET org_id = EXCLUDED.org_id, case_id = EXCLUDED.case_id,
           contact_on = EXCLUDED.contact_on, minutes = EXCLUDED.minutes
     WHERE p IS DISTINCT FROM EXCLUDED;
END $$;

-- Writes are collected per transaction and their facts refreshed once, when it commits: a load
-- of a million rows costs one set-based refresh, not one per statement. stat_dirty holds what
-- a transaction touched ('c': a case, 'p': a contact moment's participants); its stat_pending
-- row fires the refresh as a deferred trigger.
--
-- stat_mark, a statement trigger, marks what the statement touched. TG_ARGV: the kind, the
-- column with the id, the transition table (new_rows or old_rows). The bulk path (bbctl demo
-- seed): a transaction that loads many cases at once sets bb.stat_bulk (SET LOCAL) and makes
-- the facts of each batch of cases itself (bb_demo_stat_cases, demo.sql); its writes are not
-- marked. Only a session that may
-- write the figures' tables itself may skip the marking: a superuser or a member of the owner
-- role (the demo loader on either of its paths); for anyone else, a coordinator too, every
-- write is marked.
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

CREATE OR REPLACE FUNCTION stat_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cases uuid[];
    contacts uuid[];
BEGIN
    DELETE FROM stat_pending WHERE xid = NEW.xid;
    WITH d AS (DELETE FROM stat_dirty WHERE xid = NEW.xid RETURNING kind, id)
    SELECT ARRAY(SELECT id FROM d WHERE kind = 'c'), ARRAY(SELECT id FROM d WHERE kind = 'p')
      INTO cases, contacts;
    PERFORM bb_stat_refresh(cases);
    PERFORM bb_stat_refresh_participation(contacts);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS stat_pending_flush ON stat_pending;
CREATE CONSTRAINT TRIGGER stat_pending_flush AFTER INSERT ON stat_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stat_flush();
ALTER TABLE stat_pending ENABLE ALWAYS TRIGGER stat_pending_flush;

-- The statement triggers that mark: on each table whose rows say something about a case's
-- facts ('c') or a contact moment's participants ('p'). They fire under
-- session_replication_role = replica too (the demo generator's fast path).
CREATE OR REPLACE TRIGGER stat_case_insert AFTER INSERT ON bb_case
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_case_update AFTER UPDATE ON bb_case
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'id', 'new_rows');
ALTER TABLE bb_case ENABLE ALWAYS TRIGGER stat_case_insert,
    ENABLE ALWAYS TRIGGER stat_case_update;

CREATE OR REPLACE TRIGGER stat_case_event_insert AFTER INSERT ON case_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_case_event_update AFTER UPDATE ON case_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_case_event_update_old AFTER UPDATE ON case_event
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
CREATE OR REPLACE TRIGGER stat_case_event_delete AFTER DELETE ON case_event
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
ALTER TABLE case_event ENABLE ALWAYS TRIGGER stat_case_event_insert,
    ENABLE ALWAYS TRIGGER stat_case_event_update, ENABLE ALWAYS TRIGGER stat_case_event_update_old,
    ENABLE ALWAYS TRIGGER stat_case_event_delete;

CREATE OR REPLACE TRIGGER stat_contact_insert AFTER INSERT ON contact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_contact_update AFTER UPDATE ON contact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_contact_update_old AFTER UPDATE ON contact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
CREATE OR REPLACE TRIGGER stat_contact_delete AFTER DELETE ON contact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
-- A contact moment moved to another day or case: its participations follow.
CREATE OR REPLACE TRIGGER stat_contact_moved AFTER UPDATE ON contact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('p', 'id', 'new_rows');
ALTER TABLE contact ENABLE ALWAYS TRIGGER stat_contact_insert,
    ENABLE ALWAYS TRIGGER stat_contact_update, ENABLE ALWAYS TRIGGER stat_contact_update_old,
    ENABLE ALWAYS TRIGGER stat_contact_delete, ENABLE ALWAYS TRIGGER stat_contact_moved;

-- A case voided (or, were it ever allowed, brought back): the participations of its contact
-- moments follow, as the case's own facts do through stat_case_update.
CREATE OR REPLACE FUNCTION stat_mark_void() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stat_dirty (kind, id) SELECT 'p', t.id FROM contact t WHERE t.case_id = NEW.id
    ON CONFLICT DO NOTHING;
    INSERT INTO stat_pending VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER stat_case_void AFTER UPDATE OF status ON bb_case FOR EACH ROW
    WHEN ((OLD.status = 'vervallen') IS DISTINCT FROM (NEW.status = 'vervallen'))
    EXECUTE FUNCTION stat_mark_void();
ALTER TABLE bb_case ENABLE ALWAYS TRIGGER stat_case_void;

CREATE OR REPLACE TRIGGER stat_followup_insert AFTER INSERT ON followup
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_followup_update AFTER UPDATE ON followup
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_followup_update_old AFTER UPDATE ON followup
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
CREATE OR REPLACE TRIGGER stat_followup_delete AFTER DELETE ON followup
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('c', 'case_id', 'old_rows');
ALTER TABLE followup ENABLE ALWAYS TRIGGER stat_followup_insert,
    ENABLE ALWAYS TRIGGER stat_followup_update, ENABLE ALWAYS TRIGGER stat_followup_update_old,
    ENABLE ALWAYS TRIGGER stat_followup_delete;

CREATE OR REPLACE TRIGGER stat_contact_volunteer_insert AFTER INSERT ON contact_volunteer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('p', 'contact_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_contact_volunteer_update AFTER UPDATE ON contact_volunteer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('p', 'contact_id', 'new_rows');
CREATE OR REPLACE TRIGGER stat_contact_volunteer_update_old AFTER UPDATE ON contact_volunteer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('p', 'contact_id', 'old_rows');
CREATE OR REPLACE TRIGGER stat_contact_volunteer_delete AFTER DELETE ON contact_volunteer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stat_mark('p', 'contact_id', 'old_rows');
ALTER TABLE contact_volunteer ENABLE ALWAYS TRIGGER stat_contact_volunteer_insert,
    ENABLE ALWAYS TRIGGER stat_contact_volunteer_update,
    ENABLE ALWAYS TRIGGER stat_contact_volunteer_update_old,
    ENABLE ALWAYS TRIGGER stat_contact_volunteer_delete;

-- Makes the facts (stat_case, stat_participation) of an organisation (of every one when p_org
-- is NULL) again from the source tables in one pass; returns the number of cases.
CREATE OR REPLACE FUNCTION bb_stat_rebuild(p_org uuid DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM stat_case s WHERE p_org IS NULL OR s.org_id = p_org;
    INSERT INTO stat_case SELECT * FROM bb_stat_facts(ARRAY(SELECT c.id FROM bb_case c
                                                      WHERE p_org IS NULL OR c.org_id = p_org));
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM stat_participation p WHERE p_org IS NULL OR p.org_id = p_org;
    INSERT INTO stat_participation
    SELECT * FROM bb_stat_participation_facts() f WHERE p_org IS NULL OR f.org_id = p_org;
    RETURN n;
END $$;

-- No second definition of stat_case's rows: the demo loader uses bb_stat_facts too.
DROP FUNCTION IF EXISTS bb_stat_load_org(uuid);

-- The demo loader's fast path (bbctl demo seed as a superuser: session_replication_role
-- replica, which only a superuser may set, and bb.stat_bulk): the insert triggers of stat_day,
-- stat_pair_day and stat_pair_sum (below) rest there, and only there, and the loader fills
-- those tables once at its end from their from-scratch definitions (bb_demo_stat_days,
-- demo.sql) instead of summing batch by batch. tests/db/test-demo.c compares every figures'
-- table with a rebuild from scratch after a load.
CREATE OR REPLACE FUNCTION bb_stat_loader_writes() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(current_setting('bb.stat_bulk', true), '') = 'on'
       AND current_setting('session_replication_role') = 'replica';

-- stat_day: per organisation and day, how many cases each fact holds for (reported that day by
-- source, closed that day by outcome, days from report to closing, ...), and how the open
-- caseload by status changed that day. A period's case figures are then sums over its days
-- instead of a scan of every case in it. The facts of one case, each with n = 1 (open: +1 or
-- -1):
--  reported (reported_on): total/all, source, area ('onbekend': none), type (once per type);
--  closed (closed_on): total/all, outcome, step (furthest step reached by the closing day, as
--    bb_stat_closed_groups), days (closed_on - reported_on), share (started_resolved,
--    started_other, unstarted_resolved, unstarted_other: mediation started = step 2 or more;
--    resolved = opgelost or deels_opgelost), resolved_source (the source of a resolved case);
--  intake (the day of intake_at in the Netherlands): days (that day - reported_on, at least 0);
--  open: status, +1 on each day the case enters a status while open, -1 on the day it leaves it
--    (for another status, or closed). Its status on day d is that of its last event (in
--    their order) on or before d other than afgesloten, 'aangemeld' without one; it is open on
--    the days [reported_on, closed_on).
-- Each fact also carries the case's record key times n (key_sum): a cell's key is the sum of
-- the keys of its cases (stats.sql, bb_stat_noise).
-- Written in PL/pgSQL: every write's per-day sums go through it, and a loop over a few array
-- elements needs no plan of 40 nodes per case (the same rows as its SQL form: docs/benchmarks.md).
DROP FUNCTION IF EXISTS bb_stat_day_facts(stat_case);
CREATE FUNCTION bb_stat_day_facts(c stat_case)
RETURNS TABLE (org_id uuid, fact text, day date, dimension text, category text, n bigint,
               key_sum bigint)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    step integer;      -- furthest step by the closing day: 0 melding .. 4 nazorg
    resolved boolean;
    days date[];       -- the day of each status event, in their order
    changes date[];    -- the days its status may change while open, in order
    last integer;      -- the last event on or before a day
    t date;
BEGIN
    org_id := c.org_id;
    n := 1;
    key_sum := c.record_key;
    fact := 'reported';
    day := c.reported_on;
    dimension := 'total'; category := 'all'; RETURN NEXT;
    dimension := 'source'; category := c.source; RETURN NEXT;
    dimension := 'area'; category := coalesce(c.area, 'onbekend'); RETURN NEXT;
    dimension := 'type';
    FOREACH category IN ARRAY coalesce(c.conflict_types, '{}') LOOP
        RETURN NEXT;
    END LOOP;

    IF c.closed_on IS NOT NULL THEN
        step := CASE WHEN c.nazorg_on <= c.closed_on THEN 4
                     WHEN c.joint_on <= c.closed_on THEN 3
                     WHEN c.apart_on <= c.closed_on THEN 2
                     WHEN c.intake_on IS NOT NULL OR c.intake_at IS NOT NULL THEN 1
                     ELSE 0 END;
        resolved := c.outcome IN ('opgelost', 'deels_opgelost');
        fact := 'closed';
        day := c.closed_on;
        dimension := 'total'; category := 'all'; RETURN NEXT;
        dimension := 'outcome'; category := c.outcome;
        IF category IS NOT NULL THEN RETURN NEXT; END IF;
        dimension := 'step'; category := (bb_stat_keys('step'))[step + 1]; RETURN NEXT;
        dimension := 'days'; category := (c.closed_on - c.reported_on)::text; RETURN NEXT;
        dimension := 'share';
        category := CASE WHEN step >= 2 THEN 'started_' ELSE 'unstarted_' END
                    || CASE WHEN resolved THEN 'resolved' ELSE 'other' END;
        RETURN NEXT;
        IF resolved THEN
            dimension := 'resolved_source'; category := c.source; RETURN NEXT;
        END IF;
    END IF;

    IF c.intake_at IS NOT NULL THEN
        fact := 'intake';
        day := bb_stat_day(c.intake_at);
        dimension := 'days'; category := greatest(day - c.reported_on, 0)::text; RETURN NEXT;
    END IF;

    IF c.closed_on IS NULL OR c.reported_on < c.closed_on THEN
        -- The report's day, and the days of its events after it while open, each once.
        changes := ARRAY[c.reported_on];
        FOR i IN 1 .. coalesce(cardinality(c.status_at), 0) LOOP
            t := bb_stat_day(c.status_at[i]);
            days[i] := t;
            IF t > c.reported_on AND (c.closed_on IS NULL OR t < c.closed_on)
               AND t <> ALL (changes) THEN
                changes := changes || t;
            END IF;
        END LOOP;
        FOR i IN 2 .. cardinality(changes) LOOP -- into order: a few elements
            t := changes[i];
            last := i - 1;
            WHILE last >= 1 AND changes[last] > t LOOP
                changes[last + 1] := changes[last];
                last := last - 1;
            END LOOP;
            changes[last + 1] := t;
        END LOOP;
        fact := 'open';
        dimension := 'status';
        FOR k IN 1 .. cardinality(changes) LOOP
            last := 0;
            FOR i IN 1 .. coalesce(cardinality(days), 0) LOOP
                IF days[i] <= changes[k] THEN
                    last := i;
                END IF;
            END LOOP;
            category := coalesce(c.status_to[last], 'aangemeld');
            day := changes[k]; n := 1; key_sum := c.record_key; RETURN NEXT;
            day := coalesce(changes[k + 1], c.closed_on); n := -1; key_sum := -c.record_key;
            IF day IS NOT NULL THEN RETURN NEXT; END IF;
        END LOOP;
    END IF;
END $$;

-- stat_day of an organisation as it should be, from stat_case (without the zero rows: a day
-- on which as many cases left a status as entered it stays, for its keys). It only reads: the
-- planner may run it in parallel (when it is not part of a write).
CREATE OR REPLACE FUNCTION bb_stat_day_fresh(p_org uuid)
RETURNS SETOF stat_day LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT f.org_id, f.fact, f.day, f.dimension, f.category, sum(f.n)::bigint,
           sum(f.key_sum)::bigint
      FROM stat_case c CROSS JOIN LATERAL bb_stat_day_facts(c) AS f
     WHERE c.org_id = p_org
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.n) <> 0 OR sum(f.key_sum) <> 0
$$;

-- Adds the facts of the statement's new rows and subtracts those of its old rows, in one
-- upsert in key order (concurrent writers then wait for each other instead of deadlocking).
-- TG_ARGV[0]: the transition tables the trigger has (new, old or both).
CREATE OR REPLACE FUNCTION stat_day_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'new' THEN
        INSERT INTO stat_day AS s
        SELECT f.org_id, f.fact, f.day, f.dimension, f.category, sum(f.n), sum(f.key_sum)
          FROM new_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) AS f
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE
           SET n = s.n + EXCLUDED.n, key_sum = s.key_sum + EXCLUDED.key_sum;
    ELSIF TG_ARGV[0] = 'old' THEN
        INSERT INTO stat_day AS s
        SELECT f.org_id, f.fact, f.day, f.dimension, f.category, -sum(f.n), -sum(f.key_sum)
          FROM old_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) AS f
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE
           SET n = s.n + EXCLUDED.n, key_sum = s.key_sum + EXCLUDED.key_sum;
    ELSE
        INSERT INTO stat_day AS s
        SELECT d.org_id, d.fact, d.day, d.dimension, d.category, sum(d.n), sum(d.key_sum)
          FROM (SELECT f.* FROM new_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) f
                UNION ALL
                SELECT f.org_id, f.fact, f.day, f.dimension, f.category, -f.n, -f.key_sum
                  FROM old_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) f) AS d
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0 OR sum(d.key_sum) <> 0
         ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE
           SET n = s.n + EXCLUDED.n, key_sum = s.key_sum + EXCLUDED.key_sum;
    END IF;
    DELETE FROM stat_day WHERE n = 0 AND key_sum = 0;
    RETURN NULL;
END $$;

-- A TRUNCATE of a source (TRUNCATE bb_case CASCADE reaches stat_case) empties what follows it.
CREATE OR REPLACE FUNCTION stat_truncate_follower() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %I', TG_ARGV[0]);
    RETURN NULL;
END $$;

-- stat_day follows stat_case, also under session_replication_role = replica (the demo
-- generator's and benchmark's loads); the loader's own rows excepted (bb_stat_loader_writes).
CREATE OR REPLACE TRIGGER stat_day_insert AFTER INSERT ON stat_case
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_day_follow('new');
CREATE OR REPLACE TRIGGER stat_day_update AFTER UPDATE ON stat_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_day_follow('both');
CREATE OR REPLACE TRIGGER stat_day_delete AFTER DELETE ON stat_case
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_day_follow('old');
CREATE OR REPLACE TRIGGER stat_day_truncate AFTER TRUNCATE ON stat_case
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_day');
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_insert,
    ENABLE ALWAYS TRIGGER stat_day_update, ENABLE ALWAYS TRIGGER stat_day_delete,
    ENABLE ALWAYS TRIGGER stat_day_truncate;

-- stat_pair_day: the days each volunteer took part in a contact moment of each case, with the
-- minutes of that day and the day before it that the same volunteer and case met (prev_on).
-- A (volunteer, case) pair met in a period exactly when one of its days in the period has no
-- prev_on in the period: so the cases per active volunteer are a count of rows of the period,
-- with no grouping of hundreds of thousands of pairs. The pairs a statement on
-- stat_participation touched are made again.
CREATE OR REPLACE FUNCTION bb_stat_pair_day_fresh(p_org uuid) RETURNS SETOF stat_pair_day
LANGUAGE sql STABLE AS $$
    SELECT d.org_id, d.volunteer_id, d.case_id, d.day,
           lag(d.day) OVER (PARTITION BY d.volunteer_id, d.case_id ORDER BY d.day), d.minutes
      FROM (SELECT p.org_id, p.volunteer_id, p.case_id, p.contact_on AS day,
                   sum(p.minutes) AS minutes
              FROM stat_participation p WHERE p.org_id = p_org GROUP BY 1, 2, 3, 4) AS d
$$;

-- Makes the pairs the statement touched again. The rows are deleted first: a concurrent
-- writer of the same pair waits for this one to commit, and its insert (a statement of its
-- own, with a fresh snapshot) then sees what this one wrote.
CREATE OR REPLACE FUNCTION stat_pair_day_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vols uuid[];
    cases uuid[];
BEGIN
    IF TG_ARGV[0] = 'new' THEN
        SELECT array_agg(volunteer_id), array_agg(case_id) INTO vols, cases
          FROM (SELECT DISTINCT volunteer_id, case_id FROM new_rows) AS x;
    ELSIF TG_ARGV[0] = 'old' THEN
        SELECT array_agg(volunteer_id), array_agg(case_id) INTO vols, cases
          FROM (SELECT DISTINCT volunteer_id, case_id FROM old_rows) AS x;
    ELSE
        SELECT array_agg(volunteer_id), array_agg(case_id) INTO vols, cases
          FROM (SELECT volunteer_id, case_id FROM new_rows
                UNION SELECT volunteer_id, case_id FROM old_rows) AS x;
    END IF;
    IF vols IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM stat_pair_day s USING unnest(vols, cases) AS x(volunteer_id, case_id)
     WHERE s.volunteer_id = x.volunteer_id AND s.case_id = x.case_id;
    INSERT INTO stat_pair_day AS s
    SELECT d.org_id, d.volunteer_id, d.case_id, d.day,
           lag(d.day) OVER (PARTITION BY d.volunteer_id, d.case_id ORDER BY d.day), d.minutes
      FROM (SELECT p.org_id, p.volunteer_id, p.case_id, p.contact_on AS day,
                   sum(p.minutes) AS minutes
              FROM stat_participation p
              JOIN unnest(vols, cases) AS x(volunteer_id, case_id)
                ON x.volunteer_id = p.volunteer_id AND x.case_id = p.case_id
             GROUP BY 1, 2, 3, 4) AS d
    ON CONFLICT (volunteer_id, case_id, day) DO UPDATE
       SET org_id = EXCLUDED.org_id, prev_on = EXCLUDED.prev_on, minutes = EXCLUDED.minutes;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER stat_pair_day_insert AFTER INSERT ON stat_participation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_pair_day_follow('new');
CREATE OR REPLACE TRIGGER stat_pair_day_update AFTER UPDATE ON stat_participation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_day_follow('both');
CREATE OR REPLACE TRIGGER stat_pair_day_delete AFTER DELETE ON stat_participation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_day_follow('old');
CREATE OR REPLACE TRIGGER stat_pair_day_truncate AFTER TRUNCATE ON stat_participation
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_pair_day');
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_insert,
    ENABLE ALWAYS TRIGGER stat_pair_day_update, ENABLE ALWAYS TRIGGER stat_pair_day_delete,
    ENABLE ALWAYS TRIGGER stat_pair_day_truncate;

-- stat_pair_sum: stat_pair_day summed per organisation, day and prev_on ('-infinity': none),
-- so the pairs and minutes of all volunteers in a period are a few thousand rows. Follows
-- stat_pair_day like stat_day follows stat_case.
CREATE OR REPLACE FUNCTION bb_stat_pair_sum_fresh(p_org uuid) RETURNS SETOF stat_pair_sum
LANGUAGE sql STABLE AS $$
    SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity'), count(*),
           coalesce(sum(d.minutes), 0)
      FROM stat_pair_day d WHERE d.org_id = p_org GROUP BY 1, 2, 3
$$;

CREATE OR REPLACE FUNCTION stat_pair_sum_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'new' THEN
        INSERT INTO stat_pair_sum AS s
        SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity'), count(*),
               coalesce(sum(d.minutes), 0)
          FROM new_rows d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (org_id, day, prev_on) DO UPDATE
           SET n = s.n + EXCLUDED.n, minutes = s.minutes + EXCLUDED.minutes;
    ELSIF TG_ARGV[0] = 'old' THEN
        INSERT INTO stat_pair_sum AS s
        SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity'), -count(*),
               -coalesce(sum(d.minutes), 0)
          FROM old_rows d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (org_id, day, prev_on) DO UPDATE
           SET n = s.n + EXCLUDED.n, minutes = s.minutes + EXCLUDED.minutes;
    ELSE
        INSERT INTO stat_pair_sum AS s
        SELECT x.org_id, x.day, x.prev_on, sum(x.n), sum(x.minutes)
          FROM (SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity') AS prev_on, 1 AS n,
                       coalesce(d.minutes, 0) AS minutes FROM new_rows d
                UNION ALL
                SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity'), -1,
                       -coalesce(d.minutes, 0) FROM old_rows d) AS x
         GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0 OR sum(x.minutes) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (org_id, day, prev_on) DO UPDATE
           SET n = s.n + EXCLUDED.n, minutes = s.minutes + EXCLUDED.minutes;
    END IF;
    DELETE FROM stat_pair_sum WHERE n = 0;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER stat_pair_sum_insert AFTER INSERT ON stat_pair_day
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (bb_stat_loader_writes() IS NOT TRUE)
    EXECUTE FUNCTION stat_pair_sum_follow('new');
CREATE OR REPLACE TRIGGER stat_pair_sum_update AFTER UPDATE ON stat_pair_day
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_sum_follow('both');
CREATE OR REPLACE TRIGGER stat_pair_sum_delete AFTER DELETE ON stat_pair_day
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_sum_follow('old');
CREATE OR REPLACE TRIGGER stat_pair_sum_truncate AFTER TRUNCATE ON stat_pair_day
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_pair_sum');
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_insert,
    ENABLE ALWAYS TRIGGER stat_pair_sum_update, ENABLE ALWAYS TRIGGER stat_pair_sum_delete,
    ENABLE ALWAYS TRIGGER stat_pair_sum_truncate;

-- A record key never changes: the published value of a set of cases must stay what it was.
CREATE OR REPLACE FUNCTION record_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'record_key: % of % cannot change', OLD.record_key, TG_TABLE_NAME
        USING ERRCODE = '42501';
END $$;
CREATE OR REPLACE TRIGGER record_key_fixed BEFORE UPDATE OF record_key ON bb_case
    FOR EACH ROW WHEN (NEW.record_key IS DISTINCT FROM OLD.record_key)
    EXECUTE FUNCTION record_key_fixed();
CREATE OR REPLACE TRIGGER record_key_fixed BEFORE UPDATE OF record_key ON referral
    FOR EACH ROW WHEN (NEW.record_key IS DISTINCT FROM OLD.record_key)
    EXECUTE FUNCTION record_key_fixed();
CREATE OR REPLACE TRIGGER record_key_fixed BEFORE UPDATE OF record_key ON volunteer
    FOR EACH ROW WHEN (NEW.record_key IS DISTINCT FROM OLD.record_key)
    EXECUTE FUNCTION record_key_fixed();

-- stat_day made again where it is empty while there are cases: after 0015 added the record
-- keys (and emptied it), on the first run of this revision. Elsewhere it does nothing.
INSERT INTO stat_day
SELECT f.* FROM organisation o CROSS JOIN LATERAL bb_stat_day_fresh(o.id) AS f
 WHERE NOT EXISTS (SELECT 1 FROM stat_day);
