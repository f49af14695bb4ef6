/* Missing personal fields (issue 13, migration 0023): a field deleted behind bb's back reads
 * as missing, naming the field, table and row, also with every field of its row or the lists
 * that say what is stored deleted too; a field never recorded reads as not recorded, and what
 * bb removes itself (a cleared value, an erasure, a removed or moved party, a removed contact
 * moment, a voided case) is not taken for missing. Fields written before the lists gain them
 * with bb_key_rebind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "keys/keychain.h"
#include "keys/vault.h"

typedef struct scene {
    regt *t;
    bb_case *a, *b;
    char elsa[BB_UUID_SIZE], karel[BB_UUID_SIZE];
    bb_volunteer *v;
} scene;

static void add(scene *s, const bb_case *c, const bb_party_new *in, char *id)
{
    bb_party *p = NULL;

    if (bb_party_add(s->t->ctx, c->number, in, &p) != BB_OK)
        fail_msg("bb_party_add: %s", bb_errmsg(s->t->ctx));
    snprintf(id, BB_UUID_SIZE, "%s", p->id);
    bb_party_free(p);
}

/* Case a: its melder, Ëlsa with every field, Karel without an e-mail address; case b with its
 * melder; a volunteer with a phone number. */
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
                         .email = "elsa@example.org"};
    bb_party_new karel = {.role = "wederpartij", .name = "Karel Jansen", .phone = "06-87654321"};
    bb_volunteer_changes phone = {.phone = "06-11111111", .capacity = -1};
    bb_volunteer *v = NULL;

    s->t = regt_new();
    s->a = regt_case(s->t, "2024-03-01", "zelfmelder", "tuin_erfgrens");
    s->b = regt_case(s->t, "2024-05-01", "politie", "geluid_personen");
    add(s, s->a, &elsa, s->elsa);
    add(s, s->a, &karel, s->karel);
    v = regt_volunteer(s->t, "Volkert Visser", "1050 AB", "3", "actief", 2);
    if (bb_volunteer_edit(s->t->ctx, v->number, v->version, &phone, &s->v) != BB_OK)
        fail_msg("bb_volunteer_edit: %s", bb_errmsg(s->t->ctx));
    bb_volunteer_free(v);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    scene *s = *state;

    bb_case_free(s->a);
    bb_case_free(s->b);
    bb_volunteer_free(s->v);
    regt_free(s->t);
    free(s);
    return 0;
}

/* Runs sql (printf-style) as the superuser. */
static void sql(scene *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql(scene *s, const char *fmt, ...)
{
    char q[512], *err;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    if ((err = regt_sql_error(s->t->ci, q)) != NULL)
        fail_msg("%s: %s", q, err);
}

/* Reading case a's parties: the status, and the list freed. */
static int read_parties(scene *s)
{
    bb_party_list *l = NULL;
    int rc = bb_party_list_get(s->t->ctx, s->a->number, &l);

    bb_party_list_free(l);
    return rc;
}

static void a_deleted_field_is_missing(void **state)
{
    scene *s = *state;
    bb_volunteer_contact *vc = NULL;
    bb_party_list *l = NULL;
    char *v = NULL;

    /* Not recorded stays not recorded: Karel's e-mail address. */
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_string_equal(l->items[2].name, "Karel Jansen");
    assert_null(l->items[2].email);
    bb_party_list_free(l);
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'phone'", s->elsa);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "phone of party ", s->elsa, "missing (deleted behind bb's back?)");
    /* A volunteer's field, and the canonical value kept beside a blind index. */
    sql(s, "DELETE FROM personal_field WHERE owner_table = 'volunteer' AND field = 'phone'");
    assert_int_equal(bb_volunteer_contact_get(s->t->ctx, s->v->number, &vc), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "phone of volunteer ", s->v->id, "missing");
    assert_null(vc);
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'index:name'", s->karel);
    assert_int_equal(bb_vault__get(s->t->ctx, "party", s->karel, "index:name", &v), BB_ECRYPTO);
    assert_null(v);
    MSG_HAS(s->t->ctx, "index:name of party ", s->karel, "missing");
}

/* Every field of a party gone, its list of fields with them: its case's list of rows names
 * it. That list gone too: the other parties' fields say there were lists. */
static void deleting_every_field_of_a_party_is_seen(void **state)
{
    scene *s = *state;

    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s'", s->elsa);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "name of party ", s->elsa, "missing, with its list of fields");
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = '@owners'", s->a->id);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "name of party ", s->elsa, "missing, with the lists of what its case");
    /* Nor does putting the remaining fields at an older version hide it: they stop opening. */
    sql(s,
        "UPDATE personal_field SET ad_version = 2 WHERE data_key_id = (SELECT data_key_id"
        " FROM bb_case WHERE id = '%s')",
        s->a->id);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "does not belong here or was damaged");
}

/* The lists cannot be written without the keys: one from another row does not open, and one
 * kept from before a field was added does not hide that field's deletion for long (only
 * until the next change, below). */
static void a_list_from_elsewhere_does_not_open(void **state)
{
    scene *s = *state;
    bb_party_new place = {.place = "Westerend"};

    sql(s,
        "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'phone';"
        " UPDATE personal_field SET blob = (SELECT blob FROM personal_field WHERE owner_id"
        " = '%s' AND field = '@fields') WHERE owner_id = '%s' AND field = '@fields'",
        s->elsa, s->karel, s->elsa);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "@fields of party ", s->elsa, "does not belong here or was damaged");
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = '@fields'", s->elsa);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "phone of party ", s->elsa, "missing, with its list of fields");
    /* A write does not make a new list of what is left: it is refused the same way. */
    assert_int_equal(bb_party_edit(s->t->ctx, s->a->number, 2, 1, &place, NULL), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "place of party ", s->elsa, "missing, with its list of fields");
}

