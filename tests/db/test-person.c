/* The people's rights in libbb: bb_person_find (blind-index candidates, decrypted and
 * compared), bb_person_report_get (the person's records and none of another party's) and
 * bb_person_erase (one transaction; the plain columns and the other parties stay). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"
#include "crypto/blob.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "keys/keychain.h"
#include "keys/vault.h"

typedef struct scene {
    regt *t;
    bb_case *a, *b, *c;
    char elsa[BB_UUID_SIZE], karel[BB_UUID_SIZE];
} scene;

static void add(scene *s, const bb_case *c, const bb_party_new *in, char *id)
{
    bb_party *p = NULL;

    if (bb_party_add(s->t->ctx, c->number, in, &p) != BB_OK)
        fail_msg("bb_party_add: %s", bb_errmsg(s->t->ctx));
    if (id != NULL)
        strcpy(id, p->id);
    bb_party_free(p);
}

/* Ëlsa: melder in a, wederpartij in b at the same address; Karel, her neighbour, in a; another
 * Elsa de Bruijn elsewhere in c; a volunteer Elsa de Bruijn. */
static int setup(void **state)
{
    scene *s = calloc(1, sizeof *s);
    bb_party_new elsa = {.role = "wederpartij",
                         .name = "Ëlsa de Bruijn",
                         .street = "Dorpsstraat",
                         .house_number = "12a",
                         .postcode = "1010 AB",
                         .place = "Oosterend",
                         .phone = "06-12345678",
                         .email = "elsa@example.org",
                         .tenure = "koop"};
    bb_party_new karel = {.role = "wederpartij",
                          .name = "Karel Jansen",
                          .house_number = "14",
                          .postcode = "1010 AB",
                          .phone = "06-87654321",
                          .email = "karel@example.org"};
    bb_party_new elsa_b = {.role = "wederpartij",
                           .name = "Elsa de Bruijn",
                           .house_number = "12A",
                           .postcode = "1010AB"};
    bb_party_new other = {.role = "wederpartij",
                          .name = "Elsa de Bruijn",
                          .house_number = "1",
                          .postcode = "1020 AB"};

    s->t = regt_new();
    s->a = regt_case(s->t, "2024-03-01", "zelfmelder", "tuin_erfgrens");
    s->b = regt_case(s->t, "2024-05-01", "politie", "geluid_personen");
    s->c = regt_case(s->t, "2024-06-01", "gemeente", "parkeren");
    add(s, s->a, &elsa, s->elsa);
    add(s, s->a, &karel, s->karel);
    add(s, s->b, &elsa_b, NULL);
    add(s, s->c, &other, NULL);
    bb_volunteer_free(regt_volunteer(s->t, "Elsa de Bruijn", "1050 AB", "3", "actief", 2));
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    scene *s = *state;

    bb_case_free(s->a);
    bb_case_free(s->b);
    bb_case_free(s->c);
    regt_free(s->t);
    free(s);
    return 0;
}

