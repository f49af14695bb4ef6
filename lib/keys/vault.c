#include "keys/vault.h"
#include "keys/keychain.h"
#include "bb/error.h"
#include "crypto/bidx.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "audit/audit.h"
#include "base/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields are sealed under their data key, which never changes version: the binding's key
 * version is that of the field's associated data (personal_field.ad_version, migrations 0021
 * and 0023): 1 binds (table, field, row), 2 also what owns the row, 3 as 2 with the owner's
 * lists kept (keys/lists.c). */
#define FIELD_AD BB_VAULT_AD

void bb_vault__field_bind(bb_blob_bind *b, char row[BB_VAULT_ROW], int ad, const char *table,
                          const char *field, const char *owner_id, const char *container)
{
    if (ad == 1)
        snprintf(row, BB_VAULT_ROW, "%s", owner_id);
    else
        snprintf(row, BB_VAULT_ROW, "%s/%s", owner_id,
                 container != NULL && *container ? container : "-");
    *b = (bb_blob_bind){(uint32_t)ad, table, field, row};
}

int bb_vault__new_data_key(bb_ctx *ctx, char id[37])
{
    bb_keychain *kc;
    bb_secret *dk = NULL;
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    char kv[16];
    int rc;

    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK)
        return rc;
    int version = bb_keychain__current(kc);
    bb_keychain__uuid(id);
    bb_blob_bind bind = {(uint32_t)version, "data_key", "wrapped", id};
    if ((rc = bb_secret__random(BB_KEY_BYTES, &dk)) != BB_OK ||
        bb_blob__wrap_key(bb_keychain__org_key(kc, version), &bind, dk, &wrapped, &wl) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
        goto done;
    }
    snprintf(kv, sizeof kv, "%d", version);
    const char *p[4] = {id, ctx->org_id, kv, (const char *)wrapped};
    int len[4] = {0, 0, 0, (int)wl}, fmt[4] = {0, 0, 0, 1};
    rc = bb_db__exec_bin(ctx, NULL,
                         "SELECT bb_key_data_add($2, $3::int, ARRAY[$1::uuid], ARRAY[$4::bytea])",
                         4, p, len, fmt);
done:
    free(wrapped);
    bb_secret__free(dk);
    return rc;
}

/* Opens data key id, wrapped under organisation key `version`. */
static int unwrap(bb_ctx *ctx, bb_keychain *kc, const char *id, int version, const uint8_t *wrapped,
                  size_t wl, bb_secret **out)
{
    bb_secret *kek = bb_keychain__org_key(kc, version);
    bb_blob_bind bind = {(uint32_t)version, "data_key", "wrapped", id};

    if (kek == NULL || bb_blob__unwrap_key(kek, &bind, wrapped, wl, BB_KEY_BYTES, out) != BB_OK)
        return bb_ctx__fail(ctx, kek ? BB_ECRYPTO : BB_EDENIED,
                            _("data key %s cannot be opened with the keys you hold"), id);
    return BB_OK;
}

int bb_vault__row_key(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const int cols[3],
                      bb_secret **out)
{
    const char *id = PQgetvalue(res, r, cols[0]);
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    int rc = BB_OK;

    if (PQgetisnull(res, r, cols[1]))
        return bb_ctx__fail(ctx, BB_ENOTFOUND, _("data key %s does not exist (shredded?)"), id);
    if ((rc = bb_db__bytea(ctx, res, r, cols[2], &wrapped, &wl)) == BB_OK)
        rc = unwrap(ctx, kc, id, atoi(PQgetvalue(res, r, cols[1])), wrapped, wl, out);
    free(wrapped);
    return rc;
}

/* Opens data key id with whichever organisation key version wraps it. */
int bb_vault__load_data_key(bb_ctx *ctx, bb_keychain *kc, const char *id, bb_secret **out)
{
    const char *p[2] = {id, ctx->org_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(
        ctx, &res, "SELECT id, key_version, wrapped FROM data_key WHERE id = $1 AND org_id = $2", 2,
        p);

    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("data key %s does not exist (shredded?)"), id);
    if (rc == BB_OK)
        rc = bb_vault__row_key(ctx, kc, res, 0, (const int[]){0, 1, 2}, out);
    PQclear(res);
    return rc;
}

/* The field and the lists it changes (bb_vault_put_lists: NULL blobs are left as they are),
 * in one statement. */
#define PUT_SQL                                                                                    \
    "INSERT INTO personal_field (owner_table, owner_id, field, org_id, data_key_id, blob,"         \
    " ad_version) SELECT v.t, v.o, v.f, $1, $2, v.b, 3 FROM (VALUES ($3::text, $4::uuid,"          \
    " $5::text, $6::bytea), ($3, $4, '" BB_VAULT_FIELDS "', $7::bytea), ($8::text, $9::uuid,"      \
    " '" BB_VAULT_OWNERS "', $10::bytea)) AS v(t, o, f, b) WHERE v.b IS NOT NULL"                  \
    " ON CONFLICT (owner_table, owner_id, field) DO UPDATE SET blob = excluded.blob,"              \
    " data_key_id = excluded.data_key_id, ad_version = 3"

