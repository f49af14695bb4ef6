/* What an owner of personal fields should have (issue 13, migration 0023, docs/security.md
 * "Missing fields"). Every owner's field "@fields" lists the fields it has; every case's
 * field "@owners" lists the rows of the case that have any ("party/ID"). Both are sealed under
 * the data key like any field (version 3, bound to their row and case), so only the keys can
 * write them. bb changes them with every field it writes or removes itself; a field that is
 * gone while a list names it was deleted behind bb's back. */
#include "keys/vault.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "crypto/blob.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the lists ---- */

/* Where name's line starts in l, or -1. */
static long find(const bb_vault_list *l, const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i < l->len;) {
        const char *nl = memchr(l->s + i, '\n', l->len - i);
        size_t end = nl != NULL ? (size_t)(nl - l->s) : l->len;
        if (end - i == n && memcmp(l->s + i, name, n) == 0)
            return (long)i;
        i = end + 1;
    }
    return -1;
}

int bb_vault__list_has(const bb_vault_list *l, const char *name)
{
    return find(l, name) >= 0;
}

int bb_vault__list_add(bb_vault_list *l, const char *name)
{
    size_t n = strlen(name);

    if (find(l, name) >= 0)
        return 0;
    if (l->len + n + 2 > l->cap) {
        size_t cap = 2 * (l->len + n + 2);
        char *s = realloc(l->s, cap);
        if (s == NULL)
            return BB_ENOMEM;
        l->s = s;
        l->cap = cap;
    }
    memcpy(l->s + l->len, name, n);
    l->s[l->len + n] = '\n';
    l->len += n + 1;
    l->s[l->len] = '\0';
    return 1;
}

int bb_vault__list_del(bb_vault_list *l, const char *name)
{
    long at = find(l, name);
    size_t n = strlen(name) + 1;

    if (at < 0)
        return 0;
    if ((size_t)at + n > l->len) /* the last name, without its newline */
        n = l->len - (size_t)at;
    memmove(l->s + at, l->s + at + n, l->len - (size_t)at - n);
    l->len -= n;
    return 1;
}

int bb_vault__list_merge(bb_vault_list *into, const bb_vault_list *from)
{
    char name[BB_VAULT_ROW];
    int rc = BB_OK;

    for (size_t i = 0; rc >= 0 && i < from->len;) {
        size_t n = strcspn(from->s + i, "\n");
        snprintf(name, sizeof name, "%.*s", (int)n, from->s + i);
        rc = bb_vault__list_add(into, name);
        i += n + 1;
    }
    return rc < 0 ? rc : BB_OK;
}

void bb_vault__list_free(bb_vault_list *l)
{
    free(l->s);
    *l = (bb_vault_list){0};
}

const char *bb_vault__owners_table(const char *table)
{
    return strcmp(table, "volunteer") == 0 ? NULL : "bb_case";
}

int bb_vault__list_seal(bb_secret *dk, const char *table, const char *owner, const char *container,
                        const char *which, const bb_vault_list *l, uint8_t **blob, size_t *len)
{
    char row[BB_VAULT_ROW];
    bb_blob_bind bind;

    bb_vault__field_bind(&bind, row, BB_VAULT_AD, table, which, owner, container);
    return bb_blob__seal(dk, &bind, (const uint8_t *)l->s, l->len, blob, len);
}

int bb_vault__list_open(bb_secret *dk, const char *table, const char *owner, const char *container,
                        const char *which, const uint8_t *blob, size_t len, bb_vault_list *out)
{
    char row[BB_VAULT_ROW];
    bb_blob_bind bind;
    uint8_t *plain = NULL;
    size_t pl = 0;
    int rc;

    *out = (bb_vault_list){0};
    bb_vault__field_bind(&bind, row, BB_VAULT_AD, table, which, owner, container);
    if ((rc = bb_blob__open(dk, &bind, blob, len, &plain, &pl)) != BB_OK)
        return rc;
    if ((out->s = malloc(pl + 1)) == NULL) {
        rc = BB_ENOMEM;
    } else {
        memcpy(out->s, plain, pl);
        out->s[pl] = '\0';
        out->len = pl;
        out->cap = pl + 1;
    }
    bb_blob__free_plain(plain, pl);
    return rc;
}