static long count(scene *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The number a counting query (printf-style) gives. */
static long count(scene *s, const char *fmt, ...)
{
    char sql[512], *v;
    va_list ap;
    long n;

    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    v = dbt_query(s->t->ci, sql);
    n = v ? atol(v) : -1;
    free(v);
    return n;
}

static void find_confirms_every_candidate(void **state)
{
    scene *s = *state;
    bb_person_query byname = {.name = "ELSA DE BRUIJN"}, bymail = {.email = "Elsa@Example.ORG"};
    bb_person_list *l = NULL;
    char sql[512];

    assert_int_equal(bb_person_find(s->t->ctx, &byname, &l), BB_OK);
    assert_int_equal(l->n, 4); /* three parties and the volunteer */
    assert_string_equal(l->items[0].id, s->elsa);
    assert_string_equal(l->items[0].case_number, s->a->number);
    assert_string_equal(l->items[3].kind, "volunteer");
    assert_string_equal(l->items[3].id, "V-0001");
    bb_person_list_free(l);
    /* A false candidate: Karel's name index made equal to Ëlsa's. Decrypting rejects him. */
    snprintf(sql, sizeof sql,
             "UPDATE blind_index SET value = (SELECT value FROM blind_index WHERE owner_id = '%s'"
             " AND index_name = 'name') WHERE owner_id = '%s' AND index_name = 'name'",
             s->elsa, s->karel);
    assert_null(regt_sql_error(s->t->ci, sql));
    assert_int_equal(bb_person_find(s->t->ctx, &byname, &l), BB_OK);
    assert_int_equal(l->n, 4);
    for (size_t i = 0; i < l->n; i++)
        assert_string_not_equal(l->items[i].id, s->karel);
    bb_person_list_free(l);
    /* Parties stored before the e-mail index: found by decrypting their e-mail. */
    assert_null(regt_sql_error(s->t->ci, "DELETE FROM blind_index WHERE index_name = 'email'"));
    assert_int_equal(bb_person_find(s->t->ctx, &bymail, &l), BB_OK);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->items[0].id, s->elsa);
    assert_string_equal(l->items[0].name, "Ëlsa de Bruijn");
    bb_person_list_free(l);
    bymail.phone = "0612345678";
    assert_int_equal(bb_person_find(s->t->ctx, &bymail, &l), BB_EINVAL);
    MSG_HAS(s->t->ctx, "give one of");
}

/* Whether any field of any record of kind holds needle. */
static bool holds(const bb_person_report *r, const char *kind, const char *needle)
{
    for (size_t i = 0; i < r->n; i++)
        for (size_t f = 0; f < r->records[i].n; f++)
            if ((kind == NULL || strcmp(r->records[i].kind, kind) == 0) &&
                r->records[i].fields[f].value != NULL &&
                strstr(r->records[i].fields[f].value, needle) != NULL)
                return true;
    return false;
}

static size_t records(const bb_person_report *r, const char *kind)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n; i++)
        n += strcmp(r->records[i].kind, kind) == 0;
    return n;
}

static void report_holds_the_person_and_no_one_else(void **state)
{
    scene *s = *state;
    bb_contact_new note = {.case_number = s->a->number,
                           .date = "2024-03-04",
                           .kind = "telefoon",
                           .minutes = 10,
                           .note = "Karel Jansen belde boos"};
    const char *mine[] = {"Ëlsa de Bruijn", "Dorpsstraat",      "12a",  "1010 AB", "Oosterend",
                          "06-12345678",    "elsa@example.org", "koop", "12A"};
    bb_person_report *r = NULL;

    assert_int_equal(bb_contact_add(s->t->ctx, &note, NULL), BB_OK);
    assert_int_equal(bb_person_report_get(s->t->ctx, s->elsa, 0, &r), BB_OK);
    assert_int_equal(records(r, "party"), 2);
    assert_int_equal(records(r, "case"), 2);
    assert_int_equal(records(r, "contact"), 1);
    for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
        assert_true(holds(r, "party", mine[i]));
    assert_true(holds(r, "case", s->a->number) && holds(r, "case", s->b->number));
    assert_false(holds(r, NULL, s->c->number));
    assert_false(holds(r, NULL, "Karel"));
    assert_false(holds(r, NULL, "06-87654321"));
    assert_false(holds(r, NULL, "1020"));
    assert_true(holds(r, "audit", "view"));
    bb_person_report_free(r);
    /* With the notes, for the coordinator's review: the case's note, about Karel too. */
    assert_int_equal(bb_person_report_get(s->t->ctx, s->elsa, 1, &r), BB_OK);
    assert_true(holds(r, "contact", "Karel Jansen belde boos"));
    bb_person_report_free(r);
    assert_int_equal(count(s,
                           "SELECT count(*) FROM audit_log WHERE action = 'person_report' AND"
                           " detail->'ids' ? '%s'",
                           s->elsa),
                     4); /* two reports, each a record per case */
    assert_int_equal(bb_person_report_get(s->t->ctx, "V-0001", 0, &r), BB_OK);
    assert_int_equal(records(r, "volunteer"), 1);
    assert_true(holds(r, "volunteer", "1050AB 3"));
    bb_person_report_free(r);
    assert_int_equal(bb_person_report_get(s->t->ctx, "00000000-0000-4000-8000-000000000000", 0, &r),
                     BB_ENOTFOUND);
    assert_int_equal(bb_person_report_get(s->t->ctx, "Elsa", 0, &r), BB_EINVAL);
    MSG_HAS(s->t->ctx, "person: 'Elsa' is neither");
}

