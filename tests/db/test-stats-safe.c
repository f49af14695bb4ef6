/* The figures are safe to publish (the cell-key method's documented table, small counts and
 * small bases hidden, sums checked for dominance and rounded, the same cases the same value),
 * their derived tables stay equal to the source tables, the database's lists and defaults are
 * libbb's, and the Dutch paragraph reads right in the singular and the plural. The attacks of
 * a determined reader: test-stats-attack.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include <unistd.h>

#include "test-stats-util.h"

/* The perturbation table of docs/metrics.md ("Disclosure control"), written out again here
 * so that the database's is checked against the documentation, not against itself. */
static int table_noise(long key)
{
    key %= 256;
    return key < 100 ? 0 : key < 156 ? 1 : key < 212 ? -1 : key < 233 ? 2 : key < 254 ? -2
           : key == 254 ? 3 : -3;
}

/* What the documentation says is published for n things with key sum key: "0", "<" (hidden)
 * or the count, into out[32]. */
static void documented(long n, long key, int k, char out[32])
{
    long v = n + table_noise(key);

    if (n == 0)
        snprintf(out, 32, "0");
    else if (n < k)
        snprintf(out, 32, "<");
    else
        snprintf(out, 32, "%ld", v < k ? k : v);
}

/* Asserts that the cell (metric, dimension, category) of s is what the documentation gives for
 * the rows of the organisation in table (a table or a subquery) that meet cond, counted and
 * their record keys summed straight from the source tables, times factor. */
static void expect_documented(regt *t, const bb_stats *s, const char *metric, const char *dim,
                              const char *cat, const char *table, const char *cond, int factor)
{
    char sql[1024], want[32];
    long n, key;
    char *v;

    snprintf(sql, sizeof sql,
             "SELECT count(*) || ' ' || coalesce(sum(record_key), 0) FROM %s x"
             " WHERE x.org_id = '%s' AND %s",
             table, t->org_id, cond);
    v = dbt_query(t->ci, sql);
    if (sscanf(v, "%ld %ld", &n, &key) != 2)
        fail_msg("%s: %s", sql, v);
    free(v);
    documented(n, key, s->k, want);
    if (factor != 1 && strcmp(want, "<") != 0)
        snprintf(want, sizeof want, "%ld", atol(want) * factor);
    st_expect(s, 0, metric, dim, cat, want);
}

#define Q3_CASES  "bb_case", "reported_on BETWEEN '2024-07-01' AND '2024-09-30'"
#define Q3_CLOSED "bb_case", "closed_on BETWEEN '2024-07-01' AND '2024-09-30'"

/* Every count the fixture's third quarter publishes is its true count plus the noise the
 * documented table gives for the sum of its cases' record keys; zero stays zero, 1..k-1 is
 * hidden, nothing below k is shown. k comes from the setting and a caller may only raise it. */
