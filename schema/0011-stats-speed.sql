-- 0011-stats-speed: faster figures (issue 6), and no figures of made-up periods for reporters.
--
-- stat_day: per organisation and day, how many cases each fact holds for (reported that day by
-- source, closed that day by outcome, days from report to closing, ...), and how the open
-- caseload by status changed that day. A period's case figures are then sums over its days
-- (a few thousand rows) instead of a scan of every case in it (half a million for a year over
-- a million cases). Derived from stat_case alone: statement triggers on stat_case add what the
-- new rows say and subtract what the old rows said, so whatever keeps stat_case (bb_stat_refresh,
-- bb_stat_rebuild, a cascade from bb_case) keeps stat_day. bb_stat_day_fresh() computes it
-- from scratch; a test compares the two.
--
-- The entry points bb_stat_report, bb_stat_first_report and bb_stat_parameters are left as
-- they are (0009 makes them SECURITY DEFINER); the blocks they call are replaced here.
-- bb_stat_reports_by_quarter does its own work, so it is replaced (at the end), as the
-- SECURITY DEFINER entry point with the organisation check 0009 made it. Every block checks the period
-- (bb_stat_period_checked): see there.

CREATE TABLE stat_day (
    org_id    uuid NOT NULL,
    fact      text NOT NULL,   -- reported, closed, intake, open
    day       date NOT NULL,
    dimension text NOT NULL,
    category  text NOT NULL,
    n         bigint NOT NULL, -- open: the change of the caseload that day; else a count
    PRIMARY KEY (org_id, fact, day, dimension, category)
);

-- The facts of one case for stat_day, each with n = 1 (open: +1 or -1).
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
CREATE FUNCTION bb_stat_day_facts(c stat_case)
RETURNS TABLE (org_id uuid, fact text, day date, dimension text, category text, n bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH closed AS (
        SELECT CASE WHEN c.nazorg_on <= c.closed_on THEN 4
                    WHEN c.joint_on <= c.closed_on THEN 3
                    WHEN c.apart_on <= c.closed_on THEN 2
                    WHEN c.intake_on IS NOT NULL OR c.intake_at IS NOT NULL THEN 1
                    ELSE 0 END AS step,
               c.outcome IN ('opgelost', 'deels_opgelost') AS resolved
         WHERE c.closed_on IS NOT NULL
    ), ev AS (
        SELECT bb_stat_day(u.at) AS day, u.i FROM unnest(c.status_at) WITH ORDINALITY AS u(at, i)
    ), changes AS (
        -- The days its status may change while open, and the status from that day on.
        SELECT x.day, coalesce((SELECT c.status_to[max(ev.i)::integer] FROM ev WHERE ev.day <= x.day),
                               'aangemeld') AS status
          FROM (SELECT c.reported_on AS day
                UNION SELECT ev.day FROM ev
                 WHERE ev.day > c.reported_on AND (c.closed_on IS NULL OR ev.day < c.closed_on))
               AS x
         WHERE c.closed_on IS NULL OR c.reported_on < c.closed_on
    ), spans AS (
        SELECT changes.status, changes.day AS since,
               coalesce(lead(changes.day) OVER (ORDER BY changes.day), c.closed_on) AS until
          FROM changes
    )
    SELECT c.org_id, 'reported', c.reported_on, f.dimension, f.category, 1::bigint
      FROM (VALUES ('total', 'all'), ('source', c.source),
                   ('area', coalesce(c.area, 'onbekend'))) AS f(dimension, category)
    UNION ALL
    SELECT c.org_id, 'reported', c.reported_on, 'type', t.key, 1 FROM unnest(c.conflict_types) AS t(key)
    UNION ALL
    SELECT c.org_id, 'closed', c.closed_on, f.dimension, f.category, 1
      FROM closed CROSS JOIN LATERAL (VALUES
           ('total', 'all'), ('outcome', c.outcome),
           ('step', (bb_stat_keys('step'))[closed.step + 1]),
           ('days', (c.closed_on - c.reported_on)::text),
           ('share', CASE WHEN closed.step >= 2 THEN 'started_' ELSE 'unstarted_' END
                     || CASE WHEN closed.resolved THEN 'resolved' ELSE 'other' END),
           ('resolved_source', CASE WHEN closed.resolved THEN c.source END))
           AS f(dimension, category)
     WHERE f.category IS NOT NULL
    UNION ALL
    SELECT c.org_id, 'intake', bb_stat_day(c.intake_at), 'days',
           greatest(bb_stat_day(c.intake_at) - c.reported_on, 0)::text, 1
     WHERE c.intake_at IS NOT NULL
    UNION ALL
    SELECT c.org_id, 'open', spans.since, 'status', spans.status, 1 FROM spans
    UNION ALL
    SELECT c.org_id, 'open', spans.until, 'status', spans.status, -1 FROM spans
     WHERE spans.until IS NOT NULL
$$;

-- stat_day of an organisation as it should be, from stat_case (without the zero rows).
CREATE FUNCTION bb_stat_day_fresh(p_org uuid)
RETURNS SETOF stat_day LANGUAGE sql STABLE AS $$
    SELECT f.org_id, f.fact, f.day, f.dimension, f.category, sum(f.n)::bigint
      FROM stat_case c CROSS JOIN LATERAL bb_stat_day_facts(c) AS f
     WHERE c.org_id = p_org
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.n) <> 0
$$;

