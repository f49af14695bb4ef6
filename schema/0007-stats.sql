-- 0007-stats: the pilot's figures (bbctl stats, bbctl export) as functions.
--
-- bb_stat_<metric>(org, from, to, k) returns the rows (dimension, category, value, suppressed)
-- of one metric for the days from..to (both included); bb_stat_report(org, from, to, k) all of
-- them. Every row is already safe to publish: counts 1..k-1 hidden, complements hidden, no
-- share, median or average on a base under bb_stat_min_base(). Callers (lib/stats/, later a
-- reporter role that may only EXECUTE these) never read a table themselves. Only plain
-- categorical columns are read, never a key or a personal field. docs/metrics.md defines each
-- metric next to its query. SECURITY INVOKER for now: the access-control issue makes them
-- SECURITY DEFINER. Speed (a year over a million cases in seconds): the case figures read
-- stat_case, a narrow per-case table kept by triggers, and each group of metrics is one index
-- scan and one aggregation (bb_stat_block_*); the per-metric functions pick from a block.

-- One result row of a metric.
CREATE TYPE bb_stat_row AS (dimension text, category text, value numeric, suppressed boolean);

-- One cell before suppression: n is the number of cases (or people, or referrals) behind the
-- value; suppression looks at n and publishes value. n NULL: not a count (a budget).
CREATE TYPE bb_stat_cell AS (metric text, dimension text, category text, n bigint, value numeric);

-- The threshold k: the organisation's export.k (default 5); a caller may ask for a higher one,
-- never a lower one, so no caller publishes smaller counts than the setting allows.
CREATE FUNCTION bb_stat_k(p_org uuid, p_k integer) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN greatest(coalesce(p_k, 0), coalesce((SELECT s.value::integer FROM setting s
        WHERE s.org_id = p_org AND s.key = 'export.k' AND s.value ~ '^[0-9]{1,3}$'), 5));

-- No share, median or average is published on a base smaller than this.
CREATE FUNCTION bb_stat_min_base() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 10;

-- A whole-number setting of the organisation, or fallback when it was never set.
CREATE FUNCTION bb_stat_setting(p_org uuid, p_key text, p_fallback integer) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce((SELECT s.value::integer FROM setting s
        WHERE s.org_id = p_org AND s.key = p_key AND s.value ~ '^[0-9]{1,3}$'), p_fallback);

