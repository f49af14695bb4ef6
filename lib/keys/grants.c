/* Organisation keys handed to people: grants, the blind-index root under each key version,
 * and new key versions. */
#include "keys/keychain.h"
#include "keys/recovery.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_keys__grant(bb_ctx *ctx, const char *user_id, int version, bb_secret *key, const uint8_t *pk,
                   const char *granted_by)
{
    uint8_t sealed[BB_SEALED_KEY_BYTES];
    char v[16];
    const char *p[5] = {ctx->org_id, v, user_id, (const char *)sealed, granted_by};
    int len[5] = {0, 0, 0, BB_SEALED_KEY_BYTES, 0}, fmt[5] = {0, 0, 0, 1, 0};

    snprintf(v, sizeof v, "%d", version);
    if (bb_keys__seal(pk, key, sealed) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot seal the organisation key"));
    return bb_db__exec_bin(ctx, NULL, "SELECT bb_key_grant_put($1, $2::int, $3, $4, $5)", 5, p, len,
                           fmt);
}

int bb_keys__store_bidx_root(bb_ctx *ctx, int bidx_version, int key_version, bb_secret *kek,
                             bb_secret *root)
{
    char row[64], bv[16], kv[16];
    uint8_t *wrapped = NULL;
    size_t wl = 0;
    int rc;

    snprintf(row, sizeof row, "%s/%d", ctx->org_id, bidx_version);
    snprintf(bv, sizeof bv, "%d", bidx_version);
    snprintf(kv, sizeof kv, "%d", key_version);
    bb_blob_bind bind = {(uint32_t)key_version, "org_secret", "bidx_root", row};
    if (bb_blob__wrap_key(kek, &bind, root, &wrapped, &wl) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot wrap the blind-index key"));
    const char *p[4] = {ctx->org_id, bv, kv, (const char *)wrapped};
    int len[4] = {0, 0, 0, (int)wl}, fmt[4] = {0, 0, 0, 1};
    rc = bb_db__exec_bin(ctx, NULL, "SELECT bb_key_bidx_put($1, $2::int, $3::int, $4)", 4, p, len,
                         fmt);
    free(wrapped);
    return rc;
}

typedef struct new_key_job {
    bb_keychain *kc;
    bb_txn_fn first; /* runs first in the same transaction, or NULL */
    void *first_arg;
    int version;
    bb_secret *key;
    uint8_t fp[32];
} new_key_job;

static int grant_holders(bb_ctx *ctx, new_key_job *job)
{
    char cur[16];
    const char *p[2] = {ctx->org_id, cur};
    PGresult *res = NULL;
    int rc;

    snprintf(cur, sizeof cur, "%d", job->version - 1);
    rc = bb_db__exec(ctx, &res,
                     "SELECT u.id, u.public_key FROM org_key_grant g JOIN bb_user u"
                     " ON u.id = g.user_id WHERE g.org_id = $1 AND g.key_version = $2"
                     " AND u.status = 'active'",
                     2, p);
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        uint8_t *pk = NULL;
        size_t pl = 0;
        if ((rc = bb_db__bytea(ctx, res, r, 1, &pk, &pl)) == BB_OK && pl == 32)
            rc = bb_keys__grant(ctx, PQgetvalue(res, r, 0), job->version, job->key, pk,
                                job->kc->user_id);
        free(pk);
    }
    PQclear(res);
    return rc;
}

static int new_key_txn(bb_ctx *ctx, void *arg)
{
    new_key_job *job = arg;
    bb_secret *prev = bb_keychain__org_key(job->kc, job->version - 1);
    uint8_t commitment[32];
    char v[16];
    const char *p[6] = {ctx->org_id,           v,
                        (const char *)job->fp, (const char *)commitment,
                        job->kc->user_id,      job->first ? "true" : "false"};
    int len[6] = {0, 0, 32, 32, 0, 0}, fmt[6] = {0, 0, 1, 1, 0, 0};
    int rc;

    snprintf(v, sizeof v, "%d", job->version);
    if (job->first != NULL && (rc = job->first(ctx, job->first_arg)) != BB_OK)
        return rc;
    if (prev == NULL || bb_keychain__commitment(prev, job->fp, commitment) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot commit to the new key"));
    rc = bb_db__exec_bin(ctx, NULL, "SELECT bb_key_org_add($1, $2::int, $3, $4, $5, $6::boolean)",
                         6, p, len, fmt);
    if (rc == BB_EEXISTS)
        return bb_ctx__fail(ctx, BB_ECONFLICT, "%s",
                            _("another administrator made a new key version at the same time"));
    if (rc == BB_OK)
        rc = grant_holders(ctx, job);
    if (rc == BB_OK)
        rc = bb_recovery__seal_current(ctx, job->version, job->key);
    if (rc == BB_OK)
        rc = bb_keys__store_bidx_root(ctx, job->kc->bidx_version, job->version, job->key,
                                      job->kc->bidx_root);
    return rc;
}

int bb_keys__new_org_key(bb_ctx *ctx, bb_keychain *kc, bb_txn_fn first, void *first_arg)
{
    new_key_job job = {kc, first, first_arg, bb_keychain__current(kc) + 1, NULL, {0}};
    int rc;

    if (kc->count >= BB_KEYCHAIN_MAX_VERSIONS)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("too many key versions held"));
    if ((rc = bb_secret__random(BB_KEY_BYTES, &job.key)) != BB_OK ||
        (rc = bb_keys__fingerprint(job.key, job.fp)) != BB_OK)
        goto done;
    rc = bb_db__txn(ctx, "READ COMMITTED", new_key_txn, &job);
    if (rc == BB_OK && (rc = bb_pins__store(ctx->org_id, job.version, job.fp)) == BB_OK) {
        kc->versions[kc->count] = job.version;
        kc->org[kc->count++] = job.key;
        job.key = NULL;
    }
done:
    bb_secret__free(job.key);
    return rc;
}