-- Rows that came to zero go; this index finds them.
CREATE INDEX stat_day_zero ON stat_day (org_id) WHERE n = 0;

-- Adds the facts of the statement's new rows and subtracts those of its old rows, in one
-- upsert in key order (concurrent writers then wait for each other instead of deadlocking).
-- TG_ARGV[0]: the transition tables the trigger has (new, old or both).
CREATE FUNCTION stat_day_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'new' THEN
        INSERT INTO stat_day AS s
        SELECT f.org_id, f.fact, f.day, f.dimension, f.category, sum(f.n)
          FROM new_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) AS f
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE SET n = s.n + EXCLUDED.n;
    ELSIF TG_ARGV[0] = 'old' THEN
        INSERT INTO stat_day AS s
        SELECT f.org_id, f.fact, f.day, f.dimension, f.category, -sum(f.n)
          FROM old_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) AS f
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE SET n = s.n + EXCLUDED.n;
    ELSE
        INSERT INTO stat_day AS s
        SELECT d.org_id, d.fact, d.day, d.dimension, d.category, sum(d.n)
          FROM (SELECT f.* FROM new_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) f
                UNION ALL
                SELECT f.org_id, f.fact, f.day, f.dimension, f.category, -f.n
                  FROM old_rows c CROSS JOIN LATERAL bb_stat_day_facts(c::stat_case) f) AS d
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, fact, day, dimension, category) DO UPDATE SET n = s.n + EXCLUDED.n;
    END IF;
    DELETE FROM stat_day WHERE n = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER stat_day_insert AFTER INSERT ON stat_case REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_day_follow('new');
CREATE TRIGGER stat_day_update AFTER UPDATE ON stat_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_day_follow('both');
CREATE TRIGGER stat_day_delete AFTER DELETE ON stat_case REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_day_follow('old');
-- Also under session_replication_role = replica (the demo generator's and benchmark's loads).
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_insert;
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_update;
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_delete;

-- A TRUNCATE of a source (TRUNCATE bb_case CASCADE reaches stat_case) empties what follows it.
CREATE FUNCTION stat_truncate_follower() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %I', TG_ARGV[0]);
    RETURN NULL;
END $$;
CREATE TRIGGER stat_day_truncate AFTER TRUNCATE ON stat_case
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_day');
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_truncate;

INSERT INTO stat_day
SELECT f.* FROM organisation o CROSS JOIN LATERAL bb_stat_day_fresh(o.id) AS f;

