/* Search as people remember (words of a name, street, postcode) and the same people noticed
 * (bb_case_duplicates), against the real database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static void add(regt *t, const bb_case *c, const char *name, const char *street, const char *number,
                const char *postcode, const char *phone)
{
    bb_party_new in = {.role = "wederpartij",
                       .name = name,
                       .street = street,
                       .house_number = number,
                       .postcode = postcode,
                       .phone = phone};

    if (bb_party_add(t->ctx, c->number, &in, NULL) != BB_OK)
        fail_msg("bb_party_add: %s", bb_errmsg(t->ctx));
}

/* The numbers of the cases q finds, in order, joined by ' '. */
static void found(regt *t, const bb_case_query *q, char *out, size_t cap)
{
    bb_case_list *l = NULL;
    size_t o = 0;

    if (bb_case_search(t->ctx, q, &l) != BB_OK)
        fail_msg("search: %s", bb_errmsg(t->ctx));
    out[0] = '\0';
    for (size_t i = 0; i < l->n; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "", l->items[i].number);
    bb_case_list_free(l);
}

#define EXPECT_FOUND(t, want, ...)                                                                 \
    do {                                                                                           \
        char got_[400];                                                                            \
        found(t, &(bb_case_query){__VA_ARGS__}, got_, sizeof got_);                                \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static void any_word_of_a_name_finds_the_party(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");

    (void)state;
    add(t, a, "Elsa de Bruijn", NULL, NULL, NULL, NULL);
    add(t, b, "Karel Jansen", NULL, NULL, NULL, NULL);
    EXPECT_FOUND(t, a->number, .name = "Bruijn");
    EXPECT_FOUND(t, a->number, .name = "de Bruijn");
    EXPECT_FOUND(t, a->number, .name = "Elsa");
    EXPECT_FOUND(t, a->number, .name = "BRUIJN  ëlsa");
    EXPECT_FOUND(t, a->number, .name = "Elsa de Bruijn");
    EXPECT_FOUND(t, "", .name = "Elsa Jansen"); /* every word must be in one name */
    EXPECT_FOUND(t, "", .name = "Bruij");       /* words, not parts of words */
    EXPECT_FOUND(t, b->number, .name = "jansen");
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

static void fewer_other_words_and_open_cases_rank_first(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");
    bb_case *c = regt_case_bare(t, "2024-03-03", "gemeente", "pesten");
    char want[200];

    (void)state;
    add(t, a, "Elsa de Bruijn", NULL, NULL, NULL, NULL);
    add(t, b, "Elsa Maria de Bruijn-Jansen", NULL, NULL, NULL, NULL);
    add(t, c, "Elsa de Bruijn", NULL, NULL, NULL, NULL);
    assert_int_equal(
        bb_case_close(t->ctx, a->number, a->version, "opgelost", "2024-04-01", "klaar", NULL),
        BB_OK);
    /* c and a have no other words (c open, a closed); b has two more. */
    snprintf(want, sizeof want, "%s %s %s", c->number, a->number, b->number);
    EXPECT_FOUND(t, want, .name = "Elsa Bruijn");
    bb_case_free(a);
    bb_case_free(b);
    bb_case_free(c);
    regt_free(t);
}

static void street_postcode_and_number_narrow_down(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");
    bb_case *c = regt_case_bare(t, "2024-03-03", "gemeente", "pesten");
    bb_case_list *l = NULL;
    char both[100];

    (void)state;
    add(t, a, "Karel", "Dorpsstraat", "12", "1010 AB", NULL);
    add(t, b, "Piet", "Dorpsstraat", "14", "1010 AB", NULL);
    add(t, c, "Anna", "Kerkstraat", "12", "1020 CD", "06-12345678");
    snprintf(both, sizeof both, "%s %s", b->number, a->number);
    EXPECT_FOUND(t, both, .street = "DORPSSTRAAT");
    EXPECT_FOUND(t, a->number, .street = "Dorpsstraat", .house_number = "12");
    EXPECT_FOUND(t, both, .postcode = "1010ab");
    EXPECT_FOUND(t, b->number, .postcode = "1010ab", .name = "piet");
    EXPECT_FOUND(t, c->number, .postcode = "1020 CD", .house_number = "12");
    EXPECT_FOUND(t, c->number, .name = "Anna", .phone = "+31612345678");
    EXPECT_FOUND(t, "", .street = "Dorpsstraat", .postcode = "1020CD");
    EXPECT_FOUND(t, "", .street = "Dorps");
    /* Bad input: named, nothing found. */
    assert_int_equal(bb_case_search(t->ctx, &(bb_case_query){.house_number = "12"}, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "number");
    assert_int_equal(bb_case_search(t->ctx, &(bb_case_query){.postcode = "10"}, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "postcode");
    assert_int_equal(bb_case_search(t->ctx, &(bb_case_query){.name = "--"}, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "name");
    assert_int_equal(bb_case_search(t->ctx, &(bb_case_query){0}, &l), BB_EINVAL);
    assert_null(l);
    bb_case_free(a);
    bb_case_free(b);
    bb_case_free(c);
    regt_free(t);
}

/* The flags of case number in l as "APN" (address, phone, name), or NULL when absent. */
static const char *dup_of(const bb_case_dup_list *l, const char *number, char out[4])
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].number, number) == 0) {
            snprintf(out, 4, "%s%s%s", l->items[i].address ? "A" : "", l->items[i].phone ? "P" : "",
                     l->items[i].name ? "N" : "");
            return out;
        }
    return NULL;
}

static void duplicates_name_open_and_lately_closed_cases(void **state)
{
    regt *t = regt_new();
    bb_case *open = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *old = regt_case(t, "2024-03-02", "gemeente", "pesten");
    bb_case *late = regt_case(t, "2024-03-03", "gemeente", "pesten");
    bb_case *gone = regt_case_bare(t, "2024-03-04", "gemeente", "pesten");
    bb_party_new in = {.role = "melder",
                       .name = "ELSA DE BRUIJN",
                       .postcode = "1010ab",
                       .house_number = "12",
                       .phone = "+31 6 1234 5678"};
    bb_case_dup_list *l = NULL;
    char f[4];

    (void)state;
    add(t, open, "Elsa de Bruijn", "Dorpsstraat", "12", "1010 AB", "06-12345678");
    add(t, old, "Elsa de Bruijn", NULL, NULL, NULL, NULL);
    add(t, late, "Karel", NULL, "12", "1010 AB", NULL);
    add(t, gone, "Elsa de Bruijn", NULL, NULL, NULL, "06-12345678");
    assert_int_equal(
        bb_case_close(t->ctx, old->number, old->version, "opgelost", "2024-06-01", "klaar", NULL),
        BB_OK);
    assert_int_equal(
        bb_case_close(t->ctx, late->number, late->version, "opgelost", NULL, "klaar", NULL), BB_OK);
    assert_int_equal(bb_case_void(t->ctx, gone->number, gone->version, "dubbel", NULL), BB_OK);
    assert_int_equal(bb_case_duplicates(t->ctx, &in, NULL, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(dup_of(l, open->number, f), "APN");
    assert_string_equal(dup_of(l, late->number, f), "A");
    bb_case_dup_list_free(l);
    /* Its own case is not a duplicate; a new name alone finds nothing. */
    assert_int_equal(bb_case_duplicates(t->ctx, &in, open->number, &l), BB_OK);
    assert_int_equal(l->n, 1);
    bb_case_dup_list_free(l);
    assert_int_equal(bb_case_duplicates(t->ctx, &(bb_party_new){.name = "Bruijn"}, NULL, &l),
                     BB_OK);
    assert_int_equal(l->n, 0);
    bb_case_dup_list_free(l);
    bb_case_free(open);
    bb_case_free(old);
    bb_case_free(late);
    bb_case_free(gone);
    regt_free(t);
}

static int count_progress(void *data, long done, long total)
{
    long *calls = data;

    assert_true(done <= total);
    (*calls)++;
    return 0;
}

static long count_sql(regt *t, const char *sql)
{
    char *v = dbt_query(t->ci, sql);
    long n = atol(v);

    free(v);
    return n;
}

/* A database from before 0019: names indexed by the old normalisation, no word, street or
 * postcode indexes. The re-index makes them; a second run has nothing left to do. */
static void reindex_makes_the_indexes_of_older_names(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case_bare(t, "2024-03-02", "gemeente", "pesten");
    long calls = 0, done = 0;

    (void)state;
    add(t, a, "Elsa de Bruijn", "Dorpsstraat", "12", "1010 AB", NULL);
    add(t, b, "Ｋａｒｅｌ Jansen", NULL, NULL, NULL, NULL);
    free(dbt_query(t->ci, "DELETE FROM word_index"));
    free(dbt_query(t->ci, "DELETE FROM blind_index WHERE index_name IN ('street', 'postcode')"));
    free(dbt_query(t->ci, "UPDATE blind_index SET norm_version = 1, value = value # 1"
                          " WHERE index_name = 'name'"));
    EXPECT_FOUND(t, "", .name = "Bruijn");
    EXPECT_FOUND(t, "", .street = "Dorpsstraat");
    assert_int_equal(bb_party_reindex_names(t->ctx, count_progress, &calls, &done), BB_OK);
    assert_int_equal(done, 2);
    assert_true(calls >= 1);
    assert_int_equal(count_sql(t, "SELECT count(*) FROM blind_index WHERE norm_version < 2"), 0);
    assert_int_equal(count_sql(t, "SELECT count(*) FROM word_index"), 5);
    EXPECT_FOUND(t, a->number, .name = "Bruijn");
    EXPECT_FOUND(t, a->number, .street = "Dorpsstraat");
    EXPECT_FOUND(t, a->number, .postcode = "1010AB");
    EXPECT_FOUND(t, b->number, .name = "karel jansen");
    /* Stopped half-way (one party left at the old version): the next run does only that one. */
    free(dbt_query(t->ci, "UPDATE blind_index SET norm_version = 1 WHERE index_name = 'name'"
                          " AND owner_id = (SELECT id FROM party WHERE seq = 1 LIMIT 1)"));
    assert_int_equal(bb_party_reindex_names(t->ctx, NULL, NULL, &done), BB_OK);
    assert_int_equal(done, 1);
    assert_int_equal(bb_party_reindex_names(t->ctx, NULL, NULL, &done), BB_OK);
    assert_int_equal(done, 0);
    /* Locked, nothing is decrypted or written. */
    bb_lock(t->ctx);
    assert_int_equal(bb_party_reindex_names(t->ctx, NULL, NULL, &done), BB_EDENIED);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(any_word_of_a_name_finds_the_party),
        cmocka_unit_test(fewer_other_words_and_open_cases_rank_first),
        cmocka_unit_test(street_postcode_and_number_narrow_down),
        cmocka_unit_test(duplicates_name_open_and_lately_closed_cases),
        cmocka_unit_test(reindex_makes_the_indexes_of_older_names),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
