-- retention: what has been kept long enough, and destroying it (docs/admin.md, "Retention").
-- The cut-off counts from the database's clock, in Europe/Amsterdam; a later day than that is
-- refused unless nothing is destroyed, so no caller of these functions can shred ahead of time.
-- revision: 2
--
-- The current definition of every function here (schema/README.md): to change one, edit it
-- here and raise the revision; `bbctl db migrate` then runs this file again.

-- The database's today, the one day every retention run counts from.
CREATE OR REPLACE FUNCTION bb_retention_today() RETURNS date
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date
$$;

-- The period (retention.months, default 24) and the cut-off: closed or stopped before it goes.
-- p_today NULL means the database's today; a later day is refused unless p_look_ahead (a dry
-- run, which destroys nothing).
CREATE OR REPLACE FUNCTION bb_retention_plan(p_org uuid, p_today date, p_look_ahead boolean,
                                             OUT months integer, OUT cutoff date)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    db_today date := bb_retention_today();
BEGIN
    IF p_today > db_today AND NOT coalesce(p_look_ahead, false) THEN
        RAISE EXCEPTION 'today: % is after the database''s today, %: only a dry run may look ahead',
            p_today, db_today USING ERRCODE = '22023';
    END IF;
    months := coalesce((SELECT value::integer FROM setting
                        WHERE org_id = p_org AND key = 'retention.months'), 24);
    cutoff := coalesce(p_today, db_today) - make_interval(months => months);
END
$$;

-- What is due, one row per data key: the year the case was closed (or voided: what is left of
-- a void case is the reason, under a key of its own) or the volunteer stopped.
CREATE OR REPLACE FUNCTION bb_retention_due(p_org uuid, p_cutoff date)
RETURNS TABLE (data_key_id uuid, year integer, is_case boolean)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT c.data_key_id, extract(year FROM c.closed_on)::integer, true FROM bb_case c
     WHERE c.org_id = p_org AND c.status = 'afgesloten' AND c.closed_on < p_cutoff
       AND c.data_key_id IS NOT NULL
    UNION ALL
    SELECT c.data_key_id, extract(year FROM v.on)::integer, true FROM bb_case c
     CROSS JOIN LATERAL (SELECT max(e.at AT TIME ZONE 'Europe/Amsterdam')::date AS on
                           FROM case_event e
                          WHERE e.case_id = c.id AND e.to_status = 'vervallen') v
     WHERE c.org_id = p_org AND c.status = 'vervallen' AND v.on < p_cutoff
       AND c.data_key_id IS NOT NULL
    UNION ALL
    SELECT v.data_key_id, extract(year FROM v.status_since)::integer, false FROM volunteer v
     WHERE v.org_id = p_org AND v.status = 'gestopt' AND v.status_since < p_cutoff
       AND v.data_key_id IS NOT NULL
$$;

-- What a run would destroy, per year of closing (cases) or stopping (volunteers).
CREATE OR REPLACE FUNCTION bb_retention_count(p_org uuid, p_today date)
RETURNS TABLE (year integer, cases bigint, volunteers bigint)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT d.year, count(*) FILTER (WHERE d.is_case), count(*) FILTER (WHERE NOT d.is_case)
      FROM bb_retention_due(p_org, (SELECT cutoff FROM bb_retention_plan(p_org, p_today, true))) d
     GROUP BY d.year ORDER BY d.year
$$;

-- One batch of the run: deletes up to p_batch data keys that are due (cascading to their
-- fields and indexes, and clearing the rows' references) and says what went, per year. No
-- rows: nothing was left to do. A day after the database's today is refused.
CREATE OR REPLACE FUNCTION bb_retention_shred(p_org uuid, p_today date, p_batch integer)
RETURNS TABLE (year integer, cases bigint, volunteers bigint)
LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
    WITH due AS (
        SELECT d.* FROM bb_retention_due(p_org,
                   (SELECT cutoff FROM bb_retention_plan(p_org, p_today, false))) d
         LIMIT greatest(p_batch, 1)
    ), gone AS (
        DELETE FROM data_key k USING due WHERE k.id = due.data_key_id AND k.org_id = p_org
        RETURNING due.year, due.is_case
    )
    SELECT g.year, count(*) FILTER (WHERE g.is_case), count(*) FILTER (WHERE NOT g.is_case)
      FROM gone g GROUP BY g.year ORDER BY g.year
$$;