static void counts_follow_the_documented_table(void **state)
{
    static const char *const sources[] = {"zelfmelder", "politie",  "woningcorporatie", "gemeente",
                                          "welzijn",    "zorg",     "anders"};
    regt *t = st_fixture();
    bb_stats *s = st_compute(t, "2024-Q3", NULL, NULL, 0);
    char where[256];

    (void)state;
    assert_false(s->exact);
    assert_int_equal(s->k, 5);
    expect_documented(t, s, "reports_new", "total", "all", Q3_CASES, 1);
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        snprintf(where, sizeof where, "reported_on BETWEEN '2024-07-01' AND '2024-09-30' AND"
                 " source = '%s'", sources[i]);
        expect_documented(t, s, "reports_new", "source", sources[i], "bb_case", where, 1);
    }
    st_expect(s, 0, "reports_new", "source", "gemeente", "<"); /* 3 */
    expect_documented(t, s, "reports_new", "area", "Noord", Q3_CASES " AND area = 'Noord'", 1);
    expect_documented(t, s, "reports_new", "area", "onbekend", Q3_CASES " AND area IS NULL", 1);
    expect_documented(t, s, "reports_new", "type", "pesten",
                      Q3_CASES " AND 'pesten' = ANY (conflict_types)", 1);
    expect_documented(t, s, "cases_closed", "total", "all", Q3_CLOSED, 1);
    expect_documented(t, s, "cases_closed", "outcome", "opgelost",
                      Q3_CLOSED " AND outcome = 'opgelost'", 1);
    expect_documented(t, s, "open_at_end", "total", "all", "bb_case",
                      "reported_on <= '2024-09-30' AND (closed_on IS NULL OR closed_on >"
                      " '2024-09-30')", 1);
    expect_documented(t, s, "referrals", "practice", "Mediation Oost",
                      "(SELECT r.*, p.name FROM referral r JOIN practice p ON p.id ="
                      " r.practice_id)", "name = 'Mediation Oost' AND referred_on BETWEEN"
                      " '2024-07-01' AND '2024-09-30'", 1);
    expect_documented(t, s, "volunteers", "status", "actief", "volunteer", "status = 'actief'", 1);
    /* Resolved cases the police referred, times its 3 hours. */
    expect_documented(t, s, "workload_avoided_hours", "partner", "politie",
                      Q3_CLOSED " AND source = 'politie' AND outcome IN ('opgelost',"
                      " 'deels_opgelost')", 3);
    /* Sums of hours and euros: Oost's 5 referrals (22.5 h, € 2137.50, none over 85%) rounded
     * to 5 hours and 100 euros; West's 2 are too few. Shares and medians from the true
     * values: 16 of 21 = 76%, 2457.50 of 15000 = 16%, 3 and 30 days. */
    st_expect(s, 0, "referral_hours", "practice", "Mediation Oost", "25");
    st_expect(s, 0, "referral_hours", "practice", "Praktijk West", "x");
    st_expect(s, 0, "referral_hours", "total", "all", "25");
    st_expect(s, 0, "referral_cost", "practice", "Mediation Oost", "2100");
    st_expect(s, 0, "referral_cost", "practice", "Praktijk West", "x");
    st_expect(s, 0, "referral_cost", "total", "year_to_date", "2500");
    st_expect(s, 0, "referral_cost", "total", "budget_used_pct", "16");
    st_expect(s, 0, "share_resolved", "total", "all", "76");
    st_expect(s, 0, "followup_improved", "total", "all", "50");
    st_expect(s, 0, "lead_time_intake_days", "total", "median", "3");
    st_expect(s, 0, "lead_time_close_days", "total", "median", "30");
    st_expect(s, 0, "volunteers", "total", "cases_per_active", "4.2");
    bb_stats_free(s);
    /* Asking for 7 raises it: politie 6 is hidden now, and with 16 of 21 resolved the 5 not
     * resolved would be small, so the share hides too. */
    s = st_compute(t, "2024-Q3", NULL, NULL, 7);
    assert_int_equal(s->k, 7);
    st_expect(s, 0, "reports_new", "source", "politie", "<");
    expect_documented(t, s, "reports_new", "source", "zelfmelder",
                      Q3_CASES " AND source = 'zelfmelder'", 1);
    st_expect(s, 0, "share_resolved", "total", "all", "-");
    bb_stats_free(s);
    /* The setting 6 stays when a caller asks for less. */
    assert_int_equal(bb_config_set(t->ctx, "export.k", "6"), BB_OK);
    s = st_compute(t, "2024-Q3", NULL, NULL, 3);
    assert_int_equal(s->k, 6);
    expect_documented(t, s, "reports_new", "source", "politie", Q3_CASES " AND source = 'politie'",
                      1);
    st_expect(s, 0, "reports_new", "source", "woningcorporatie", "<");
    bb_stats_free(s);
    regt_free(t);
}

/* The same cases give the same published values whatever the period or the order of asking:
 * nothing was reported or closed in the fixture's fourth quarter, so the second half year's
 * reports and closings are the third quarter's, cell by cell; and asking again, in another
 * order, gives the same rows. */
static void same_cases_same_values(void **state)
{
    static const char *const periods[] = {"2024-Q3", "2024", "2024-H2", "2024-Q1", "2024-H1"};
    regt *t = st_fixture();
    bb_stats *first[5], *again;

    (void)state;
    for (size_t p = 0; p < 5; p++)
        first[p] = st_compute(t, periods[p], NULL, NULL, 0);
    for (size_t i = 0; i < first[0]->n_rows; i++) {
        const bb_stat_row *q = &first[0]->rows[i], *h;
        if (q->previous || (strcmp(q->metric, "reports_new") != 0 &&
                            strcmp(q->metric, "cases_closed") != 0))
            continue;
        h = bb_stats_find(first[2], 0, q->metric, q->dimension, q->category);
        assert_non_null(h);
        if (strcmp(q->value, h->value) != 0 || q->suppressed != h->suppressed)
            fail_msg("%s/%s/%s: Q3 '%s', H2 '%s'", q->metric, q->dimension, q->category,
                     q->value, h->value);
    }
    for (size_t p = 5; p-- > 0;) {
        again = st_compute(t, periods[p], NULL, NULL, 0);
        assert_int_equal(again->n_rows, first[p]->n_rows);
        for (size_t i = 0; i < again->n_rows; i++)
            assert_memory_equal(&again->rows[i], &first[p]->rows[i], sizeof again->rows[i]);
        bb_stats_free(again);
        bb_stats_free(first[p]);
    }
    regt_free(t);
}

