-- stats: the pilot's figures (bbctl stats, bbctl export; docs/metrics.md defines each metric).
-- revision: 4
--
-- bb_stat_report(org, from, to, k) returns every metric of the days from..to (both included)
-- as rows (metric, dimension, category, value, suppressed, small); bb_stat_<metric> one of
-- them. Every row is already safe to publish: counts 1..k-1 hidden, complements hidden, no
-- share, median or average on a base under bb_stat_min_base(), and only the periods an
-- export offers for a login that may not read the cases. The entry points libbb calls run as
-- the owner (SECURITY DEFINER), so a reporter needs no SELECT on any table, and each refuses
-- another organisation first. Only plain categorical columns are read, never a key or a
-- personal field. Speed: each group of metrics (bb_stat_block_*) sums the per-day tables that
-- stats-upkeep.sql keeps (stat_day, stat_pair_sum), or reads the source tables' covering
-- indexes (referrals, follow-ups).
--
-- The current definition of every function and grant here (schema/README.md): to change
-- one, edit it here and raise the revision; `bbctl db migrate` then runs this file again.

-- The threshold k: the organisation's export.k (default 5); a caller may ask for a higher one,
-- never a lower one, so no caller publishes smaller counts than the setting allows.
CREATE OR REPLACE FUNCTION bb_stat_k(p_org uuid, p_k integer) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN greatest(coalesce(p_k, 0), coalesce((SELECT s.value::integer FROM setting s
        WHERE s.org_id = p_org AND s.key = 'export.k' AND s.value ~ '^[0-9]{1,3}$'), 5));

-- k is an administrator's choice, from 5 (0014's check) and audit-logged like every setting:
-- a coordinator with psql and a login role of their own cannot lower it or take it away. The
-- owner may (migrations; the embedded database's connection, where libbb checks that the bb
-- user is an administrator).
CREATE OR REPLACE FUNCTION bb_setting_export_k_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (CASE WHEN TG_OP = 'INSERT' THEN false ELSE OLD.key = 'export.k' END
        OR CASE WHEN TG_OP = 'DELETE' THEN false ELSE NEW.key = 'export.k' END)
       AND NOT bb_caller_is_owner() AND NOT bb_caller_has('admin') THEN
        RAISE EXCEPTION 'export.k: only an administrator may change it'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER setting_export_k_guard BEFORE INSERT OR UPDATE OR DELETE ON setting
    FOR EACH ROW EXECUTE FUNCTION bb_setting_export_k_guard();

-- No share, median or average is published on a base smaller than this.
CREATE OR REPLACE FUNCTION bb_stat_min_base() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 10;

