-- 0010-registry-fixes: registry fixes (issue 4).

-- An area is compared with the other areas, not with itself: a rename changes NEW.name, and
-- 0003 compared by the new name, so a renamed area overlapped with its own old row.
CREATE OR REPLACE FUNCTION area_check_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other text;
    old_name text; -- NULL on INSERT
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_name := OLD.name;
    END IF;
    -- One area writer per organisation at a time, so two concurrent sets cannot overlap.
    PERFORM pg_advisory_xact_lock(hashtext('bb.area:' || NEW.org_id::text));
    SELECT name INTO other FROM area
     WHERE org_id = NEW.org_id AND name <> NEW.name
       AND name IS DISTINCT FROM old_name
       AND postcodes && NEW.postcodes LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'postcodes: % overlaps with area ''%''', NEW.postcodes, other
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END $$;

-- The figures' bulk path (bbctl demo seed). A transaction that loads many cases at once sets
-- bb.stat_bulk (SET LOCAL, so it ends with the transaction): the statement triggers then mark
-- nothing, and the loader ends with one set-based bb_stat_load_org() instead of a refresh
-- case by case at commit. A client that sets it and does not load leaves the figures behind
-- until bb_stat_rebuild(); the derived tables hold no data of their own.
CREATE OR REPLACE FUNCTION stat_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('bb.stat_bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    EXECUTE format('INSERT INTO stat_dirty (kind, id) SELECT DISTINCT %L, %I FROM %I'
                   ' ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
    INSERT INTO stat_pending VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- Makes the facts of an organisation's cases and contact moments again, as bb_stat_facts
-- and bb_stat_rebuild do, but in one pass per source table (hash aggregates) instead of two
-- function calls per case: for the bulk loader, whose organisation held nothing before.
-- Returns the number of cases. It names stat_case's columns: a change of the figures' tables
-- must change this function too (tests/db/test-demo.c compares it with bb_stat_rebuild()).
CREATE FUNCTION bb_stat_load_org(p_org uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM stat_case WHERE org_id = p_org;
    INSERT INTO stat_case (case_id, org_id, reported_on, closed_on, source, area, conflict_types,
                           outcome, intake_on, intake_at, apart_on, joint_on, nazorg_on,
                           status_at, status_to)
    SELECT c.id, c.org_id, c.reported_on, c.closed_on, c.source, c.area, c.conflict_types,
           c.outcome, c.intake_on, e.intake_at, t.apart_on, t.joint_on,
           least(t.nazorg_on, f.followup_on), coalesce(e.status_at, '{}'),
           coalesce(e.status_to, '{}')
      FROM bb_case c
      LEFT JOIN (SELECT ev.case_id,
                        min(ev.at) FILTER (WHERE bb_case_past_intake(ev.to_status)) AS intake_at,
                        array_agg(ev.at ORDER BY ev.seq)
                            FILTER (WHERE ev.to_status <> 'afgesloten') AS status_at,
                        array_agg(ev.to_status ORDER BY ev.seq)
                            FILTER (WHERE ev.to_status <> 'afgesloten') AS status_to
                   FROM case_event ev WHERE ev.org_id = p_org GROUP BY ev.case_id) e
             ON e.case_id = c.id
      LEFT JOIN (SELECT k.case_id,
                        min(k.contact_on) FILTER (WHERE k.kind IN ('huisbezoek_a',
                                                                   'huisbezoek_b')) AS apart_on,
                        min(k.contact_on) FILTER (WHERE k.kind IN ('bemiddelingsgesprek',
                                                                   'pendelgesprek')) AS joint_on,
                        min(k.contact_on) FILTER (WHERE k.kind = 'nazorgcontact') AS nazorg_on
                   FROM contact k WHERE k.org_id = p_org GROUP BY k.case_id) t
             ON t.case_id = c.id
      LEFT JOIN (SELECT fu.case_id, min(fu.followup_on) AS followup_on
                   FROM followup fu WHERE fu.org_id = p_org GROUP BY fu.case_id) f
             ON f.case_id = c.id
     WHERE c.org_id = p_org;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM stat_participation WHERE org_id = p_org;
    INSERT INTO stat_participation (contact_id, volunteer_id, org_id, case_id, contact_on,
                                    minutes)
    SELECT cv.contact_id, cv.volunteer_id, t.org_id, t.case_id, t.contact_on, t.minutes
      FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id
     WHERE t.org_id = p_org;
    RETURN n;
END $$;
