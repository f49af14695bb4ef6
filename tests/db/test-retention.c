/* Retention: personal data of cases closed long enough ago is crypto-shredded; the plain
 * figures stay; running it again changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static int setup(void **state)
{
    *state = regt_new();
    return 0;
}

static int teardown(void **state)
{
    regt_free(*state);
    return 0;
}

static long count(regt *t, const char *sql)
{
    char *v = dbt_query(t->ci, sql);
    long n = v ? atol(v) : -1;
    free(v);
    return n;
}

/* bb_retention_run into a report that may hold an earlier run's years. */
static int run(regt *t, const char *today, int dry_run, bb_retention_report *r)
{
    bb_retention_report_free(r);
    return bb_retention_run(t->ctx, today, dry_run, r);
}

/* An old case, closed in March 2022, with a party's name and phone. */
static bb_case *old_closed_case(regt *t)
{
    bb_case *c = regt_case(t, "2022-01-10", "politie", "parkeren"), *closed = NULL;

    regt_party(t, c->number, "wederpartij", "Zwaantje Oudjaar", "1012 AB", "7", "0612345678");
    assert_int_equal(
        bb_case_close(t->ctx, c->number, c->version, "opgelost", "2022-03-01", "reason", &closed),
        BB_OK);
    bb_case_free(c);
    return closed;
}

static void dry_run_counts_and_changes_nothing(void **state)
{
    regt *t = *state;
    bb_case *old = old_closed_case(t);
    bb_retention_report r = {0};
    char *before = regt_fingerprint(t), *after;

    assert_int_equal(run(t, "2024-06-01", 1, &r), BB_OK);
    assert_int_equal(r.months, 24);
    assert_string_equal(r.cutoff, "2022-06-01");
    assert_int_equal(r.cases, 1);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_retention_report_free(&r);
    bb_case_free(old);
}

static void old_cases_are_shredded_and_figures_stay(void **state)
{
    regt *t = *state;
    bb_case *old = old_closed_case(t),
            *recent = regt_case(t, "2024-01-10", "zelfmelder", "kinderen");
    bb_case *open = regt_case(t, "2021-05-01", "gemeente", "huisdieren");
    const char *figures = "SELECT string_agg(status || '/' || coalesce(outcome, '-') || '/' ||"
                          " source, ',' ORDER BY year, seq) FROM bb_case";
    char *before = dbt_query(t->ci, figures), *after, sql[256];
    bb_retention_report r = {0};
    bb_party_list *parties = NULL;

    assert_int_equal(run(t, "2024-06-01", 0, &r), BB_OK);
    assert_int_equal(r.cases, 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM bb_case WHERE data_key_id IS NULL AND 'BB-' || year || '-' ||"
             " lpad(seq::text, 4, '0') = '%s'",
             old->number);
    assert_int_equal(count(t, sql), 1);
    /* Only the recent and the open case keep personal data (and their data keys). */
    assert_int_equal(count(t, "SELECT count(*) FROM bb_case WHERE data_key_id IS NOT NULL"), 2);
    assert_int_equal(count(t, "SELECT count(*) FROM personal_field pf WHERE NOT EXISTS"
                              " (SELECT 1 FROM data_key d WHERE d.id = pf.data_key_id)"),
                     0);
    after = dbt_query(t->ci, figures);
    assert_string_equal(before, after); /* the figures of every period are unchanged */
    /* The old case's parties have nothing left to decrypt. */
    if (bb_party_list_get(t->ctx, old->number, &parties) == BB_OK && parties != NULL)
        for (size_t i = 0; i < parties->n; i++)
            assert_true(parties->items[i].name == NULL ||
                        strstr(parties->items[i].name, "Zwaantje") == NULL);
    bb_party_list_free(parties);
    /* Again: nothing more to do. */
    assert_int_equal(run(t, "2024-06-01", 0, &r), BB_OK);
    assert_int_equal(r.cases, 0);
    bb_retention_report_free(&r);
    free(before);
    free(after);
    bb_case_free(old);
    bb_case_free(recent);
    bb_case_free(open);
}