static int put_rows(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                    const char *owner_id, const char *field, const uint8_t *blob, size_t bl,
                    const bb_vault_put_lists *up)
{
    const char *p[10] = {ctx->org_id,
                         data_key_id,
                         owner_table,
                         owner_id,
                         field,
                         (const char *)blob,
                         (const char *)up->fields,
                         up->owners ? up->owners_table : NULL,
                         up->owners ? up->container : NULL,
                         (const char *)up->owners};
    int len[10] = {0, 0, 0, 0, 0, (int)bl, (int)up->fields_len, 0, 0, (int)up->owners_len};
    int fmt[10] = {0, 0, 0, 0, 0, 1, 1, 0, 0, 1};

    return bb_db__exec_bin(ctx, NULL, PUT_SQL, 10, p, len, fmt);
}

int bb_vault__put(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                  const char *owner_id, const char *field, const char *plain, size_t len)
{
    bb_keychain *kc;
    bb_secret *dk = NULL;
    uint8_t *blob = NULL;
    size_t bl = 0;
    char row[BB_VAULT_ROW];
    bb_vault_put_lists up = {0};
    bb_blob_bind bind;
    int rc;

    if (*field == '@') /* the lists' names */
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: not a field"), field);
    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK ||
        (rc = bb_vault__rekey_if_revoked(ctx, kc, data_key_id)) != BB_OK ||
        (rc = bb_vault__load_data_key(ctx, kc, data_key_id, &dk)) != BB_OK ||
        (rc = bb_vault__lists_put(ctx, kc, dk, data_key_id, owner_table, owner_id, field, &up)) !=
            BB_OK)
        goto done;
    bb_vault__field_bind(&bind, row, FIELD_AD, owner_table, field, owner_id, up.container);
    if (bb_blob__seal(dk, &bind, (const uint8_t *)plain, len, &blob, &bl) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot encrypt the value"), field);
        goto done;
    }
    rc = put_rows(ctx, data_key_id, owner_table, owner_id, field, blob, bl, &up);
done:
    free(blob);
    bb_vault__lists_put_free(&up);
    bb_secret__free(dk);
    return rc;
}

/* The field, the owner's list of fields and its case's list of rows, each with its data key.
 * Formatted with the container's SQL twice (bb_vault__container_sql). Columns: field,
 * data_key_id, blob, ad_version, container, key_version, wrapped, owner_table. */
#define GET_SQL                                                                                    \
    "SELECT f.field, f.data_key_id, f.blob, f.ad_version, coalesce(%s::text, ''),"                 \
    " k.key_version, k.wrapped, f.owner_table FROM personal_field f LEFT JOIN data_key k"          \
    " ON k.id = f.data_key_id WHERE f.org_id = $4 AND (f.owner_table = $1"                         \
    " AND f.owner_id = $2::uuid AND f.field IN ($3, '" BB_VAULT_FIELDS "')"                        \
    " OR f.owner_table = $5 AND f.owner_id = %s AND f.field = '" BB_VAULT_OWNERS "')"

/* The row of field of table in res (GET_SQL), or -1. */
static int field_row(const PGresult *res, const char *table, const char *field)
{
    for (int r = 0; r < PQntuples(res); r++)
        if (strcmp(PQgetvalue(res, r, 0), field) == 0 && strcmp(PQgetvalue(res, r, 7), table) == 0)
            return r;
    return -1;
}