int bb_vault__list_damaged(bb_ctx *ctx, const char *table, const char *owner, const char *which)
{
    return bb_ctx__fail(ctx, BB_ECRYPTO,
                        _("%s of %s %s: the list of what is stored for it does not belong here "
                          "or was damaged"),
                        which, table, owner);
}

/* Opens list `which` of (table, owner) in container from row r of res (its blob in column
 * blob, its data key's id in column key): with dk when that is the key key_id, else with the
 * key the row names. */
static int open_row(bb_ctx *ctx, bb_keychain *kc, bb_secret *dk, const char *key_id,
                    const PGresult *res, int r, const int cols[2], const char *table,
                    const char *owner, const char *container, const char *which, bb_vault_list *out)
{
    bb_secret *other = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = BB_OK;

    if (dk == NULL || strcmp(PQgetvalue(res, r, cols[1]), key_id) != 0)
        rc = bb_vault__load_data_key(ctx, kc, PQgetvalue(res, r, cols[1]), &other);
    if (rc == BB_OK)
        rc = bb_db__bytea(ctx, res, r, cols[0], &blob, &bl);
    if (rc == BB_OK && bb_vault__list_open(other != NULL ? other : dk, table, owner, container,
                                           which, blob, bl, out) != BB_OK)
        rc = bb_vault__list_damaged(ctx, table, owner, which);
    free(blob);
    bb_secret__free(other);
    return rc;
}

int bb_vault__missing(bb_ctx *ctx, int what, const char *field, const char *table,
                      const char *owner)
{
    if (what == BB_VAULT_MISSING_VALUE)
        return bb_ctx__fail(ctx, BB_ECRYPTO,
                            _("%s of %s %s: the stored value is missing (deleted behind bb's "
                              "back?)"),
                            field, table, owner);
    if (what == BB_VAULT_MISSING_FIELDS)
        return bb_ctx__fail(ctx, BB_ECRYPTO,
                            _("%s of %s %s: personal data stored for it is missing, with its "
                              "list of fields (deleted behind bb's back?)"),
                            field, table, owner);
    return bb_ctx__fail(ctx, BB_ECRYPTO,
                        _("%s of %s %s: personal data stored for it is missing, with the lists "
                          "of what its case or volunteer holds (deleted behind bb's back?)"),
                        field, table, owner);
}

/* ---- writing a field ---- */

/* The container of (table, owner); every row of the owner, with the blob of its list of
 * fields; the list of rows of its case; whether the container's data key holds fields of
 * version 3. Locked: the lists change after what they say. */
#define LISTS_SQL                                                                                  \
    "WITH o AS MATERIALIZED (SELECT bb_field_container($1, $2) AS c)"                              \
    " SELECT coalesce(o.c::text, ''), f.field, f.blob, f.data_key_id, "                            \
    "f.ad_version, " BB_VAULT_KEPT_LISTS                                                           \
    " FROM o LEFT JOIN LATERAL (SELECT p.field, p.ad_version,"                                     \
    " CASE WHEN p.field LIKE '@%' THEN p.blob END AS blob, p.data_key_id"                          \
    " FROM personal_field p WHERE p.org_id = $3 AND (p.owner_table = $1 AND p.owner_id = $2"       \
    " OR p.owner_table = $4 AND p.owner_id = o.c AND p.field = '" BB_VAULT_OWNERS "')"             \
    " FOR UPDATE) f ON true"

typedef struct put_job {
    bb_ctx *ctx;
    bb_keychain *kc;
    bb_secret *dk;
    const char *key_id, *table, *owner, *ot;
    const PGresult *res;
    int fields_at, owners_at; /* rows of the lists, or -1 */
    bool own_v3;              /* the owner has fields of version 3 */
} put_job;

/* The rows of the lists, and whether they are where they must be: a list of fields wherever
 * the owner has fields of version 3, is named in its case's list or (a volunteer) has a data
 * key with such fields; a case's list wherever its data key has them. */
