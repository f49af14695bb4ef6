/* bb removing personal fields itself: a value cleared (bb_vault__drop), or every field of rows
 * that go or lose their personal data (bb_vault__forget). The lists of keys/lists.c follow in
 * the same transaction, so what bb removed is not taken for a deletion behind its back. */
#include "keys/vault.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "crypto/blob.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens the list `which` of (table, owner) in container from row r of res (blob in column
 * cols[0], data key in cols[1..3]), takes the names of drop (a comma list; with prefix before
 * each) out and, when that changed it, seals it anew into *blob. */
static int take_out(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const int cols[4],
                    const char *table, const char *owner, const char *container, const char *which,
                    const char *prefix, const char *drop, uint8_t **blob, size_t *len)
{
    bb_secret *dk = NULL;
    bb_vault_list l = {0};
    uint8_t *sealed = NULL;
    size_t sl = 0;
    char name[BB_VAULT_ROW];
    int rc = bb_vault__row_key(ctx, kc, res, r, cols + 1, &dk), changed = 0;

    if (rc == BB_OK)
        rc = bb_db__bytea(ctx, res, r, cols[0], &sealed, &sl);
    if (rc == BB_OK &&
        bb_vault__list_open(dk, table, owner, container, which, sealed, sl, &l) != BB_OK)
        rc = bb_vault__list_damaged(ctx, table, owner, which);
    for (const char *d = drop; rc == BB_OK && *d != '\0'; d += strcspn(d, ","), d += *d == ',') {
        snprintf(name, sizeof name, "%s%.*s", prefix, (int)strcspn(d, ","), d);
        changed |= bb_vault__list_del(&l, name);
    }
    if (rc == BB_OK && changed &&
        bb_vault__list_seal(dk, table, owner, container, which, &l, blob, len) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot encrypt the value"), which);
    free(sealed);
    bb_vault__list_free(&l);
    bb_secret__free(dk);
    return rc;
}

/* The owner's list of fields, with its data key, locked. */
#define DROP_LIST_SQL                                                                              \
    "SELECT coalesce(bb_field_container($1, $2)::text, ''), f.blob, f.data_key_id,"                \
    " k.key_version, k.wrapped FROM personal_field f JOIN data_key k ON k.id = f.data_key_id"      \
    " AND k.org_id = f.org_id WHERE f.owner_table = $1 AND f.owner_id = $2"                        \
    " AND f.field = '" BB_VAULT_FIELDS "' AND f.org_id = $3 FOR UPDATE OF f"

#define DROP_SQL                                                                                   \
    "DELETE FROM personal_field WHERE owner_table = $1 AND owner_id = $2 AND field = $3"

/* Stores list `which` of (table, owner) anew as blob, and deletes field drop (NULL: none) of
 * the same owner, in one statement. */
static int store(bb_ctx *ctx, const char *table, const char *owner, const char *which,
                 const char *drop, const uint8_t *blob, size_t bl)
{
    const char *p[5] = {table, owner, which, drop, (const char *)blob};
    int len[5] = {0, 0, 0, 0, (int)bl}, fmt[5] = {0, 0, 0, 0, 1};

    return bb_db__exec_bin(ctx, NULL,
                           "WITH d AS (DELETE FROM personal_field WHERE owner_table = $1"
                           " AND owner_id = $2 AND field = $4) UPDATE personal_field SET blob = $5"
                           " WHERE owner_table = $1 AND owner_id = $2 AND field = $3",
                           5, p, len, fmt);
}

int bb_vault__drop(bb_ctx *ctx, const char *owner_table, const char *owner_id, const char *field)
{
    const char *p[4] = {owner_table, owner_id, ctx->org_id, NULL};
    bb_keychain *kc;
    PGresult *res = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    int rc = bb_db__exec(ctx, &res, DROP_LIST_SQL, 3, p);

    if (rc == BB_OK && PQntuples(res) == 1 && (rc = bb_keychain__get(ctx, &kc)) == BB_OK)
        rc = take_out(ctx, kc, res, 0, (const int[]){1, 2, 3, 4}, owner_table, owner_id,
                      PQgetvalue(res, 0, 0), BB_VAULT_FIELDS, "", field, &blob, &bl);
    if (rc == BB_OK && blob == NULL)
        rc = bb_db__cmd(ctx, DROP_SQL, 3, (const char *[]){owner_table, owner_id, field});
    if (rc == BB_OK && blob != NULL)
        rc = store(ctx, owner_table, owner_id, BB_VAULT_FIELDS, field, blob, bl);
    free(blob);
    PQclear(res);
    return rc;
}

/* The lists of rows of the cases of the rows ids of table $3 (rows of table $2), locked, with
 * their data keys, and the ids as text. */
#define FORGET_LISTS_SQL                                                                           \
    "SELECT f.owner_id::text, f.blob, f.data_key_id, k.key_version, k.wrapped,"                    \
    " (SELECT string_agg(i::text, ',') FROM unnest($4::uuid[]) AS i) FROM personal_field f"        \
    " JOIN data_key k ON k.id = f.data_key_id AND k.org_id = f.org_id WHERE f.org_id = $1"         \
    " AND f.owner_table = $2 AND f.field = '" BB_VAULT_OWNERS "' AND f.owner_id IN"                \
    " (SELECT bb_field_container($3, i) FROM unnest($4::uuid[]) AS i) FOR UPDATE OF f"

/* Takes table's rows of the literal ids out of the lists of their cases. */
static int forget_owners(bb_ctx *ctx, const char *ot, const char *table, const char *ids)
{
    const char *p[4] = {ctx->org_id, ot, table, ids};
    char prefix[64];
    bb_keychain *kc = NULL;
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, FORGET_LISTS_SQL, 4, p);

    snprintf(prefix, sizeof prefix, "%s/", table);
    if (rc == BB_OK && PQntuples(res) > 0)
        rc = bb_keychain__get(ctx, &kc);
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        const char *c = PQgetvalue(res, r, 0);
        uint8_t *blob = NULL;
        size_t bl = 0;
        rc = take_out(ctx, kc, res, r, (const int[]){1, 2, 3, 4}, ot, c, c, BB_VAULT_OWNERS, prefix,
                      PQgetvalue(res, r, 5), &blob, &bl);
        if (rc == BB_OK && blob != NULL)
            rc = store(ctx, ot, c, BB_VAULT_OWNERS, NULL, blob, bl);
        free(blob);
    }
    PQclear(res);
    return rc;
}

int bb_vault__forget(bb_ctx *ctx, const char *owner_table, const char *ids)
{
    const char *ot = bb_vault__owners_table(owner_table);
    char one[48];
    int rc = BB_OK;

    if (*ids != '{') { /* one id */
        snprintf(one, sizeof one, "{%s}", ids);
        ids = one;
    }
    if (ot != NULL)
        rc = forget_owners(ctx, ot, owner_table, ids);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "DELETE FROM personal_field WHERE org_id = $1 AND owner_table = $2"
                        " AND owner_id = ANY ($3::uuid[])",
                        3, (const char *[]){ctx->org_id, owner_table, ids});
    return rc;
}