-- The sums over the days of a period of one fact: (dimension, category, n).
CREATE FUNCTION bb_stat_day_sums(p_org uuid, p_fact text, p_from date, p_to date)
RETURNS TABLE (dimension text, category text, n bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.dimension, s.category, sum(s.n)::bigint FROM stat_day s
     WHERE s.org_id = p_org AND s.fact = p_fact AND s.day BETWEEN p_from AND p_to
     GROUP BY 1, 2
$$;

-- stat_pair_day: the days each volunteer took part in a contact moment of each case, with the
-- minutes of that day and the day before it that the same volunteer and case met (prev_on).
-- A (volunteer, case) pair met in a period exactly when one of its days in the period has no
-- prev_on in the period: so the cases per active volunteer are a count of rows of the period,
-- with no grouping of hundreds of thousands of pairs. Derived from stat_participation by the
-- triggers below (the pairs a statement touched are made again); bb_stat_pair_day_fresh()
-- computes it from scratch, and a test compares the two.
CREATE TABLE stat_pair_day (
    org_id       uuid NOT NULL,
    volunteer_id uuid NOT NULL,
    case_id      uuid NOT NULL,
    day          date NOT NULL,
    prev_on      date,
    minutes      bigint,
    PRIMARY KEY (volunteer_id, case_id, day)
);
CREATE INDEX stat_pair_day_by_day ON stat_pair_day (org_id, day)
    INCLUDE (volunteer_id, prev_on, minutes);
CREATE INDEX stat_pair_day_by_volunteer ON stat_pair_day (volunteer_id, day)
    INCLUDE (org_id, prev_on, minutes);
CREATE INDEX stat_participation_pair ON stat_participation (volunteer_id, case_id);

-- stat_pair_day of an organisation as it should be, from stat_participation.
CREATE FUNCTION bb_stat_pair_day_fresh(p_org uuid) RETURNS SETOF stat_pair_day
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
CREATE FUNCTION stat_pair_day_follow() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER stat_pair_day_insert AFTER INSERT ON stat_participation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_day_follow('new');
CREATE TRIGGER stat_pair_day_update AFTER UPDATE ON stat_participation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_day_follow('both');
CREATE TRIGGER stat_pair_day_delete AFTER DELETE ON stat_participation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_day_follow('old');
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_insert;
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_update;
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_delete;
CREATE TRIGGER stat_pair_day_truncate AFTER TRUNCATE ON stat_participation
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_pair_day');
ALTER TABLE stat_participation ENABLE ALWAYS TRIGGER stat_pair_day_truncate;

-- stat_pair_sum: stat_pair_day summed per organisation, day and prev_on ('-infinity': none),
-- so the pairs and minutes of all volunteers in a period are a few thousand rows. Follows
-- stat_pair_day like stat_day follows stat_case; bb_stat_pair_sum_fresh() from scratch.
CREATE TABLE stat_pair_sum (
    org_id  uuid NOT NULL,
    day     date NOT NULL,
    prev_on date NOT NULL,
    n       bigint NOT NULL,
    minutes bigint NOT NULL,
    PRIMARY KEY (org_id, day, prev_on)
);
CREATE INDEX stat_pair_sum_zero ON stat_pair_sum (org_id) WHERE n = 0;

CREATE FUNCTION bb_stat_pair_sum_fresh(p_org uuid) RETURNS SETOF stat_pair_sum
LANGUAGE sql STABLE AS $$
    SELECT d.org_id, d.day, coalesce(d.prev_on, '-infinity'), count(*),
           coalesce(sum(d.minutes), 0)
      FROM stat_pair_day d WHERE d.org_id = p_org GROUP BY 1, 2, 3
$$;

CREATE FUNCTION stat_pair_sum_follow() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER stat_pair_sum_insert AFTER INSERT ON stat_pair_day
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_sum_follow('new');
CREATE TRIGGER stat_pair_sum_update AFTER UPDATE ON stat_pair_day
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_sum_follow('both');
CREATE TRIGGER stat_pair_sum_delete AFTER DELETE ON stat_pair_day
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stat_pair_sum_follow('old');
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_insert;
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_update;
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_delete;
CREATE TRIGGER stat_pair_sum_truncate AFTER TRUNCATE ON stat_pair_day
    FOR EACH STATEMENT EXECUTE FUNCTION stat_truncate_follower('stat_pair_sum');
ALTER TABLE stat_pair_day ENABLE ALWAYS TRIGGER stat_pair_sum_truncate;

INSERT INTO stat_pair_day
SELECT f.* FROM organisation o CROSS JOIN LATERAL bb_stat_pair_day_fresh(o.id) AS f;

-- Covering indexes for the blocks that read the source tables (referrals, follow-ups): their
-- rows of a period without a visit to the table.
CREATE INDEX referral_figures_by_practice ON referral (practice_id, referred_on)
    INCLUDE (id, hours, cost_cents);
CREATE INDEX referral_figures_by_date ON referral (org_id, referred_on) INCLUDE (cost_cents);
CREATE INDEX referral_figures_closed ON referral (org_id, closed_on) INCLUDE (outcome)
    WHERE status = 'afgerond';
CREATE INDEX followup_figures ON followup (org_id, followup_on)
    INCLUDE (case_id, melder_improved, wederpartij_improved, created_at, id);
DROP INDEX followup_by_day_answers;

-- Figures of any period could be subtracted from each other: a year minus 364 of its days
-- gives the one day left, hidden or not. So the figures are computed only for the periods an
-- export offers: a calendar quarter, half year or year, or the pilot (from its first report to
-- today in the Netherlands, or the day before or after it, for a client's clock near midnight).
-- Other periods (bbctl stats --from/--to) only for a login that may read the cases anyway
-- (SELECT on bb_case); a reporter gets an error naming the period. session_user: the login,
-- also inside a SECURITY DEFINER function. docs/metrics.md, "Safe to publish".
CREATE FUNCTION bb_stat_period_standard(p_org uuid, p_from date, p_to date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN p_to = (p_from + interval '3 months' - interval '1 day')::date
           AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) IN (1, 4, 7, 10)
       OR p_to = (p_from + interval '6 months' - interval '1 day')::date
           AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) IN (1, 7)
       OR p_to = (p_from + interval '1 year' - interval '1 day')::date
           AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) = 1
       OR p_to BETWEEN bb_stat_day(now()) - 1 AND bb_stat_day(now()) + 1
           AND p_from = coalesce((SELECT min(c.reported_on) FROM stat_case c
                                   WHERE c.org_id = p_org), p_to);

