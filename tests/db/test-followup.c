/* Follow-up (nazorg): only for cases that reached agreements, answers ja/deels/nee per party,
 * bad input named, the database's own check. */
#include "reftest.h"

static void followup_of_a_case_in_nazorg(void **state)
{
    regt *t = regt_new();
    bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", "lopend", "nazorg", NULL);
    bb_followup_new in = {.id = "d3e1c2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f",
                          .case_number = c->number,
                          .date = "2024-04-15",
                          .melder_agreements = "ja",
                          .melder_improved = "deels",
                          .wederpartij_improved = "nee"};
    bb_followup *f = NULL;
    bb_followup_list *l = NULL;
    bb_case *closed = NULL;

    (void)state;
    assert_int_equal(bb_followup_add(t->ctx, &in, &f), BB_OK);
    assert_string_equal(f->case_number, c->number);
    assert_string_equal(f->melder_improved, "deels");
    assert_string_equal(f->wederpartij_agreements, "");
    bb_followup_free(f);
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_OK); /* a retry: no second row */
    /* After the closing too: the case did reach agreements. */
    assert_int_equal(
        bb_case_close(t->ctx, c->number, c->version, "opgelost", NULL, "reason", &closed), BB_OK);
    in.id = NULL;
    in.date = "2024-05-20";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_OK);
    assert_int_equal(bb_followup_list_get(t->ctx, c->number, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[0].date, "2024-04-15");
    assert_string_equal(l->items[1].date, "2024-05-20");
    bb_followup_list_free(l);
    bb_case_free(closed);
    bb_case_free(c);
    regt_free(t);
}

static void followup_needs_agreements(void **state)
{
    regt *t = regt_new();
    bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", "lopend", NULL);
    bb_followup_new in = {.case_number = c->number, .melder_improved = "ja"};
    char *before = reft_fingerprint(t), *err, sql[256];

    (void)state;
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "case", c->number, "never reached nazorg", "'lopend'");
    /* The database holds the same rule for SQL written by hand. */
    snprintf(sql, sizeof sql,
             "INSERT INTO followup (id, org_id, case_id, followup_on, melder_improved)"
             " SELECT gen_random_uuid(), org_id, id, reported_on, 'ja' FROM bb_case WHERE seq = %d",
             atoi(c->number + 8));
    err = regt_sql_error(t->ci, sql);
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    reft_unchanged(t, before);
    bb_case_free(c);
    regt_free(t);
}

static void followup_bad_input_is_named(void **state)
{
    regt *t = regt_new();
    bb_case *c = reft_case_at(t, "2024-03-01", "zelfmelder", "intake", "lopend", "nazorg", NULL);
    bb_followup_new in = {.case_number = c->number, .melder_agreements = "misschien"};
    char *before = reft_fingerprint(t);

    (void)state;
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "melder-agreements", "'misschien'", "ja, deels, nee");
    in = (bb_followup_new){.case_number = c->number};
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "answers", "none given");
    in = (bb_followup_new){.case_number = c->number, .date = "2024-02-28", .melder_improved = "ja"};
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "2024-02-28", "before the report");
    in.date = "2099-01-01";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "future");
    in.date = NULL;
    in.wederpartij_improved = "Ja\x1b[0m";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "wederpartij-improved", "\\x1b");
    in.wederpartij_improved = NULL;
    in.case_number = "BB-2024-0999";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_ENOTFOUND);
    in.case_number = "2024-1";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "case", "'2024-1'");
    reft_unchanged(t, before);
    bb_case_free(c);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(followup_of_a_case_in_nazorg),
        cmocka_unit_test(followup_needs_agreements),
        cmocka_unit_test(followup_bad_input_is_named),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