static void what_bb_removes_is_not_missing(void **state)
{
    scene *s = *state;
    bb_volunteer_changes clear = {.phone = "", .capacity = -1};
    bb_volunteer_contact *vc = NULL;
    bb_contact_new note = {.case_number = s->a->number,
                           .date = "2024-03-04",
                           .kind = "telefoon",
                           .minutes = 10,
                           .note = "Belde over de heg"};
    bb_contact *k = NULL;
    bb_contact_list *kl = NULL;
    bb_erase_result res;
    bb_party_list *l = NULL;

    /* A cleared value. */
    assert_int_equal(bb_volunteer_edit(s->t->ctx, s->v->number, s->v->version, &clear, NULL),
                     BB_OK);
    assert_int_equal(bb_volunteer_contact_get(s->t->ctx, s->v->number, &vc), BB_OK);
    assert_null(vc->phone);
    assert_string_equal(vc->name, "Volkert Visser");
    bb_volunteer_contact_free(vc);
    /* A contact moment removed with its note. */
    assert_int_equal(bb_contact_add(s->t->ctx, &note, &k), BB_OK);
    assert_int_equal(bb_contact_remove(s->t->ctx, s->a->number, k->id, "dubbel"), BB_OK);
    bb_contact_free(k);
    assert_int_equal(bb_contact_list_get(s->t->ctx, s->a->number, &kl), BB_OK);
    assert_int_equal(kl->n, 0);
    bb_contact_list_free(kl);
    /* A party erased: its row stays without personal data. */
    assert_int_equal(bb_person_erase(s->t->ctx, s->elsa, BB_ERASE_RECORD, NULL, "verzoek", 0, &res),
                     BB_OK);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_null(l->items[1].name);
    assert_null(l->items[1].phone);
    assert_string_equal(l->items[2].name, "Karel Jansen");
    /* A party moved to another case, and one removed. */
    assert_int_equal(bb_party_move(s->t->ctx, s->a->number, l->items[2].number, l->items[2].version,
                                   s->b->number, NULL),
                     BB_OK);
    assert_int_equal(
        bb_party_remove(s->t->ctx, s->a->number, l->items[1].number, l->items[1].version, "dubbel"),
        BB_OK);
    bb_party_list_free(l);
    assert_int_equal(read_parties(s), BB_OK);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->b->number, &l), BB_OK);
    assert_string_equal(l->items[1].name, "Karel Jansen");
    bb_party_list_free(l);
    /* The lists still guard what remains. */
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'phone'", s->karel);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->b->number, &l), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "phone of party ", s->karel, "missing");
}

/* A void case's data key is destroyed with everything under it; its note of voiding, under
 * the new key, reads; so do its parties, with nothing recorded. */
