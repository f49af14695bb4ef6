/* bb_key_rebind: personal fields written before their associated data named their owner's case
 * or volunteer (ad_version 1, migration 0021) are re-encrypted under the same data key with
 * the owner bound in (version 2), in batches, each its own transaction: resumable, since what
 * is left is exactly the rows still at version 1. */
#include "keys/keychain.h"
#include "keys/vault.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rebind_job {
    bb_keychain *kc;
    int limit;
    long done; /* in the last batch */
} rebind_job;

static int rebind_batch(bb_ctx *ctx, void *arg)
{
    rebind_job *job = arg;
    char lim[16], key[40] = "";
    const char *p[2] = {ctx->org_id, lim};
    bb_secret *dk = NULL;
    PGresult *res = NULL;
    int rc;

    snprintf(lim, sizeof lim, "%d", job->limit);
    job->done = 0;
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_VAULT_FIELD_COLS ", data_key_id FROM personal_field"
                     " WHERE org_id = $1 AND ad_version = 1 ORDER BY data_key_id LIMIT $2"
                     " FOR UPDATE SKIP LOCKED",
                     2, p);
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        if (strcmp(key, PQgetvalue(res, r, 6)) != 0) { /* ordered: each key loaded once */
            bb_secret__free(dk);
            dk = NULL;
            snprintf(key, sizeof key, "%s", PQgetvalue(res, r, 6));
            rc = bb_vault__load_data_key(ctx, job->kc, key, &dk);
        }
        if (rc == BB_OK)
            rc = bb_vault__reseal(ctx, res, r, dk, dk, NULL);
    }
    if (rc == BB_OK)
        job->done = PQntuples(res);
    bb_secret__free(dk);
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
                          " AND ad_version = 1",
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
