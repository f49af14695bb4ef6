/* bb_key_rotate_index: a new blind-index root key, every index recomputed under it. */
#include "keys/keychain.h"
#include "keys/vault.h"
#include "keys/words.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REINDEX_BATCH "1000"

typedef struct reindex_job {
    bb_keychain *kc;
    bb_secret *root; /* the new root key */
    int version;
    bb_progress_fn progress;
    void *data;
    long total;
} reindex_job;

static int recompute_row(bb_ctx *ctx, reindex_job *job, const PGresult *res, int r)
{
    const char *table = PQgetvalue(res, r, 0), *owner = PQgetvalue(res, r, 1);
    const char *index = PQgetvalue(res, r, 2);
    char field[80], value[16], bv[16], *normalized = NULL;
    int rc;

    snprintf(field, sizeof field, "index:%s", index);
    snprintf(bv, sizeof bv, "%d", job->version);
    if ((rc = bb_vault__get(ctx, table, owner, field, &normalized)) != BB_OK ||
        (rc = bb_vault__index_value(ctx, table, index, normalized, value)) != BB_OK)
        goto done;
    const char *p[5] = {table, owner, index, value, bv};
    rc = bb_db__cmd(ctx,
                    "UPDATE blind_index SET value = $4, bidx_version = $5 WHERE owner_table = $1"
                    " AND owner_id = $2 AND index_name = $3",
                    5, p);
    if (rc == BB_OK && strcmp(index, "name") == 0) /* the words of a name (0019) */
        rc = bb_vault__rehash_words(ctx, table, owner, normalized);
done:
    bb_vault__free(normalized);
    return rc;
}

/* Walks the organisation's indexes in key order, a batch per query, inside the one
 * transaction: readers see the old indexes until the new ones are complete. */
static int recompute_all(bb_ctx *ctx, reindex_job *job)
{
    char after_t[64] = "", after_o[37] = "00000000-0000-0000-0000-000000000000", after_i[64] = "";
    long done = 0;
    int rc = BB_OK, rows;

    do {
        const char *p[4] = {ctx->org_id, after_t, after_o, after_i};
        PGresult *res = NULL;
        rc = bb_db__exec(ctx, &res,
                         "SELECT owner_table, owner_id, index_name FROM blind_index"
                         " WHERE org_id = $1 AND (owner_table, owner_id, index_name) >"
                         " ($2, $3::uuid, $4) ORDER BY 1, 2, 3 LIMIT " REINDEX_BATCH,
                         4, p);
        rows = rc == BB_OK ? PQntuples(res) : 0;
        for (int r = 0; rc == BB_OK && r < rows; r++)
            rc = recompute_row(ctx, job, res, r);
        if (rc == BB_OK && rows > 0) {
            snprintf(after_t, sizeof after_t, "%s", PQgetvalue(res, rows - 1, 0));
            snprintf(after_o, sizeof after_o, "%s", PQgetvalue(res, rows - 1, 1));
            snprintf(after_i, sizeof after_i, "%s", PQgetvalue(res, rows - 1, 2));
            done += rows;
            if (job->progress != NULL)
                job->progress(job->data, done, job->total);
        }
        PQclear(res);
    } while (rc == BB_OK && rows > 0);
    return rc;
}

static int reindex_txn(bb_ctx *ctx, void *arg)
{
    reindex_job *job = arg;
    int current = bb_keychain__current(job->kc);
    char v[16];
    const char *p[2] = {ctx->org_id, v};
    PGresult *res = NULL;
    int rc;

    snprintf(v, sizeof v, "%d", job->version);
    if ((rc = bb_db__exec(ctx, &res, "SELECT count(*) FROM blind_index WHERE org_id = $1", 1, p)) !=
        BB_OK)
        return rc;
    job->total = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    if ((rc = bb_keys__store_bidx_root(ctx, job->version, current,
                                       bb_keychain__org_key(job->kc, current), job->root)) !=
            BB_OK ||
        (rc = bb_db__cmd(ctx, "SELECT bb_key_bidx_prune($1, $2::int)", 2, p)) != BB_OK)
        return rc;
    return recompute_all(ctx, job);
}

int bb_key_rotate_index(bb_ctx *ctx, bb_progress_fn progress, void *data)
{
    reindex_job job = {NULL, NULL, 0, progress, data, 0};
    bb_secret *old;
    int old_version, rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_keychain__admin(ctx, &job.kc)) != BB_OK ||
        (rc = bb_secret__random(BB_KEY_BYTES, &job.root)) != BB_OK)
        return rc;
    job.version = job.kc->bidx_version + 1;
    /* Index values are computed with the handle's root key: the new one, while this runs. */
    old = job.kc->bidx_root;
    old_version = job.kc->bidx_version;
    job.kc->bidx_root = job.root;
    job.kc->bidx_version = job.version;
    rc = bb_db__txn(ctx, "READ COMMITTED", reindex_txn, &job);
    if (rc == BB_OK) {
        bb_secret__free(old);
    } else {
        job.kc->bidx_root = old;
        job.kc->bidx_version = old_version;
        bb_secret__free(job.root);
    }
    return rc;
}