-- p_from when the period may be computed for this login, else an error (SQLSTATE 42501).
CREATE FUNCTION bb_stat_period_checked(p_org uuid, p_from date, p_to date) RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF p_from IS NULL OR p_to IS NULL OR bb_stat_period_standard(p_org, p_from, p_to)
       OR has_table_privilege(session_user, 'bb_case', 'SELECT') THEN
        RETURN p_from;
    END IF;
    RAISE EXCEPTION 'period: % to % is not a quarter, half year, year or the pilot', p_from, p_to
        USING ERRCODE = '42501',
              HINT = 'Figures of other periods could be subtracted from published ones.';
END $$;

-- bb_stat_k after checking the period: what every block calls, so no block runs on a period
-- the login may not have.
CREATE FUNCTION bb_stat_k_checked(p_org uuid, p_k integer, p_from date, p_to date)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN bb_stat_period_checked(p_org, p_from, p_to) IS NULL AND p_from IS NOT NULL
            THEN NULL ELSE bb_stat_k(p_org, p_k) END;

-- The blocks of 0007 again, now summing stat_day; what they compute is unchanged (see there
-- and docs/metrics.md for the definitions).

CREATE OR REPLACE FUNCTION bb_stat_block_reported(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS MATERIALIZED (
        SELECT * FROM bb_stat_day_sums(p_org, 'reported', p_from, p_to)
    ), areas AS (
        SELECT ARRAY(SELECT a.name FROM area a WHERE a.org_id = p_org ORDER BY a.name)
               || CASE WHEN EXISTS (SELECT 1 FROM g WHERE g.dimension = 'area'
                                       AND g.category = 'onbekend' AND g.n > 0)
                        AND NOT EXISTS (SELECT 1 FROM area a
                                         WHERE a.org_id = p_org AND a.name = 'onbekend')
                       THEN '{onbekend}'::text[] ELSE '{}' END AS keys
    )
    SELECT p.* FROM bb_stat_protect(
        ARRAY[(SELECT bb_stat_cell('reports_new', 'total', 'all', coalesce(sum(g.n), 0),
                                   coalesce(sum(g.n), 0)) FROM g WHERE g.dimension = 'total')]
        || (SELECT bb_stat_cells('reports_new', 'source', bb_stat_keys('source'),
                                 array_agg(g.category), array_agg(g.n)) FROM g
             WHERE g.dimension = 'source')
        || (SELECT bb_stat_cells('reports_new', 'type', bb_stat_keys('type'),
                                 array_agg(g.category), array_agg(g.n)) FROM g
             WHERE g.dimension = 'type')
        || (SELECT bb_stat_cells('reports_new', 'area', areas.keys,
                                 ARRAY(SELECT g.category FROM g WHERE g.dimension = 'area'),
                                 ARRAY(SELECT g.n FROM g WHERE g.dimension = 'area'))
              FROM areas),
        bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
$$;

CREATE OR REPLACE FUNCTION bb_stat_block_closed(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS MATERIALIZED (
        SELECT * FROM bb_stat_day_sums(p_org, 'closed', p_from, p_to)
    ), k AS (
        SELECT bb_stat_k_checked(p_org, p_k, p_from, p_to) AS k
    ), w AS (
        SELECT h.partner, h.ord, coalesce(sum(g.n), 0) AS n,
               coalesce(sum(g.n), 0) * h.hours AS hours
          FROM bb_stat_hours_avoided(p_org) WITH ORDINALITY AS h(partner, hours, ord)
          LEFT JOIN g ON g.dimension = 'resolved_source' AND g.category = h.partner
         GROUP BY h.partner, h.ord, h.hours
    ), counted AS (
        SELECT p.* FROM k, bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('cases_closed', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0)) FROM g WHERE g.dimension = 'total')]
            || (SELECT bb_stat_cells('cases_closed', 'outcome', bb_stat_keys('outcome'),
                                     array_agg(g.category), array_agg(g.n)) FROM g
                 WHERE g.dimension = 'outcome')
            || ARRAY[(SELECT bb_stat_cell('step_reached', 'total', 'all', coalesce(sum(g.n), 0),
                                          coalesce(sum(g.n), 0)) FROM g WHERE g.dimension = 'total')]
            || (SELECT bb_stat_cells('step_reached', 'step', bb_stat_keys('step'),
                                     array_agg(g.category), array_agg(g.n)) FROM g
                 WHERE g.dimension = 'step')
            || ARRAY[(SELECT bb_stat_cell('workload_avoided_hours', 'total', 'all', sum(w.n),
                                          sum(w.hours)) FROM w)]
            || ARRAY(SELECT bb_stat_cell('workload_avoided_hours', 'partner', w.partner, w.n,
                                         w.hours) FROM w ORDER BY w.ord),
            k.k) AS p
    ), sh AS (
        SELECT coalesce(sum(g.n) FILTER (WHERE g.category = 'started_resolved'), 0) AS resolved,
               coalesce(sum(g.n) FILTER (WHERE g.category LIKE 'started_%'), 0) AS started,
               coalesce(sum(g.n) FILTER (WHERE g.category = 'unstarted_resolved'), 0) AS other
          FROM g WHERE g.dimension = 'share'
    ), share AS (
        SELECT bb_stat_share(sh.resolved::bigint, sh.started::bigint, k.k,
                   sh.other BETWEEN 1 AND k.k - 1
                   OR EXISTS (SELECT 1 FROM counted c WHERE c.metric = 'cases_closed'
                                 AND c.category IN ('opgelost', 'deels_opgelost')
                                 AND c.suppressed)) AS v
          FROM k, sh
    ), lead AS (
        SELECT coalesce(sum(g.n), 0)::bigint AS n,
               bb_stat_percentile(0.5, array_agg(g.category::integer), array_agg(g.n)) AS p50,
               bb_stat_percentile(0.9, array_agg(g.category::integer), array_agg(g.n)) AS p90
          FROM g WHERE g.dimension = 'days'
    )
    SELECT * FROM counted
    UNION ALL
    SELECT 'share_resolved', 'total', 'all', share.v, share.v IS NULL, false, 1001 FROM share
    UNION ALL
    SELECT 'lead_time_close_days', 'total', 'median', bb_stat_over(lead.p50, lead.n),
           bb_stat_over(lead.p50, lead.n) IS NULL, false, 1002 FROM lead
    UNION ALL
    SELECT 'lead_time_close_days', 'total', 'p90', bb_stat_over(lead.p90, lead.n),
           bb_stat_over(lead.p90, lead.n) IS NULL, false, 1003 FROM lead