-- Hours of partner work one resolved case saves, per referring partner: an estimate the
-- steering committee sets (bbctl config set stats.hours_avoided.politie 4). The defaults are
-- also libbb's (lib/registry/config.c); a test compares them.
CREATE FUNCTION bb_stat_hours_avoided(p_org uuid)
RETURNS TABLE (partner text, hours integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.partner, bb_stat_setting(p_org, 'stats.hours_avoided.' || p.partner, p.fallback)
      FROM (VALUES ('politie', 4, 1), ('woningcorporatie', 4, 2), ('gemeente', 2, 3))
           AS p(partner, fallback, ord)
     ORDER BY p.ord
$$;

-- The parameters an export states beside its figures: k, the minimum base and the hours.
CREATE FUNCTION bb_stat_parameters(p_org uuid, p_k integer DEFAULT NULL)
RETURNS TABLE (key text, value integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT 'export.k', bb_stat_k(p_org, p_k)
    UNION ALL SELECT 'min_base', bb_stat_min_base()
    UNION ALL SELECT 'stats.hours_avoided.' || h.partner, h.hours
                FROM bb_stat_hours_avoided(p_org) h
$$;

-- Event times are cut into days in the Netherlands, whatever the session's time zone, so a
-- figure does not depend on the client that asks.
CREATE FUNCTION bb_stat_day_start(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN d::timestamp AT TIME ZONE 'Europe/Amsterdam';

CREATE FUNCTION bb_stat_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (t AT TIME ZONE 'Europe/Amsterdam')::date;

-- The keys of a category list in their documented order (lib/registry/vocab.c has the same;
-- a test compares them), the open statuses, the steps of a case and the partners.
CREATE FUNCTION bb_stat_keys(p_list text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE p_list
    WHEN 'source' THEN '{zelfmelder,politie,woningcorporatie,gemeente,welzijn,zorg,anders}'
    WHEN 'type' THEN '{geluid_personen,geluid_apparatuur,huisdieren,kinderen,tuin_erfgrens,'
        'bomen_beplanting,parkeren,rommel_vuilnis,stank_rook,pesten,intimidatie,'
        'roddel_communicatie,leefgewoonten,vernielingen,overig}'
    WHEN 'outcome' THEN '{opgelost,deels_opgelost,niet_opgelost,niet_bemiddelbaar,'
        'vanzelf_opgelost,verhuisd,ingetrokken,geen_contact}'
    WHEN 'open_status' THEN '{aangemeld,intake,lopend,nazorg,in_de_wacht,doorverwezen}'
    WHEN 'volunteer_status' THEN '{aangemeld,in_opleiding,gecertificeerd,actief,gestopt}'
    WHEN 'step' THEN '{melding,intake,aparte_gesprekken,bemiddelingsgesprek,nazorg}'
    WHEN 'partner' THEN '{politie,woningcorporatie,gemeente}'
    END::text[];

-- Cells of (metric, dimension), one per key of p_keys in that order, with the counts of the
-- pairs p_got_keys/p_got_n and zero for a key that did not occur.
CREATE FUNCTION bb_stat_cells(p_metric text, p_dim text, p_keys text[], p_got_keys text[],
                              p_got_n bigint[])
RETURNS bb_stat_cell[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT ROW(p_metric, p_dim, k.key, coalesce(g.n, 0), coalesce(g.n, 0))::bb_stat_cell
               FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord)
               LEFT JOIN (SELECT u.key, sum(u.n)::bigint AS n
                            FROM unnest(p_got_keys, p_got_n) AS u(key, n) GROUP BY u.key) AS g
                      ON g.key = k.key
              ORDER BY k.ord);

CREATE FUNCTION bb_stat_cell(p_metric text, p_dim text, p_cat text, p_n numeric, p_value numeric)
RETURNS bb_stat_cell LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(p_metric, p_dim, p_cat, p_n::bigint, p_value)::bb_stat_cell;

-- Suppression (docs/metrics.md, "Safe to publish"). Primary: a cell whose n is 1..k-1 is
-- hidden; zero is shown. Complementary: when exactly one cell of a (metric, dimension) other
-- than total is hidden, the smallest other non-zero cell of it is hidden too, so the hidden
-- one cannot be recovered as the total minus the rest. small tells a cell hidden for being
-- small (shown as "<k") from one hidden as a complement. Rows keep the order of the cells.
CREATE FUNCTION bb_stat_protect(p_cells bb_stat_cell[], p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH c AS (
        SELECT o.metric, o.dimension, o.category, o.n, o.value, o.ord,
               coalesce(o.n BETWEEN 1 AND p_k - 1, false) AS first_hidden
          FROM unnest(p_cells) WITH ORDINALITY AS o(metric, dimension, category, n, value, ord)
    ), lone AS (
        SELECT c.metric, c.dimension FROM c WHERE c.dimension <> 'total'
         GROUP BY c.metric, c.dimension HAVING count(*) FILTER (WHERE c.first_hidden) = 1
    ), partner AS (
        SELECT DISTINCT ON (c.metric, c.dimension) c.ord
          FROM c JOIN lone ON lone.metric = c.metric AND lone.dimension = c.dimension
         WHERE NOT c.first_hidden AND c.n > 0
         ORDER BY c.metric, c.dimension, c.n, c.ord
    )
    SELECT c.metric, c.dimension, c.category,
           CASE WHEN h.hidden THEN NULL ELSE c.value END, h.hidden, c.first_hidden, c.ord
      FROM c CROSS JOIN LATERAL (
           SELECT c.first_hidden OR c.ord IN (SELECT partner.ord FROM partner) AS hidden) AS h
     ORDER BY c.ord
$$;

-- A share in percent (one decimal) of num out of base, or hidden: on a base under the
-- minimum, when num or base - num is a small count (1..k-1) that the share would reveal, or
-- when p_linked (a count it can be combined with is hidden elsewhere).
CREATE FUNCTION bb_stat_share(p_num bigint, p_base bigint, p_k integer, p_linked boolean)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_base < bb_stat_min_base() OR p_num BETWEEN 1 AND p_k - 1
                 OR p_base - p_num BETWEEN 1 AND p_k - 1 OR p_linked THEN NULL
            ELSE round(100.0 * p_num / p_base, 1) END;

-- A figure over a group (median, 90th percentile, average) published only on a base of at
-- least the minimum, with one decimal at most.
CREATE FUNCTION bb_stat_over(p_value numeric, p_base bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_base >= bb_stat_min_base() THEN trim_scale(round(p_value, 1)) END;

-- percentile_cont(p) of the whole numbers p_vals, each occurring p_counts times: the value at
-- 0-based position p * (N - 1) of the sorted multiset, interpolated between its neighbours.
-- NULL when empty. (A histogram, so the cases need not be sorted one by one.)
CREATE FUNCTION bb_stat_percentile(p_p numeric, p_vals integer[], p_counts bigint[])
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH h AS (
        SELECT u.v, sum(u.n) OVER (ORDER BY u.v) AS cum
          FROM (SELECT v, sum(n) AS n FROM unnest(p_vals, p_counts) AS x(v, n) GROUP BY v) AS u
    ), r AS (
        SELECT p_p * (max(h.cum) - 1) AS pos FROM h
    )
    SELECT lo.v + (r.pos - floor(r.pos)) * (hi.v - lo.v)
      FROM r,
           LATERAL (SELECT h.v FROM h WHERE h.cum > floor(r.pos) ORDER BY h.v LIMIT 1) AS lo,
           LATERAL (SELECT h.v FROM h WHERE h.cum > ceil(r.pos) ORDER BY h.v LIMIT 1) AS hi
$$;

-- The plain columns of each case and what its events, contact moments and follow-ups say
-- about its progress: one narrow row per case. Derived data: the statement triggers below
-- keep it, whoever writes (a second client, the demo generator's COPY); bb_stat_rebuild()
-- makes it again from scratch, and a test compares the two.
CREATE TABLE stat_case (
    case_id        uuid PRIMARY KEY REFERENCES bb_case (id) ON DELETE CASCADE,
    org_id         uuid NOT NULL,
    reported_on    date NOT NULL,
    closed_on      date,
    source         text NOT NULL,
    area           text,
    conflict_types text[] NOT NULL,
    outcome        text,
    intake_on      date,
    intake_at      timestamptz,    -- first move into a status past the report
    apart_on       date,           -- first huisbezoek_a or huisbezoek_b
    joint_on       date,           -- first bemiddelingsgesprek or pendelgesprek
    nazorg_on      date,           -- first nazorgcontact or follow-up
    status_at      timestamptz[] NOT NULL DEFAULT '{}', -- the status events but afgesloten,
    status_to      text[] NOT NULL DEFAULT '{}'         -- in their order: status at a moment
);
CREATE INDEX stat_case_reported ON stat_case (org_id, reported_on)
    INCLUDE (source, area, conflict_types);
CREATE INDEX stat_case_closed ON stat_case (org_id, closed_on)
    INCLUDE (reported_on, source, outcome, intake_on, intake_at, apart_on, joint_on, nazorg_on)
    WHERE closed_on IS NOT NULL;
CREATE INDEX stat_case_intake ON stat_case (org_id, intake_at) INCLUDE (reported_on)
    WHERE intake_at IS NOT NULL;
-- Open at the end of day d: d in [reported_on, closed_on).
CREATE INDEX stat_case_open ON stat_case USING gist (daterange(reported_on, closed_on, '[)'));

-- What the status events of a case say: its first move past the report, and its statuses
-- but afgesloten with their moments, in their order.
CREATE FUNCTION bb_stat_event_facts(p_case uuid)
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
CREATE FUNCTION bb_stat_progress_facts(p_case uuid)
RETURNS TABLE (apart_on date, joint_on date, nazorg_on date)
LANGUAGE sql STABLE AS $$
    SELECT min(t.contact_on) FILTER (WHERE t.kind IN ('huisbezoek_a', 'huisbezoek_b')),
           min(t.contact_on) FILTER (WHERE t.kind IN ('bemiddelingsgesprek', 'pendelgesprek')),
           least(min(t.contact_on) FILTER (WHERE t.kind = 'nazorgcontact'),
                 (SELECT min(f.followup_on) FROM followup f WHERE f.case_id = p_case))
      FROM contact t WHERE t.case_id = p_case
$$;

-- The facts of the cases p_ids as they should be, from the source tables (one index probe
-- per case and table).
CREATE FUNCTION bb_stat_facts(p_ids uuid[]) RETURNS SETOF stat_case LANGUAGE sql STABLE AS $$
    SELECT c.id, c.org_id, c.reported_on, c.closed_on, c.source, c.area, c.conflict_types,
           c.outcome, c.intake_on, e.intake_at, t.apart_on, t.joint_on, t.nazorg_on, e.status_at,
           e.status_to
      FROM bb_case c, bb_stat_event_facts(c.id) AS e, bb_stat_progress_facts(c.id) AS t
     WHERE c.id = ANY (p_ids)
$$;

-- Brings the facts of the cases p_ids up to date. The rows are locked first, so the
-- recomputation, a statement of its own with a fresh snapshot, sees what a concurrent writer
-- of the same case committed; a row is written only when it changed.
CREATE FUNCTION bb_stat_refresh(p_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM stat_case WHERE case_id = ANY (p_ids) ORDER BY case_id FOR UPDATE;
    INSERT INTO stat_case AS s SELECT * FROM bb_stat_facts(p_ids)
    ON CONFLICT (case_id) DO UPDATE SET (org_id, reported_on, closed_on, source, area,
        conflict_types, outcome, intake_on, intake_at, apart_on, joint_on, nazorg_on, status_at,
        status_to) = (SELECT (EXCLUDED).org_id, (EXCLUDED).reported_on, (EXCLUDED).closed_on,
        (EXCLUDED).source, (EXCLUDED).area, (EXCLUDED).conflict_types, (EXCLUDED).outcome,
        (EXCLUDED).intake_on, (EXCLUDED).intake_at, (EXCLUDED).apart_on, (EXCLUDED).joint_on,
        (EXCLUDED).nazorg_on, (EXCLUDED).status_at, (EXCLUDED).status_to)
     WHERE s IS DISTINCT FROM EXCLUDED;
END $$;

-- Who took part in which contact moment, with the moment's organisation, case, day and
-- minutes: what the volunteer figures read (one index range per period instead of a join of
-- all contact moments). Kept by the triggers below, remade by bb_stat_rebuild().
CREATE TABLE stat_participation (
    contact_id   uuid NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    volunteer_id uuid NOT NULL,
    org_id       uuid NOT NULL,
    case_id      uuid NOT NULL,
    contact_on   date NOT NULL,
    minutes      integer,
    PRIMARY KEY (contact_id, volunteer_id)
);
CREATE INDEX stat_participation_by_day ON stat_participation (org_id, contact_on)
    INCLUDE (volunteer_id, case_id, minutes);

-- Brings the participations of the contact moments p_contacts up to date. The moments are
-- locked first (against a concurrent edit of them), then read afresh.
CREATE FUNCTION bb_stat_refresh_participation(p_contacts uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM contact WHERE id = ANY (p_contacts) ORDER BY id FOR SHARE;
    DELETE FROM stat_participation p
     WHERE p.contact_id = ANY (p_contacts)
       AND NOT EXISTS (SELECT 1 FROM contact_volunteer cv
                        WHERE cv.contact_id = p.contact_id AND cv.volunteer_id = p.volunteer_id);
    INSERT INTO stat_participation AS p
    SELECT cv.contact_id, cv.volunteer_id, t.org_id, t.case_id, t.contact_on, t.minutes
      FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id
     WHERE cv.contact_id = ANY (p_contacts)
    ON CONFLICT (contact_id, volunteer_id) DO UPDATE
       SET org_id = EXCLUDED.org_id, case_id = EXCLUDED.case_id,
           contact_on = EXCLUDED.contact_on, minutes = EXCLUDED.minutes
     WHERE p IS DISTINCT FROM EXCLUDED;
END $$;

-- Writes are collected per transaction and their facts refreshed once, when it commits: a load
-- of a million rows (the demo generator's COPY) costs one set-based refresh, not one per
-- statement. stat_dirty holds what a transaction touched ('c': a case, 'p': a contact moment's
-- participants); its stat_pending row fires the refresh as a deferred trigger.
CREATE UNLOGGED TABLE stat_dirty (
    xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
    kind "char" NOT NULL,
    id   uuid NOT NULL,
    PRIMARY KEY (xid, kind, id)
);
CREATE UNLOGGED TABLE stat_pending (xid xid8 PRIMARY KEY);

-- Statement trigger: marks what the statement touched. TG_ARGV: the kind, the column with the
-- id, the transition table (new_rows or old_rows).
CREATE FUNCTION stat_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO stat_dirty (kind, id) SELECT DISTINCT %L, %I FROM %I'
                   ' ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
    INSERT INTO stat_pending VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION stat_flush() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE CONSTRAINT TRIGGER stat_pending_flush AFTER INSERT ON stat_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stat_flush();

-- The statement triggers that mark, as data: on each table whose rows say something about a
-- case's facts ('c') or a contact moment's participants ('p'). They fire under
-- session_replication_role = replica too (the demo generator's fast path).
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT 'stat_' || t.tbl || e.suffix AS name, e.event, t.tbl,
               format('%s TABLE AS %s_rows FOR EACH STATEMENT'
                      ' EXECUTE FUNCTION stat_mark(%L, %L, %L)',
                      e.rows, lower(e.rows), t.kind, t.col, lower(e.rows) || '_rows') AS how
          FROM (VALUES ('case_event', 'c', 'case_id'), ('contact', 'c', 'case_id'),
                       ('followup', 'c', 'case_id'), ('contact_volunteer', 'p', 'contact_id'))
               AS t(tbl, kind, col),
               (VALUES ('_insert', 'INSERT', 'NEW'), ('_update', 'UPDATE', 'NEW'),
                       ('_delete', 'DELETE', 'OLD'), ('_update_old', 'UPDATE', 'OLD'))
               AS e(suffix, event, rows)
        UNION ALL VALUES
            ('stat_case_insert', 'INSERT', 'bb_case', 'NEW TABLE AS new_rows FOR EACH STATEMENT'
             ' EXECUTE FUNCTION stat_mark(''c'', ''id'', ''new_rows'')'),
            ('stat_case_update', 'UPDATE', 'bb_case', 'NEW TABLE AS new_rows FOR EACH STATEMENT'
             ' EXECUTE FUNCTION stat_mark(''c'', ''id'', ''new_rows'')'),
            ('stat_contact_moved', 'UPDATE', 'contact', 'NEW TABLE AS new_rows FOR EACH STATEMENT'
             ' EXECUTE FUNCTION stat_mark(''p'', ''id'', ''new_rows'')')
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s', r.name, r.event, r.tbl,
                       r.how);
        EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', r.tbl, r.name);
    END LOOP;
    ALTER TABLE stat_pending ENABLE ALWAYS TRIGGER stat_pending_flush;
END $$;

-- Makes the facts (stat_case, stat_participation) of an organisation (of every one when p_org
-- is NULL) again from the source tables in one pass; returns the number of cases.
CREATE FUNCTION bb_stat_rebuild(p_org uuid DEFAULT NULL) RETURNS bigint
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
    SELECT cv.contact_id, cv.volunteer_id, t.org_id, t.case_id, t.contact_on, t.minutes
      FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id
     WHERE p_org IS NULL OR t.org_id = p_org;
    RETURN n;
END $$;

DO $$ BEGIN PERFORM bb_stat_rebuild(); END $$;

-- The day of the first report: where the period "pilot" begins (NULL without cases).
CREATE FUNCTION bb_stat_first_report(p_org uuid) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (SELECT min(c.reported_on) FROM stat_case c WHERE c.org_id = p_org);

-- The metrics, in blocks that share one scan. Each block returns (metric, dimension, category,
-- value, suppressed, ord); ord orders the rows of a metric.

-- reports_new: cases reported in the period (reported_on), in total, by referral source, by
-- conflict type (a case counts once for each of its types) and by area ('onbekend': none).
CREATE FUNCTION bb_stat_block_reported(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT c.source, coalesce(c.area, 'onbekend') AS area, c.conflict_types, count(*) AS n
          FROM stat_case c
         WHERE c.org_id = p_org AND c.reported_on BETWEEN p_from AND p_to
         GROUP BY 1, 2, 3
    ), s AS (
        SELECT g.source AS key, sum(g.n)::bigint AS n FROM g GROUP BY 1
    ), a AS (
        SELECT g.area AS key, sum(g.n)::bigint AS n FROM g GROUP BY 1
    ), t AS (
        SELECT u.key, sum(g.n)::bigint AS n FROM g CROSS JOIN unnest(g.conflict_types) AS u(key)
         GROUP BY 1
    ), areas AS (
        SELECT ARRAY(SELECT a.name FROM area a WHERE a.org_id = p_org ORDER BY a.name)
               || CASE WHEN EXISTS (SELECT 1 FROM g WHERE g.area = 'onbekend')
                        AND NOT EXISTS (SELECT 1 FROM area a
                                         WHERE a.org_id = p_org AND a.name = 'onbekend')
                       THEN '{onbekend}'::text[] ELSE '{}' END AS keys
    )
    SELECT p.* FROM bb_stat_protect(
        ARRAY[(SELECT bb_stat_cell('reports_new', 'total', 'all', coalesce(sum(g.n), 0),
                                   coalesce(sum(g.n), 0)) FROM g)]
        || (SELECT bb_stat_cells('reports_new', 'source', bb_stat_keys('source'),
                                 array_agg(s.key), array_agg(s.n)) FROM s)
        || (SELECT bb_stat_cells('reports_new', 'type', bb_stat_keys('type'), array_agg(t.key),
                                 array_agg(t.n)) FROM t)
        || (SELECT bb_stat_cells('reports_new', 'area', areas.keys,
                                 ARRAY(SELECT a.key FROM a), ARRAY(SELECT a.n FROM a))
              FROM areas),
        bb_stat_k(p_org, p_k)) AS p
$$;

-- The reports of the period per calendar quarter (clipped to the period), for the charts:
-- category "2024-Q3". They add up to reports_new's total, so they are protected as a
-- dimension of it ('quarter'); not one of the published dimensions of the CSV.
CREATE FUNCTION bb_stat_reports_by_quarter(p_org uuid, p_from date, p_to date,
                                           p_k integer DEFAULT NULL)
RETURNS TABLE (quarter text, value numeric, suppressed boolean, small boolean)
LANGUAGE sql STABLE PARALLEL SAFE SET jit = off AS $$
    WITH q AS (
        SELECT d::date AS q0
          FROM generate_series(date_trunc('quarter', p_from), p_to, interval '3 months') AS d
    ), g AS (
        SELECT date_trunc('quarter', c.reported_on)::date AS q0, count(*) AS n
          FROM stat_case c
         WHERE c.org_id = p_org AND c.reported_on BETWEEN p_from AND p_to
         GROUP BY 1
    )
    SELECT p.category, p.value, p.suppressed, p.small
      FROM bb_stat_protect(
           ARRAY(SELECT bb_stat_cell('reports_new', 'quarter', to_char(q.q0, 'YYYY-"Q"Q'),
                                     coalesce(g.n, 0), coalesce(g.n, 0))
                   FROM q LEFT JOIN g ON g.q0 = q.q0 ORDER BY q.q0),
           bb_stat_k(p_org, p_k)) AS p
     ORDER BY p.ord
$$;

-- The cases closed in the period (closed_on), grouped by outcome, source, days from report to
-- closing, and the furthest step reached by the closing day: 0 melding, 1 intake (decided, or
-- the case moved past the report), 2 aparte_gesprekken (huisbezoek_a/b), 3 bemiddelingsgesprek
-- (joint or shuttle meeting), 4 nazorg (nazorgcontact or a follow-up). Mediation started:
-- step 2 or more.
CREATE FUNCTION bb_stat_closed_groups(p_org uuid, p_from date, p_to date)
RETURNS TABLE (outcome text, source text, step integer, days integer, n bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT c.outcome, c.source,
           CASE WHEN c.nazorg_on <= c.closed_on THEN 4
                WHEN c.joint_on <= c.closed_on THEN 3
                WHEN c.apart_on <= c.closed_on THEN 2
                WHEN c.intake_on IS NOT NULL OR c.intake_at IS NOT NULL THEN 1
                ELSE 0 END,
           c.closed_on - c.reported_on, count(*)
      FROM stat_case c
     WHERE c.org_id = p_org AND c.closed_on BETWEEN p_from AND p_to
     GROUP BY 1, 2, 3, 4
$$;

-- cases_closed (total, by outcome); step_reached (total, by step); workload_avoided_hours (an
-- estimate: resolved cases, opgelost or deels_opgelost, that a partner referred, times its
-- hours per case; total and by partner); share_resolved (of the cases in which mediation
-- started, the percentage resolved; hidden also when a count it can be combined with is: the
-- outcome cells opgelost and deels_opgelost, or the resolved cases that did not start);
-- lead_time_close_days (closed_on - reported_on: median and 90th percentile).
CREATE FUNCTION bb_stat_block_closed(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT g.*, g.outcome IN ('opgelost', 'deels_opgelost') AS resolved
          FROM bb_stat_closed_groups(p_org, p_from, p_to) AS g
    ), o AS (
        SELECT g.outcome AS key, sum(g.n)::bigint AS n FROM g GROUP BY 1
    ), st AS (
        SELECT (bb_stat_keys('step'))[g.step + 1] AS key, sum(g.n)::bigint AS n FROM g GROUP BY 1
    ), d AS (
        SELECT g.days, sum(g.n)::bigint AS n FROM g GROUP BY 1
    ), k AS (
        SELECT bb_stat_k(p_org, p_k) AS k
    ), w AS (
        SELECT h.partner, h.ord, coalesce(sum(g.n), 0) AS n,
               coalesce(sum(g.n), 0) * h.hours AS hours
          FROM bb_stat_hours_avoided(p_org) WITH ORDINALITY AS h(partner, hours, ord)
          LEFT JOIN g ON g.source = h.partner AND g.resolved
         GROUP BY h.partner, h.ord, h.hours
    ), counted AS (
        SELECT p.* FROM k, bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('cases_closed', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0)) FROM g)]
            || (SELECT bb_stat_cells('cases_closed', 'outcome', bb_stat_keys('outcome'),
                                     array_agg(o.key), array_agg(o.n)) FROM o)
            || ARRAY[(SELECT bb_stat_cell('step_reached', 'total', 'all', coalesce(sum(g.n), 0),
                                          coalesce(sum(g.n), 0)) FROM g)]
            || (SELECT bb_stat_cells('step_reached', 'step', bb_stat_keys('step'),
                                     array_agg(st.key), array_agg(st.n)) FROM st)
            || ARRAY[(SELECT bb_stat_cell('workload_avoided_hours', 'total', 'all', sum(w.n),
                                          sum(w.hours)) FROM w)]
            || ARRAY(SELECT bb_stat_cell('workload_avoided_hours', 'partner', w.partner, w.n,
                                         w.hours) FROM w ORDER BY w.ord),
            k.k) AS p
    ), share AS (
        SELECT bb_stat_share(
                   coalesce(sum(g.n) FILTER (WHERE g.step >= 2 AND g.resolved), 0)::bigint,
                   coalesce(sum(g.n) FILTER (WHERE g.step >= 2), 0)::bigint, k.k,
                   coalesce(sum(g.n) FILTER (WHERE g.step < 2 AND g.resolved), 0)
                       BETWEEN 1 AND k.k - 1
                   OR EXISTS (SELECT 1 FROM counted c WHERE c.metric = 'cases_closed'
                                 AND c.category IN ('opgelost', 'deels_opgelost')
                                 AND c.suppressed)) AS v
          FROM k LEFT JOIN g ON true GROUP BY k.k
    ), lead AS (
        SELECT coalesce(sum(d.n), 0)::bigint AS n,
               bb_stat_percentile(0.5, array_agg(d.days), array_agg(d.n)) AS p50,
               bb_stat_percentile(0.9, array_agg(d.days), array_agg(d.n)) AS p90
          FROM d
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

-- lead_time_intake_days: days from report to intake of the cases whose intake began in the
-- period: the day (in the Netherlands) of the case's first move into a status past the report
-- (intake, lopend, nazorg, doorverwezen: bb_case_past_intake) minus reported_on; median and
-- 90th percentile.
CREATE FUNCTION bb_stat_block_intake(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT greatest(bb_stat_day(c.intake_at) - c.reported_on, 0) AS days, count(*) AS n
          FROM stat_case c
         WHERE c.org_id = p_org AND c.intake_at >= bb_stat_day_start(p_from)
           AND c.intake_at < bb_stat_day_start(p_to + 1)
         GROUP BY 1
    ), lead AS (
        SELECT coalesce(sum(g.n), 0)::bigint AS n,
               bb_stat_percentile(0.5, array_agg(g.days), array_agg(g.n)) AS p50,
               bb_stat_percentile(0.9, array_agg(g.days), array_agg(g.n)) AS p90
          FROM g
    )
    SELECT 'lead_time_intake_days', 'total', 'median', bb_stat_over(lead.p50, lead.n),
           bb_stat_over(lead.p50, lead.n) IS NULL, false, 1::bigint FROM lead
    UNION ALL
    SELECT 'lead_time_intake_days', 'total', 'p90', bb_stat_over(lead.p90, lead.n),
           bb_stat_over(lead.p90, lead.n) IS NULL, false, 2 FROM lead
$$;

-- open_at_end: cases open at the end of the period (reported on or before its last day, not
-- closed on or before it), in total and by their status then: the status of their last event
-- up to the end of that day other than afgesloten ('aangemeld' when none was recorded yet).
-- waiting_intake: those of them still aangemeld (the same cell, hidden when it is).
CREATE FUNCTION bb_stat_block_open(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT CASE WHEN cardinality(c.status_at) = 0 THEN 'aangemeld'
                    -- Mostly the last event is before the end: no unnesting then.
                    WHEN c.status_at[cardinality(c.status_at)] < bb_stat_day_start(p_to + 1)
                    THEN c.status_to[cardinality(c.status_to)]
                    ELSE coalesce((SELECT u.s FROM unnest(c.status_at, c.status_to)
                                              WITH ORDINALITY AS u(at, s, i)
                                    WHERE u.at < bb_stat_day_start(p_to + 1)
                                    ORDER BY u.i DESC LIMIT 1), 'aangemeld') END AS status,
               count(*) AS n
          FROM stat_case c
         WHERE daterange(c.reported_on, c.closed_on, '[)') @> p_to AND c.org_id = p_org
         GROUP BY 1
    ), p AS (
        SELECT p.* FROM bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('open_at_end', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0)) FROM g)]
            || (SELECT bb_stat_cells('open_at_end', 'status', bb_stat_keys('open_status'),
                                     array_agg(g.status), array_agg(g.n)) FROM g),
            bb_stat_k(p_org, p_k)) AS p
    )
    SELECT * FROM p
    UNION ALL
    SELECT 'waiting_intake', 'total', 'all', p.value, p.suppressed, p.small, 1001
      FROM p WHERE p.dimension = 'status' AND p.category = 'aangemeld'
$$;

-- referrals: referrals to professional mediation made in the period (referred_on), in total
-- and by practice, and those finished (afgerond) in the period by outcome. referral_hours and
-- referral_cost (euros): what the referrals made in the period recorded so far (running ones
-- still grow), in total and by practice, hidden like the count of referrals behind them;
-- referral_cost also against the budget of the calendar year in which the period ends:
-- year_to_date (referrals made from 1 January of that year to the period's end), budget (the
-- practices' budgets of that year; absent when none is set) and budget_used_pct.
CREATE FUNCTION bb_stat_block_referrals(p_org uuid, p_from date, p_to date, p_k integer)
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
            bb_stat_k(p_org, p_k)) AS x
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

-- volunteers: volunteers by status at the end of the period (the last status they entered on
-- or before it, by volunteer_status_event.since); for those active then, the average number
-- of cases they took part in a contact moment of during the period (cases_per_active) and the
-- average hours of those contact moments (hours_per_active).
CREATE FUNCTION bb_stat_block_volunteers(p_org uuid, p_from date, p_to date, p_k integer)
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
    ), pairs AS (
        SELECT p.volunteer_id, p.case_id, sum(p.minutes) AS minutes FROM stat_participation p
         WHERE p.org_id = p_org AND p.contact_on BETWEEN p_from AND p_to
         GROUP BY p.volunteer_id, p.case_id
    ), work AS (
        SELECT count(*) AS cases, coalesce(sum(pairs.minutes), 0) AS minutes
          FROM pairs JOIN st ON st.volunteer_id = pairs.volunteer_id AND st.status = 'actief'
    ), a AS (
        SELECT bb_stat_over(work.cases::numeric / nullif(act.n, 0), act.n) AS cases,
               bb_stat_over(work.minutes / 60.0 / nullif(act.n, 0), act.n) AS hours
          FROM work, (SELECT count(*) AS n FROM st WHERE st.status = 'actief') AS act
    )
    SELECT p.* FROM bb_stat_protect(
        (SELECT bb_stat_cells('volunteers', 'status', bb_stat_keys('volunteer_status'),
                              array_agg(g.status), array_agg(g.n)) FROM g),
        bb_stat_k(p_org, p_k)) AS p
    UNION ALL
    SELECT 'volunteers', 'total', 'cases_per_active', a.cases, a.cases IS NULL, false, 1001 FROM a
    UNION ALL
    SELECT 'volunteers', 'total', 'hours_per_active', a.hours, a.hours IS NULL, false, 1002 FROM a
$$;

-- followup_improved: of the cases with a follow-up (nazorg) in the period that recorded
-- whether the situation improved, the percentage where it did: at the case's last such
-- follow-up in the period at least one party answered 'ja' or 'deels' and none 'nee'.
CREATE FUNCTION bb_stat_block_followup(p_org uuid, p_from date, p_to date, p_k integer)
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
                             count(*), bb_stat_k(p_org, p_k), false) AS v
          FROM last
    )
    SELECT 'followup_improved', 'total', 'all', s.v, s.v IS NULL, false, 1::bigint FROM s