/* The rules themselves, on cells made up here. */
static void protect_and_share_rules(void **state)
{
    regt *t = regt_new();
    char *v;

    (void)state;
    /* The table: of the 256 keys, 100 give 0, 56 each +1 and -1, 21 each +2 and -2, one each
     * +3 and -3; and the database's table is the documented one key by key. */
    v = dbt_query(t->ci, "SELECT string_agg(d || ':' || n, ' ' ORDER BY d) FROM (SELECT"
                         " bb_stat_noise(k) AS d, count(*) AS n FROM generate_series(0, 255) k"
                         " GROUP BY 1) x");
    assert_string_equal(v, "-3:1 -2:21 -1:56 0:100 1:56 2:21 3:1");
    free(v);
    for (int k = 0; k < 256; k++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT bb_stat_noise(%d)", k + 256 * (k % 3));
        v = dbt_query(t->ci, sql);
        assert_int_equal(atoi(v), table_noise(k));
        free(v);
    }
    /* Zero stays zero; 1..k-1 hidden as small; 12 with key 254 (+3) is 15; 5 with key 233
     * (-2) is not shown below k; a sum of 20 hours made by 5 referrals of which one is 18
     * hours is hidden (90% > 85%), 23 hours rounds to 25; a budget (no count) is as it is;
     * with k 0 (internal) everything is exact. */
    v = dbt_query(t->ci, "SELECT string_agg(category || '=' || coalesce(value::text, "
                         "CASE WHEN small THEN '<' ELSE 'x' END), ' ' ORDER BY ord)"
                         " FROM bb_stat_protect(ARRAY[bb_stat_cell('m','total','all',20,20,1),"
                         " bb_stat_cell('m','d','a',12,12,254), bb_stat_cell('m','d','b',3,3,7),"
                         " bb_stat_cell('m','d','c',5,5,233), bb_stat_cell('m','d','d',0,0,0),"
                         " bb_stat_cell('referral_hours','d','e',5,20,NULL,18),"
                         " bb_stat_cell('referral_hours','d','f',5,23,NULL,8),"
                         " bb_stat_cell('referral_cost','d','g',5,2449.99,NULL,600),"
                         " bb_stat_cell('m','d','h',NULL,1234.5)], 5)");
    assert_string_equal(v, "all=20 a=15 b=< c=5 d=0 e=x f=25 g=2400 h=1234.5");
    free(v);
    v = dbt_query(t->ci, "SELECT string_agg(value::text, ' ' ORDER BY ord) FROM bb_stat_protect("
                         "ARRAY[bb_stat_cell('m','d','a',12,12,254), bb_stat_cell('m','d','b',3,3,"
                         "7), bb_stat_cell('referral_hours','d','e',5,20,NULL,18)], 0)");
    assert_string_equal(v, "12 3 20");
    free(v);
    /* Shares: whole percents from the true counts, 16/21 shown; a small numerator or
     * remainder, a base under 10, a linked hidden count: hidden; 0 and 100 percent are fine;
     * with k 0 one decimal on any base. */
    v = dbt_query(t->ci, "SELECT concat_ws(' ', bb_stat_share(16, 21, 5, false),"
                         " coalesce(bb_stat_share(3, 20, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(18, 20, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(5, 9, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(10, 20, 5, true)::text, 'h'),"
                         " bb_stat_share(0, 10, 5, false), bb_stat_share(20, 20, 5, false),"
                         " bb_stat_share(3, 7, 0, false), bb_stat_over(6.5, 10, 5, 0),"
                         " coalesce(bb_stat_over(6.5, 9, 5, 0)::text, 'h'),"
                         " bb_stat_over(6.25, 9, 0, 0))");
    assert_string_equal(v, "76 h h h h 0 100 42.9 7 h 6.3");
    free(v);
    regt_free(t);
}