-- Sums of hours and euros are rounded to these steps when published (the internal figures
-- are exact).
CREATE OR REPLACE FUNCTION bb_stat_round_step(p_metric text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE p_metric WHEN 'referral_hours' THEN 5 WHEN 'referral_cost' THEN 100 ELSE 1 END;

-- No sum of hours or euros is published when one referral makes more than this share of it
-- (the dominance rule of sdcTable, with n = 1 and k = 85%).
CREATE OR REPLACE FUNCTION bb_stat_dominance_pct() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 85;

-- A whole-number setting of the organisation, or fallback when it was never set.
CREATE OR REPLACE FUNCTION bb_stat_setting(p_org uuid, p_key text, p_fallback integer)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce((SELECT s.value::integer FROM setting s
        WHERE s.org_id = p_org AND s.key = p_key AND s.value ~ '^[0-9]{1,3}$'), p_fallback);

-- Hours of partner work one resolved case saves, per referring partner: an estimate the
-- steering committee sets (bbctl config set stats.hours_avoided.politie 4). The defaults are
-- also libbb's; a test compares them.
CREATE OR REPLACE FUNCTION bb_stat_hours_avoided(p_org uuid)
RETURNS TABLE (partner text, hours integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.partner, bb_stat_setting(p_org, 'stats.hours_avoided.' || p.partner, p.fallback)
      FROM (VALUES ('politie', 4, 1), ('woningcorporatie', 4, 2), ('gemeente', 2, 3))
           AS p(partner, fallback, ord)
     ORDER BY p.ord
$$;

-- The parameters an export states beside its figures: k, the minimum base and the hours. An
-- entry point.
CREATE OR REPLACE FUNCTION bb_stat_parameters(p_org uuid, p_k integer DEFAULT NULL)
RETURNS TABLE (key text, value integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT bb_require_org(p_org);
    SELECT 'export.k', bb_stat_k(p_org, p_k)
    UNION ALL SELECT 'min_base', bb_stat_min_base()
    UNION ALL SELECT 'noise.max_change', 3
    UNION ALL SELECT 'dominance_pct', bb_stat_dominance_pct()
    UNION ALL SELECT 'round.hours', bb_stat_round_step('referral_hours')::integer
    UNION ALL SELECT 'round.euros', bb_stat_round_step('referral_cost')::integer
    UNION ALL SELECT 'stats.hours_avoided.' || h.partner, h.hours
                FROM bb_stat_hours_avoided(p_org) h
$$;
REVOKE ALL ON FUNCTION bb_stat_parameters(uuid, integer)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_stat_parameters(uuid, integer)
    TO bb_admin, bb_coordinator, bb_reporter;

-- The keys of a category list in their documented order (libbb has the same; a test compares
-- them), the open statuses, the steps of a case and the partners.
CREATE OR REPLACE FUNCTION bb_stat_keys(p_list text) RETURNS text[]
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

-- Cells of (metric, dimension), one per key of p_keys in that order, with the counts and key
-- sums of p_got_keys/p_got_n/p_got_sum, and zero for a key that did not occur.
DROP FUNCTION IF EXISTS bb_stat_cells(text, text, text[], text[], bigint[]);
CREATE OR REPLACE FUNCTION bb_stat_cells(p_metric text, p_dim text, p_keys text[],
                                         p_got_keys text[], p_got_n bigint[], p_got_sum bigint[])
RETURNS bb_stat_cell[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT ROW(p_metric, p_dim, k.key, coalesce(g.n, 0), coalesce(g.n, 0),
                        coalesce(g.key_sum, 0), NULL)::bb_stat_cell
               FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord)
               LEFT JOIN (SELECT u.key, sum(u.n)::bigint AS n, sum(u.s)::bigint AS key_sum
                            FROM unnest(p_got_keys, p_got_n, p_got_sum) AS u(key, n, s)
                           GROUP BY u.key) AS g
                      ON g.key = k.key
              ORDER BY k.ord);

-- One cell: n is the number of cases (or people, or referrals) behind the value; n NULL: not a
-- count (a budget). p_key: the sum of their record keys (a count, and a figure that is a count
-- times a constant). p_top: the largest single contribution to a sum of hours or euros (such
-- a cell is not perturbed but checked for dominance and rounded).
DROP FUNCTION IF EXISTS bb_stat_cell(text, text, text, numeric, numeric);
CREATE OR REPLACE FUNCTION bb_stat_cell(p_metric text, p_dim text, p_cat text, p_n numeric,
                                        p_value numeric, p_key numeric DEFAULT NULL,
                                        p_top numeric DEFAULT NULL)
RETURNS bb_stat_cell LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(p_metric, p_dim, p_cat, p_n::bigint, p_value, p_key::bigint, p_top)::bb_stat_cell;

-- The cell-key method (docs/metrics.md, "Disclosure control"). A cell's key is the sum of the
-- record keys of what it counts, modulo 256; the perturbation table gives its change: 0 for
-- 100 of the 256 keys, +1 and -1 for 56 each, +2 and -2 for 21 each, +3 and -3 for one each
-- (largest change 3, variance 298/256 = 1.16, mean 0). The same cases give the same key,
-- whatever the period, query or format, so two overlapping tables differ by noise.
CREATE OR REPLACE FUNCTION bb_stat_noise(p_key bigint) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN p_key % 256 < 100 THEN 0
            WHEN p_key % 256 < 156 THEN 1
            WHEN p_key % 256 < 212 THEN -1
            WHEN p_key % 256 < 233 THEN 2
            WHEN p_key % 256 < 254 THEN -2
            WHEN p_key % 256 = 254 THEN 3
            ELSE -3 END;

-- The published count of n things with key sum p_key: zero stays zero; 1..k-1 is never
-- published (NULL, shown as "<k"); from k on, n plus its noise, never below k.
CREATE OR REPLACE FUNCTION bb_stat_perturbed(p_n bigint, p_key bigint, p_k integer)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_n <= 0 THEN p_n
            WHEN p_n < p_k THEN NULL
            ELSE greatest(p_n + bb_stat_noise(((p_key % 256) + 256) % 256), p_k) END;

-- Protection of a table's cells (docs/metrics.md, "Disclosure control"). p_k 0: the internal
-- figures, exact and nothing hidden. Otherwise each cell on its own, totals too:
-- - a count (and a count times a constant): zero stays zero; 1..k-1 hidden (small: shown as
--   "<k"); else perturbed by its cell key (bb_stat_perturbed), the value scaled with it;
-- - a sum of hours or euros (p_top set): hidden when fewer than k referrals make it or one of
--   them makes more than bb_stat_dominance_pct() of it; else rounded (bb_stat_round_step);
-- - not a count (n NULL: a budget): as it is.
-- Rows keep the order of the cells.
CREATE OR REPLACE FUNCTION bb_stat_protect(p_cells bb_stat_cell[], p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT o.metric, o.dimension, o.category, v.value, v.value IS NULL,
           v.value IS NULL AND o.top IS NULL, o.ord
      FROM unnest(p_cells) WITH ORDINALITY AS o(metric, dimension, category, n, value, cell_key,
                                                top, ord)
     CROSS JOIN LATERAL (SELECT CASE
           WHEN p_k = 0 OR o.n IS NULL THEN o.value
           WHEN o.top IS NOT NULL THEN
                CASE WHEN o.n = 0 THEN o.value
                     WHEN o.n < p_k OR o.top * 100 > o.value * bb_stat_dominance_pct() THEN NULL
                     ELSE round(o.value / bb_stat_round_step(o.metric))
                          * bb_stat_round_step(o.metric) END
           WHEN o.n = 0 THEN o.value
           ELSE round(o.value * bb_stat_perturbed(o.n, o.cell_key, p_k) / o.n) END AS value) AS v
     ORDER BY o.ord
$$;

-- A share in percent of num out of base, computed from the true counts. Internal figures (k
-- 0): one decimal, on any base. Published: a whole percent, hidden on a base under the
-- minimum, when num or base - num is a small count (1..k-1) that the share would reveal, or
-- when p_linked (a count it can be combined with is hidden elsewhere).
DROP FUNCTION IF EXISTS bb_stat_share(bigint, bigint, integer, boolean);
CREATE OR REPLACE FUNCTION bb_stat_share(p_num bigint, p_base bigint, p_k integer, p_linked boolean)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_base = 0 THEN NULL
            WHEN p_k = 0 THEN round(100.0 * p_num / p_base, 1)
            WHEN p_base < bb_stat_min_base() OR p_num BETWEEN 1 AND p_k - 1
                 OR p_base - p_num BETWEEN 1 AND p_k - 1 OR p_linked THEN NULL
            ELSE round(100.0 * p_num / p_base) END;

-- A figure over a group (median, 90th percentile, average) from the true values. Internal
-- figures (k 0): one decimal at most. Published: only on a base of at least the minimum,
-- rounded to p_places decimals (whole days for medians and percentiles).
DROP FUNCTION IF EXISTS bb_stat_over(numeric, bigint);
CREATE OR REPLACE FUNCTION bb_stat_over(p_value numeric, p_base bigint, p_k integer,
                                        p_places integer)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_k = 0 THEN trim_scale(round(p_value, 1))
            WHEN p_base >= bb_stat_min_base() THEN round(p_value, p_places) END;

-- percentile_cont(p) of the whole numbers p_vals, each occurring p_counts times: the value at
-- 0-based position p * (N - 1) of the sorted multiset, interpolated between its neighbours.
-- NULL when empty. (A histogram, so the cases need not be sorted one by one.)
CREATE OR REPLACE FUNCTION bb_stat_percentile(p_p numeric, p_vals integer[], p_counts bigint[])
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

-- The day of the first report: where the period "pilot" begins (NULL without cases). An entry
-- point.
CREATE OR REPLACE FUNCTION bb_stat_first_report(p_org uuid) RETURNS date
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT bb_require_org(p_org);
    SELECT min(c.reported_on) FROM stat_case c WHERE c.org_id = p_org
$$;
REVOKE ALL ON FUNCTION bb_stat_first_report(uuid)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_stat_first_report(uuid) TO bb_admin, bb_coordinator, bb_reporter;

-- The sums over the days of a period of one fact of stat_day: (dimension, category, n,
-- key_sum).
DROP FUNCTION IF EXISTS bb_stat_day_sums(uuid, text, date, date);
CREATE OR REPLACE FUNCTION bb_stat_day_sums(p_org uuid, p_fact text, p_from date, p_to date)
RETURNS TABLE (dimension text, category text, n bigint, key_sum bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.dimension, s.category, sum(s.n)::bigint, sum(s.key_sum)::bigint FROM stat_day s
     WHERE s.org_id = p_org AND s.fact = p_fact AND s.day BETWEEN p_from AND p_to
     GROUP BY 1, 2
$$;

-- The last day of the last calendar quarter that ended before day d: where the pilot's
-- figures end, so that they change once a quarter and not day by day.
CREATE OR REPLACE FUNCTION bb_stat_quarter_end_before(d date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (date_trunc('quarter', d) - interval '1 day')::date;

-- Figures of any period could be subtracted from each other: a year minus 364 of its days
-- gives the one day left, hidden or not, and the pilot ending yesterday from the pilot ending
-- today gives today's; a quarter not over yet grows day by day. So the figures are computed
-- only for the periods an export offers, once they have ended: a calendar quarter, half year
-- or year, or the pilot: from its first report to the end of the last complete quarter (by the day in the Netherlands, or the day before or after it, for a
-- client's clock near midnight). Other periods (bbctl stats --from/--to), and no period at all,
-- only for a login that may read the cases anyway (SELECT on bb_case); a reporter gets an error
-- naming the period. session_user: the login, also inside a SECURITY DEFINER function.
-- docs/metrics.md, "Safe to publish".
CREATE OR REPLACE FUNCTION bb_stat_period_standard(p_org uuid, p_from date, p_to date)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN p_to < bb_stat_day(now())
       AND (p_to = (p_from + interval '3 months' - interval '1 day')::date
            AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) IN (1, 4, 7, 10)
         OR p_to = (p_from + interval '6 months' - interval '1 day')::date
            AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) IN (1, 7)
         OR p_to = (p_from + interval '1 year' - interval '1 day')::date
            AND extract(day FROM p_from) = 1 AND extract(month FROM p_from) = 1)
       OR p_to IN (bb_stat_quarter_end_before(bb_stat_day(now()) - 1),
                   bb_stat_quarter_end_before(bb_stat_day(now()) + 1))
           AND p_from = coalesce((SELECT min(c.reported_on) FROM stat_case c
                                   WHERE c.org_id = p_org), p_to);

-- p_from when the period may be computed for this login, else an error (SQLSTATE 42501).
CREATE OR REPLACE FUNCTION bb_stat_period_checked(p_org uuid, p_from date, p_to date) RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF has_table_privilege(session_user, 'bb_case', 'SELECT')
       OR p_from IS NOT NULL AND p_to IS NOT NULL
          AND bb_stat_period_standard(p_org, p_from, p_to) THEN
        RETURN p_from;
    END IF;
    RAISE EXCEPTION 'period: % to % is not a quarter, half year, year or the pilot that has ended',
                    coalesce(p_from::text, 'NULL'), coalesce(p_to::text, 'NULL')
        USING ERRCODE = '42501',
              HINT = 'Figures of other periods could be subtracted from published ones.';
END $$;

-- The k of a figure: p_k -1 asks for the internal figures, exact and unprotected (k 0 in the
-- blocks), only for a login that may read the cases anyway (SQLSTATE 42501 otherwise); any
-- other p_k as bb_stat_k.
CREATE OR REPLACE FUNCTION bb_stat_k_for(p_org uuid, p_k integer) RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF p_k IS DISTINCT FROM -1 THEN
        RETURN bb_stat_k(p_org, p_k);
    END IF;
    IF has_table_privilege(session_user, 'bb_case', 'SELECT') THEN
        RETURN 0;
    END IF;
    RAISE EXCEPTION 'k: the exact figures are only for a login that may read the cases'
        USING ERRCODE = '42501';
END $$;

-- bb_stat_k_for after checking the period: what every block calls, so no block runs on a
-- period the login may not have.
CREATE OR REPLACE FUNCTION bb_stat_k_checked(p_org uuid, p_k integer, p_from date, p_to date)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN bb_stat_period_checked(p_org, p_from, p_to) IS NULL AND p_from IS NOT NULL
            THEN NULL ELSE bb_stat_k_for(p_org, p_k) END;

-- The cases closed in the period (closed_on), grouped by outcome, source, days from report to
-- closing, and the furthest step reached by the closing day: 0 melding, 1 intake (decided, or
-- the case moved past the report), 2 aparte_gesprekken (huisbezoek_a/b), 3 bemiddelingsgesprek
-- (joint or shuttle meeting), 4 nazorg (nazorgcontact or a follow-up). Mediation started:
-- step 2 or more. (From stat_case; the blocks read the same steps from stat_day.)
CREATE OR REPLACE FUNCTION bb_stat_closed_groups(p_org uuid, p_from date, p_to date)
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

-- The metrics, in blocks that share one pass. Each block returns (metric, dimension,
-- category, value, suppressed, small, ord); ord orders the rows of a metric.

-- reports_new: cases reported in the period (reported_on), in total, by referral source, by
-- conflict type (a case counts once for each of its types) and by area ('onbekend': none).
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
                                   coalesce(sum(g.n), 0), coalesce(sum(g.key_sum), 0))
                 FROM g WHERE g.dimension = 'total')]
        || (SELECT bb_stat_cells('reports_new', 'source', bb_stat_keys('source'),
                                 array_agg(g.category), array_agg(g.n), array_agg(g.key_sum))
              FROM g WHERE g.dimension = 'source')
        || (SELECT bb_stat_cells('reports_new', 'type', bb_stat_keys('type'),
                                 array_agg(g.category), array_agg(g.n), array_agg(g.key_sum))
              FROM g WHERE g.dimension = 'type')
        || (SELECT bb_stat_cells('reports_new', 'area', areas.keys,
                                 ARRAY(SELECT g.category FROM g WHERE g.dimension = 'area'),
                                 ARRAY(SELECT g.n FROM g WHERE g.dimension = 'area'),
                                 ARRAY(SELECT g.key_sum FROM g WHERE g.dimension = 'area'))
              FROM areas),
        bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
$$;

-- cases_closed (total, by outcome); step_reached (total, by step); workload_avoided_hours (an
-- estimate: resolved cases, opgelost or deels_opgelost, that a partner referred, times its
-- hours per case; total and by partner); share_resolved (of the cases in which mediation
-- started, the percentage resolved; hidden also when a count it can be combined with is: the
-- outcome cells opgelost and deels_opgelost, or the resolved cases that did not start);
-- lead_time_close_days (closed_on - reported_on: median and 90th percentile).
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
               coalesce(sum(g.n), 0) * h.hours AS hours, coalesce(sum(g.key_sum), 0) AS key_sum
          FROM bb_stat_hours_avoided(p_org) WITH ORDINALITY AS h(partner, hours, ord)
          LEFT JOIN g ON g.dimension = 'resolved_source' AND g.category = h.partner
         GROUP BY h.partner, h.ord, h.hours
    ), counted AS (
        SELECT p.* FROM k, bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('cases_closed', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0), coalesce(sum(g.key_sum), 0))
                     FROM g WHERE g.dimension = 'total')]
            || (SELECT bb_stat_cells('cases_closed', 'outcome', bb_stat_keys('outcome'),
                                     array_agg(g.category), array_agg(g.n), array_agg(g.key_sum))
                  FROM g WHERE g.dimension = 'outcome')
            || ARRAY[(SELECT bb_stat_cell('step_reached', 'total', 'all', coalesce(sum(g.n), 0),
                                          coalesce(sum(g.n), 0), coalesce(sum(g.key_sum), 0))
                        FROM g WHERE g.dimension = 'total')]
            || (SELECT bb_stat_cells('step_reached', 'step', bb_stat_keys('step'),
                                     array_agg(g.category), array_agg(g.n), array_agg(g.key_sum))
                  FROM g WHERE g.dimension = 'step')
            || ARRAY[(SELECT bb_stat_cell('workload_avoided_hours', 'total', 'all', sum(w.n),
                                          sum(w.hours), sum(w.key_sum)) FROM w)]
            || ARRAY(SELECT bb_stat_cell('workload_avoided_hours', 'partner', w.partner, w.n,
                                         w.hours, w.key_sum) FROM w ORDER BY w.ord),
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
    SELECT 'lead_time_close_days', 'total', 'median', x.p50, x.p50 IS NULL, false, 1002
      FROM lead, k, LATERAL (SELECT bb_stat_over(lead.p50, lead.n, k.k, 0) AS p50) AS x
    UNION ALL
    SELECT 'lead_time_close_days', 'total', 'p90', x.p90, x.p90 IS NULL, false, 1003
      FROM lead, k, LATERAL (SELECT bb_stat_over(lead.p90, lead.n, k.k, 0) AS p90) AS x
