/* bb_report_create: a case with its parties and first note in one transaction; a refusal
 * anywhere writes nothing and uses up no case number; a retry by id stores nothing twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static const char *const types[] = {"geluid_personen"};

static void report_of(bb_report_new *r, const bb_party_new *parties, size_t n, const char *id)
{
    *r = (bb_report_new){.report = {.id = id,
                                    .reported_on = "2024-03-01",
                                    .source = "politie",
                                    .types = types,
                                    .n_types = 1,
                                    .note = "Belt over harde muziek 's nachts."},
                         .parties = parties,
                         .n_parties = n};
}

static void stores_case_parties_and_note_together(void **state)
{
    regt *t = regt_new();
    bb_party_new p[2] = {{.role = "melder", .name = "Ëlsa Brüggemann-Çelik",
                          .street = "Dorpsstraat", .house_number = "12", .postcode = "1010ab",
                          .place = "Oosterend", .phone = "06-12345678"},
                         {.role = "wederpartij", .name = "Jan de Vries", .house_number = "14",
                          .postcode = "1010 AB"}};
    bb_report_new in;
    bb_case *c = NULL;
    bb_party_list *l = NULL;
    bb_case_event_list *ev = NULL;
    int failed = -1;

    (void)state;
    report_of(&in, p, 2, NULL);
    assert_int_equal(bb_report_create(t->ctx, &in, &c, &failed), BB_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(bb_party_list_get(t->ctx, c->number, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[0].role, "melder");
    assert_string_equal(l->items[0].name, "Ëlsa Brüggemann-Çelik");
    assert_string_equal(l->items[0].postcode, "1010 AB");
    assert_string_equal(l->items[1].role, "wederpartij");
    assert_string_equal(l->items[1].name, "Jan de Vries");
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_true(ev->n >= 1);
    assert_string_equal(ev->items[0].note, "Belt over harde muziek 's nachts.");
    bb_case_event_list_free(ev);
    bb_party_list_free(l);
    bb_case_free(c);
    regt_free(t);
}

static void a_bad_party_writes_nothing_and_says_which(void **state)
{
    regt *t = regt_new();
    bb_party_new p[2] = {{.role = "melder", .name = "Ëlsa de Bruijn", .postcode = "1010ab"},
                         {.role = "wederpartij", .name = "Jan de Vries", .postcode = "10X0 AB"}};
    bb_report_new in;
    bb_case *c = NULL;
    char *before = regt_fingerprint(t), *after;
    int failed = -1;

    (void)state;
    report_of(&in, p, 2, NULL);
    assert_int_equal(bb_report_create(t->ctx, &in, &c, &failed), BB_EINVAL);
    assert_null(c);
    assert_int_equal(failed, 2);
    MSG_HAS(t->ctx, "postcode");
    after = regt_fingerprint(t);
    assert_string_equal(before, after); /* not the case, not the first party, not the number */
    free(after);
    p[1].postcode = "1010 AB";
    p[1].name = "";
    assert_int_equal(bb_report_create(t->ctx, &in, &c, &failed), BB_EINVAL);
    assert_int_equal(failed, 2);
    MSG_HAS(t->ctx, "name");
    p[1].name = "Jan de Vries";
    in.report.source = "nergens";
    assert_int_equal(bb_report_create(t->ctx, &in, &c, &failed), BB_EINVAL);
    assert_int_equal(failed, 0);
    MSG_HAS(t->ctx, "nergens");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    /* The first case registered after the refusals still gets number 1. */
    in.report.source = "politie";
    assert_int_equal(bb_report_create(t->ctx, &in, &c, &failed), BB_OK);
    assert_true(strstr(c->number, "-0001") != NULL);
    bb_case_free(c);
    free(before);
    regt_free(t);
}

static void a_retry_by_id_stores_nothing_twice(void **state)
{
    regt *t = regt_new();
    char cid[BB_UUID_SIZE], pid[2][BB_UUID_SIZE];
    bb_party_new p[2] = {{.role = "melder", .name = "Ëlsa de Bruijn"},
                         {.role = "wederpartij", .name = "Jan de Vries"}};
    bb_report_new in;
    bb_case *a = NULL, *b = NULL;
    bb_party_list *l = NULL;

    (void)state;
    bb_uuid_generate(cid);
    for (int i = 0; i < 2; i++) {
        bb_uuid_generate(pid[i]);
        p[i].id = pid[i];
    }
    report_of(&in, p, 2, cid);
    assert_int_equal(bb_report_create(t->ctx, &in, &a, NULL), BB_OK);
    assert_int_equal(bb_report_create(t->ctx, &in, &b, NULL), BB_OK);
    assert_string_equal(a->number, b->number);
    assert_int_equal(bb_party_list_get(t->ctx, a->number, &l), BB_OK);
    assert_int_equal(l->n, 2);
    bb_party_list_free(l);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stores_case_parties_and_note_together),
        cmocka_unit_test(a_bad_party_writes_nothing_and_says_which),
        cmocka_unit_test(a_retry_by_id_stores_nothing_twice),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