$$;

CREATE OR REPLACE FUNCTION bb_stat_block_intake(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH lead AS (
        SELECT coalesce(sum(g.n), 0)::bigint AS n,
               bb_stat_percentile(0.5, array_agg(g.category::integer), array_agg(g.n)) AS p50,
               bb_stat_percentile(0.9, array_agg(g.category::integer), array_agg(g.n)) AS p90
          FROM bb_stat_day_sums(p_org, 'intake', bb_stat_period_checked(p_org, p_from, p_to),
                                p_to) AS g
    )
    SELECT 'lead_time_intake_days', 'total', 'median', bb_stat_over(lead.p50, lead.n),
           bb_stat_over(lead.p50, lead.n) IS NULL, false, 1::bigint FROM lead
    UNION ALL
    SELECT 'lead_time_intake_days', 'total', 'p90', bb_stat_over(lead.p90, lead.n),
           bb_stat_over(lead.p90, lead.n) IS NULL, false, 2 FROM lead
$$;

-- The open caseload at the end of p_to: the changes of every day up to it, summed.
CREATE OR REPLACE FUNCTION bb_stat_block_open(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT g.category AS status, g.n
          FROM bb_stat_day_sums(p_org, 'open', '-infinity', p_to) AS g
         WHERE g.n <> 0
    ), p AS (
        SELECT p.* FROM bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('open_at_end', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0)) FROM g)]
            || (SELECT bb_stat_cells('open_at_end', 'status', bb_stat_keys('open_status'),
                                     array_agg(g.status), array_agg(g.n)) FROM g),
            bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
    )
    SELECT * FROM p
    UNION ALL
    SELECT 'waiting_intake', 'total', 'all', p.value, p.suppressed, p.small, 1001
      FROM p WHERE p.dimension = 'status' AND p.category = 'aangemeld'