/* bb_stat_percentile over a histogram equals percentile_cont over the values themselves. */
static void percentile_matches_percentile_cont(void **state)
{
    regt *t = regt_new();
    char *v;

    (void)state;
    v = dbt_query(t->ci,
                  "WITH x AS (SELECT (random() * 40)::int AS v FROM generate_series(1, 997)),"
                  " h AS (SELECT v, count(*) AS n FROM x GROUP BY v), p AS (SELECT unnest("
                  "ARRAY[0, 0.1, 0.25, 0.5, 0.77, 0.9, 1]::numeric[]) AS p)"
                  " SELECT count(*) FILTER (WHERE abs((SELECT percentile_cont(p.p::float8) WITHIN "
                  "GROUP (ORDER BY v) FROM x) - bb_stat_percentile(p.p, (SELECT array_agg(v) FROM "
                  "h), (SELECT array_agg(n) FROM h))) > 1e-9) FROM p");
    assert_string_equal(v, "0");
    free(v);
    v = dbt_query(t->ci, "SELECT bb_stat_percentile(0.5, '{3,1}', '{1,1}')");
    assert_string_equal(v, "2.0"); /* 1 and 3: halfway */
    free(v);
    v = dbt_query(t->ci, "SELECT coalesce(bb_stat_percentile(0.5, '{}', '{}')::text, 'none')");
    assert_string_equal(v, "none");
    free(v);
    regt_free(t);
}

/* stat_case and stat_participation, and stat_day and stat_pair_day made from them, follow
 * every kind of write, and equal a rebuild. */
static void derived_tables_follow_the_sources(void **state)
{
    static const char same[] =
        "SELECT (SELECT count(*) FROM (SELECT * FROM stat_case EXCEPT"
        " SELECT * FROM bb_stat_facts(ARRAY(SELECT id FROM bb_case))) a) + (SELECT count(*) FROM "
        "(SELECT * FROM"
        " bb_stat_facts(ARRAY(SELECT id FROM bb_case)) EXCEPT SELECT * FROM stat_case) b) + "
        "(SELECT count(*) FROM (SELECT"
        " contact_id, volunteer_id, org_id, case_id, contact_on, minutes FROM stat_participation"
        " EXCEPT SELECT cv.contact_id, cv.volunteer_id, t.org_id, t.case_id, t.contact_on,"
        " t.minutes FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id"
        " JOIN bb_case k ON k.id = t.case_id AND k.status <> 'vervallen') c)"
        " + (SELECT abs((SELECT count(*) FROM stat_participation) - (SELECT count(*) FROM"
        " contact_volunteer cv JOIN contact t ON t.id = cv.contact_id JOIN bb_case k"
        " ON k.id = t.case_id AND k.status <> 'vervallen')))"
        /* 0011's per-day sums, pair days and their sums against a computation from scratch */
        " + (SELECT count(*) FROM (SELECT * FROM stat_day EXCEPT SELECT f.* FROM organisation o,"
        " bb_stat_day_fresh(o.id) f) d) + (SELECT count(*) FROM (SELECT f.* FROM organisation o,"
        " bb_stat_day_fresh(o.id) f EXCEPT SELECT * FROM stat_day) e)"
        " + (SELECT count(*) FROM (SELECT * FROM stat_pair_day EXCEPT SELECT f.* FROM"
        " organisation o, bb_stat_pair_day_fresh(o.id) f) g) + (SELECT count(*) FROM (SELECT f.*"
        " FROM organisation o, bb_stat_pair_day_fresh(o.id) f EXCEPT SELECT * FROM stat_pair_day)"
        " h) + (SELECT count(*) FROM (SELECT * FROM stat_pair_sum EXCEPT SELECT f.* FROM"
        " organisation o, bb_stat_pair_sum_fresh(o.id) f) i) + (SELECT count(*) FROM (SELECT f.*"
        " FROM organisation o, bb_stat_pair_sum_fresh(o.id) f EXCEPT SELECT * FROM stat_pair_sum)"
        " j)";
    static const char *const writes[] = {
        "UPDATE contact SET kind = 'pendelgesprek', minutes = 90 WHERE kind = 'huisbezoek_b'",
        "DELETE FROM contact WHERE kind = 'nazorgcontact' AND contact_on < '2024-09-01'",
        "DELETE FROM followup WHERE melder_improved = 'ja'",
        "DELETE FROM contact_volunteer WHERE volunteer_id IN (SELECT id FROM volunteer"
        " WHERE number = 2)",
        "UPDATE case_event SET at = at - interval '1 day' WHERE to_status = 'intake'",
        "UPDATE bb_case SET area = NULL WHERE seq = 12",
        "DELETE FROM bb_case WHERE seq = 13",
        "UPDATE contact SET contact_on = contact_on + 20 WHERE kind = 'huisbezoek_a'",
        "INSERT INTO contact_volunteer (org_id, contact_id, volunteer_id) SELECT t.org_id, t.id,"
        " v.id FROM contact t, volunteer v WHERE v.number = 2 AND t.kind = 'huisbezoek_b'",
        /* The corrections (issue 14): a case with contact moments voided, one reopened (the
         * rule that wants a reason rests, as while the fixture loads), a contact moment
         * edited and one removed. */
        "ALTER TABLE bb_case DISABLE TRIGGER case_check_close_reason;"
        " UPDATE bb_case SET status = 'vervallen', outcome = NULL, closed_on = NULL,"
        " reported_back_on = NULL WHERE seq = 2;"
        " UPDATE bb_case SET status = 'lopend', outcome = NULL, closed_on = NULL,"
        " reported_back_on = NULL WHERE seq = 11;"
        " ALTER TABLE bb_case ENABLE TRIGGER case_check_close_reason",
        "UPDATE contact SET minutes = 15, contact_on = contact_on + 1 WHERE case_id ="
        " (SELECT id FROM bb_case WHERE seq = 35)",
        "DELETE FROM contact WHERE case_id = (SELECT id FROM bb_case WHERE seq = 3)"
        " AND kind = 'bemiddelingsgesprek'",
    };
    regt *t = st_fixture();
    char *v = dbt_query(t->ci, same);

    (void)state;
    assert_string_equal(v, "0");
    free(v);
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        free(dbt_query(t->ci, writes[i]));
        v = dbt_query(t->ci, same);
        if (strcmp(v, "0") != 0)
            fail_msg("after %s: %s rows differ", writes[i], v);
        free(v);
    }
    v = dbt_query(t->ci, "SELECT bb_stat_rebuild()");
    assert_string_equal(v, "37"); /* 39 cases, one deleted, one void */
    free(v);
    v = dbt_query(t->ci, same);
    assert_string_equal(v, "0");
    free(v);
    /* A TRUNCATE reaches the derived tables through the cascade and their followers. */
    free(dbt_query(t->ci, "TRUNCATE bb_case CASCADE"));
    v = dbt_query(t->ci, "SELECT (SELECT count(*) FROM stat_day) + (SELECT count(*) FROM"
                         " stat_pair_day) + (SELECT count(*) FROM stat_pair_sum)");
    assert_string_equal(v, "0");
    free(v);
    regt_free(t);
}