static void a_void_case_reads(void **state)
{
    scene *s = *state;
    bb_case *v = NULL;
    bb_party_list *l = NULL;

    assert_int_equal(bb_case_void(s->t->ctx, s->a->number, s->a->version, "dubbel", &v), BB_OK);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_null(l->items[1].name);
    bb_party_list_free(l);
    bb_case_free(v);
}

/* Case a's fields as bb wrote them before it kept lists: bound to their case (version 2),
 * without lists. */
static void write_without_lists(scene *s)
{
    char *key = NULL;
    bb_keychain *kc;
    bb_secret *dk = NULL;
    PGresult *res = NULL;

    key = dbt_query(s->t->ci, "SELECT data_key_id FROM bb_case ORDER BY year, seq LIMIT 1");
    assert_int_equal(bb_keychain__get(s->t->ctx, &kc), BB_OK);
    assert_int_equal(bb_vault__load_data_key(s->t->ctx, kc, key, &dk), BB_OK);
    assert_int_equal(bb_db__exec(s->t->ctx, &res,
                                 "SELECT " BB_VAULT_FIELD_COLS " FROM personal_field"
                                 " WHERE data_key_id = $1 AND field NOT LIKE '@%'",
                                 1, (const char *[]){key}),
                     BB_OK);
    for (int r = 0; r < PQntuples(res); r++) {
        uint8_t *blob = NULL;
        size_t bl = 0;
        assert_int_equal(bb_vault__rebox(s->t->ctx, res, r, dk, dk, 2, &blob, &bl), BB_OK);
        const char *p[4] = {PQgetvalue(res, r, 0), PQgetvalue(res, r, 1), PQgetvalue(res, r, 2),
                            (const char *)blob};
        int len[4] = {0, 0, 0, (int)bl}, fmt[4] = {0, 0, 0, 1};
        assert_int_equal(bb_db__exec_bin(s->t->ctx, NULL,
                                         "UPDATE personal_field SET blob = $4, ad_version = 2"
                                         " WHERE owner_table = $1 AND owner_id = $2"
                                         " AND field = $3",
                                         4, p, len, fmt),
                         BB_OK);
        free(blob);
    }
    sql(s, "DELETE FROM personal_field WHERE data_key_id = '%s' AND field LIKE '@%%'", key);
    PQclear(res);
    bb_secret__free(dk);
    free(key);
}

static int count_progress(void *data, long done, long total)
{
    long *seen = data;

    seen[0] = done;
    seen[1] = total;
    return 0;
}

/* Fields from before the lists read as before, and a deletion among them as not recorded,
 * until bb_key_rebind gives them their lists; then it is missing. */
static void rebind_gives_old_fields_their_lists(void **state)
{
    scene *s = *state;
    long seen[2] = {-1, -1};
    bb_party_list *l = NULL;
    char *n;

    write_without_lists(s);
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'email'", s->elsa);
    assert_int_equal(bb_party_list_get(s->t->ctx, s->a->number, &l), BB_OK);
    assert_null(l->items[1].email);
    assert_string_equal(l->items[1].phone, "06-12345678");
    bb_party_list_free(l);
    assert_int_equal(bb_key_rebind(s->t->ctx, 5, count_progress, seen), BB_OK);
    n = dbt_query(s->t->ci, "SELECT count(*) FROM personal_field WHERE ad_version < 3");
    assert_string_equal(n, "0");
    free(n);
    assert_true(seen[1] > 5 && seen[0] == seen[1]);
    assert_int_equal(read_parties(s), BB_OK);
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s' AND field = 'phone'", s->elsa);
    assert_int_equal(read_parties(s), BB_ECRYPTO);
    MSG_HAS(s->t->ctx, "phone of party ", s->elsa, "missing");
    sql(s, "DELETE FROM personal_field WHERE owner_id = '%s'", s->karel);
    assert_int_equal(bb_vault__get(s->t->ctx, "party", s->karel, "name", &n), BB_ECRYPTO);
    assert_null(n);
    MSG_HAS(s->t->ctx, "of party ", s->karel, "missing, with its list of fields");
    /* A second run finds nothing left. */
    assert_int_equal(bb_key_rebind(s->t->ctx, 0, count_progress, seen), BB_OK);
    assert_int_equal(seen[1], 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_deleted_field_is_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(deleting_every_field_of_a_party_is_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(a_list_from_elsewhere_does_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(what_bb_removes_is_not_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_void_case_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(rebind_gives_old_fields_their_lists, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