$$;

-- The other blocks of 0007 unchanged but for the check of the period.
CREATE OR REPLACE FUNCTION bb_stat_block_referrals(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (
        SELECT p.name AS practice, count(r.id) AS n, coalesce(sum(r.hours), 0) AS hours,
               round(coalesce(sum(r.cost_cents), 0) / 100.0, 2) AS euros
          FROM practice p
          LEFT JOIN referral r ON r.practice_id = p.id AND r.referred_on BETWEEN p_from AND p_to
         WHERE p.org_id = p_org GROUP BY p.name
    ), o AS (
        SELECT r.outcome, count(*) AS n FROM referral r
         WHERE r.org_id = p_org AND r.status = 'afgerond' AND r.closed_on BETWEEN p_from AND p_to
         GROUP BY r.outcome
    ), y AS (
        SELECT count(*) AS n, round(coalesce(sum(r.cost_cents), 0) / 100.0, 2) AS euros
          FROM referral r
         WHERE r.org_id = p_org
           AND r.referred_on BETWEEN make_date(extract(year FROM p_to)::integer, 1, 1) AND p_to
    ), b AS (
        SELECT round(sum(b.amount_cents) / 100.0, 2) AS euros FROM practice_budget b
         WHERE b.org_id = p_org AND b.year = extract(year FROM p_to)
    ), p AS (
        SELECT x.* FROM bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('referrals', 'total', 'all', coalesce(sum(m.n), 0),
                                       coalesce(sum(m.n), 0)) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referrals', 'practice', m.practice, m.n, m.n)
                       FROM m ORDER BY m.practice)
            || (SELECT bb_stat_cells('referrals', 'outcome', bb_stat_keys('outcome'),
                                     array_agg(o.outcome), array_agg(o.n)) FROM o)
            || ARRAY[(SELECT bb_stat_cell('referral_hours', 'total', 'all', coalesce(sum(m.n), 0),
                                          trim_scale(coalesce(sum(m.hours), 0))) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referral_hours', 'practice', m.practice, m.n,
                                         trim_scale(m.hours)) FROM m ORDER BY m.practice)
            || ARRAY[(SELECT bb_stat_cell('referral_cost', 'total', 'all', coalesce(sum(m.n), 0),
                                          coalesce(sum(m.euros), 0.00)) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referral_cost', 'practice', m.practice, m.n, m.euros)
                       FROM m ORDER BY m.practice)
            || ARRAY[(SELECT bb_stat_cell('referral_cost', 'total', 'year_to_date', y.n, y.euros)
                        FROM y)],
            bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS x
    )
    SELECT * FROM p
    UNION ALL
    SELECT 'referral_cost', 'total', 'budget', b.euros, false, false, 1001 FROM b WHERE b.euros > 0
    UNION ALL
    SELECT 'referral_cost', 'total', 'budget_used_pct',
           CASE WHEN NOT p.suppressed THEN round(100 * p.value / b.euros, 1) END, p.suppressed,
           false, 1002
      FROM b, p WHERE b.euros > 0 AND p.metric = 'referral_cost' AND p.category = 'year_to_date'
$$;

CREATE OR REPLACE FUNCTION bb_stat_block_volunteers(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH st AS MATERIALIZED (
        SELECT DISTINCT ON (v.volunteer_id) v.volunteer_id, v.status
          FROM volunteer_status_event v
         WHERE v.org_id = p_org AND v.since <= p_to
         ORDER BY v.volunteer_id, v.since DESC, v.id DESC
    ), g AS (
        SELECT st.status, count(*) AS n FROM st GROUP BY st.status
    ), everyone AS (
        -- The pairs that met in the period (at their first day in it) and the minutes, of all
        -- volunteers: from the sums per day.
        SELECT coalesce(sum(d.n) FILTER (WHERE d.prev_on < p_from), 0) AS cases,
               coalesce(sum(d.minutes), 0) AS minutes
          FROM stat_pair_sum d WHERE d.org_id = p_org AND d.day BETWEEN p_from AND p_to
    ), others AS (
        -- The same of the volunteers not active at the end (far fewer), to take off: one
        -- index range per such volunteer.
        SELECT coalesce(sum(x.cases), 0) AS cases, coalesce(sum(x.minutes), 0) AS minutes
          FROM volunteer v
          CROSS JOIN LATERAL (
               SELECT count(*) FILTER (WHERE d.prev_on IS NULL OR d.prev_on < p_from) AS cases,
                      sum(d.minutes) AS minutes
                 FROM stat_pair_day d
                WHERE d.volunteer_id = v.id AND d.day BETWEEN p_from AND p_to
                  AND d.org_id = p_org) AS x
         WHERE v.org_id = p_org
           AND NOT EXISTS (SELECT 1 FROM st WHERE st.volunteer_id = v.id AND st.status = 'actief')
    ), work AS (
        SELECT everyone.cases - others.cases AS cases, everyone.minutes - others.minutes AS minutes
          FROM everyone, others
    ), a AS (
        SELECT bb_stat_over(work.cases::numeric / nullif(act.n, 0), act.n) AS cases,
               bb_stat_over(work.minutes / 60.0 / nullif(act.n, 0), act.n) AS hours
          FROM work, (SELECT count(*) AS n FROM st WHERE st.status = 'actief') AS act
    )
    SELECT p.* FROM bb_stat_protect(
        (SELECT bb_stat_cells('volunteers', 'status', bb_stat_keys('volunteer_status'),
                              array_agg(g.status), array_agg(g.n)) FROM g),
        bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
    UNION ALL
    SELECT 'volunteers', 'total', 'cases_per_active', a.cases, a.cases IS NULL, false, 1001 FROM a
    UNION ALL
    SELECT 'volunteers', 'total', 'hours_per_active', a.hours, a.hours IS NULL, false, 1002 FROM a
$$;

CREATE OR REPLACE FUNCTION bb_stat_block_followup(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH last AS (
        SELECT DISTINCT ON (f.case_id) f.melder_improved AS a, f.wederpartij_improved AS b
          FROM followup f
         WHERE f.org_id = p_org AND f.followup_on BETWEEN p_from AND p_to
           AND num_nonnulls(f.melder_improved, f.wederpartij_improved) > 0
         ORDER BY f.case_id, f.followup_on DESC, f.created_at DESC, f.id DESC
    ), s AS (
        SELECT bb_stat_share(count(*) FILTER (WHERE 'nee' IS DISTINCT FROM last.a
                                                AND 'nee' IS DISTINCT FROM last.b),
                             count(*), bb_stat_k_checked(p_org, p_k, p_from, p_to), false) AS v
          FROM last
    )
    SELECT 'followup_improved', 'total', 'all', s.v, s.v IS NULL, false, 1::bigint FROM s
$$;

-- The reports per quarter from stat_day, with the same check. An entry point for reporters, as
-- 0009 made it: SECURITY DEFINER with a fixed search_path, the caller's organisation only.
CREATE OR REPLACE FUNCTION bb_stat_reports_by_quarter(p_org uuid, p_from date, p_to date,
                                                      p_k integer DEFAULT NULL)
RETURNS TABLE (quarter text, value numeric, suppressed boolean, small boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET jit = off AS $$
    SELECT bb_require_org(p_org);
    WITH q AS (
        SELECT d::date AS q0
          FROM generate_series(date_trunc('quarter', p_from), p_to, interval '3 months') AS d
    ), g AS (
        SELECT date_trunc('quarter', s.day)::date AS q0, sum(s.n) AS n
          FROM stat_day s
         WHERE s.org_id = p_org AND s.fact = 'reported' AND s.dimension = 'total'
           AND s.day BETWEEN p_from AND p_to
         GROUP BY 1
    )
    SELECT p.category, p.value, p.suppressed, p.small
      FROM bb_stat_protect(
           ARRAY(SELECT bb_stat_cell('reports_new', 'quarter', to_char(q.q0, 'YYYY-"Q"Q'),
                                     coalesce(g.n, 0), coalesce(g.n, 0))
                   FROM q LEFT JOIN g ON g.q0 = q.q0 ORDER BY q.q0),
           bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
     ORDER BY p.ord
$$;

-- Row-level security for the new tables, as 0009 gives every table: the triggers that keep
-- them run as the coordinator whose write changed a case.
SELECT bb_rls_attach('stat_day');
SELECT bb_rls_attach('stat_pair_day');
SELECT bb_rls_attach('stat_pair_sum');