/* The day that expression (of the organisation o) gives, quoted for SQL into out[16]. */
static void quoted_day(regt *t, const char *expression, char out[16])
{
    char sql[256], *v;

    snprintf(sql, sizeof sql, "SELECT %s FROM (SELECT '%s'::uuid AS o) x", expression, t->org_id);
    v = dbt_query(t->ci, sql);
    assert_non_null(v);
    snprintf(out, 16, "'%s'", v);
    free(v);
}

/* The attack of subtracting periods: a reporter (a login role in bb_reporter, no SELECT on
 * bb_case) gets the figures of a quarter, half year, year and the pilot (to the end of the
 * last complete quarter) only, so a hidden cell of a quarter cannot be had as the quarter minus
 * the same quarter less one day, nor a day's as the pilot to that day minus the pilot to the
 * day before; no NULL end either. Someone who may read the cases gets any. */
static void other_periods_refused_to_a_reporter(void **state)
{
    regt *t = st_fixture();
    bb_stats *s = st_compute(t, "2024-Q3", NULL, NULL, 0);
    char role[64], sql[1024], *v;

    (void)state;
    st_expect(s, 0, "reports_new", "type", "huisdieren", "<");
    bb_stats_free(s);
    snprintf(role, sizeof role, "test_reporter_%ld", (long)getpid());
    snprintf(sql, sizeof sql,
             "WITH u AS (INSERT INTO bb_user (id, org_id, login, roles)"
             " VALUES (gen_random_uuid(), '%s', 'stuur', '{reporter}') RETURNING id)"
             " SELECT bb_user_map_role(u.id, '%s') FROM u",
             t->org_id, role);
    free(dbt_query(t->ci, sql));
    /* The pilot's days as literals (a reporter may not call the functions that make them). */
    char first[16], today[16], yesterday[16], pilot_end[16];
    quoted_day(t, "bb_stat_first_report(o)", first);
    quoted_day(t, "bb_stat_day(now())", today);
    quoted_day(t, "bb_stat_day(now()) - 1", yesterday);
    quoted_day(t, "bb_stat_quarter_end_before(bb_stat_day(now()))", pilot_end);
    /* This quarter and this year, not over yet: they grow day by day. */
    char q_from[16], q_to[16], y_from[16], y_to[16];
    quoted_day(t, "date_trunc('quarter', bb_stat_day(now()))::date", q_from);
    quoted_day(t, "(date_trunc('quarter', bb_stat_day(now())) + interval '3 months')::date - 1",
               q_to);
    quoted_day(t, "date_trunc('year', bb_stat_day(now()))::date", y_from);
    quoted_day(t, "(date_trunc('year', bb_stat_day(now())) + interval '1 year')::date - 1", y_to);
    /* Each a pair of SQL arguments: days short of a quarter, NULL ends (all of history), and
     * the pilot ending today or yesterday (their difference would be today's reports). */
    const char *const refused[][2] = {
        {"'2024-07-01'", "'2024-09-29'"},
        {"'2024-09-30'", "'2024-09-30'"},
        {"'2024-07-01'", "'2024-10-31'"},
        {"'2024-07-02'", "'2024-09-30'"},
        {"'2024-01-01'", "'2024-12-30'"},
        {"'2023-12-31'", "'2024-12-31'"},
        {"NULL", "'2024-09-30'"},
        {"'2024-07-01'", "NULL"},
        {"NULL", "NULL"},
        {q_from, q_to},
        {y_from, y_to},
        {first, today},
        {first, yesterday},
    };
    /* The reports per quarter take whole quarters from the first report on: the pilot to
     * today is whole quarters on the last day of one, so only the report is asked for those. */
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        for (int entry = 0; entry < (refused[i][0] == first ? 1 : 2); entry++) {
            char *err;
            snprintf(
                sql, sizeof sql,
                "SET SESSION AUTHORIZATION %s; SELECT count(*) FROM (SELECT '%s'::uuid AS o) x,"
                " %s(o, %s, %s)",
                role, t->org_id, entry ? "bb_stat_reports_by_quarter" : "bb_stat_report",
                refused[i][0], refused[i][1]);
            /* Refused for the period, not for want of a grant (also 42501). */
            err = regt_sql_error_field(t->ci, sql, PG_DIAG_MESSAGE_PRIMARY);
            if (err == NULL || strncmp(err, "period: ", 8) != 0)
                fail_msg("%s..%s: %s", refused[i][0], refused[i][1], err ? err : "computed");
            free(err);
        }
    /* Whole quarters from the first report, or from a quarter's first day, are charted. */
    snprintf(sql, sizeof sql,
             "SET SESSION AUTHORIZATION %s; SELECT (SELECT string_agg(quarter, ',') FROM"
             " bb_stat_reports_by_quarter('%s', %s, '2024-09-30')) || ' ' || (SELECT count(*)"
             " FROM bb_stat_reports_by_quarter('%s', '2023-10-01', '2024-12-31'))",
             role, t->org_id, first, t->org_id);
    v = dbt_query(t->ci, sql);
    assert_string_equal(v, "2024-Q1,2024-Q2,2024-Q3 5");
    free(v);
    /* Nor the exact figures of a whole period. */
    snprintf(sql, sizeof sql,
             "SET SESSION AUTHORIZATION %s; SELECT count(*) FROM bb_stat_report('%s',"
             " '2024-07-01', '2024-09-30', -1)",
             role, t->org_id);
    v = regt_sql_error_field(t->ci, sql, PG_DIAG_MESSAGE_PRIMARY);
    assert_non_null(v);
    st_has(v, "k: the exact figures are only for a login that may read the cases");
    free(v);
    snprintf(sql, sizeof sql,
             "SET SESSION AUTHORIZATION %s; SELECT (SELECT count(*) FROM bb_stat_report('%s',"
             " '2024-07-01', '2024-09-30')) + (SELECT count(*) FROM bb_stat_report('%s',"
             " '2024-01-01', '2024-06-30')) + (SELECT count(*) FROM bb_stat_report('%s',"
             " '2024-01-01', '2024-12-31')) + (SELECT count(*) FROM bb_stat_report('%s',"
             " %s, %s)) > 0",
             role, t->org_id, t->org_id, t->org_id, t->org_id, first, pilot_end);
    v = dbt_query(t->ci, sql);
    assert_string_equal(v, "t");
    free(v);
    /* bbctl stats --from/--to of a coordinator (here the owner) is still answered. */
    s = st_compute(t, NULL, "2024-07-01", "2024-09-29", 0);
    bb_stats_free(s);
    snprintf(sql, sizeof sql, "DROP OWNED BY %s; DROP ROLE %s", role, role);
    free(dbt_query(t->ci, sql));
    regt_free(t);
}

