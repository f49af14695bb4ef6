/* Organisation, users and keys against a real server: init, unlock, pins, grants, revocation,
 * rotation, the vault's fields and indexes, shredding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "crypto/blob.h"
#include "crypto/keys.h"
#include "keys/keychain.h"
#include "keys/vault.h"

#define PASS  "correct horse battery staple"
#define PASS2 "another long passphrase"

typedef struct fixture {
    char *ci;
    char pins[256];
    bb_ctx *admin;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char *dir = dbt_tempdir("pins");

    snprintf(f->pins, sizeof f->pins, "%s/pins", dir);
    free(dir);
    setenv("BB_PIN_FILE", f->pins, 1);
    f->ci = dbt_create_db(0);
    f->admin = dbt_open(f->ci);
    if (bb_init(f->admin, "Welzijn De Brug", "beheer", PASS, strlen(PASS)) != BB_OK)
        fail_msg("bb_init: %s", bb_errmsg(f->admin));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bb_close(f->admin);
    dbt_drop_db(f->ci);
    free(f);
    return 0;
}

static long count(fixture *f, const char *sql)
{
    char *v = dbt_query(f->ci, sql);
    long n = atol(v);
    free(v);
    return n;
}

static bb_ctx *unlocked(fixture *f, const char *login, const char *pass)
{
    bb_ctx *ctx = dbt_open(f->ci);
    if (bb_unlock(ctx, login, pass, strlen(pass)) != BB_OK)
        fail_msg("unlock %s: %s", login, bb_errmsg(ctx));
    return ctx;
}

static void init_makes_organisation_keys_and_first_user(void **state)
{
    fixture *f = *state;

    assert_true(bb_is_unlocked(f->admin));
    assert_string_equal(bb_current_login(f->admin), "beheer");
    assert_non_null(bb_org_id(f->admin));
    assert_int_equal(count(f, "SELECT count(*) FROM bb_user WHERE login = 'beheer'"
                              " AND roles = '{admin,coordinator}' AND status = 'active'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM org_key WHERE version = 1"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM org_key_grant"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM org_secret WHERE name = 'bidx_root'"), 1);
}

/* Argon2id at least MODERATE, with its parameters stored beside the key: without the fixtures'
 * cheap Argon2id, which libbb does not have (tests/harness/normal-build.sh). Without it the
 * fixture's cheap record does not open either. */
static void init_stores_argon2id_moderate(void **state)
{
    fixture *f = *state, g = {.ci = dbt_create_db(0)};
    bb_ctx *ctx = dbt_open(g.ci), *cheap = dbt_open(f->ci);

    bb_keys__test_cheap_pwhash(BB_TEST_PWHASH_OFF);
    assert_int_equal(bb_unlock(cheap, "beheer", PASS, strlen(PASS)), BB_ECRYPTO);
    assert_int_equal(bb_init(ctx, "Welzijn De Brug", "beheer", PASS, strlen(PASS)), BB_OK);
    bb_keys__test_cheap_pwhash(BB_TEST_PWHASH_MIN);
    bb_close(cheap);
    assert_true(count(&g, "SELECT pwhash_opslimit FROM bb_user") >=
                (long)crypto_pwhash_OPSLIMIT_MODERATE);
    assert_true(count(&g, "SELECT pwhash_memlimit FROM bb_user") >=
                (long)crypto_pwhash_MEMLIMIT_MODERATE);
    assert_int_equal(count(&g, "SELECT pwhash_alg FROM bb_user"), crypto_pwhash_ALG_ARGON2ID13);
    bb_close(ctx);
    dbt_drop_db(g.ci);
}

static void init_refuses_a_taken_name_and_bad_login(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_init(ctx, "Welzijn De Brug", "tweede", PASS, strlen(PASS)), BB_EEXISTS);
    assert_non_null(strstr(bb_errmsg(ctx), "Welzijn De Brug"));
    assert_int_equal(bb_init(ctx, "Ander", "Beheer!", PASS, strlen(PASS)), BB_EINVAL);
    assert_non_null(strstr(bb_errmsg(ctx), "login: 'Beheer!'"));
    assert_int_equal(count(f, "SELECT count(*) FROM organisation"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM bb_user"), 1);
    bb_close(ctx);
}

static void wrong_passphrase_unlocks_nothing(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_unlock(ctx, "beheer", "not the passphrase", 18), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(ctx), "wrong passphrase for 'beheer'"));
    assert_false(bb_is_unlocked(ctx));
    assert_int_equal(bb_unlock(ctx, "niemand", PASS, strlen(PASS)), BB_ENOTFOUND);
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_OK);
    assert_true(bb_is_unlocked(ctx));
    bb_lock(ctx);
    assert_false(bb_is_unlocked(ctx));
    bb_close(ctx);
}

