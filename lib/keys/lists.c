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

const char *bb_vault__container_sql(const char *table)
{
    if (strcmp(table, "party") == 0)
        return "(SELECT case_id FROM party WHERE id = $2::uuid)";
    if (strcmp(table, "contact") == 0)
        return "(SELECT case_id FROM contact WHERE id = $2::uuid)";
    if (strcmp(table, "case_event") == 0)
        return "(SELECT case_id FROM case_event WHERE id = $2::uuid)";
    if (strcmp(table, "bb_case") == 0 || strcmp(table, "volunteer") == 0)
        return "$2::uuid";
    return "bb_field_container($1, $2::uuid)";
}

const char *bb_vault__container_table(const char *table)
{
    return strcmp(table, "volunteer") == 0 ? "volunteer" : "bb_case";
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

/* Whether the data key of the case or volunteer of (table $1, id $2) holds fields of version 3
 * (so lists were kept for it), the case's or volunteer's id, and the names and versions of the
 * owner's fields ("name/3,phone/2"); formatted with the container's table and SQL, and the SQL
 * again. */
#define KEPT_SQL                                                                                   \
    "SELECT " BB_VAULT_KEPT_LISTS ", coalesce(%s::text, ''), " BB_VAULT_OWN_FIELDS                 \
    " WHERE $1::text IS NOT NULL"

int bb_vault__kept_lists(bb_ctx *ctx, const char *table, const char *owner, bool *kept,
                         char container[40], char **names)
{
    const char *c = bb_vault__container_sql(table);
    char sql[768];
    PGresult *res = NULL;
    int rc;

    snprintf(sql, sizeof sql, KEPT_SQL, bb_vault__container_table(table), c, c);
    rc = bb_db__exec(ctx, &res, sql, 2, (const char *[]){table, owner});
    *kept = rc == BB_OK && *PQgetvalue(res, 0, 0) == 't';
    if (rc == BB_OK && container != NULL)
        snprintf(container, 40, "%s", PQgetvalue(res, 0, 1));
    if (rc == BB_OK && names != NULL && (*names = strdup(PQgetvalue(res, 0, 2))) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    PQclear(res);
    return rc;
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
    bool kept = false, named = false;

    for (int r = 0; r < PQntuples(res); r++) {
        const char *f = PQgetvalue(res, r, 0), *t = PQgetvalue(res, r, 7);
        container = PQgetvalue(res, r, 4);
        fr = strcmp(f, BB_VAULT_FIELDS) == 0 && strcmp(t, table) == 0 ? r : fr;
        orow = strcmp(f, BB_VAULT_OWNERS) == 0 && ot != NULL && strcmp(t, ot) == 0 ? r : orow;
    }
    snprintf(entry, sizeof entry, "%s/%s", table, owner);
    if (fr >= 0)
        rc = names(ctx, kc, res, fr, table, owner, container, BB_VAULT_FIELDS, field, &named);
    else
        rc = names(ctx, kc, res, orow, ot, container, container, BB_VAULT_OWNERS, entry, &named);
    /* Neither list: asked only now, whether there were any (fields of version 3 left). */
    if (rc == BB_OK && fr < 0 && orow < 0)
        rc = bb_vault__kept_lists(ctx, table, owner, &kept, NULL, NULL);
    if (rc != BB_OK)
        return rc;
    if (named)
        return bb_vault__missing(ctx, fr >= 0 ? BB_VAULT_MISSING_VALUE : BB_VAULT_MISSING_FIELDS,
                                 field, table, owner);
    if (kept)
        return bb_vault__missing(ctx, BB_VAULT_MISSING_LISTS, field, table, owner);
    return bb_ctx__fail(ctx, BB_ENOTFOUND, _("%s: no value stored"), field);
}
