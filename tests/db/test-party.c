/* Parties: personal fields encrypted and indexed, optimistic locking, the melder rule (in
 * libbb and in the database), the intake decision, search, and bad input that never echoes a
 * personal value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static long count(regt *t, const char *sql)
{
    char *v = dbt_query(t->ci, sql);
    long n = v ? atol(v) : -1;

    free(v);
    return n;
}

/* A handle on t's database that holds no keys. */
static bb_ctx *locked_handle(regt *t)
{
    bb_ctx *ctx = dbt_open(t->ci);

    assert_int_equal(bb_org_use(ctx, NULL), BB_OK);
    return ctx;
}

static void add_stores_fields_encrypted_and_indexed(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_party_new in = {.role = "melder",
                       .name = "Ëlsa de Bruijn",
                       .street = "Dorpsstraat",
                       .house_number = "12a",
                       .postcode = "1010ab",
                       .place = "Oosterend",
                       .phone = "06-12345678",
                       .email = "elsa@example.org",
                       .tenure = "huur_corporatie",
                       .age_band = "45_64"};
    bb_party *p = NULL;
    bb_party_list *l = NULL;

    (void)state;
    assert_int_equal(bb_party_add(t->ctx, c->number, &in, &p), BB_OK);
    assert_int_equal(p->number, 1);
    assert_string_equal(p->name, "Ëlsa de Bruijn");
    assert_string_equal(p->postcode, "1010 AB"); /* stored in the one way it is shown */
    assert_string_equal(p->tenure, "huur_corporatie");
    assert_string_equal(p->household, "onbekend");
    assert_string_equal(p->interpreter, "onbekend");
    assert_int_equal(p->locked, 0);
    /* Nothing personal in a plain column; name, phone, address, e-mail, street and postcode
     * indexed. */
    assert_int_equal(count(t, "SELECT count(*) FROM party WHERE party::text ~* 'bruijn|dorps'"), 0);
    assert_int_equal(count(t, "SELECT count(*) FROM personal_field WHERE owner_table = 'party'"
                              " AND field IN ('name', 'street', 'house_number', 'postcode',"
                              " 'place', 'phone', 'email')"),
                     7);
    assert_int_equal(count(t, "SELECT count(*) FROM blind_index WHERE owner_table = 'party'"), 6);
    /* "Elsa de Bruijn": a word index for each word. */
    assert_int_equal(count(t, "SELECT count(*) FROM word_index WHERE owner_table = 'party'"), 3);
    assert_int_equal(bb_party_list_get(t->ctx, c->number, &l), BB_OK);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->items[0].email, "elsa@example.org");
    bb_party_list_free(l);
    bb_party_free(p);
    bb_case_free(c);
    regt_free(t);
}

static void a_locked_handle_sees_and_writes_nothing_personal(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_ctx *locked = locked_handle(t);
    bb_party_list *l = NULL;
    bb_party_new in = {.role = "wederpartij", .name = "Piet"};
    const char *types[] = {"overig"};
    bb_case_new cn = {
        .reported_on = "2024-03-01", .source = "politie", .types = types, .n_types = 1};

    (void)state;
    assert_int_equal(bb_party_list_get(locked, c->number, &l), BB_OK);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->items[0].locked, 1);
    assert_null(l->items[0].name);
    assert_string_equal(l->items[0].role, "melder"); /* the plain part stays readable */
    bb_party_list_free(l);
    assert_int_equal(bb_party_add(locked, c->number, &in, NULL), BB_EDENIED);
    assert_int_equal(bb_case_create(locked, &cn, NULL), BB_EDENIED);
    MSG_HAS(locked, "unlock");
    bb_close(locked);
    bb_case_free(c);
    regt_free(t);
}