static void fields_round_trip_and_refuse_another_place(void **state)
{
    fixture *f = *state;
    char dk[37], *name = NULL;
    const char *row = "11111111-1111-4111-8111-111111111111";
    const char *other = "22222222-2222-4222-8222-222222222222";

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "name", "Ëlsa Brüggemann-Çelik",
                                   strlen("Ëlsa Brüggemann-Çelik")),
                     BB_OK);
    assert_int_equal(bb_vault__get(f->admin, "party", row, "name", &name), BB_OK);
    assert_string_equal(name, "Ëlsa Brüggemann-Çelik");
    bb_vault__free(name);

    /* Someone with database access moves the blob to another row: it no longer opens. */
    free(dbt_query(f->ci, "UPDATE personal_field SET owner_id = "
                          "'22222222-2222-4222-8222-222222222222' WHERE field = 'name'"));
    assert_int_equal(bb_vault__get(f->admin, "party", other, "name", &name), BB_ECRYPTO);
    assert_null(name);
    /* ...or to another field; the row's list of fields still names it, so it is missing. */
    free(dbt_query(f->ci, "UPDATE personal_field SET owner_id = "
                          "'11111111-1111-4111-8111-111111111111', field = 'phone'"
                          " WHERE field = 'name'"));
    assert_int_equal(bb_vault__get(f->admin, "party", row, "phone", &name), BB_ECRYPTO);
    assert_int_equal(bb_vault__get(f->admin, "party", row, "name", &name), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(f->admin), "name of party " /* row */));
    assert_non_null(strstr(bb_errmsg(f->admin), "missing"));
    assert_int_equal(bb_vault__get(f->admin, "party", row, "email", &name), BB_ENOTFOUND);
}

static void locked_handle_cannot_read_or_write(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);
    char dk[37], *out = NULL;

    assert_int_equal(bb_org_use(ctx, NULL), BB_OK);
    assert_int_equal(bb_vault__new_data_key(ctx, dk), BB_EDENIED);
    assert_non_null(strstr(bb_errmsg(ctx), "locked"));
    assert_int_equal(bb_vault__get(ctx, "party", "11111111-1111-4111-8111-111111111111", "name",
                                   &out),
                     BB_EDENIED);
    bb_close(ctx);
}

/* Anyone can seal a key to a user's public key; swapping the record must not work. */
static void swapped_key_record_is_refused(void **state)
{
    fixture *f = *state;
    uint8_t pk[32], fake[32], sealed[80], fp[32];
    char sql[1024], sealed_hex[161], fp_hex[65], *hex;
    bb_ctx *ctx = dbt_open(f->ci);
    bb_secret *fake_key = NULL;
    size_t n = 0;

    hex = dbt_query(f->ci, "SELECT encode(public_key, 'hex') FROM bb_user");
    sodium_hex2bin(pk, sizeof pk, hex, strlen(hex), NULL, &n, NULL);
    free(hex);
    randombytes_buf(fake, sizeof fake);
    crypto_box_seal(sealed, fake, sizeof fake, pk);
    sodium_bin2hex(sealed_hex, sizeof sealed_hex, sealed, sizeof sealed);
    snprintf(sql, sizeof sql, "UPDATE org_key_grant SET sealed = '\\x%s'", sealed_hex);
    free(dbt_query(f->ci, sql));
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(ctx), "does not match its record"));
    assert_false(bb_is_unlocked(ctx));

    /* With the fingerprint record changed to match the fake key, the pin still refuses it. */
    assert_int_equal(bb_secret__from_bytes(fake, sizeof fake, &fake_key), BB_OK);
    assert_int_equal(bb_keys__fingerprint(fake_key, fp), BB_OK);
    bb_secret__free(fake_key);
    sodium_bin2hex(fp_hex, sizeof fp_hex, fp, sizeof fp);
    snprintf(sql, sizeof sql, "UPDATE org_key SET fingerprint = '\\x%s'", fp_hex);
    free(dbt_query(f->ci, sql));
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(ctx), "differs from the one this computer accepted"));
    assert_false(bb_is_unlocked(ctx));
    bb_close(ctx);
}