static int check_lists(put_job *j, const char *container, bb_vault_list *owners, const char *field)
{
    char entry[BB_VAULT_ROW];
    bool kept = *PQgetvalue(j->res, 0, 5) == 't';
    int rc = BB_OK;

    j->fields_at = j->owners_at = -1;
    j->own_v3 = false;
    for (int r = 0; r < PQntuples(j->res); r++) {
        const char *f = PQgetvalue(j->res, r, 1);
        if (strcmp(f, BB_VAULT_FIELDS) == 0)
            j->fields_at = r;
        else if (strcmp(f, BB_VAULT_OWNERS) == 0)
            j->owners_at = j->ot != NULL ? r : -1;
        else if (*f != '\0' && atoi(PQgetvalue(j->res, r, 4)) == BB_VAULT_AD)
            j->own_v3 = true;
    }
    if (j->owners_at >= 0)
        rc = open_row(j->ctx, j->kc, j->dk, j->key_id, j->res, j->owners_at, (const int[]){2, 3},
                      j->ot, container, container, BB_VAULT_OWNERS, owners);
    snprintf(entry, sizeof entry, "%s/%s", j->table, j->owner);
    if (rc == BB_OK && j->fields_at < 0 &&
        (j->own_v3 || bb_vault__list_has(owners, entry) || (j->ot == NULL && kept)))
        rc = bb_vault__missing(j->ctx, BB_VAULT_MISSING_FIELDS, field, j->table, j->owner);
    if (rc == BB_OK && j->ot != NULL && *container != '\0' && j->owners_at < 0 && kept)
        rc = bb_vault__missing(j->ctx, BB_VAULT_MISSING_LISTS, field, j->table, j->owner);
    return rc;
}

/* The owner's list of fields with field in it: the one stored, or, for an owner without one
 * yet (written before lists were kept), the fields it has now. *changed when it is new. */
static int fields_list(put_job *j, const char *container, const char *field, bb_vault_list *l,
                       bool *changed)
{
    int rc = BB_OK;

    if (j->fields_at >= 0)
        rc = open_row(j->ctx, j->kc, j->dk, j->key_id, j->res, j->fields_at, (const int[]){2, 3},
                      j->table, j->owner, container, BB_VAULT_FIELDS, l);
    for (int r = 0; j->fields_at < 0 && rc >= 0 && r < PQntuples(j->res); r++)
        if (!PQgetisnull(j->res, r, 1) && *PQgetvalue(j->res, r, 1) != '@')
            rc = bb_vault__list_add(l, PQgetvalue(j->res, r, 1));
    if (rc >= 0)
        rc = bb_vault__list_add(l, field);
    *changed = rc > 0 || j->fields_at < 0;
    return rc < 0 ? rc : BB_OK;
}

int bb_vault__lists_put(bb_ctx *ctx, bb_keychain *kc, bb_secret *dk, const char *key_id,
                        const char *table, const char *owner, const char *field,
                        bb_vault_put_lists *up)
{
    const char *ot = bb_vault__owners_table(table);
    const char *p[4] = {table, owner, ctx->org_id, ot != NULL ? ot : ""};
    PGresult *res = NULL;
    put_job j = {ctx, kc, dk, key_id, table, owner, ot, NULL, -1, -1, false};
    bb_vault_list fields = {0}, owners = {0};
    char entry[BB_VAULT_ROW];
    bool fc = false, oc = false;
    int rc = bb_db__exec(ctx, &res, LISTS_SQL, 4, p);

    if (rc != BB_OK)
        goto done;
    j.res = res;
    snprintf(up->container, sizeof up->container, "%s", PQgetvalue(res, 0, 0));
    snprintf(entry, sizeof entry, "%s/%s", table, owner);
    up->owners_table = ot != NULL && *up->container != '\0' ? ot : NULL;
    if ((rc = check_lists(&j, up->container, &owners, field)) == BB_OK)
        rc = fields_list(&j, up->container, field, &fields, &fc);
    if (rc == BB_OK && up->owners_table != NULL) {
        rc = bb_vault__list_add(&owners, entry);
        oc = rc > 0 || j.owners_at < 0;
        rc = rc < 0 ? rc : BB_OK;
    }
    if (rc == BB_ENOMEM)
        rc = bb_ctx__fail(ctx, rc, "%s", _("out of memory"));
    if (rc == BB_OK &&
        ((fc && bb_vault__list_seal(dk, table, owner, up->container, BB_VAULT_FIELDS, &fields,
                                    &up->fields, &up->fields_len) != BB_OK) ||
         (oc && bb_vault__list_seal(dk, ot, up->container, up->container, BB_VAULT_OWNERS, &owners,
                                    &up->owners, &up->owners_len) != BB_OK)))
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot encrypt the value"), field);
done:
    bb_vault__list_free(&fields);
    bb_vault__list_free(&owners);
    PQclear(res);
    return rc;
}