/* Opens field row r of res into *out (secret memory). */
static int open_field(bb_ctx *ctx, bb_keychain *kc, const PGresult *res, int r, const char *table,
                      const char *owner_id, const char *field, char **out)
{
    bb_secret *dk = NULL;
    uint8_t *blob = NULL, *plain = NULL;
    size_t bl = 0, pl = 0;
    char row[BB_VAULT_ROW];
    bb_blob_bind bind;
    int ad = atoi(PQgetvalue(res, r, 3));
    int rc = bb_vault__row_key(ctx, kc, res, r, (const int[]){1, 5, 6}, &dk);

    if (rc != BB_OK || (rc = bb_db__bytea(ctx, res, r, 2, &blob, &bl)) != BB_OK)
        goto done;
    bb_vault__field_bind(&bind, row, ad, table, field, owner_id, PQgetvalue(res, r, 4));
    if (bb_blob__open(dk, &bind, blob, bl, &plain, &pl) != BB_OK) {
        if (ad == 1)
            rc = bb_ctx__fail(ctx, BB_ECRYPTO,
                              _("%s: the stored value does not belong here or was damaged"), field);
        else
            rc = bb_ctx__fail(ctx, BB_ECRYPTO,
                              _("%s of %s %s: the stored value does not belong here or was "
                                "damaged (moved from another case or volunteer behind bb's "
                                "back?)"),
                              field, table, owner_id);
        goto done;
    }
    if ((*out = sodium_malloc(pl + 1)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    memcpy(*out, plain, pl);
    (*out)[pl] = '\0';
done:
    bb_blob__free_plain(plain, pl);
    free(blob);
    bb_secret__free(dk);
    return rc;
}

int bb_vault__get(bb_ctx *ctx, const char *owner_table, const char *owner_id, const char *field,
                  char **out)
{
    const char *ot = bb_vault__owners_table(owner_table), *c = bb_vault__container_sql(owner_table);
    const char *p[5] = {owner_table, owner_id, field, ctx->org_id, ot ? ot : ""};
    PGresult *res = NULL;
    bb_keychain *kc;
    char sql[1024];
    int rc, r;

    *out = NULL;
    snprintf(sql, sizeof sql, GET_SQL, c, c);
    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK ||
        (rc = bb_db__exec(ctx, &res, sql, 5, p)) != BB_OK)
        goto done;
    if ((r = field_row(res, owner_table, field)) < 0 || *field == '@') {
        rc = bb_vault__absent(ctx, kc, res, owner_table, owner_id, field);
        goto done;
    }
    if ((rc = open_field(ctx, kc, res, r, owner_table, owner_id, field, out)) != BB_OK)
        goto done;
    /* Every view of personal data is logged; what cannot be logged is not shown. */
    if ((rc = bb_audit__view(ctx, PQgetvalue(res, r, 1), owner_table, owner_id, field)) != BB_OK) {
        bb_vault__free(*out);
        *out = NULL;
    }
done:
    PQclear(res);
    return rc;
}

void bb_vault__free(char *s)
{
    if (s != NULL)
        sodium_free(s);
}

int bb_vault__index_value(bb_ctx *ctx, const char *owner_table, const char *index_name,
                          const char *normalized, char out[16])
{
    bb_keychain *kc;
    bb_secret *key = NULL;
    uint32_t v = 0;
    int rc;

    if ((rc = bb_keychain__get(ctx, &kc)) != BB_OK)
        return rc;
    if (kc->bidx_root == NULL ||
        bb_bidx__derive_key(kc->bidx_root, owner_table, index_name, "eq", &key) != BB_OK ||
        bb_bidx__compute(key, normalized, BB_BIDX_BITS, &v) != BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s: cannot compute the index"), index_name);
    snprintf(out, 16, "%u", (unsigned)v);
    bb_secret__free(key);
    return rc;
}

int bb_vault__index(bb_ctx *ctx, const char *data_key_id, const char *owner_table,
                    const char *owner_id, const char *index_name, const char *normalized)
{
    char value[16], bv[16];
    int rc = bb_vault__index_value(ctx, owner_table, index_name, normalized, value);

    char field[80];

    if (rc != BB_OK)
        return rc;
    /* The normalised value is kept, encrypted like any field, so the index can be recomputed
     * under a new blind-index key without knowing how it was derived. */
    snprintf(field, sizeof field, "index:%s", index_name);
    rc = bb_vault__put(ctx, data_key_id, owner_table, owner_id, field, normalized,
                       strlen(normalized));
    if (rc != BB_OK)
        return rc;
    snprintf(bv, sizeof bv, "%d", ctx->keys->bidx_version);
    const char *p[7] = {owner_table, owner_id, index_name, ctx->org_id, data_key_id, bv, value};
    return bb_db__cmd(ctx,
                      "INSERT INTO blind_index (owner_table, owner_id, index_name, org_id,"
                      " data_key_id, bidx_version, value) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                      " ON CONFLICT (owner_table, owner_id, index_name)"
                      " DO UPDATE SET value = $7, bidx_version = $6, data_key_id = $5",
                      7, p);
}

int bb_vault__candidates(bb_ctx *ctx, const char *owner_table, const char *index_name,
                         const char *normalized, PGresult **res)
{
    char value[16];
    int rc = bb_vault__index_value(ctx, owner_table, index_name, normalized, value);
    const char *p[4] = {ctx->org_id, owner_table, index_name, value};

    *res = NULL;
    if (rc != BB_OK)
        return rc;
    return bb_db__exec(ctx, res,
                       "SELECT owner_id FROM blind_index WHERE org_id = $1 AND owner_table = $2"
                       " AND index_name = $3 AND value = $4",
                       4, p);
}

int bb_vault__shred(bb_ctx *ctx, const char *data_key_id)
{
    const char *p[2] = {data_key_id, ctx->org_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT bb_key_data_shred($2, $1)", 2, p);

    if (rc == BB_OK && strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("data key %s does not exist"), data_key_id);
    PQclear(res);
    return rc;
}