static void pinned_key_differs_is_refused(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);
    FILE *pins;

    /* The pin file says this computer accepted another key as version 1. */
    pins = fopen(f->pins, "w");
    assert_non_null(pins);
    fprintf(pins, "%s 1 %064d\n", bb_org_id(f->admin), 0);
    fclose(pins);
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(ctx), "differs from the one this computer accepted"));
    bb_close(ctx);
}

static bb_ctx *add_coordinator(fixture *f, const char *login)
{
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_user_add(f->admin, login, BB_ROLE_COORDINATOR), BB_OK);
    assert_int_equal(bb_unlock(ctx, login, PASS2, strlen(PASS2)), BB_EDENIED); /* invited */
    assert_int_equal(bb_user_enroll(ctx, login, PASS2, strlen(PASS2)), BB_OK);
    assert_int_equal(bb_unlock(ctx, login, PASS2, strlen(PASS2)), BB_EDENIED); /* no grant */
    assert_non_null(strstr(bb_errmsg(ctx), "bbctl user grant"));
    assert_int_equal(bb_user_grant(f->admin, login), BB_OK);
    assert_int_equal(bb_unlock(ctx, login, PASS2, strlen(PASS2)), BB_OK);
    return ctx;
}

static void added_user_enrols_and_reads_after_grant(void **state)
{
    fixture *f = *state;
    bb_ctx *anna = add_coordinator(f, "anna");
    char dk[37], *v = NULL;
    const char *row = "33333333-3333-4333-8333-333333333333";

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "phone", "0612345678", 10), BB_OK);
    assert_int_equal(bb_vault__get(anna, "party", row, "phone", &v), BB_OK);
    assert_string_equal(v, "0612345678");
    bb_vault__free(v);
    /* A coordinator cannot add users. */
    assert_int_equal(bb_user_add(anna, "bert", BB_ROLE_COORDINATOR), BB_EDENIED);
    bb_close(anna);
}

static void reporters_never_get_a_key(void **state)
{
    fixture *f = *state;

    assert_int_equal(bb_user_add(f->admin, "stuurgroep", BB_ROLE_REPORTER), BB_OK);
    assert_int_equal(bb_user_grant(f->admin, "stuurgroep"), BB_EDENIED);
    assert_int_equal(count(f, "SELECT count(*) FROM bb_user WHERE login = 'stuurgroep'"
                              " AND public_key IS NULL"),
                     1);
}

static void revoked_user_cannot_open_what_is_written_later(void **state)
{
    fixture *f = *state;
    bb_ctx *kept = add_coordinator(f, "vertrokken"); /* keeps the keys it unlocked */
    char dk[37], *v = NULL;
    const char *row = "44444444-4444-4444-8444-444444444444";

    assert_int_equal(bb_user_revoke(f->admin, "vertrokken"), BB_OK);
    assert_int_equal(count(f, "SELECT max(version) FROM org_key"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM org_key_grant g JOIN bb_user u"
                              " ON u.id = g.user_id WHERE u.login = 'vertrokken'"),
                     0);
    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "name", "Nieuw", 5), BB_OK);
    /* With every key it ever held, the departed user cannot open the new data... */
    assert_int_not_equal(bb_vault__get(kept, "party", row, "name", &v), BB_OK);
    assert_null(v);
    bb_close(kept);
    /* ...and can no longer unlock at all. */
    kept = dbt_open(f->ci);
    assert_int_equal(bb_unlock(kept, "vertrokken", PASS2, strlen(PASS2)), BB_EDENIED);
    bb_close(kept);
    /* The administrator still reads it, and a fresh unlock accepts version 2 by its chain. */
    bb_ctx *again = unlocked(f, "beheer", PASS);
    assert_int_equal(bb_vault__get(again, "party", row, "name", &v), BB_OK);
    assert_string_equal(v, "Nieuw");
    bb_vault__free(v);
    bb_close(again);
}

static int count_progress(void *data, long done, long total)
{
    long *calls = data;
    assert_true(done <= total);
    (*calls)++;
    return 0;
}

