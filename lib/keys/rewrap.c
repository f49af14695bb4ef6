/* bb_key_rotate and bb_key_status: re-wrapping data keys under the newest organisation key. */
#include "keys/keychain.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rewrap_job {
    bb_keychain *kc;
    int target;
    int limit;
    long done; /* keys re-wrapped by the last batch */
} rewrap_job;

static int rewrap_one(bb_ctx *ctx, rewrap_job *job, const PGresult *res, int r)
{
    const char *id = PQgetvalue(res, r, 0), *oldv = PQgetvalue(res, r, 1);
    bb_secret *old = bb_keychain__org_key(job->kc, atoi(oldv));
    bb_secret *now = bb_keychain__org_key(job->kc, job->target), *dk = NULL;
    uint8_t *wrapped = NULL, *fresh = NULL;
    size_t wl = 0, fl = 0;
    char tv[16];
    int rc;

    if (old == NULL)
        return bb_ctx__fail(ctx, BB_EDENIED, _("you do not hold organisation key version %s"),
                            oldv);
    bb_blob_bind from = {(uint32_t)atoi(oldv), "data_key", "wrapped", id};
    bb_blob_bind to = {(uint32_t)job->target, "data_key", "wrapped", id};
    if ((rc = bb_db__bytea(ctx, res, r, 2, &wrapped, &wl)) != BB_OK)
        goto done;
    if (bb_blob__unwrap_key(old, &from, wrapped, wl, BB_KEY_BYTES, &dk) != BB_OK ||
        bb_blob__wrap_key(now, &to, dk, &fresh, &fl) != BB_OK) {
        rc = bb_ctx__fail(ctx, BB_ECRYPTO, _("data key %s cannot be re-wrapped"), id);
        goto done;
    }
    snprintf(tv, sizeof tv, "%d", job->target);
    const char *p[5] = {ctx->org_id, id, oldv, tv, (const char *)fresh};
    int len[5] = {0, 0, 0, 0, (int)fl}, fmt[5] = {0, 0, 0, 0, 1};
    /* Guarded by the old version: a concurrent rotation's work is not overwritten. */
    rc = bb_db__exec_bin(ctx, NULL, "SELECT bb_key_data_rewrap($1, $2, $3::int, $4::int, $5)", 5, p,
                         len, fmt);
done:
    bb_secret__free(dk);
    free(wrapped);
    free(fresh);
    return rc;
}

static int rewrap_batch(bb_ctx *ctx, void *arg)
{
    rewrap_job *job = arg;
    char tv[16], lim[16];
    const char *p[3] = {ctx->org_id, tv, lim};
    PGresult *res = NULL;
    int rc;

    snprintf(tv, sizeof tv, "%d", job->target);
    snprintf(lim, sizeof lim, "%d", job->limit);
    job->done = 0;
    rc = bb_db__exec(ctx, &res,
                     "SELECT id, key_version, wrapped FROM data_key"
                     " WHERE org_id = $1 AND key_version < $2 ORDER BY key_version, id LIMIT $3"
                     " FOR UPDATE SKIP LOCKED",
                     3, p);
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = rewrap_one(ctx, job, res, r);
    if (rc == BB_OK)
        job->done = PQntuples(res);
    PQclear(res);
    return rc;
}

static long count_stale(bb_ctx *ctx, int target)
{
    char tv[16];
    const char *p[2] = {ctx->org_id, tv};
    PGresult *res = NULL;
    long n = -1;

    snprintf(tv, sizeof tv, "%d", target);
    if (bb_db__exec(ctx, &res,
                    "SELECT count(*) FROM data_key WHERE org_id = $1"
                    " AND key_version < $2",
                    2, p) == BB_OK)
        n = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

int bb_key_rotate(bb_ctx *ctx, int new_version, int batch, bb_progress_fn progress, void *data)
{
    rewrap_job job = {NULL, 0, batch > 0 ? batch : 500, 0};
    long total, done = 0;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &job.kc)) != BB_OK)
        return rc;
    if (new_version && (rc = bb_keys__new_org_key(ctx, job.kc, NULL, NULL)) != BB_OK)
        return rc;
    job.target = bb_keychain__current(job.kc);
    if ((total = count_stale(ctx, job.target)) < 0)
        return BB_EDB;
    do {
        rc = bb_db__txn(ctx, "READ COMMITTED", rewrap_batch, &job);
        done += job.done;
        if (rc == BB_OK && progress != NULL && progress(data, done, total) != 0)
            break;
    } while (rc == BB_OK && job.done > 0);
    return rc;
}

int bb_key_status(bb_ctx *ctx, bb_key_version_info **out, int *n)
{
    const char *org;
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    *n = 0;
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK)
        return rc;
    const char *p[1] = {org};
    rc = bb_db__exec(ctx, &res,
                     "SELECT k.version,"
                     " (SELECT count(*) FROM org_key_grant g"
                     "   WHERE g.org_id = k.org_id AND g.key_version = k.version),"
                     " (SELECT count(*) FROM data_key d"
                     "   WHERE d.org_id = k.org_id AND d.key_version = k.version)"
                     " FROM org_key k WHERE k.org_id = $1 ORDER BY k.version",
                     1, p);
    if (rc == BB_OK && (*out = calloc((size_t)PQntuples(res) + 1, sizeof **out)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        (*out)[r].version = atoi(PQgetvalue(res, r, 0));
        (*out)[r].holders = atol(PQgetvalue(res, r, 1));
        (*out)[r].data_keys = atol(PQgetvalue(res, r, 2));
        *n = r + 1;
    }
    PQclear(res);
    return rc;
}

int bb_key_holders(bb_ctx *ctx, int version, char **out)
{
    const char *org;
    char v[16];
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK)
        return rc;
    snprintf(v, sizeof v, "%d", version);
    const char *p[2] = {org, v};
    rc = bb_db__exec(ctx, &res,
                     "SELECT coalesce(string_agg(u.login, ',' ORDER BY u.login), '')"
                     " FROM org_key_grant g JOIN bb_user u ON u.id = g.user_id"
                     " WHERE g.org_id = $1 AND g.key_version = $2",
                     2, p);
    if (rc == BB_OK && (*out = strdup(PQgetvalue(res, 0, 0))) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    PQclear(res);
    return rc;
}
