/* Bad input to the registry: every refusal is BB_EINVAL (or BB_ENOTFOUND for unknown
 * references), names the field and the value, and leaves the database as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

/* A bad create: in is refused with status, its message holds want, nothing is written. */
static void refuse_case(regt *t, const bb_case_new *in, int status, const char *field,
                        const char *value)
{
    char *before = regt_fingerprint(t), *after;
    bb_case *out = (bb_case *)1;

    assert_int_equal(bb_case_create(t->ctx, in, &out), status);
    assert_null(out);
    MSG_HAS(t->ctx, field, value);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static bb_case_new good(const char *const *types, size_t n)
{
    return (bb_case_new){
        .reported_on = "2024-03-01", .source = "politie", .types = types, .n_types = n};
}

static void unknown_categories_are_named(void **state)
{
    regt *t = regt_new();
    const char *ok[] = {"parkeren"}, *bad[] = {"parkeren", "burenruzie"};
    const char *twice[] = {"parkeren", "parkeren"};
    bb_case_new in = good(ok, 1);

    (void)state;
    in.source = "buren";
    refuse_case(t, &in, BB_EINVAL, "source: unknown referral source 'buren'", "zelfmelder");
    in = good(bad, 2);
    refuse_case(t, &in, BB_EINVAL, "type: unknown conflict type 'burenruzie'", "geluid_personen");
    in = good(twice, 2);
    refuse_case(t, &in, BB_EINVAL, "type", "'parkeren' is given twice");
    in = good(ok, 0);
    refuse_case(t, &in, BB_EINVAL, "type", "at least one");
    in = good(ok, 1);
    in.source = NULL;
    refuse_case(t, &in, BB_EINVAL, "source", "missing");
    regt_free(t);
}

static void unknown_status_and_outcome_are_named(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *before = regt_fingerprint(t), *after;

    (void)state;
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "gesloten", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "status: unknown status 'gesloten'", "aangemeld");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "gelukt", NULL, "reason", NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, "outcome: unknown outcome 'gelukt'", "deels_opgelost");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "opgelost", "2024-02-29", "reason", NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, "closed", "2024-02-29", "before the report");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

/* Closing needs a reason: libbb refuses a missing or blank one, and the database refuses a
 * closing whose event has no note (a coordinator with psql cannot skip it). */
static void closing_without_a_reason_is_refused(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *before, *after, *err;
    bb_case *out = (bb_case *)1;

    (void)state;
    regt_move(t, &c, "intake");
    before = regt_fingerprint(t);
    assert_int_equal(bb_case_close(t->ctx, c->number, c->version, "opgelost", NULL, NULL, &out),
                     BB_EINVAL);
    assert_null(out);
    MSG_HAS(t->ctx, "reason: required");
    assert_int_equal(bb_case_close(t->ctx, c->number, c->version, "opgelost", NULL, " \t", NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, "reason: required");
    err = regt_sql_error(t->ci, "UPDATE bb_case SET status = 'afgesloten', outcome = 'opgelost',"
                                " closed_on = current_date");
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

static void impossible_dates_are_named(void **state)
{
    regt *t = regt_new();
    const char *ok[] = {"overig"};
    bb_case_new in = good(ok, 1);

    (void)state;
    in.reported_on = "2999-01-01";
    refuse_case(t, &in, BB_EINVAL, "reported", "2999-01-01 is in the future");
    in.reported_on = "2023-02-29";
    refuse_case(t, &in, BB_EINVAL, "reported", "'2023-02-29' is not a date");
    assert_string_equal(bb_errfield(t->ctx), "reported"); /* the key, whatever the language */
    in.reported_on = "1-3-2024";
    refuse_case(t, &in, BB_EINVAL, "reported", "'1-3-2024'");
    in.reported_on = "1999-12-31";
    refuse_case(t, &in, BB_EINVAL, "reported", "before 2000");
    in.reported_on = NULL;
    refuse_case(t, &in, BB_EINVAL, "reported", "missing");
    regt_free(t);
}

static void bad_text_is_named_and_shown_safely(void **state)
{
    regt *t = regt_new();
    const char *ok[] = {"overig"};
    bb_case_new in = good(ok, 1);
    char long_name[80];

    (void)state;
    in.area = "No\xff\xfeord";
    refuse_case(t, &in, BB_EINVAL, "area", "'No\\xff\\xfeord' is not valid UTF-8");
    in.area = "No\x1b[31mord"; /* a terminal escape: shown, never passed on */
    refuse_case(t, &in, BB_EINVAL, "area", "'No\\x1b[31mord' contains a control character");
    in.area = "No\xc2\x9b"
              "31mord"; /* C1 CSI */
    refuse_case(t, &in, BB_EINVAL, "area", "control character");
    in.area = "No\xe2\x80\xaeord"; /* right-to-left override */
    refuse_case(t, &in, BB_EINVAL, "area", "control character");
    in.area = "Noord\n";
    refuse_case(t, &in, BB_EINVAL, "area", "'Noord\\x0a'");
    memset(long_name, 'a', 61);
    long_name[61] = '\0';
    in.area = long_name;
    refuse_case(t, &in, BB_EINVAL, "area", "longer than 60 characters (61)");
    in.area = " Noord";
    refuse_case(t, &in, BB_EINVAL, "area", "starts or ends with a space");
    in.area = "Zuid";
    refuse_case(t, &in, BB_EINVAL, "area", "no area called 'Zuid'");
    regt_free(t);
}

static void malformed_identifiers_are_named(void **state)
{
    regt *t = regt_new();
    const char *ok[] = {"overig"};
    bb_case_new in = good(ok, 1);
    bb_case *c = NULL;
    bb_case_list *l = NULL;
    bb_case_filter f = {.status = "open"};

    (void)state;
    in.id = "not-a-uuid";
    refuse_case(t, &in, BB_EINVAL, "id", "'not-a-uuid' is not a UUID");
    assert_int_equal(bb_case_get(t->ctx, "BB-24-7", &c), BB_EINVAL);
    MSG_HAS(t->ctx, "case", "'BB-24-7' is not a case number");
    assert_int_equal(bb_case_get(t->ctx, "BB-2024-0099", &c), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "BB-2024-0099");
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "status", "'open'");
    f = (bb_case_filter){.limit = 5000};
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "limit", "5000");
    f = (bb_case_filter){.after = "x"};
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "after", "'x'");
    assert_null(l);
    regt_free(t);
}

static void no_organisation_chosen_is_refused(void **state)
{
    regt *t = regt_new();
    const char *ok[] = {"overig"};
    bb_case_new in = good(ok, 1);
    bb_ctx *fresh = dbt_open(t->ci);

    (void)state;
    assert_int_equal(bb_case_create(fresh, &in, NULL), BB_EINVAL);
    assert_non_null(strstr(bb_errmsg(fresh), "organisation"));
    bb_close(fresh);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_categories_are_named),
        cmocka_unit_test(unknown_status_and_outcome_are_named),
        cmocka_unit_test(closing_without_a_reason_is_refused),
        cmocka_unit_test(impossible_dates_are_named),
        cmocka_unit_test(bad_text_is_named_and_shown_safely),
        cmocka_unit_test(malformed_identifiers_are_named),
        cmocka_unit_test(no_organisation_chosen_is_refused),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