static void erase_destroys_the_person_only(void **state)
{
    scene *s = *state;
    bb_erase_result res;
    char *before = regt_fingerprint(s->t), *after;
    char *plain = dbt_query(s->t->ci, "SELECT string_agg(p::text, ';' ORDER BY id) FROM party p");
    char *still;
    bb_party_list *l = NULL;

    /* Refused: nothing written. */
    assert_int_equal(bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_ALL_CASES, NULL, "", 0, &res),
                     BB_EINVAL);
    MSG_HAS(s->t->ctx, "reason: required");
    assert_int_equal(bb_person_erase(s->t->ctx, "00000000-0000-4000-8000-000000000000",
                                     BB_ERASE_RECORD, NULL, "verzoek", 0, &res),
                     BB_ENOTFOUND);
    assert_int_equal(
        bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_CASE, s->c->number, "verzoek", 0, &res),
        BB_ENOTFOUND);
    assert_int_equal(
        bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_ALL_CASES, NULL, "verzoek", 1, &res), BB_OK);
    assert_int_equal(res.n, 2);
    after = regt_fingerprint(s->t);
    assert_string_equal(before, after);
    free(after);
    /* Done. */
    assert_int_equal(bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_ALL_CASES, NULL,
                                     "Verzoek AVG art. 17", 0, &res),
                     BB_OK);
    assert_int_equal(res.n, 2);
    assert_string_equal(res.cases[0], s->a->number);
    assert_string_equal(res.cases[1], s->b->number);
    /* Both records' fields, with the canonical values kept beside the indexes (6 and 3). */
    assert_int_equal(res.fields, 7 + 6 + 3 + 3);
    assert_int_equal(res.indexes, 6 + 3);
    assert_int_equal(count(s, "SELECT count(*) FROM personal_field WHERE owner_id = '%s'", s->elsa),
                     0);
    assert_int_equal(count(s, "SELECT count(*) FROM blind_index WHERE owner_id = '%s'", s->elsa),
                     0);
    assert_int_equal(count(s, "SELECT count(*) FROM word_index WHERE owner_id = '%s'", s->elsa),
                     0);
    assert_int_equal(count(s,
                           "SELECT count(*) FROM personal_field WHERE owner_id = '%s'"
                           " AND field NOT LIKE '@%%'",
                           s->karel),
                     10);
    still = dbt_query(s->t->ci, "SELECT string_agg(p::text, ';' ORDER BY id) FROM party p");
    assert_non_null(still);
    /* The plain columns stay but for the version and time of the party rows: none changed. */
    assert_string_equal(plain, still);
    assert_int_equal(count(s,
                           "SELECT count(*) FROM audit_log WHERE action = 'person_erase' AND"
                           " detail->>'reason' = '%s'",
                           "Verzoek AVG art. 17"),
                     2);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_null(l->items[1].name); /* items[0] is regt_case's melder */
    assert_string_equal(l->items[2].name, "Karel Jansen");
    bb_party_list_free(l);
    free(before);
    free(plain);
    free(still);
}

/* Erasure holds against old copies: the superuser keeps the case's ciphertexts from before the
 * erasure and puts them back afterwards; none of them opens, Karel's remaining ones open. */