static void rotation_rewraps_every_data_key(void **state)
{
    fixture *f = *state;
    char dk[5][37], row[37], *v = NULL;
    bb_key_version_info *info = NULL;
    long calls = 0;
    int n = 0;

    for (int i = 0; i < 5; i++) {
        assert_int_equal(bb_vault__new_data_key(f->admin, dk[i]), BB_OK);
        snprintf(row, sizeof row, "55555555-5555-4555-8555-55555555555%d", i);
        assert_int_equal(bb_vault__put(f->admin, dk[i], "case", row, "note", "aantekening", 11),
                         BB_OK);
    }
    assert_int_equal(bb_key_rotate(f->admin, 1, 2, count_progress, &calls), BB_OK);
    assert_true(calls >= 3); /* batches of 2 */
    assert_int_equal(bb_key_status(f->admin, &info, &n), BB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(info[0].version, 1);
    assert_int_equal(info[0].data_keys, 0);
    assert_int_equal(info[1].data_keys, 5);
    assert_int_equal(info[1].holders, 1);
    free(info);
    bb_ctx *fresh = unlocked(f, "beheer", PASS);
    for (int i = 0; i < 5; i++) {
        snprintf(row, sizeof row, "55555555-5555-4555-8555-55555555555%d", i);
        assert_int_equal(bb_vault__get(fresh, "case", row, "note", &v), BB_OK);
        assert_string_equal(v, "aantekening");
        bb_vault__free(v);
    }
    bb_close(fresh);
}

static void passphrase_change(void **state)
{
    fixture *f = *state;
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_user_passwd(ctx, "beheer", "wrong one!", 10, PASS2, strlen(PASS2)),
                     BB_ECRYPTO);
    assert_int_equal(bb_user_passwd(ctx, "beheer", PASS, strlen(PASS), PASS2, strlen(PASS2)),
                     BB_OK);
    assert_int_equal(bb_unlock(ctx, "beheer", PASS, strlen(PASS)), BB_ECRYPTO);
    assert_int_equal(bb_unlock(ctx, "beheer", PASS2, strlen(PASS2)), BB_OK);
    bb_close(ctx);
}

static void blind_index_finds_candidates(void **state)
{
    fixture *f = *state;
    const char *rows[3] = {"66666666-6666-4666-8666-666666666660",
                           "66666666-6666-4666-8666-666666666661",
                           "66666666-6666-4666-8666-666666666662"};
    const char *phones[3] = {"+31612345678", "+31612345678", "+31687654321"};
    PGresult *res = NULL;
    char dk[37];
    int hits = 0;

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(bb_vault__index(f->admin, dk, "party", rows[i], "phone", phones[i]),
                         BB_OK);
    assert_int_equal(bb_vault__candidates(f->admin, "party", "phone", "+31612345678", &res),
                     BB_OK);
    for (int r = 0; r < PQntuples(res); r++)
        hits += strcmp(PQgetvalue(res, r, 0), rows[0]) == 0 ||
                strcmp(PQgetvalue(res, r, 0), rows[1]) == 0;
    assert_int_equal(hits, 2);
    PQclear(res);
    /* Index values are keyed: the plain value's hash is not what is stored. */
    assert_int_equal(count(f, "SELECT count(*) FROM blind_index"), 3);
}

static void shredding_destroys_fields_and_indexes(void **state)
{
    fixture *f = *state;
    const char *row = "77777777-7777-4777-8777-777777777777";
    char dk[37], keep[37], *v = NULL;

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__new_data_key(f->admin, keep), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "name", "Weg", 3), BB_OK);
    assert_int_equal(bb_vault__index(f->admin, dk, "party", row, "name", "weg"), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, keep, "party", "77777777-7777-4777-8777-777777777778",
                                   "name", "Blijft", 6),
                     BB_OK);
    assert_int_equal(bb_vault__shred(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__get(f->admin, "party", row, "name", &v), BB_ENOTFOUND);
    /* Blijft's name and its list of fields. */
    assert_int_equal(count(f, "SELECT count(*) FROM personal_field"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM blind_index"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM data_key"), 1);
    assert_int_equal(bb_vault__shred(f->admin, dk), BB_ENOTFOUND);
}

