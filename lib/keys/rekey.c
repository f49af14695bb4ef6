/* Fresh key material for data keys a revoked user may have copied, and a new blind-index key
 * with every index recomputed. */
#include "keys/keychain.h"
#include "keys/vault.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/bidx.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_stale(bb_ctx *ctx, const char *id, int *stale)
{
    const char *p[2] = {ctx->org_id, id};
    PGresult *res = NULL;
    /* Locks the key until the transaction ends: one re-keying at a time. */
    int rc = bb_db__exec(ctx, &res, "SELECT bb_key_data_stale($1, $2)", 2, p);

    *stale = rc == BB_OK && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

int bb_vault__rebox(bb_ctx *ctx, const PGresult *res, int r, bb_secret *old, bb_secret *fresh,
                    int to, uint8_t **sealed, size_t *sl)
{
    const char *table = PQgetvalue(res, r, 0), *id = PQgetvalue(res, r, 1);
    const char *field = PQgetvalue(res, r, 2), *owner = PQgetvalue(res, r, 5);
    char was_row[BB_VAULT_ROW], row[BB_VAULT_ROW];
    bb_blob_bind was, bind;
    uint8_t *blob = NULL, *plain = NULL;
    size_t bl = 0, pl = 0;
    int rc = bb_db__bytea(ctx, res, r, 3, &blob, &bl);

    bb_vault__field_bind(&was, was_row, atoi(PQgetvalue(res, r, 4)), table, field, id, owner);
    bb_vault__field_bind(&bind, row, to, table, field, id, owner);
    if (rc == BB_OK && (bb_blob__open(old, &was, blob, bl, &plain, &pl) != BB_OK ||
                        bb_blob__seal(fresh, &bind, plain, pl, sealed, sl) != BB_OK))
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("%s of %s %s: cannot re-encrypt the value"), field,
                          table, id);
    bb_blob__free_plain(plain, pl);
    free(blob);
    return rc;
}

/* Version 3 stays 3 (its lists are fields too and go along); the older become 2. */
int bb_vault__reseal(bb_ctx *ctx, const PGresult *res, int r, bb_secret *old, bb_secret *fresh,
                     const char *to_key)
{
    int to = atoi(PQgetvalue(res, r, 4)) == BB_VAULT_AD ? BB_VAULT_AD : 2;
    uint8_t *sealed = NULL;
    size_t sl = 0;
    char to_text[4];
    int rc = bb_vault__rebox(ctx, res, r, old, fresh, to, &sealed, &sl);

    snprintf(to_text, sizeof to_text, "%d", to);
    if (rc == BB_OK) {
        const char *p[6] = {PQgetvalue(res, r, 0),
                            PQgetvalue(res, r, 1),
                            PQgetvalue(res, r, 2),
                            (const char *)sealed,
                            to_key,
                            to_text};
        int len[6] = {0, 0, 0, (int)sl, 0, 0}, fmt[6] = {0, 0, 0, 1, 0, 0};
        rc = bb_db__exec_bin(ctx, NULL,
                             "UPDATE personal_field SET blob = $4, ad_version = $6::smallint,"
                             " data_key_id = coalesce($5::uuid, data_key_id)"
                             " WHERE owner_table = $1 AND owner_id = $2 AND field = $3",
                             6, p, len, fmt);
    }
    free(sealed);
    return rc;
}

typedef struct rekey_job {
    bb_keychain *kc;
    const char *id;
} rekey_job;

static int store_wrapped(bb_ctx *ctx, bb_keychain *kc, const char *id, bb_secret *fresh)
{
    int version = bb_keychain__current(kc);
    bb_blob_bind bind = {(uint32_t)version, "data_key", "wrapped", id};
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    char kv[16];
    int rc;

    if (bb_blob__wrap_key(bb_keychain__org_key(kc, version), &bind, fresh, &wrapped, &wl) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
    snprintf(kv, sizeof kv, "%d", version);
    const char *p[4] = {ctx->org_id, id, kv, (const char *)wrapped};
    int len[4] = {0, 0, 0, (int)wl}, fmt[4] = {0, 0, 0, 1};
    rc =
        bb_db__exec_bin(ctx, NULL, "SELECT bb_key_data_rekey($1, $2, $3::int, $4)", 4, p, len, fmt);
    free(wrapped);
    return rc;
}

static int rekey_txn(bb_ctx *ctx, void *arg)
{
    rekey_job *job = arg;
    const char *p[1] = {job->id};
    bb_secret *old = NULL, *fresh = NULL;
    PGresult *res = NULL;
    int stale = 0, rc = is_stale(ctx, job->id, &stale);

    if (rc != BB_OK || !stale)
        return rc;
    bb_ctx__log(ctx, BB_LOG_INFO, "re-keying data key %s after a revocation", job->id);
    if ((rc = bb_vault__load_data_key(ctx, job->kc, job->id, &old)) != BB_OK ||
        (rc = bb_secret__random(BB_KEY_BYTES, &fresh)) != BB_OK ||
        (rc = bb_db__exec(ctx, &res,
                          "SELECT " BB_VAULT_FIELD_COLS " FROM personal_field"
                          " WHERE data_key_id = $1 FOR UPDATE",
                          1, p)) != BB_OK)
        goto done;
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = bb_vault__reseal(ctx, res, r, old, fresh, NULL);
    if (rc == BB_OK)
        rc = store_wrapped(ctx, job->kc, job->id, fresh);
done:
    PQclear(res);
    bb_secret__free(old);
    bb_secret__free(fresh);
    return rc;
}

int bb_vault__rekey_if_revoked(bb_ctx *ctx, bb_keychain *kc, const char *data_key_id)
{
    rekey_job job = {kc, data_key_id};

    /* Half a re-keying would lose data: never run it statement by statement. */
    if (PQtransactionStatus(ctx->conn) == PQTRANS_INTRANS)
        return rekey_txn(ctx, &job);
    return bb_db__txn(ctx, "READ COMMITTED", rekey_txn, &job);
}