void bb_vault__lists_put_free(bb_vault_put_lists *up)
{
    free(up->fields);
    free(up->owners);
    up->fields = up->owners = NULL;
}

/* ---- reading a field that is not there ---- */

/* Opens list `which` of (table, owner) in container from row r of bb_vault__get's result
 * (GET_SQL: the blob in column 2, the data key in columns 1, 5 and 6). */
static int open_got(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const char *table,
                    const char *owner, const char *container, const char *which, bb_vault_list *out)
{
    bb_secret *dk = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = bb_vault__row_key(ctx, kc, res, r, (const int[]){1, 5, 6}, &dk);

    if (rc == BB_OK)
        rc = bb_db__bytea(ctx, res, r, 2, &blob, &bl);
    if (rc == BB_OK &&
        bb_vault__list_open(dk, table, owner, container, which, blob, bl, out) != BB_OK)
        rc = bb_vault__list_damaged(ctx, table, owner, which);
    free(blob);
    bb_secret__free(dk);
    return rc;
}

/* Whether the list `which` in row r of res names name (false when r < 0). */
static int names(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const char *table,
                 const char *owner, const char *container, const char *which, const char *name,
                 bool *named)
{
    bb_vault_list l = {0};
    int rc = r < 0 ? BB_OK : open_got(ctx, kc, res, r, table, owner, container, which, &l);

    *named = r >= 0 && rc == BB_OK && bb_vault__list_has(&l, name);
    bb_vault__list_free(&l);
    return rc;
}

int bb_vault__absent(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, const char *table,
                     const char *owner, const char *field)
{
    const char *ot = bb_vault__owners_table(table), *container = "";
    char entry[BB_VAULT_ROW];
    int fr = -1, orow = -1, rc;
    bool lists_gone = false, named = false;

    for (int r = 0; r < PQntuples(res); r++) {
        const char *f = PQgetvalue(res, r, 0);
        if (*f == '\0')
            lists_gone = true; /* fields of version 3 under the key of the case or volunteer */
        else
            container = PQgetvalue(res, r, 4);
        fr = strcmp(f, BB_VAULT_FIELDS) == 0 ? r : fr;
        orow = strcmp(f, BB_VAULT_OWNERS) == 0 && ot != NULL ? r : orow;
    }
    snprintf(entry, sizeof entry, "%s/%s", table, owner);
    if (fr >= 0)
        rc = names(ctx, kc, res, fr, table, owner, container, BB_VAULT_FIELDS, field, &named);
    else
        rc = names(ctx, kc, res, orow, ot, container, container, BB_VAULT_OWNERS, entry, &named);
    if (rc != BB_OK)
        return rc;
    if (named)
        return bb_vault__missing(ctx, fr >= 0 ? BB_VAULT_MISSING_VALUE : BB_VAULT_MISSING_FIELDS,
                                 field, table, owner);
    if (fr < 0 && orow < 0 && lists_gone)
        return bb_vault__missing(ctx, BB_VAULT_MISSING_LISTS, field, table, owner);
    return bb_ctx__fail(ctx, BB_ENOTFOUND, _("%s: no value stored"), field);
}