static void the_period_is_a_setting(void **state)
{
    regt *t = *state;
    bb_case *old = old_closed_case(t);
    bb_retention_report r = {0};

    assert_int_equal(bb_config_set(t->ctx, "retention.months", "36"), BB_OK);
    assert_int_equal(run(t, "2024-06-01", 1, &r), BB_OK);
    assert_int_equal(r.months, 36);
    assert_string_equal(r.cutoff, "2021-06-01");
    assert_int_equal(r.cases, 0);
    assert_int_equal(run(t, "1 juni", 1, &r), BB_EINVAL);
    MSG_HAS(t->ctx, "today: '1 juni'");
    bb_retention_report_free(&r);
    bb_case_free(old);
}

/* A volunteer who stopped before the cutoff loses name, phone, e-mail and address indexes; one
 * who stopped recently, and an active one, keep theirs; the rows (for the figures) stay. */
static void stopped_volunteers_are_shredded(void **state)
{
    regt *t = *state;
    bb_volunteer_new in = {.name = "Vera Vroeger",
                           .phone = "0611111111",
                           .email = "v@example.org",
                           .postcode = "1010 AB",
                           .house_number = "3",
                           .status = "gestopt",
                           .steps = regt_steps,
                           .n_steps = 4,
                           .since = "2022-01-15",
                           .capacity = -1};
    bb_volunteer *old = NULL, *recent = NULL;
    bb_volunteer *active = regt_volunteer(t, "Anton Actief", "1011 AB", "5", "actief", 2);
    bb_volunteer_contact *vc = NULL;
    bb_retention_report r = {0};
    char sql[160];

    assert_int_equal(bb_volunteer_add(t->ctx, &in, &old), BB_OK);
    in.name = "Rosa Recent";
    in.since = "2024-03-01";
    in.id = NULL;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &recent), BB_OK);
    assert_int_equal(run(t, "2024-06-01", 1, &r), BB_OK);
    assert_int_equal(r.volunteers, 1);
    assert_int_equal(run(t, "2024-06-01", 0, &r), BB_OK);
    assert_int_equal(r.volunteers, 1);
    assert_int_equal(count(t, "SELECT count(*) FROM volunteer"), 3);
    assert_int_equal(count(t, "SELECT count(*) FROM volunteer WHERE data_key_id IS NULL"), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM personal_field WHERE owner_id = '%s'", old->id);
    assert_int_equal(count(t, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM blind_index WHERE owner_id = '%s'", old->id);
    assert_int_equal(count(t, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM personal_field WHERE owner_id = '%s'",
             recent->id);
    assert_true(count(t, sql) > 0);
    assert_int_equal(bb_volunteer_contact_get(t->ctx, old->number, &vc), BB_OK);
    assert_null(vc->name);
    assert_null(vc->phone);
    bb_volunteer_contact_free(vc);
    assert_int_equal(bb_volunteer_contact_get(t->ctx, recent->number, &vc), BB_OK);
    assert_string_equal(vc->name, "Rosa Recent");
    bb_volunteer_contact_free(vc);
    assert_int_equal(bb_volunteer_contact_get(t->ctx, active->number, &vc), BB_OK);
    assert_string_equal(vc->name, "Anton Actief");
    bb_volunteer_contact_free(vc);
    assert_int_equal(run(t, "2024-06-01", 0, &r), BB_OK);
    assert_int_equal(r.volunteers, 0);
    bb_retention_report_free(&r);
    bb_volunteer_free(old);
    bb_volunteer_free(recent);
    bb_volunteer_free(active);
}

/* The database's today, plus days, as YYYY-MM-DD (free()). */
static char *db_day(regt *t, int days)
{
    char sql[128];

    snprintf(sql, sizeof sql, "SELECT (bb_retention_today() + %d)::text", days);
    return dbt_query(t->ci, sql);
}

/* A future --today destroys nothing: refused with a message naming the day, by libbb and by the
 * database itself for a caller of the SQL; only a dry run may look ahead. */
static void a_future_today_is_refused(void **state)
{
    regt *t = *state;
    bb_case *old = old_closed_case(t);
    char *tomorrow = db_day(t, 1), *today = db_day(t, 0), *before = regt_fingerprint(t), *after;
    char sql[256], *state_of;
    bb_retention_report r;

    assert_int_equal(bb_retention_run(t->ctx, tomorrow, 0, &r), BB_EINVAL);
    MSG_HAS(t->ctx, "today: '", tomorrow, "' is after the database's today (", today, ")");
    bb_retention_report_free(&r);
    assert_int_equal(bb_retention_run(t->ctx, "2999-01-01", 0, &r), BB_EINVAL);
    bb_retention_report_free(&r);
    snprintf(sql, sizeof sql, "SELECT * FROM bb_retention_shred('%s', '%s', 500)", t->org_id,
             tomorrow);
    state_of = regt_sql_error(t->ci, sql);
    assert_non_null(state_of);
    assert_string_equal(state_of, "22023");
    free(state_of);
    /* A dry run may look ahead, and changes nothing either. */
    assert_int_equal(bb_retention_run(t->ctx, "2999-01-01", 1, &r), BB_OK);
    assert_string_equal(r.today, "2999-01-01");
    assert_int_equal(r.cases, 1);
    bb_retention_report_free(&r);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    /* The database's own today is allowed (and is the default). */
    assert_int_equal(bb_retention_run(t->ctx, today, 0, &r), BB_OK);
    bb_retention_report_free(&r);
    assert_int_equal(bb_retention_run(t->ctx, NULL, 1, &r), BB_OK);
    assert_string_equal(r.today, today);
    bb_retention_report_free(&r);
    free(tomorrow);
    free(today);
    free(before);
    free(after);
    bb_case_free(old);
}

/* The report says what went per year of closing (cases) or stopping (volunteers). */
static void the_report_is_per_year(void **state)
{
    regt *t = *state;
    bb_case *old = old_closed_case(t), *older = regt_case(t, "2021-01-10", "politie", "parkeren");
    bb_case *closed = NULL;
    bb_volunteer_new in = {.name = "Vera Vroeger",
                           .phone = "0611111111",
                           .status = "gestopt",
                           .steps = regt_steps,
                           .n_steps = 4,
                           .since = "2021-05-15",
                           .capacity = -1,
                           .postcode = "1010 AB",
                           .house_number = "3"};
    bb_volunteer *v = NULL;
    bb_retention_report r;

    assert_int_equal(bb_case_close(t->ctx, older->number, older->version, "opgelost", "2021-02-01",
                                   "reason", &closed),
                     BB_OK);
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &v), BB_OK);
    for (int dry = 1; dry >= 0; dry--) {
        assert_int_equal(bb_retention_run(t->ctx, "2024-06-01", dry, &r), BB_OK);
        assert_int_equal(r.cases, 2);
        assert_int_equal(r.volunteers, 1);
        assert_int_equal(r.n_years, 2);
        assert_int_equal(r.years[0].year, 2021);
        assert_int_equal(r.years[0].cases, 1);
        assert_int_equal(r.years[0].volunteers, 1);
        assert_int_equal(r.years[1].year, 2022);
        assert_int_equal(r.years[1].cases, 1);
        assert_int_equal(r.years[1].volunteers, 0);
        bb_retention_report_free(&r);
    }
    assert_int_equal(bb_retention_run(t->ctx, "2024-06-01", 0, &r), BB_OK);
    assert_int_equal(r.n_years, 0);
    bb_retention_report_free(&r);
    bb_volunteer_free(v);
    bb_case_free(closed);
    bb_case_free(older);
    bb_case_free(old);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(dry_run_counts_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(old_cases_are_shredded_and_figures_stay, setup, teardown),
        cmocka_unit_test_setup_teardown(the_period_is_a_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(stopped_volunteers_are_shredded, setup, teardown),
        cmocka_unit_test_setup_teardown(a_future_today_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(the_report_is_per_year, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