static void erased_ciphertexts_put_back_do_not_open(void **state)
{
    scene *s = *state;
    bb_erase_result res;
    bb_party_list *l = NULL;
    char sql[512], *old, *now;

    snprintf(sql, sizeof sql, "SELECT data_key_id FROM bb_case WHERE id = '%s'", s->a->id);
    old = dbt_query(s->t->ci, sql);
    snprintf(sql, sizeof sql,
             "CREATE TABLE kept AS SELECT * FROM personal_field WHERE data_key_id = '%s';"
             " SELECT count(*) FROM kept",
             old);
    free(dbt_query(s->t->ci, sql));
    assert_int_equal(
        bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_CASE, s->a->number, "verzoek", 0, &res),
        BB_OK);
    snprintf(sql, sizeof sql, "SELECT data_key_id FROM bb_case WHERE id = '%s'", s->a->id);
    now = dbt_query(s->t->ci, sql);
    assert_string_not_equal(old, now);
    assert_int_equal(count(s, "SELECT count(*) FROM data_key WHERE id = '%s'", old), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM personal_field WHERE data_key_id = '%s'", now),
                     count(s, "SELECT count(*) FROM kept WHERE owner_id <> '%s'", s->elsa));
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[2].name, "Karel Jansen");
    bb_party_list_free(l);
    /* Elsa's erased ciphertexts back, under the case's key of now: they do not open. */
    snprintf(sql, sizeof sql,
             "INSERT INTO personal_field (owner_table, owner_id, field, org_id, data_key_id, blob)"
             " SELECT owner_table, owner_id, field, org_id, '%s', blob FROM kept"
             " WHERE owner_id = '%s'; SELECT 1",
             now, s->elsa);
    free(dbt_query(s->t->ci, sql));
    assert_int_not_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    MSG_HAS(s->t->ctx, "does not belong here or was damaged");
    /* Karel's old ciphertexts back in place of the new ones: neither. */
    snprintf(sql, sizeof sql,
             "DELETE FROM personal_field WHERE owner_id = '%s';"
             " UPDATE personal_field f SET blob = k.blob FROM kept k WHERE k.owner_id = '%s'"
             " AND f.owner_table = k.owner_table AND f.owner_id = k.owner_id AND f.field = k.field;"
             " SELECT 1",
             s->elsa, s->karel);
    free(dbt_query(s->t->ci, sql));
    assert_int_not_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    MSG_HAS(s->t->ctx, "does not belong here or was damaged");
    free(old);
    free(now);
}

/* Removing a party is a removal of personal data too: the case gets a new data key. */
static void removing_a_party_renews_the_case_key(void **state)
{
    scene *s = *state;
    bb_party_list *l = NULL;
    char sql[160], *old, *now;
    long long version;
    int karel;

    snprintf(sql, sizeof sql, "SELECT data_key_id FROM bb_case WHERE id = '%s'", s->a->id);
    old = dbt_query(s->t->ci, sql);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[2].name, "Karel Jansen");
    version = l->items[2].version;
    karel = l->items[2].number;
    bb_party_list_free(l);
    assert_int_equal(bb_party_remove(s->t->ctx, s->a->number, karel, version, "dubbel ingevoerd"),
                     BB_OK);
    now = dbt_query(s->t->ci, sql);
    assert_string_not_equal(old, now);
    assert_int_equal(count(s, "SELECT count(*) FROM data_key WHERE id = '%s'", old), 0);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[1].name, "Ëlsa de Bruijn");
    bb_party_list_free(l);
    free(old);
    free(now);
}

/* A party moved to another case behind bb's back: its fields are bound to the case they were
 * written for, so the other case refuses them, naming the field. */
static void a_party_moved_behind_bbs_back_does_not_open(void **state)
{
    scene *s = *state;
    bb_party_list *l = NULL;
    char sql[256];

    snprintf(sql, sizeof sql, "UPDATE party SET case_id = '%s', seq = 50 WHERE id = '%s'; SELECT 1",
             s->b->id, s->elsa);
    free(dbt_query(s->t->ci, sql));
    assert_int_equal(bb_party_list_get(s->t->ctx, s->b->number, &l), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "of party", s->elsa, "moved from another case");
    /* Setting the field's version back to the old binding does not help either. */
    free(dbt_query(s->t->ci, "UPDATE personal_field SET ad_version = 1; SELECT 1"));
    assert_int_equal(bb_party_list_get(s->t->ctx, s->b->number, &l), BB_ECRYPTO);
}