/* The database's lists and defaults are libbb's. */
static void lists_and_defaults_match_libbb(void **state)
{
    static const struct {
        const char *list;
        bb_vocab v;
    } lists[] = {{"source", BB_VOCAB_SOURCE},
                 {"type", BB_VOCAB_CONFLICT_TYPE},
                 {"outcome", BB_VOCAB_OUTCOME},
                 {"volunteer_status", BB_VOCAB_VOLUNTEER_STATUS}};
    static const char *const partners[] = {"politie", "woningcorporatie", "gemeente"};
    regt *t = regt_new();
    char sql[256], want[512], *v;

    (void)state;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        size_t o = 0;
        for (const char *const *k = bb_vocab_keys(lists[i].v); *k != NULL; k++)
            o += (size_t)snprintf(want + o, sizeof want - o, "%s%s", o ? "," : "{", *k);
        snprintf(want + o, sizeof want - o, "}");
        snprintf(sql, sizeof sql, "SELECT bb_stat_keys('%s')", lists[i].list);
        v = dbt_query(t->ci, sql);
        assert_string_equal(v, want);
        free(v);
    }
    for (size_t i = 0; i < 3; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT hours FROM bb_stat_hours_avoided('%s') WHERE partner = '%s'", t->org_id,
                 partners[i]);
        snprintf(want, sizeof want, "stats.hours_avoided.%s", partners[i]);
        v = dbt_query(t->ci, sql);
        assert_string_equal(v, bb_config_default(want));
        free(v);
    }
    snprintf(sql, sizeof sql, "SELECT bb_stat_k('%s', NULL)", t->org_id);
    v = dbt_query(t->ci, sql);
    assert_string_equal(v, bb_config_default("export.k"));
    free(v);
    regt_free(t);
}