$$;

-- All metrics of the period, in the documented order of the metric keys. small: hidden for
-- being a small count (shown as "<k"), not as a complement.
CREATE FUNCTION bb_stat_report(p_org uuid, p_from date, p_to date, p_k integer DEFAULT NULL)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean)
LANGUAGE sql STABLE PARALLEL SAFE SET jit = off SET work_mem = '64MB' AS $$
    SELECT b.metric, b.dimension, b.category, b.value, b.suppressed, b.small FROM (
        SELECT * FROM bb_stat_block_reported(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_closed(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_intake(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_open(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_referrals(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_volunteers(p_org, p_from, p_to, p_k)
        UNION ALL SELECT * FROM bb_stat_block_followup(p_org, p_from, p_to, p_k)
    ) AS b
    ORDER BY array_position('{reports_new,cases_closed,share_resolved,step_reached,'
        'lead_time_intake_days,lead_time_close_days,open_at_end,waiting_intake,referrals,'
        'referral_hours,referral_cost,volunteers,followup_improved,workload_avoided_hours}'
        ::text[], b.metric), b.ord
$$;

-- One function per metric key (docs/metrics.md): its rows of its block. Only the block of the
-- metric asked for runs (the others' one-time filters are false).
CREATE FUNCTION bb_stat_metric(p_org uuid, p_from date, p_to date, p_k integer, p_metric text)
RETURNS SETOF bb_stat_row
LANGUAGE sql STABLE PARALLEL SAFE SET jit = off SET work_mem = '64MB' AS $$
    SELECT b.dimension, b.category, b.value, b.suppressed FROM (
        SELECT * FROM bb_stat_block_reported(p_org, p_from, p_to, p_k)
         WHERE p_metric = 'reports_new'
        UNION ALL SELECT * FROM bb_stat_block_closed(p_org, p_from, p_to, p_k)
         WHERE p_metric IN ('cases_closed', 'share_resolved', 'step_reached',
                            'lead_time_close_days', 'workload_avoided_hours')
        UNION ALL SELECT * FROM bb_stat_block_intake(p_org, p_from, p_to, p_k)
         WHERE p_metric = 'lead_time_intake_days'
        UNION ALL SELECT * FROM bb_stat_block_open(p_org, p_from, p_to, p_k)
         WHERE p_metric IN ('open_at_end', 'waiting_intake')
        UNION ALL SELECT * FROM bb_stat_block_referrals(p_org, p_from, p_to, p_k)
         WHERE p_metric IN ('referrals', 'referral_hours', 'referral_cost')
        UNION ALL SELECT * FROM bb_stat_block_volunteers(p_org, p_from, p_to, p_k)
         WHERE p_metric = 'volunteers'
        UNION ALL SELECT * FROM bb_stat_block_followup(p_org, p_from, p_to, p_k)
         WHERE p_metric = 'followup_improved'
    ) AS b WHERE b.metric = p_metric ORDER BY b.ord
$$;

-- bb_stat_reports_new, bb_stat_cases_closed, ... bb_stat_workload_avoided_hours: one function
-- per metric key, (p_org, p_from, p_to, p_k DEFAULT NULL) returning its rows.
DO $$
DECLARE
    m text;
BEGIN
    FOREACH m IN ARRAY '{reports_new,cases_closed,share_resolved,step_reached,'
        'lead_time_intake_days,lead_time_close_days,open_at_end,waiting_intake,referrals,'
        'referral_hours,referral_cost,volunteers,followup_improved,workload_avoided_hours}'::text[]
    LOOP
        EXECUTE format('CREATE FUNCTION %I(p_org uuid, p_from date, p_to date,'
                       ' p_k integer DEFAULT NULL) RETURNS SETOF bb_stat_row'
                       ' LANGUAGE sql STABLE PARALLEL SAFE'
                       ' AS $f$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, %L) $f$',
                       'bb_stat_' || m, m);
    END LOOP;
END $$;

-- The follow-ups the figures read, by day.
CREATE INDEX followup_by_day_answers ON followup (org_id, followup_on)
    INCLUDE (case_id, melder_improved, wederpartij_improved);

-- The figures' settings: k from 2 (k = 1 would hide nothing), estimated hours whole.
ALTER TABLE setting ADD CONSTRAINT setting_stats_check CHECK (
    key NOT LIKE 'export.%' AND key NOT LIKE 'stats.%' OR CASE
        WHEN value !~ '^[0-9]{1,3}$' THEN false
        WHEN key = 'export.k' THEN value::int BETWEEN 2 AND 99
        WHEN key IN ('stats.hours_avoided.politie', 'stats.hours_avoided.woningcorporatie',
                     'stats.hours_avoided.gemeente') THEN value::int BETWEEN 1 AND 999
        ELSE false END);