/* What a dump, a backup or a curious administrator sees: no personal value in the clear. */
static void dump_and_log_hold_no_personal_data(void **state)
{
    fixture *f = *state;
    const char *secrets[] = {"Zwaantje Qwertyuiop-Vlaskamp", "+31687651234",
                             "Kwakkelstraat 77", "zwaantje@voorbeeld.invalid",
                             "heeft ruzie over de heg"};
    char dk[37], row[37], cmd[1024], *dbname, path[512];

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(row, sizeof row, "88888888-8888-4888-8888-88888888888%d", i);
        assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "field", secrets[i],
                                       strlen(secrets[i])),
                         BB_OK);
        assert_int_equal(bb_vault__index(f->admin, dk, "party", row, "field", secrets[i]), BB_OK);
    }
    dbname = strstr(f->ci, "dbname='") + 8;
    snprintf(path, sizeof path, "%s/dump-%ld.sql", getenv("BB_TEST_TMPDIR"), (long)getpid());
    snprintf(cmd, sizeof cmd, "pg_dump -h '%s' -U '%s' '%.*s' > '%s'", getenv("BB_TEST_PGHOST"),
             getenv("BB_TEST_PGUSER"), (int)strcspn(dbname, "'"), dbname, path);
    assert_int_equal(system(cmd), 0);
    for (int i = 0; i < 5; i++) {
        snprintf(cmd, sizeof cmd, "grep -c -F '%s' '%s' %s/server.log >/dev/null", secrets[i],
                 path, getenv("BB_TEST_PGHOST"));
        assert_int_not_equal(system(cmd), 0); /* grep finds nothing */
    }
    /* The dump is real: it holds the encrypted rows. */
    snprintf(cmd, sizeof cmd, "grep -q 'COPY public.personal_field' '%s'", path);
    assert_int_equal(system(cmd), 0);
    unlink(path);
}

/* A departed user who copied a case's data key while authorised cannot read what is written to
 * that case after the revocation: the data key gets fresh material first. */
static void data_key_copied_before_revocation_opens_nothing_new(void **state)
{
    fixture *f = *state;
    bb_ctx *anna = add_coordinator(f, "anna");
    const char *row = "99999999-9999-4999-8999-999999999999";
    char dk[37], sql[256], *v = NULL, *hex;
    bb_secret *copied = NULL;
    uint8_t blob[512], *plain = NULL;
    size_t bl = 0, pl = 0;

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "name", "Oud", 3), BB_OK);
    assert_int_equal(bb_vault__load_data_key(anna, anna->keys, dk, &copied), BB_OK);
    bb_close(anna);
    assert_int_equal(bb_user_revoke(f->admin, "anna"), BB_OK);

    assert_int_equal(bb_vault__put(f->admin, dk, "party", row, "phone", "0612345678", 10), BB_OK);
    snprintf(sql, sizeof sql,
             "SELECT encode(blob, 'hex') FROM personal_field WHERE owner_id = '%s'"
             " AND field = 'phone'", row);
    hex = dbt_query(f->ci, sql);
    sodium_hex2bin(blob, sizeof blob, hex, strlen(hex), NULL, &bl, NULL);
    free(hex);
    bb_blob_bind bind = {1, "party", "phone", row};
    assert_int_equal(bb_blob__open(copied, &bind, blob, bl, &plain, &pl), BB_ECRYPTO);
    assert_null(plain);
    bb_secret__free(copied);
    /* The older field was re-encrypted, not lost. */
    assert_int_equal(bb_vault__get(f->admin, "party", row, "name", &v), BB_OK);
    assert_string_equal(v, "Oud");
    bb_vault__free(v);
    assert_int_equal(count(f, "SELECT count(*) FROM org_key WHERE revocation"), 1);
}

