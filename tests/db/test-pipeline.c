/* The volunteer pipeline: the steps libbb and the database allow, a later start status with
 * the dates of the steps before it, the status history, and histories from before the rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static bb_volunteer_new vera(void)
{
    return (bb_volunteer_new){
        .name = "Vera", .postcode = "1010 AB", .capacity = -1, .since = "2024-01-02"};
}

/* Moves V-0001 (at version *version) to status on since; returns the result, *version moved. */
static int step(regt *t, long long *version, const char *status, const char *since)
{
    bb_volunteer *v = NULL;
    int rc = bb_volunteer_set_status(t->ctx, "V-0001", *version, status, since, &v);

    if (rc == BB_OK)
        *version = v->version;
    bb_volunteer_free(v);
    return rc;
}

static char *history(regt *t)
{
    return dbt_query(t->ci, "SELECT string_agg(status || '@' || since, ',' ORDER BY id)"
                            " FROM volunteer_status_event");
}

static void the_table_of_steps(void **state)
{
    const char *next[5];

    (void)state;
    assert_true(bb_volunteer_step_allowed("aangemeld", "in_opleiding", ""));
    assert_true(bb_volunteer_step_allowed("gecertificeerd", "actief", ""));
    assert_true(bb_volunteer_step_allowed("actief", "gestopt", ""));
    assert_true(bb_volunteer_step_allowed("in_opleiding", "gestopt", ""));
    assert_true(bb_volunteer_step_allowed("gestopt", "actief", "actief"));
    assert_true(bb_volunteer_step_allowed("gestopt", "in_opleiding", "in_opleiding"));
    assert_false(bb_volunteer_step_allowed("aangemeld", "actief", ""));
    assert_false(bb_volunteer_step_allowed("gestopt", "gecertificeerd", "actief"));
    assert_false(bb_volunteer_step_allowed("gestopt", "actief", "in_opleiding"));
    assert_false(bb_volunteer_step_allowed("actief", "gecertificeerd", ""));
    assert_false(bb_volunteer_step_allowed("actief", "actief", ""));
    assert_int_equal(bb_volunteer_next_steps("aangemeld", "", next, 5), 2);
    assert_string_equal(next[0], "in_opleiding");
    assert_string_equal(next[1], "gestopt");
    assert_int_equal(bb_volunteer_next_steps("gestopt", "actief", next, 5), 1);
    assert_string_equal(next[0], "actief");
}

static void a_step_out_of_order_is_refused(void **state)
{
    regt *t = regt_new();
    bb_volunteer_new in = vera();
    long long version = 1;
    char *before = NULL, *after = NULL, *h = NULL;

    (void)state;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_OK);
    before = regt_fingerprint(t);
    assert_int_equal(step(t, &version, "actief", "2024-03-01"), BB_EINVAL);
    MSG_HAS(t->ctx, "status", "V-0001", "'aangemeld'", "'actief'",
            "allowed: in_opleiding, gestopt");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    /* A candidate who drops out of training stops, and comes back where they left off. */
    assert_int_equal(step(t, &version, "in_opleiding", "2024-03-01"), BB_OK);
    assert_int_equal(step(t, &version, "gestopt", "2024-04-01"), BB_OK);
    assert_int_equal(step(t, &version, "actief", "2024-05-01"), BB_EINVAL);
    MSG_HAS(t->ctx, "'gestopt'", "'actief'", "allowed: in_opleiding");
    assert_int_equal(step(t, &version, "in_opleiding", "2024-05-01"), BB_OK);
    assert_int_equal(step(t, &version, "gecertificeerd", "2024-04-30"), BB_EINVAL);
    MSG_HAS(t->ctx, "since", "2024-04-30", "2024-05-01");
    assert_int_equal(step(t, &version, "gecertificeerd", "2024-06-01"), BB_OK);
    /* Stopped once certified: back to actief only, never to gecertificeerd. */
    assert_int_equal(step(t, &version, "gestopt", "2024-06-02"), BB_OK);
    assert_int_equal(step(t, &version, "gecertificeerd", "2024-07-01"), BB_EINVAL);
    MSG_HAS(t->ctx, "'gestopt'", "'gecertificeerd'", "allowed: actief");
    assert_int_equal(step(t, &version, "actief", "2024-07-01"), BB_OK);
    h = history(t);
    assert_string_equal(h, "aangemeld@2024-01-02,in_opleiding@2024-03-01,gestopt@2024-04-01,"
                           "in_opleiding@2024-05-01,gecertificeerd@2024-06-01,"
                           "gestopt@2024-06-02,actief@2024-07-01");
    free(h);
    free(before);
    free(after);
    regt_free(t);
}

