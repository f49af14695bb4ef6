/* The figures are safe to publish (suppression with k, complements, small bases), their derived
 * tables stay equal to the source tables, the database's lists and defaults are libbb's, and
 * the Dutch paragraph reads right in the singular and the plural. */
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

/* Dimensions whose cells add up to their metric's total/all. */
static const char *const additive[][2] = {
    {"reports_new", "source"},
    {"reports_new", "area"},
    {"cases_closed", "outcome"},
    {"step_reached", "step"},
    {"open_at_end", "status"},
    {"referrals", "practice"},
    {"referral_hours", "practice"},
    {"referral_cost", "practice"},
    {"workload_avoided_hours", "partner"},
};

/* The attack of the issue: with the total shown, a dimension with exactly one hidden cell
 * gives it away as the total minus the rest. No hidden row may carry a value either. */
static void assert_nothing_recoverable(const bb_stats *s, int previous)
{
    for (size_t a = 0; a < sizeof additive / sizeof additive[0]; a++) {
        const bb_stat_row *total = bb_stats_find(s, previous, additive[a][0], "total", "all");
        int hidden = 0;
        for (size_t i = 0; i < s->n_rows; i++) {
            const bb_stat_row *r = &s->rows[i];
            if (r->previous == previous && strcmp(r->metric, additive[a][0]) == 0 &&
                strcmp(r->dimension, additive[a][1]) == 0)
                hidden += r->suppressed;
        }
        if (total != NULL && !total->suppressed && hidden == 1)
            fail_msg("%s/%s: one hidden cell under a shown total", additive[a][0], additive[a][1]);
    }
    for (size_t i = 0; i < s->n_rows; i++)
        assert_true(!s->rows[i].suppressed || s->rows[i].value[0] == '\0');
}

static void k_from_the_setting_and_only_raised(void **state)
{
    regt *t = st_fixture();
    bb_stats *s;

    (void)state;
    /* The default 5: gemeente 3 is small, and woningcorporatie 5, the smallest other source,
     * hides with it as its complement. */
    s = st_compute(t, "2024-Q3", NULL, NULL, 0);
    assert_int_equal(s->k, 5);
    st_expect(s, 0, "reports_new", "source", "gemeente", "<");
    st_expect(s, 0, "reports_new", "source", "woningcorporatie", "x");
    st_expect(s, 0, "reports_new", "source", "politie", "6");
    assert_nothing_recoverable(s, 0);
    bb_stats_free(s);
    /* Asking for 7 raises it: politie 6 is small now, and with 16 of 21 resolved the 5 not
     * resolved would be small, so the share hides too. */
    s = st_compute(t, "2024-Q3", NULL, NULL, 7);
    assert_int_equal(s->k, 7);
    st_expect(s, 0, "reports_new", "source", "politie", "<");
    st_expect(s, 0, "reports_new", "source", "zelfmelder", "17");
    st_expect(s, 0, "share_resolved", "total", "all", "-");
    assert_nothing_recoverable(s, 0);
    bb_stats_free(s);
    /* The setting 6 stays when a caller asks for less. */
    assert_int_equal(bb_config_set(t->ctx, "export.k", "6"), BB_OK);
    s = st_compute(t, "2024-Q3", NULL, NULL, 3);
    assert_int_equal(s->k, 6);
    st_expect(s, 0, "reports_new", "source", "politie", "6");
    st_expect(s, 0, "reports_new", "source", "woningcorporatie", "<");
    bb_stats_free(s);
    regt_free(t);
}

static void no_hidden_cell_can_be_recovered(void **state)
{
    static const char *const periods[] = {"2024-Q1", "2024-Q2", "2024-Q3", "2024-H1",
                                          "2024-H2", "2024",    "pilot"};
    regt *t = st_fixture();

    (void)state;
    for (int k = 0; k <= 12; k += 3)
        for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
            bb_stats *s = st_compute(t, periods[p], NULL, NULL, k);
            const bb_stat_row *share = bb_stats_find(s, 0, "share_resolved", "total", "all");
            assert_nothing_recoverable(s, 0);
            assert_nothing_recoverable(s, 1);
            /* A shown share never rests on a hidden outcome it could reveal. */
            if (!share->suppressed) {
                assert_false(
                    bb_stats_find(s, 0, "cases_closed", "outcome", "opgelost")->suppressed);
                assert_false(
                    bb_stats_find(s, 0, "cases_closed", "outcome", "deels_opgelost")->suppressed);
            }
            bb_stats_free(s);
        }
    regt_free(t);
}

