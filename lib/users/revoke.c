/* New organisation key versions: revocation, rotation and re-wrapping of data keys. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct new_key_job {
    bb_keychain *kc;
    const char *revoke; /* login to revoke in the same transaction, or NULL */
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
            rc = bb_usr__grant(ctx, PQgetvalue(res, r, 0), job->version, job->key, pk,
                               job->kc->user_id);
        free(pk);
    }
    PQclear(res);
    return rc;
}

static int revoke_txn(bb_ctx *ctx, void *arg)
{
    const char *p[2] = {arg, ctx->org_id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "UPDATE bb_user SET status = 'revoked', version = version + 1"
                         " WHERE login = $1 AND org_id = $2 AND status <> 'revoked' RETURNING id",
                         2, p);
    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("user: no active or invited user called '%s'"),
                          (const char *)arg);
    if (rc == BB_OK) {
        const char *q[1] = {PQgetvalue(res, 0, 0)};
        rc = bb_db__cmd(ctx, "DELETE FROM org_key_grant WHERE user_id = $1", 1, q);
        if (rc == BB_OK)
            rc = bb_usr__unmap_role(ctx, q[0]);
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
    const char *p[6] = {ctx->org_id, v, (const char *)job->fp, (const char *)commitment,
                        job->kc->user_id, job->revoke ? "true" : "false"};
    int len[6] = {0, 0, 32, 32, 0, 0}, fmt[6] = {0, 0, 1, 1, 0, 0};
    int rc;

    snprintf(v, sizeof v, "%d", job->version);
    if (job->revoke != NULL && (rc = revoke_txn(ctx, (void *)job->revoke)) != BB_OK)
        return rc;
    if (prev == NULL || bb_keychain__commitment(prev, job->fp, commitment) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot commit to the new key"));
    rc = bb_db__exec_bin(ctx, NULL,
                         "INSERT INTO org_key (org_id, version, fingerprint, commitment,"
                         " created_by, revocation) VALUES ($1, $2, $3, $4, $5, $6)",
                         6, p, len, fmt);
    if (rc == BB_EEXISTS)
        return bb_ctx__fail(ctx, BB_ECONFLICT, "%s",
                            _("another administrator made a new key version at the same time"));
    if (rc == BB_OK)
        rc = grant_holders(ctx, job);
    if (rc == BB_OK)
        rc = bb_usr__store_bidx_root(ctx, job->kc->bidx_version, job->version, job->key,
                                     job->kc->bidx_root);
    return rc;
}

int bb_usr__new_org_key(bb_ctx *ctx, bb_keychain *kc, const char *revoke_login)
{
    new_key_job job = {kc, revoke_login, bb_keychain__current(kc) + 1, NULL, {0}};
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

int bb_user_revoke(bb_ctx *ctx, const char *login)
{
    bb_keychain *kc;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &kc)) != BB_OK)
        return rc;
    if (strcmp(login, kc->login) == 0)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("user: you cannot revoke yourself"));
    /* One transaction: their grants go, and from then on new data is written under a key
     * version they never had. */
    return bb_usr__new_org_key(ctx, kc, login);
}