/* A later start status needs the dates of the steps before it, in order; each is recorded. */
static void a_later_start_needs_its_dates(void **state)
{
    regt *t = regt_new();
    const char *dates[] = {"2024-01-08", "2024-02-05", "2024-03-04"};
    const char *late[] = {"2024-01-08", "2024-03-04", "2024-02-05"};
    bb_volunteer_new in = vera();
    bb_volunteer *v = NULL;
    bb_volunteer_history *h = NULL;
    char *before = regt_fingerprint(t), *after = NULL, *events = NULL;

    (void)state;
    in.status = "actief";
    in.since = "2024-04-01";
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "steps", "'actief'", "3 steps", "aangemeld, in_opleiding, gecertificeerd",
            "not 0");
    in.steps = dates;
    in.n_steps = 2;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "steps", "not 2");
    in.steps = late;
    in.n_steps = 3;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "steps: gecertificeerd (2024-02-05) is before in_opleiding (2024-03-04)");
    in.steps = dates;
    in.since = "2024-03-01";
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "steps: actief (2024-03-01) is before gecertificeerd (2024-03-04)");
    in.status = NULL;
    in.since = "2024-03-01";
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL); /* aangemeld: none */
    MSG_HAS(t->ctx, "steps", "'aangemeld'", "0 steps", "not 3");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    in.status = "actief";
    in.since = "2024-04-01";
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &v), BB_OK);
    assert_string_equal(v->status, "actief");
    assert_string_equal(v->status_since, "2024-04-01");
    events = history(t);
    assert_string_equal(events, "aangemeld@2024-01-08,in_opleiding@2024-02-05,"
                                "gecertificeerd@2024-03-04,actief@2024-04-01");
    assert_int_equal(bb_volunteer_history_get(t->ctx, "V-0001", &h), BB_OK);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->items[0].status, "aangemeld");
    assert_string_equal(h->items[0].since, "2024-01-08");
    assert_string_equal(h->items[3].status, "actief");
    assert_string_equal(h->items[3].since, "2024-04-01");
    bb_volunteer_history_free(h);
    assert_int_equal(bb_volunteer_history_get(t->ctx, "V-0009", &h), BB_ENOTFOUND);
    free(events);
    free(before);
    free(after);
    bb_volunteer_free(v);
    regt_free(t);
}

/* psql by hand cannot skip a step, start later, or go back in time; nothing is written. */
static void the_database_keeps_the_pipeline(void **state)
{
    regt *t = regt_new();
    bb_volunteer_new in = vera();
    char *before = NULL, *after = NULL, *err = NULL;
    const char *bad[] = {
        "UPDATE volunteer SET status = 'actief'",
        "UPDATE volunteer SET status = 'in_opleiding', status_since = '2024-01-01'",
        "INSERT INTO volunteer (id, org_id, number, status) SELECT gen_random_uuid(), org_id, 7,"
        " 'actief' FROM volunteer",
    };
    const char *msg[] = {"status: volunteer V-0001 cannot go from 'aangemeld' to 'actief'",
                         "since: 2024-01-01 is before the current status began (2024-01-02)",
                         "status: a new volunteer starts as 'aangemeld', not 'actief'"};

    (void)state;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_OK);
    before = regt_fingerprint(t);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = regt_sql_error(t->ci, bad[i]);
        assert_non_null(err);
        assert_string_equal(err, "23514");
        free(err);
        err = regt_sql_error_field(t->ci, bad[i], 'M');
        assert_string_equal(err, msg[i]);
        free(err);
    }
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    assert_null(regt_sql_error(t->ci, "UPDATE volunteer SET status = 'gestopt'"));
    err = regt_sql_error(t->ci, "UPDATE volunteer SET status = 'in_opleiding'");
    assert_string_equal(err, "23514"); /* back only to where they left off: aangemeld */
    free(err);
    assert_null(regt_sql_error(t->ci, "UPDATE volunteer SET status = 'aangemeld'"));
    free(before);
    free(after);
    regt_free(t);
}

/* A history recorded before the rule (aangemeld straight to actief) stays; new steps from
 * there are checked. */
static void an_old_history_stays(void **state)
{
    regt *t = regt_new();
    bb_volunteer_new in = vera();
    long long version = 2;
    char *events = NULL, *err = NULL;

    (void)state;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_OK);
    assert_null(regt_sql_error(t->ci, "BEGIN;"
                                      " ALTER TABLE volunteer DISABLE TRIGGER volunteer_log_status;"
                                      " UPDATE volunteer SET status = 'actief',"
                                      "  status_since = '2024-02-01';"
                                      " INSERT INTO volunteer_status_event (org_id, volunteer_id,"
                                      "  status, since) SELECT org_id, id, status, status_since"
                                      "  FROM volunteer;"
                                      " ALTER TABLE volunteer ENABLE TRIGGER volunteer_log_status;"
                                      " COMMIT"));
    err = regt_sql_error(t->ci, "UPDATE volunteer SET status = 'gecertificeerd'");
    assert_string_equal(err, "23514");
    free(err);
    assert_int_equal(step(t, &version, "gecertificeerd", "2024-03-01"), BB_EINVAL);
    assert_int_equal(step(t, &version, "gestopt", "2024-03-01"), BB_OK);
    assert_int_equal(step(t, &version, "actief", "2024-04-01"), BB_OK);
    events = history(t);
    assert_string_equal(events, "aangemeld@2024-01-02,actief@2024-02-01,gestopt@2024-03-01,"
                                "actief@2024-04-01");
    free(events);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_table_of_steps),
        cmocka_unit_test(a_step_out_of_order_is_refused),
        cmocka_unit_test(a_later_start_needs_its_dates),
        cmocka_unit_test(the_database_keeps_the_pipeline),
        cmocka_unit_test(an_old_history_stays),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
