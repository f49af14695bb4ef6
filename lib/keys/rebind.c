/* bb_key_rebind: personal fields written before bb bound them to their owner's case or
 * volunteer and kept the lists of what every owner has (ad_version 1 and 2, migrations 0021
 * and 0023) are re-encrypted under the same data key as version 3, and the lists of every
 * owner and case under that key are made from the fields there are (with the names of any
 * lists there were). Whole data keys at a time, each batch its own transaction: resumable,
 * since what is left is exactly the keys with fields below version 3. */
#include "keys/keychain.h"
#include "keys/vault.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rebind_job {
    bb_keychain *kc;
    int limit;
    long done; /* fields in the last batch */
} rebind_job;

/* Text literals of the arrays of the rows to write: table, owner, field, blob. */
typedef struct arrays {
    bb_vault_list a[4]; /* used as plain text buffers */
    bool oom;
} arrays;

static void put_text(arrays *w, int a, const char *s, size_t n)
{
    bb_vault_list *b = &w->a[a];

    if (b->len + n + 4 > b->cap) {
        size_t cap = 2 * (b->len + n + 4);
        char *p = realloc(b->s, cap);
        if (p == NULL) {
            w->oom = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Appends an element (quoted: names, ids and "\\x" hex) to array a. */
static void element(arrays *w, int a, const char *s)
{
    put_text(w, a, w->a[a].len == 0 ? "{\"" : ",\"", 2);
    put_text(w, a, s, strlen(s));
    put_text(w, a, "\"", 1);
}

static void row(arrays *w, const char *table, const char *owner, const char *field,
                const uint8_t *blob, size_t bl)
{
    static const char hex[] = "0123456789abcdef";
    char pair[2];

    element(w, 0, table);
    element(w, 1, owner);
    element(w, 2, field);
    put_text(w, 3, w->a[3].len == 0 ? "{\"\\\\x" : ",\"\\\\x", 5);
    for (size_t i = 0; i < bl; i++) {
        pair[0] = hex[blob[i] >> 4];
        pair[1] = hex[blob[i] & 15];
        put_text(w, 3, pair, 2);
    }
    put_text(w, 3, "\"", 1);
}

/* Seals list l as `which` of (table, owner) in container and adds it to the rows. */
static int add_list(bb_ctx *ctx, arrays *w, bb_secret *dk, const char *table, const char *owner,
                    const char *container, const char *which, const bb_vault_list *l)
{
    uint8_t *blob = NULL;
    size_t bl = 0;

    if (bb_vault__list_seal(dk, table, owner, container, which, l, &blob, &bl) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot encrypt the value"), which);
    row(w, table, owner, which, blob, bl);
    free(blob);
    return BB_OK;
}

/* The lists being made for one data key: the owner whose rows are being read, and the case
 * (or cases) they belong to. */
typedef struct key_lists {
    bb_secret *dk;
    char table[32], owner[40], container[40];
    bb_vault_list fields;
    bool any; /* the owner has fields or a list of them */
    int n;
    struct {
        char id[40];
        bb_vault_list owners;
    } cases[8];
} key_lists;

/* The list of rows of case id, made at its first use (NULL when there are too many). */
static bb_vault_list *case_list(key_lists *k, const char *id)
{
    for (int i = 0; i < k->n; i++)
        if (strcmp(k->cases[i].id, id) == 0)
            return &k->cases[i].owners;
    if (k->n == (int)(sizeof k->cases / sizeof k->cases[0]))
        return NULL;
    snprintf(k->cases[k->n].id, sizeof k->cases[k->n].id, "%s", id);
    return &k->cases[k->n++].owners;
}

/* The owner read so far: its list of fields, and it in its case's list of rows. */
static int end_owner(bb_ctx *ctx, arrays *w, key_lists *k)
{
    const char *ot = bb_vault__owners_table(k->table);
    char entry[BB_VAULT_ROW];
    bb_vault_list *c;
    int rc = BB_OK;

    if (k->any)
        rc = add_list(ctx, w, k->dk, k->table, k->owner, k->container, BB_VAULT_FIELDS, &k->fields);
    snprintf(entry, sizeof entry, "%s/%s", k->table, k->owner);
    if (rc == BB_OK && k->any && ot != NULL && *k->container != '\0' &&
        (c = case_list(k, k->container)) != NULL && bb_vault__list_add(c, entry) < 0)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    bb_vault__list_free(&k->fields);
    k->any = false;
    return rc;
}

/* Row r of res (BB_VAULT_FIELD_COLS, by owner): a field re-encrypted as version 3 when older,
 * its name in its owner's list; a list, opened and added to the one being made. */
static int one_row(bb_ctx *ctx, arrays *w, key_lists *k, const PGresult *res, int r, long *done)
{
    const char *table = PQgetvalue(res, r, 0), *owner = PQgetvalue(res, r, 1);
    const char *field = PQgetvalue(res, r, 2), *container = PQgetvalue(res, r, 5);
    bb_vault_list old = {0}, *into = &k->fields;
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = BB_OK;

    if (strcmp(table, k->table) != 0 || strcmp(owner, k->owner) != 0) {
        rc = end_owner(ctx, w, k);
        snprintf(k->table, sizeof k->table, "%s", table);
        snprintf(k->owner, sizeof k->owner, "%s", owner);
        snprintf(k->container, sizeof k->container, "%s", container);
    }
    if (rc == BB_OK && *field == '@') {
        if (strcmp(field, BB_VAULT_OWNERS) == 0)
            into = case_list(k, owner);
        k->any |= strcmp(field, BB_VAULT_FIELDS) == 0;
        if ((rc = bb_db__bytea(ctx, res, r, 3, &blob, &bl)) == BB_OK &&
            bb_vault__list_open(k->dk, table, owner, container, field, blob, bl, &old) != BB_OK)
            rc = bb_vault__list_damaged(ctx, table, owner, field);
        if (rc == BB_OK && into != NULL && bb_vault__list_merge(into, &old) != BB_OK)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    } else if (rc == BB_OK) {
        k->any = true;
        if (bb_vault__list_add(&k->fields, field) < 0)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        if (rc == BB_OK && atoi(PQgetvalue(res, r, 4)) < BB_VAULT_AD &&
            (rc = bb_vault__rebox(ctx, res, r, k->dk, k->dk, BB_VAULT_AD, &blob, &bl)) == BB_OK) {
            row(w, table, owner, field, blob, bl);
            (*done)++;
        }
    }
    free(blob);
    bb_vault__list_free(&old);
    return rc;
}

#define WRITE_SQL                                                                                  \
    "INSERT INTO personal_field (owner_table, owner_id, field, org_id, data_key_id, blob,"         \
    " ad_version) SELECT u.t, u.o, u.f, $1, $2, u.b, 3 FROM unnest($3::text[], $4::uuid[],"        \
    " $5::text[], $6::bytea[]) AS u(t, o, f, b) ON CONFLICT (owner_table, owner_id, field)"        \
    " DO UPDATE SET blob = excluded.blob, data_key_id = excluded.data_key_id, ad_version = 3"

/* Every row of data key id, bound and listed, written in one statement. */
static int rebind_key(bb_ctx *ctx, rebind_job *job, const char *id)
{
    key_lists k = {0};
    arrays w = {0};
    PGresult *res = NULL;
    int rc = bb_vault__load_data_key(ctx, job->kc, id, &k.dk);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_VAULT_FIELD_COLS " FROM personal_field WHERE org_id = $1"
                         " AND data_key_id = $2 ORDER BY owner_table, owner_id, field FOR UPDATE",
                         2, (const char *[]){ctx->org_id, id});
    for (int r = 0; rc == BB_OK && res != NULL && r < PQntuples(res); r++)
        rc = one_row(ctx, &w, &k, res, r, &job->done);
    if (rc == BB_OK)
        rc = end_owner(ctx, &w, &k);
    for (int i = 0; rc == BB_OK && i < k.n; i++)
        rc = add_list(ctx, &w, k.dk, "bb_case", k.cases[i].id, k.cases[i].id, BB_VAULT_OWNERS,
                      &k.cases[i].owners);
    if (rc == BB_OK && w.oom)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK && w.a[0].len > 0) {
        for (int a = 0; a < 4; a++)
            put_text(&w, a, "}", 1);
        rc = bb_db__cmd(ctx, WRITE_SQL, 6,
                        (const char *[]){ctx->org_id, id, w.a[0].s, w.a[1].s, w.a[2].s, w.a[3].s});
    }
    for (int i = 0; i < k.n; i++)
        bb_vault__list_free(&k.cases[i].owners);
    for (int a = 0; a < 4; a++)
        bb_vault__list_free(&w.a[a]);
    bb_vault__list_free(&k.fields);
    bb_secret__free(k.dk);
    PQclear(res);
    return rc;
}

/* The data keys of the first `limit` fields below version 3, whole. */
static int rebind_batch(bb_ctx *ctx, void *arg)
{
    rebind_job *job = arg;
    char lim[16];
    PGresult *res = NULL;
    int rc;

    snprintf(lim, sizeof lim, "%d", job->limit);
    job->done = 0;
    rc = bb_db__exec(ctx, &res,
                     "SELECT DISTINCT data_key_id FROM (SELECT data_key_id FROM personal_field"
                     " WHERE org_id = $1 AND ad_version < 3 ORDER BY data_key_id LIMIT $2) AS s"
                     " ORDER BY 1",
                     2, (const char *[]){ctx->org_id, lim});
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = rebind_key(ctx, job, PQgetvalue(res, r, 0));
    PQclear(res);
    return rc;
}

int bb_key_rebind(bb_ctx *ctx, int batch, bb_progress_fn progress, void *data)
{
    rebind_job job = {NULL, batch > 0 ? batch : 500, 0};
    PGresult *res = NULL;
    long total, done = 0;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &job.kc)) != BB_OK ||
        (rc = bb_db__exec(ctx, &res,
                          "SELECT count(*) FROM personal_field WHERE org_id = $1"
                          " AND ad_version < 3",
                          1, (const char *[]){ctx->org_id})) != BB_OK)
        return rc;
    total = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (progress != NULL && progress(data, 0, total) != 0)
        return BB_OK;
    do {
        rc = bb_db__txn(ctx, "READ COMMITTED", rebind_batch, &job);
        done += job.done;
        if (rc == BB_OK && progress != NULL && progress(data, done, total) != 0)
            break;
    } while (rc == BB_OK && job.done > 0);
    return rc;
}