$$;

-- lead_time_intake_days: days from report to intake of the cases whose intake began in the
-- period: the day (in the Netherlands) of the case's first move into a status past the report
-- (intake, lopend, nazorg, doorverwezen: bb_case_past_intake) minus reported_on; median and
-- 90th percentile.
CREATE OR REPLACE FUNCTION bb_stat_block_intake(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH k AS (
        SELECT bb_stat_k_checked(p_org, p_k, p_from, p_to) AS k
    ), lead AS (
        SELECT coalesce(sum(g.n), 0)::bigint AS n,
               bb_stat_percentile(0.5, array_agg(g.category::integer), array_agg(g.n)) AS p50,
               bb_stat_percentile(0.9, array_agg(g.category::integer), array_agg(g.n)) AS p90
          FROM bb_stat_day_sums(p_org, 'intake', p_from, p_to) AS g
    ), x AS (
        SELECT bb_stat_over(lead.p50, lead.n, k.k, 0) AS p50,
               bb_stat_over(lead.p90, lead.n, k.k, 0) AS p90
          FROM lead, k
    )
    SELECT 'lead_time_intake_days', 'total', 'median', x.p50, x.p50 IS NULL, false, 1::bigint
      FROM x
    UNION ALL
    SELECT 'lead_time_intake_days', 'total', 'p90', x.p90, x.p90 IS NULL, false, 2 FROM x
$$;

-- open_at_end: cases open at the end of the period (reported on or before its last day, not
-- closed on or before it), in total and by their status then: the status of their last event
-- up to the end of that day other than afgesloten ('aangemeld' when none was recorded yet);
-- the changes of every day up to it, summed. waiting_intake: those of them still aangemeld
-- (the same cell, hidden when it is).
CREATE OR REPLACE FUNCTION bb_stat_block_open(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH g AS (
        SELECT g.category AS status, g.n, g.key_sum
          FROM bb_stat_day_sums(p_org, 'open', '-infinity', p_to) AS g
         WHERE g.n <> 0
    ), p AS (
        SELECT p.* FROM bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('open_at_end', 'total', 'all', coalesce(sum(g.n), 0),
                                       coalesce(sum(g.n), 0), coalesce(sum(g.key_sum), 0))
                     FROM g)]
            || (SELECT bb_stat_cells('open_at_end', 'status', bb_stat_keys('open_status'),
                                     array_agg(g.status), array_agg(g.n), array_agg(g.key_sum))
                  FROM g),
            bb_stat_k_checked(p_org, p_k, p_from, p_to)) AS p
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
CREATE OR REPLACE FUNCTION bb_stat_block_referrals(p_org uuid, p_from date, p_to date, p_k integer)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean, ord bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (
        SELECT p.name AS practice, count(r.id) AS n, coalesce(sum(r.hours), 0) AS hours,
               round(coalesce(sum(r.cost_cents), 0) / 100.0, 2) AS euros,
               coalesce(sum(r.record_key), 0) AS key_sum, max(r.hours) AS top_hours,
               max(r.cost_cents) / 100.0 AS top_euros
          FROM practice p
          LEFT JOIN referral r ON r.practice_id = p.id AND r.referred_on BETWEEN p_from AND p_to
         WHERE p.org_id = p_org GROUP BY p.name
    ), o AS (
        SELECT r.outcome, count(*) AS n, sum(r.record_key)::bigint AS key_sum FROM referral r
         WHERE r.org_id = p_org AND r.status = 'afgerond' AND r.closed_on BETWEEN p_from AND p_to
         GROUP BY r.outcome
    ), y AS (
        SELECT count(*) AS n, round(coalesce(sum(r.cost_cents), 0) / 100.0, 2) AS euros,
               max(r.cost_cents) / 100.0 AS top_euros
          FROM referral r
         WHERE r.org_id = p_org
           AND r.referred_on BETWEEN make_date(extract(year FROM p_to)::integer, 1, 1) AND p_to
    ), b AS (
        SELECT round(sum(b.amount_cents) / 100.0, 2) AS euros FROM practice_budget b
         WHERE b.org_id = p_org AND b.year = extract(year FROM p_to)
    ), k AS (
        SELECT bb_stat_k_checked(p_org, p_k, p_from, p_to) AS k
    ), p AS (
        SELECT x.* FROM k, bb_stat_protect(
            ARRAY[(SELECT bb_stat_cell('referrals', 'total', 'all', coalesce(sum(m.n), 0),
                                       coalesce(sum(m.n), 0), coalesce(sum(m.key_sum), 0)) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referrals', 'practice', m.practice, m.n, m.n, m.key_sum)
                       FROM m ORDER BY m.practice)
            || (SELECT bb_stat_cells('referrals', 'outcome', bb_stat_keys('outcome'),
                                     array_agg(o.outcome), array_agg(o.n), array_agg(o.key_sum))
                  FROM o)
            || ARRAY[(SELECT bb_stat_cell('referral_hours', 'total', 'all', coalesce(sum(m.n), 0),
                                          trim_scale(coalesce(sum(m.hours), 0)), NULL,
                                          coalesce(max(m.top_hours), 0)) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referral_hours', 'practice', m.practice, m.n,
                                         trim_scale(m.hours), NULL, coalesce(m.top_hours, 0))
                       FROM m ORDER BY m.practice)
            || ARRAY[(SELECT bb_stat_cell('referral_cost', 'total', 'all', coalesce(sum(m.n), 0),
                                          coalesce(sum(m.euros), 0.00), NULL,
                                          coalesce(max(m.top_euros), 0)) FROM m)]
            || ARRAY(SELECT bb_stat_cell('referral_cost', 'practice', m.practice, m.n, m.euros,
                                         NULL, coalesce(m.top_euros, 0))
                       FROM m ORDER BY m.practice)
            || ARRAY[(SELECT bb_stat_cell('referral_cost', 'total', 'year_to_date', y.n, y.euros,
                                          NULL, coalesce(y.top_euros, 0)) FROM y)],
            k.k) AS x
    )
    SELECT * FROM p
    UNION ALL
    SELECT 'referral_cost', 'total', 'budget', b.euros, false, false, 1001 FROM b WHERE b.euros > 0
    UNION ALL
    -- From the true sum: a whole percent when published, one decimal inside.
    SELECT 'referral_cost', 'total', 'budget_used_pct',
           CASE WHEN NOT p.suppressed THEN round(100 * y.euros / b.euros,
                                                 CASE WHEN k.k = 0 THEN 1 ELSE 0 END) END,
           p.suppressed, false, 1002
      FROM b, y, k, p
     WHERE b.euros > 0 AND p.metric = 'referral_cost' AND p.category = 'year_to_date'
$$;

-- volunteers: volunteers by status at the end of the period (the last status they entered on
-- or before it, by volunteer_status_event.since); for those active then, the average number
-- of cases they took part in a contact moment of during the period (cases_per_active) and the
-- average hours of those contact moments (hours_per_active).
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
        SELECT st.status, count(*) AS n, sum(v.record_key)::bigint AS key_sum
          FROM st JOIN volunteer v ON v.id = st.volunteer_id GROUP BY st.status
    ), k AS (
        SELECT bb_stat_k_checked(p_org, p_k, p_from, p_to) AS k
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
        SELECT bb_stat_over(work.cases::numeric / nullif(act.n, 0), act.n, k.k, 1) AS cases,
               bb_stat_over(work.minutes / 60.0 / nullif(act.n, 0), act.n, k.k, 1) AS hours
          FROM work, k, (SELECT count(*) AS n FROM st WHERE st.status = 'actief') AS act
    )
    SELECT p.* FROM k, bb_stat_protect(
        (SELECT bb_stat_cells('volunteers', 'status', bb_stat_keys('volunteer_status'),
                              array_agg(g.status), array_agg(g.n), array_agg(g.key_sum))
           FROM g), k.k) AS p
    UNION ALL
    SELECT 'volunteers', 'total', 'cases_per_active', a.cases, a.cases IS NULL, false, 1001 FROM a
    UNION ALL
    SELECT 'volunteers', 'total', 'hours_per_active', a.hours, a.hours IS NULL, false, 1002 FROM a