/* export.k below 5 would publish counts that small ("<2" is 1): refused by libbb and by the
 * database, and so is a change by anyone but an administrator, with nothing written. */
static void settings_are_checked(void **state)
{
    regt *t = regt_new();
    bb_ctx *locked = dbt_open(t->ci);
    char sql[256], *err, *v;

    (void)state;
    assert_int_equal(bb_config_set(t->ctx, "export.k", "4"), BB_EINVAL);
    MSG_HAS(t->ctx, "export.k", "'4'", "5 to 99");
    assert_int_equal(bb_config_set(t->ctx, "stats.hours_avoided.gemeente", "0"), BB_EINVAL);
    assert_int_equal(bb_config_set(t->ctx, "stats.hours_avoided.gemeente", "12"), BB_OK);
    snprintf(sql, sizeof sql, "INSERT INTO setting VALUES ('%s', 'export.k', '4')", t->org_id);
    err = regt_sql_error(t->ci, sql);
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    /* Without an unlocked administrator (here: no keys at all) libbb refuses k. */
    assert_int_equal(bb_org_use(locked, NULL), BB_OK);
    assert_int_equal(bb_config_set(locked, "export.k", "6"), BB_EDENIED);
    MSG_HAS(locked, "export.k", "administrator");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM setting WHERE key = 'export.k'");
    v = dbt_query(t->ci, sql);
    assert_string_equal(v, "0");
    free(v);
    assert_int_equal(bb_config_set(t->ctx, "export.k", "6"), BB_OK);
    bb_close(locked);
    regt_free(t);
}

static bb_stat_row made(const char *metric, const char *dimension, const char *category,
                        const char *value)
{
    bb_stat_row r = {0};

    snprintf(r.metric, sizeof r.metric, "%s", metric);
    snprintf(r.dimension, sizeof r.dimension, "%s", dimension);
    snprintf(r.category, sizeof r.category, "%s", category);
    snprintf(r.value, sizeof r.value, "%s", value ? value : "");
    r.suppressed = r.small = value == NULL;
    r.number = value ? atof(value) : 0;
    return r;
}

/* The paragraph of made-up figures: one report, one closed case, one day, one open case, one
 * volunteer; or several; or hidden ones. */