/* A refused add: status, the field in the message, the secret never, nothing written. */
static void refuse(regt *t, const char *number, const bb_party_new *in, int status,
                   const char *field, const char *secret)
{
    char *before = regt_fingerprint(t), *after;

    assert_int_equal(bb_party_add(t->ctx, number, in, NULL), status);
    MSG_HAS(t->ctx, field);
    if (secret != NULL && strstr(bb_errmsg(t->ctx), secret) != NULL)
        fail_msg("message echoes the personal value: %s", bb_errmsg(t->ctx));
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void bad_input_is_named_without_the_value(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    char long_name[260];
    bb_party_new in = {.role = "melder", .name = "Jan"};

    (void)state;
    in.postcode = "9876 Q";
    refuse(t, c->number, &in, BB_EINVAL, "postcode: not a postcode (expected 1234 AB)", "9876");
    in = (bb_party_new){.role = "melder", .name = "Jan", .phone = "12-34"};
    refuse(t, c->number, &in, BB_EINVAL, "phone: not a phone number", "12-34");
    in = (bb_party_new){.role = "melder", .name = "Jan", .email = "jan-at-example"};
    refuse(t, c->number, &in, BB_EINVAL, "email: not an e-mail address", "jan-at-example");
    in = (bb_party_new){.role = "melder", .name = "Jan", .house_number = "twaalf"};
    refuse(t, c->number, &in, BB_EINVAL, "number: not a house number", "twaalf");
    in = (bb_party_new){.role = "melder", .name = "Ja\xffn"};
    refuse(t, c->number, &in, BB_EINVAL, "name: the value is not valid UTF-8", "Ja");
    in = (bb_party_new){.role = "melder", .name = "Jan\x1b[2J"};
    refuse(t, c->number, &in, BB_EINVAL, "name: the value contains a control character", "Jan");
    in = (bb_party_new){.role = "melder", .name = "Jan", .street = "Dorps\xe2\x80\xaestraat"};
    refuse(t, c->number, &in, BB_EINVAL, "street: the value contains a control", "Dorps");
    memset(long_name, 'a', 201);
    long_name[201] = '\0';
    in = (bb_party_new){.role = "melder", .name = long_name};
    refuse(t, c->number, &in, BB_EINVAL, "name: the value is longer than 200 characters (201)",
           "aaaa");
    in = (bb_party_new){.role = "buurman", .name = "Jan"};
    refuse(t, c->number, &in, BB_EINVAL, "role: unknown value 'buurman'", NULL);
    in = (bb_party_new){.role = "melder", .name = "Jan", .tenure = "huur"};
    refuse(t, c->number, &in, BB_EINVAL, "tenure", NULL);
    in = (bb_party_new){.role = "melder"};
    refuse(t, c->number, &in, BB_EINVAL, "name: missing", NULL);
    in = (bb_party_new){.role = "melder", .name = "Jan"};
    refuse(t, "BB-2000-0042", &in, BB_ENOTFOUND, "BB-2000-0042", NULL);
    bb_case_free(c);
    regt_free(t);
}

static void a_melder_comes_before_the_intake(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case_changes yes = {.intake = BB_INTAKE_SUITABLE};
    bb_party_new ch = {.role = "wederpartij"};
    char *before = regt_fingerprint(t), *after, *err;

    (void)state;
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "intake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "party", "no melder", c->number);
    assert_int_equal(bb_case_edit(t->ctx, c->number, 1, &yes, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "no melder");
    /* Another client meets the same rule in the database. */
    err = regt_sql_error(t->ci, "UPDATE bb_case SET status = 'intake'");
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    regt_party(t, c->number, "wederpartij", "Wim", NULL, NULL, NULL);
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "intake", NULL), BB_EINVAL);
    regt_party(t, c->number, "melder", "Mieke", NULL, NULL, NULL);
    regt_move(t, &c, "intake");
    /* The only melder stays one now: in libbb and in the database. */
    assert_int_equal(bb_party_edit(t->ctx, c->number, 2, 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "role", "only melder");
    err = regt_sql_error(t->ci, "UPDATE party SET role = 'betrokkene' WHERE seq = 2");
    assert_non_null(err);
    free(err);
    err = regt_sql_error(t->ci, "DELETE FROM party WHERE seq = 2");
    assert_non_null(err);
    free(err);
    free(before);
    bb_case_free(c);
    regt_free(t);
}

static void edit_locks_optimistically_and_reindexes(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_party_new ch = {.postcode = "1020 CD", .household = "eenoudergezin"};
    bb_case_query old = {.postcode = "1010 AB", .house_number = "7"};
    bb_case_query now = {.postcode = "1020CD", .house_number = "7"};
    bb_party *p = NULL;
    bb_case_list *l = NULL;

    (void)state;
    regt_party(t, c->number, "melder", "Mieke", "1010 AB", "7", NULL);
    assert_int_equal(bb_party_edit(t->ctx, c->number, 1, 1, &ch, &p), BB_OK);
    assert_int_equal(p->version, 2);
    assert_string_equal(p->postcode, "1020 CD");
    assert_string_equal(p->house_number, "7");
    assert_string_equal(p->household, "eenoudergezin");
    bb_party_free(p);
    /* A stale edit is refused, naming what changed, personal fields by name only. */
    ch = (bb_party_new){.name = "Mieke B."};
    assert_int_equal(bb_party_edit(t->ctx, c->number, 1, 1, &ch, NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, "party 1 of case", "version 1", "household", "postcode");
    assert_int_equal(bb_party_edit(t->ctx, c->number, 9, 1, &ch, NULL), BB_ENOTFOUND);
    /* The address index follows the new postcode. */
    assert_int_equal(bb_case_search(t->ctx, &old, &l), BB_OK);
    assert_int_equal(l->n, 0);
    bb_case_list_free(l);
    assert_int_equal(bb_case_search(t->ctx, &now, &l), BB_OK);
    assert_int_equal(l->n, 1);
    bb_case_list_free(l);
    bb_case_free(c);
    regt_free(t);
}

static void retried_add_returns_the_first_party(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_party_new in = {
        .id = "7d3c1a52-3f0e-4d1b-8a8e-7e5b2f9a4c02", .role = "melder", .name = "Mieke"};
    bb_party *a = NULL, *b = NULL;

    (void)state;
    assert_int_equal(bb_party_add(t->ctx, c->number, &in, &a), BB_OK);
    in.name = "Someone else";
    assert_int_equal(bb_party_add(t->ctx, c->number, &in, &b), BB_OK);
    assert_int_equal(b->number, a->number);
    assert_string_equal(b->name, "Mieke");
    assert_int_equal(count(t, "SELECT count(*) FROM party"), 1);
    bb_party_free(a);
    bb_party_free(b);
    bb_case_free(c);
    regt_free(t);
}

static void intake_decision_needs_a_reason_when_not_suitable(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *out = NULL;
    bb_case_changes no = {.intake = BB_INTAKE_NOT_SUITABLE};
    const char *types[] = {"pesten", "kinderen"};
    bb_case_changes edit = {.source = "gemeente", .types = types, .n_types = 2, .area = "Noord"};
    char *err;

    (void)state;
    assert_int_equal(bb_case_edit(t->ctx, c->number, c->version, &no, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "missing", "verslaving");
    no.intake_reason = "ruzie";
    assert_int_equal(bb_case_edit(t->ctx, c->number, c->version, &no, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "'ruzie'");
    no.intake_reason = "verslaving";
    no.intake_on = "2024-02-01";
    assert_int_equal(bb_case_edit(t->ctx, c->number, c->version, &no, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "intake", "before the report");
    no.intake_on = "2024-03-04";
    assert_int_equal(bb_case_edit(t->ctx, c->number, c->version, &no, &out), BB_OK);
    assert_int_equal(out->intake_suitable, 0);
    assert_string_equal(out->intake_reason, "verslaving");
    assert_string_equal(out->intake_on, "2024-03-04");
    assert_int_equal(bb_case_edit(t->ctx, c->number, out->version, &edit, NULL), BB_OK);
    assert_int_equal(bb_case_edit(t->ctx, c->number, out->version, &edit, NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, "conflict_types", "source");
    err = regt_sql_error(t->ci, "UPDATE bb_case SET intake_reason = NULL");
    assert_non_null(err); /* not suitable without a reason, also for other clients */
    free(err);
    bb_case_free(out);
    bb_case_free(c);
    regt_free(t);
}

static void search_finds_cases_by_address_phone_and_name(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");
    bb_case_query q[] = {
        {.postcode = "1010ab", .house_number = "12 A"},
        {.phone = "+31 6 1234 5678"},
        {.name = "ELSA  DE BRUIJN"},
        {.name = "Jan"},
    };
    size_t want[] = {2, 1, 1, 0};
    bb_case_list *l = NULL;

    (void)state;
    regt_party(t, a->number, "melder", "Ëlsa de Bruijn", "1010 AB", "12a", "06-12345678");
    regt_party(t, b->number, "wederpartij", "Karel", "1010AB", "12-a", NULL);
    regt_party(t, b->number, "melder", "Jans", "1010AB", "14", NULL);
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        if (bb_case_search(t->ctx, &q[i], &l) != BB_OK)
            fail_msg("search %zu: %s", i, bb_errmsg(t->ctx));
        assert_int_equal(l->n, want[i]);
        if (want[i] > 0)
            assert_string_equal(l->items[l->n - 1].number, a->number);
        bb_case_list_free(l);
    }
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

static void search_drops_false_index_matches(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");
    bb_case_query q = {.name = "Ëlsa"}, half = {.house_number = "12"},
                  two = {.name = "x", .phone = "06"};
    bb_case_list *l = NULL;

    (void)state;
    regt_party(t, a->number, "melder", "Elsa", NULL, NULL, NULL);
    regt_party(t, b->number, "melder", "Anna", NULL, NULL, NULL);
    /* As if "Anna" happened to get the same 16-bit index as "Elsa": a candidate, no match. */
    free(dbt_query(t->ci, "UPDATE blind_index SET value = (SELECT value FROM blind_index i"
                          " JOIN party p ON p.id = i.owner_id JOIN bb_case c ON c.id = p.case_id"
                          " WHERE i.index_name = 'name' AND c.seq = 1)"
                          " WHERE index_name = 'name'"));
    free(dbt_query(t->ci, "UPDATE word_index SET value = (SELECT value FROM word_index i"
                          " JOIN party p ON p.id = i.owner_id JOIN bb_case c ON c.id = p.case_id"
                          " WHERE c.seq = 1)"));
    assert_int_equal(bb_case_search(t->ctx, &q, &l), BB_OK);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->items[0].number, a->number);
    bb_case_list_free(l);
    assert_int_equal(bb_case_search(t->ctx, &half, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "number", "a street or a postcode");
    assert_int_equal(bb_case_search(t->ctx, &two, &l), BB_EINVAL);
    assert_null(l);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_stores_fields_encrypted_and_indexed),
        cmocka_unit_test(a_locked_handle_sees_and_writes_nothing_personal),
        cmocka_unit_test(bad_input_is_named_without_the_value),
        cmocka_unit_test(a_melder_comes_before_the_intake),
        cmocka_unit_test(edit_locks_optimistically_and_reindexes),
        cmocka_unit_test(retried_add_returns_the_first_party),
        cmocka_unit_test(intake_decision_needs_a_reason_when_not_suitable),
        cmocka_unit_test(search_finds_cases_by_address_phone_and_name),
        cmocka_unit_test(search_drops_false_index_matches),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