static void index_key_rotation_recomputes_every_index(void **state)
{
    fixture *f = *state;
    const char *rows[3] = {"aaaaaaaa-0000-4000-8000-000000000001",
                           "aaaaaaaa-0000-4000-8000-000000000002",
                           "aaaaaaaa-0000-4000-8000-000000000003"};
    const char *names[3] = {"jansen", "jansen", "pietersen"};
    char dk[37], *before, *after;
    PGresult *res = NULL;

    assert_int_equal(bb_vault__new_data_key(f->admin, dk), BB_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(bb_vault__index(f->admin, dk, "party", rows[i], "name", names[i]), BB_OK);
    before = dbt_query(f->ci, "SELECT string_agg(value::text, ',' ORDER BY owner_id)"
                              " FROM blind_index");
    assert_int_equal(bb_key_rotate_index(f->admin, NULL, NULL), BB_OK);
    after = dbt_query(f->ci, "SELECT string_agg(value::text, ',' ORDER BY owner_id)"
                             " FROM blind_index");
    assert_string_not_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(count(f, "SELECT count(*) FROM blind_index WHERE bidx_version = 2"), 3);
    assert_int_equal(count(f, "SELECT count(*) FROM org_secret"), 1); /* the old key is gone */
    /* A fresh unlock finds the same rows under the new key. */
    bb_ctx *fresh = unlocked(f, "beheer", PASS);
    assert_int_equal(bb_vault__candidates(fresh, "party", "name", "jansen", &res), BB_OK);
    int hits = 0;
    for (int r = 0; r < PQntuples(res); r++)
        hits += strcmp(PQgetvalue(res, r, 0), rows[2]) != 0;
    assert_int_equal(hits, 2);
    PQclear(res);
    bb_close(fresh);
}

static void grant_checks_the_fingerprint(void **state)
{
    fixture *f = *state;
    char fp[BB_FINGERPRINT_TEXT], other[BB_FINGERPRINT_TEXT];
    bb_ctx *ctx = dbt_open(f->ci);

    assert_int_equal(bb_user_add(f->admin, "bert", BB_ROLE_COORDINATOR), BB_OK);
    assert_int_equal(bb_user_enroll(ctx, "bert", PASS2, strlen(PASS2)), BB_OK);
    assert_int_equal(bb_user_fingerprint(f->admin, "bert", fp), BB_OK);
    assert_int_equal(strlen(fp), 79);
    assert_int_equal(fp[4], ' ');
    assert_int_equal(bb_user_fingerprint(f->admin, "beheer", other), BB_OK);
    /* Someone with database access swaps bert's public key for the admin's own. */
    free(dbt_query(f->ci, "UPDATE bb_user SET public_key = (SELECT public_key FROM bb_user"
                          " WHERE login = 'beheer') WHERE login = 'bert'"));
    assert_int_equal(bb_user_grant_checked(f->admin, "bert", fp), BB_ECRYPTO);
    assert_non_null(strstr(bb_errmsg(f->admin), "nothing was granted"));
    assert_int_equal(count(f, "SELECT count(*) FROM org_key_grant"), 1);
    /* The right fingerprint, in capitals and without spaces, is accepted. */
    char packed[65];
    size_t n = 0;
    for (const char *c = other; *c && n < 64; c++)
        if (*c != ' ')
            packed[n++] = (char)(*c >= 'a' ? *c - 32 : *c);
    packed[n] = '\0';
    assert_int_equal(bb_user_grant_checked(f->admin, "bert", packed), BB_OK);
    bb_close(ctx);
}

static void key_holders_lists_logins(void **state)
{
    fixture *f = *state;
    bb_ctx *anna = add_coordinator(f, "anna");
    char *who = NULL;

    assert_int_equal(bb_key_holders(f->admin, 1, &who), BB_OK);
    assert_string_equal(who, "anna,beheer");
    free(who);
    bb_close(anna);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(init_makes_organisation_keys_and_first_user, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(init_stores_argon2id_moderate, setup, teardown),
        cmocka_unit_test_setup_teardown(init_refuses_a_taken_name_and_bad_login, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_passphrase_unlocks_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(fields_round_trip_and_refuse_another_place, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(locked_handle_cannot_read_or_write, setup, teardown),
        cmocka_unit_test_setup_teardown(swapped_key_record_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(pinned_key_differs_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(added_user_enrols_and_reads_after_grant, setup, teardown),
        cmocka_unit_test_setup_teardown(reporters_never_get_a_key, setup, teardown),
        cmocka_unit_test_setup_teardown(revoked_user_cannot_open_what_is_written_later, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rotation_rewraps_every_data_key, setup, teardown),
        cmocka_unit_test_setup_teardown(passphrase_change, setup, teardown),
        cmocka_unit_test_setup_teardown(blind_index_finds_candidates, setup, teardown),
        cmocka_unit_test_setup_teardown(shredding_destroys_fields_and_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(dump_and_log_hold_no_personal_data, setup, teardown),
        cmocka_unit_test_setup_teardown(data_key_copied_before_revocation_opens_nothing_new, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(index_key_rotation_recomputes_every_index, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(grant_checks_the_fingerprint, setup, teardown),
        cmocka_unit_test_setup_teardown(key_holders_lists_logins, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