static void paragraph_singular_and_plural(void **state)
{
    bb_stat_row rows[6];
    bb_stats s = {.rows = rows, .n_rows = 6, .k = 5};
    char *text = NULL;

    (void)state;
    s.period = (bb_stats_period){BB_STATS_YEAR, 2024, 0, "2024", "2024-01-01", "2024-12-31"};
    rows[0] = made("reports_new", "total", "all", "1");
    rows[1] = made("cases_closed", "total", "all", "1");
    rows[2] = made("lead_time_close_days", "total", "median", "1");
    rows[3] = made("open_at_end", "total", "all", "1");
    rows[4] = made("waiting_intake", "total", "all", "1");
    rows[5] = made("volunteers", "status", "actief", "1");
    assert_int_equal(bb_stats_paragraph(&s, &text), BB_OK);
    st_has(text, "In 2024 is 1 melding bij Buurtbemiddeling binnengekomen.");
    st_has(text, "In dezelfde periode is 1 zaak afgesloten.");
    st_has(text, "De doorlooptijd (mediaan) was 1 dag van melding tot afsluiting.");
    st_has(text, "liep er nog 1 zaak, waarvan er 1 op een intake wachtte.");
    st_has(text, "Op dat moment was 1 vrijwilliger actief");
    free(text);
    rows[0] = made("reports_new", "total", "all", "12345");
    rows[1] = made("cases_closed", "total", "all", NULL);
    rows[2] = made("lead_time_close_days", "total", "median", "6.5");
    rows[3] = made("open_at_end", "total", "all", "2");
    rows[4] = made("waiting_intake", "total", "all", "0");
    rows[5] = made("volunteers", "status", "actief", NULL);
    assert_int_equal(bb_stats_paragraph(&s, &text), BB_OK);
    st_has(text, "In 2024 zijn 12.345 meldingen bij Buurtbemiddeling binnengekomen.");
    st_has(text, "In dezelfde periode zijn minder dan 5 zaken afgesloten.");
    st_has(text, "6,5 dagen van melding tot afsluiting");
    st_has(text, "liepen er nog 2 zaken, waarvan er geen op een intake wachtte.");
    st_has(text, "Op dat moment waren minder dan 5 vrijwilligers actief");
    free(text);
}

/* before, the published value of the row, after: into out. */
static void with_value(const bb_stats *s, const char *metric, const char *dim, const char *cat,
                       const char *before, const char *after, char *out, size_t size)
{
    const bb_stat_row *r = bb_stats_find(s, 0, metric, dim, cat);

    assert_non_null(r);
    assert_false(r->suppressed);
    snprintf(out, size, "%s%s%s", before, r->value, after);
}

/* The paragraph of the fixture's third quarter: the published figures, the year's budget
 * share as that, and how they are protected; the internal figures say they are internal. */
static void paragraph_of_the_fixture(void **state)
{
    regt *t = st_fixture();
    bb_stats *s = st_compute(t, "2024-Q3", NULL, NULL, 0);
    char *text = NULL, want[256];

    (void)state;
    assert_int_equal(bb_stats_paragraph(s, &text), BB_OK);
    with_value(s, "reports_new", "total", "all",
               "In het derde kwartaal van 2024 (1 juli tot en met 30 september 2024) zijn ",
               " meldingen bij Buurtbemiddeling binnengekomen",
               want, sizeof want);
    st_has(text, want);
    with_value(s, "reports_new", "source", "politie", "de politie (", ")", want, sizeof want);
    st_has(text, want);
    with_value(s, "cases_closed", "total", "all", "In dezelfde periode zijn ",
               " zaken afgesloten.",
               want, sizeof want);
    st_has(text, want);
    st_has(text, "is 76% geheel of gedeeltelijk opgelost.");
    st_has(text, "3 dagen van melding tot intake en 30 dagen van melding tot afsluiting.");
    with_value(s, "referrals", "total", "all",
               "Er zijn ",
               " verwijzingen naar professionele mediation gedaan, met tot nu toe 25 uur "
               "mediation (€ 2.500).",
               want, sizeof want);
    st_has(text, want);
    st_has(text, "Van het mediationbudget voor 2024 is van 1 januari tot en met 30 september 2024 "
                 "16% besteed.");
    st_has(text, "zijn alle aantallen licht verstoord (hooguit 3 hoger of lager, zodat totalen "
                 "niet precies optellen), worden aantallen kleiner dan 5 niet genoemd en zijn uren "
                 "en kosten afgerond.");
    assert_null(strstr(text, "intern"));
    assert_null(strchr(text, '\n'));
    free(text);
    bb_stats_free(s);
    s = st_compute(t, "2024-Q3", NULL, NULL, -1);
    assert_int_equal(bb_stats_paragraph(s, &text), BB_OK);
    st_has(text, "zijn 31 meldingen bij Buurtbemiddeling binnengekomen, tegen 7 in het kwartaal "
                 "daarvoor.");
    st_has(text, "Dit zijn interne, exacte cijfers, niet voor publicatie.");
    assert_null(strstr(text, "verstoord"));
    free(text);
    bb_stats_free(s);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_follow_the_documented_table),
        cmocka_unit_test(same_cases_same_values),
        cmocka_unit_test(protect_and_share_rules),
        cmocka_unit_test(percentile_matches_percentile_cont),
        cmocka_unit_test(derived_tables_follow_the_sources),
        cmocka_unit_test(other_periods_refused_to_a_reporter),
        cmocka_unit_test(lists_and_defaults_match_libbb),
        cmocka_unit_test(settings_are_checked),
        cmocka_unit_test(paragraph_singular_and_plural),
        cmocka_unit_test(paragraph_of_the_fixture),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