/* The rules themselves, on cells made up here. */
static void protect_and_share_rules(void **state)
{
    regt *t = regt_new();
    char *v;

    (void)state;
    /* Total 20: a 12, b 3 (small), c 5 (its complement: the smallest other non-zero), d 0. */
    v = dbt_query(t->ci, "SELECT string_agg(category || '=' || coalesce(value::text, "
                         "CASE WHEN small THEN '<' ELSE 'x' END), ' ' ORDER BY ord)"
                         " FROM bb_stat_protect(ARRAY[bb_stat_cell('m','total','all',20,20),"
                         " bb_stat_cell('m','d','a',12,12), bb_stat_cell('m','d','b',3,3),"
                         " bb_stat_cell('m','d','c',5,5), bb_stat_cell('m','d','d',0,0)], 5)");
    assert_string_equal(v, "all=20 a=12 b=< c=x d=0");
    free(v);
    /* Two small cells protect each other; a small total hides itself. */
    v = dbt_query(t->ci, "SELECT string_agg(coalesce(value::text, CASE WHEN small THEN '<' ELSE "
                         "'x' END), ' ' ORDER BY ord) FROM bb_stat_protect(ARRAY["
                         "bb_stat_cell('m','total','all',4,4), bb_stat_cell('m','d','a',1,1),"
                         " bb_stat_cell('m','d','b',3,3), bb_stat_cell('m','d','c',0,0)], 5)");
    assert_string_equal(v, "< < < 0");
    free(v);
    /* Shares: 16/21 shown; a small numerator or remainder, a base under 10, a linked hidden
     * count: hidden; 0 and 100 percent are fine. */
    v = dbt_query(t->ci, "SELECT concat_ws(' ', bb_stat_share(16, 21, 5, false),"
                         " coalesce(bb_stat_share(3, 20, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(18, 20, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(5, 9, 5, false)::text, 'h'),"
                         " coalesce(bb_stat_share(10, 20, 5, true)::text, 'h'),"
                         " bb_stat_share(0, 10, 5, false), bb_stat_share(20, 20, 5, false))");
    assert_string_equal(v, "76.2 h h h h 0.0 100.0");
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
        " t.minutes FROM contact_volunteer cv JOIN contact t ON t.id = cv.contact_id) c)"
        " + (SELECT abs((SELECT count(*) FROM stat_participation) - (SELECT count(*) FROM"
        " contact_volunteer)))"
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
    assert_string_equal(v, "38");
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
        {first, today},
        {first, yesterday},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        for (int entry = 0; entry < 2; entry++) {
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

/* The paragraph of the fixture's third quarter. */
static void paragraph_of_the_fixture(void **state)
{
    regt *t = st_fixture();
    bb_stats *s = st_compute(t, "2024-Q3", NULL, NULL, 0);
    char *text = NULL;

    (void)state;
    assert_int_equal(bb_stats_paragraph(s, &text), BB_OK);
    st_has(text, "In het derde kwartaal van 2024 (1 juli tot en met 30 september 2024) zijn 31 "
                 "meldingen bij Buurtbemiddeling binnengekomen, tegen 7 in het kwartaal "
                 "daarvoor.");
    st_has(text, "De meldingen kwamen vooral van bewoners zelf (17) en de politie (6).");
    st_has(text, "geluidsoverlast door personen (10), parkeren (6) en pesten en treiteren (6).");
    st_has(text, "is 76,2% geheel of gedeeltelijk opgelost.");
    st_has(text, "3 dagen van melding tot intake en 30 dagen van melding tot afsluiting.");
    st_has(text, "liepen er nog 6 zaken, waarvan er minder dan 5 op een intake wachtten.");
    st_has(text, "Er zijn 7 verwijzingen naar professionele mediation gedaan, met tot nu toe "
                 "26,5 uur mediation (€ 2.457,50).");
    st_has(text, "Van het mediationbudget voor 2024 is van 1 januari tot en met 30 september 2024 "
                 "16,4% besteed.");
    st_has(text, "naar schatting 18 uur werk bespaard (een schatting op basis van de ingestelde "
                 "uren per opgeloste zaak: politie 3, woningcorporatie 4, gemeente 2).");
    st_has(text, "aantallen kleiner dan 5 niet genoemd.");
    assert_null(strchr(text, '\n'));
    free(text);
    bb_stats_free(s);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(k_from_the_setting_and_only_raised),
        cmocka_unit_test(no_hidden_cell_can_be_recovered),
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