$$;

-- followup_improved: of the cases with a follow-up (nazorg) in the period that recorded
-- whether the situation improved, the percentage where it did: at the case's last such
-- follow-up in the period at least one party answered 'ja' or 'deels' and none 'nee'.
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

-- All metrics of the period, in the documented order of the metric keys. small: hidden for
-- being a small count (shown as "<k"), not as a complement. An entry point.
CREATE OR REPLACE FUNCTION bb_stat_report(p_org uuid, p_from date, p_to date,
                                          p_k integer DEFAULT NULL)
RETURNS TABLE (metric text, dimension text, category text, value numeric, suppressed boolean,
               small boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET jit = off SET work_mem = '64MB' AS $$
    SELECT bb_require_org(p_org);
    SELECT bb_stat_period_checked(p_org, p_from, p_to);
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
REVOKE ALL ON FUNCTION bb_stat_report(uuid, date, date, integer)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_stat_report(uuid, date, date, integer)
    TO bb_admin, bb_coordinator, bb_reporter;

-- The reports per calendar quarter from p_from to p_to, for the charts (libbb asks from the
-- pilot's first report to the period's end): category "2024-Q3", each quarter a cell of its own
-- like any count, so its published value is that of the quarter's own export. For a login that
-- may not read the cases every cell must be a whole quarter that has ended: p_to the last day
-- of a quarter before today, and p_from the first day of one or the day of the first report
-- (before which there is nothing); other days are refused like other periods (SQLSTATE
-- 42501). An entry point.
CREATE OR REPLACE FUNCTION bb_stat_quarters_checked(p_org uuid, p_from date, p_to date)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF has_table_privilege(session_user, 'bb_case', 'SELECT')
       OR p_from IS NOT NULL AND p_to IS NOT NULL AND p_from <= p_to
          AND p_to < bb_stat_day(now()) AND date_trunc('quarter', p_to + 1) = p_to + 1
          AND (date_trunc('quarter', p_from) = p_from
               OR p_from = (SELECT min(c.reported_on) FROM stat_case c WHERE c.org_id = p_org))
    THEN
        RETURN true;
    END IF;
    RAISE EXCEPTION 'period: % to % are not whole quarters that have ended',
                    coalesce(p_from::text, 'NULL'), coalesce(p_to::text, 'NULL')
        USING ERRCODE = '42501',
              HINT = 'Figures of parts of quarters could be subtracted from published ones.';
END $$;

CREATE OR REPLACE FUNCTION bb_stat_reports_by_quarter(p_org uuid, p_from date, p_to date,
                                                      p_k integer DEFAULT NULL)
RETURNS TABLE (quarter text, value numeric, suppressed boolean, small boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET jit = off AS $$
    SELECT bb_require_org(p_org);
    SELECT bb_stat_quarters_checked(p_org, p_from, p_to);
    WITH q AS (
        SELECT d::date AS q0
          FROM generate_series(date_trunc('quarter', p_from), p_to, interval '3 months') AS d
    ), g AS (
        SELECT date_trunc('quarter', s.day)::date AS q0, sum(s.n) AS n, sum(s.key_sum) AS key_sum
          FROM stat_day s
         WHERE s.org_id = p_org AND s.fact = 'reported' AND s.dimension = 'total'
           AND s.day BETWEEN p_from AND p_to
         GROUP BY 1
    ), k AS (
        SELECT bb_stat_k_for(p_org, p_k) AS k
    )
    SELECT p.category, p.value, p.suppressed, p.small
      FROM k, bb_stat_protect(
           ARRAY(SELECT bb_stat_cell('reports_new', 'quarter', to_char(q.q0, 'YYYY-"Q"Q'),
                                     coalesce(g.n, 0), coalesce(g.n, 0), coalesce(g.key_sum, 0))
                   FROM q LEFT JOIN g ON g.q0 = q.q0 ORDER BY q.q0),
           k.k) AS p
     ORDER BY p.ord
$$;
REVOKE ALL ON FUNCTION bb_stat_reports_by_quarter(uuid, date, date, integer)
    FROM PUBLIC, bb_admin, bb_coordinator, bb_mediator, bb_reporter;
GRANT EXECUTE ON FUNCTION bb_stat_reports_by_quarter(uuid, date, date, integer)
    TO bb_admin, bb_coordinator, bb_reporter;

-- One function per metric key (docs/metrics.md): its rows of its block. Only the block of the
-- metric asked for runs (the others' one-time filters are false).
CREATE OR REPLACE FUNCTION bb_stat_metric(p_org uuid, p_from date, p_to date, p_k integer,
                                          p_metric text)
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
CREATE OR REPLACE FUNCTION bb_stat_reports_new(p_org uuid, p_from date, p_to date,
                                               p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'reports_new') $$;

CREATE OR REPLACE FUNCTION bb_stat_cases_closed(p_org uuid, p_from date, p_to date,
                                                p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'cases_closed') $$;

CREATE OR REPLACE FUNCTION bb_stat_share_resolved(p_org uuid, p_from date, p_to date,
                                                  p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'share_resolved') $$;

CREATE OR REPLACE FUNCTION bb_stat_step_reached(p_org uuid, p_from date, p_to date,
                                                p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'step_reached') $$;

CREATE OR REPLACE FUNCTION bb_stat_lead_time_intake_days(p_org uuid, p_from date, p_to date,
                                                         p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'lead_time_intake_days') $$;

CREATE OR REPLACE FUNCTION bb_stat_lead_time_close_days(p_org uuid, p_from date, p_to date,
                                                        p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'lead_time_close_days') $$;

CREATE OR REPLACE FUNCTION bb_stat_open_at_end(p_org uuid, p_from date, p_to date,
                                               p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'open_at_end') $$;

CREATE OR REPLACE FUNCTION bb_stat_waiting_intake(p_org uuid, p_from date, p_to date,
                                                  p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'waiting_intake') $$;

CREATE OR REPLACE FUNCTION bb_stat_referrals(p_org uuid, p_from date, p_to date,
                                             p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'referrals') $$;

CREATE OR REPLACE FUNCTION bb_stat_referral_hours(p_org uuid, p_from date, p_to date,
                                                  p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'referral_hours') $$;

CREATE OR REPLACE FUNCTION bb_stat_referral_cost(p_org uuid, p_from date, p_to date,
                                                 p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'referral_cost') $$;

CREATE OR REPLACE FUNCTION bb_stat_volunteers(p_org uuid, p_from date, p_to date,
                                              p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'volunteers') $$;

CREATE OR REPLACE FUNCTION bb_stat_followup_improved(p_org uuid, p_from date, p_to date,
                                                     p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'followup_improved') $$;

CREATE OR REPLACE FUNCTION bb_stat_workload_avoided_hours(p_org uuid, p_from date, p_to date,
                                                          p_k integer DEFAULT NULL)
RETURNS SETOF bb_stat_row LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM bb_stat_metric(p_org, p_from, p_to, p_k, 'workload_avoided_hours') $$;