/* Karel's name as bb wrote it before the binding named the case (ad_version 1). */
static void write_old_binding(scene *s)
{
    char key[40], *k, sql[160];
    bb_keychain *kc;
    bb_secret *dk = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    bb_blob_bind bind = {1, "party", "name", s->karel};

    snprintf(sql, sizeof sql, "SELECT data_key_id FROM bb_case WHERE id = '%s'", s->a->id);
    k = dbt_query(s->t->ci, sql);
    snprintf(key, sizeof key, "%s", k);
    free(k);
    assert_int_equal(bb_keychain__get(s->t->ctx, &kc), BB_OK);
    assert_int_equal(bb_vault__load_data_key(s->t->ctx, kc, key, &dk), BB_OK);
    assert_int_equal(bb_blob__seal(dk, &bind, (const uint8_t *)"Karel Oud", 9, &blob, &bl), BB_OK);
    const char *p[2] = {s->karel, (const char *)blob};
    int len[2] = {0, (int)bl}, fmt[2] = {0, 1};
    assert_int_equal(bb_db__exec_bin(s->t->ctx, NULL,
                                     "UPDATE personal_field SET blob = $2, ad_version = 1"
                                     " WHERE owner_table = 'party' AND owner_id = $1"
                                     " AND field = 'name'",
                                     2, p, len, fmt),
                     BB_OK);
    free(blob);
    bb_secret__free(dk);
}

static int count_progress(void *data, long done, long total)
{
    long *seen = data;

    seen[0] = done;
    seen[1] = total;
    return 0;
}

/* Old fields open with their old binding until bb_key_rebind binds them; a second run finds
 * nothing left (resumable). */
static void rebind_binds_the_old_fields(void **state)
{
    scene *s = *state;
    bb_party_list *l = NULL;
    long seen[2] = {-1, -1};

    write_old_binding(s);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[2].name, "Karel Oud");
    bb_party_list_free(l);
    assert_int_equal(bb_key_rebind(s->t->ctx, 1, count_progress, seen), BB_OK);
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 1);
    assert_int_equal(count(s, "SELECT count(*) FROM personal_field WHERE ad_version = 1"), 0);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[2].name, "Karel Oud");
    bb_party_list_free(l);
    assert_int_equal(bb_key_rebind(s->t->ctx, 0, count_progress, seen), BB_OK);
    assert_int_equal(seen[1], 0);
}

static void erase_a_volunteer(void **state)
{
    scene *s = *state;
    bb_erase_result res;

    assert_int_equal(
        bb_person_erase(s->t->ctx, "V-0001", BB_ERASE_CASE, s->a->number, "x", 0, &res), BB_EINVAL);
    assert_int_equal(
        bb_person_erase(s->t->ctx, "V-0001", BB_ERASE_RECORD, NULL, "gestopt", 0, &res), BB_OK);
    assert_int_equal(res.n, 1);
    assert_true(res.fields > 0);
    assert_int_equal(count(s, "SELECT count(*) FROM volunteer WHERE number = 1 AND data_key_id"
                              " IS NULL"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM volunteer WHERE number = 1"), 1);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(find_confirms_every_candidate, setup, teardown),
        cmocka_unit_test_setup_teardown(report_holds_the_person_and_no_one_else, setup, teardown),
        cmocka_unit_test_setup_teardown(erase_destroys_the_person_only, setup, teardown),
        cmocka_unit_test_setup_teardown(erased_ciphertexts_put_back_do_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(removing_a_party_renews_the_case_key, setup, teardown),
        cmocka_unit_test_setup_teardown(a_party_moved_behind_bbs_back_does_not_open, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rebind_binds_the_old_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(erase_a_volunteer, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
