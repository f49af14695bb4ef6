/* bb_party_reindex_names: the parties' name indexes made with an older normalisation made
 * again, with their word, street and postcode indexes (0019-word-index.sql). A batch per
 * transaction; each party's name index records its normalisation (norm_version), so a run
 * that stops is taken up where it stopped. */
#include "bb/error.h"
#include "bb/party.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/norm-name.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH             "200"
#define NORM_VERSION_TEXT "2"

typedef struct reindex {
    long done, total;
    int rows; /* of the last batch */
} reindex;

/* The index of field (kind) of party id under key, from its stored value; nothing when it is
 * not stored or has no canonical form (it could not be found before either). */
static int index_field(bb_ctx *ctx, const char *key, const char *id, const char *field,
                       enum bb_pd_kind kind)
{
    char *v = NULL;
    int rc = bb_pd__get(ctx, "party", id, field, &v);

    if (rc == BB_OK && v != NULL) {
        rc = bb_pd__index(ctx, key, "party", id, field, kind, v, NULL);
        if (rc == BB_EINVAL) { /* from the normalisation, before anything was written */
            bb_ctx__clear(ctx);
            rc = BB_OK;
        }
    }
    bb_pd__free(v);
    return rc;
}

static int one_party(bb_ctx *ctx, const char *id, const char *key)
{
    char *name = NULL;
    int rc = bb_pd__get(ctx, "party", id, "name", &name);

    if (rc == BB_OK && name != NULL)
        rc = bb_pd__index(ctx, key, "party", id, "name", BB_PD_NAME, name, NULL);
    if (rc == BB_OK && name != NULL)
        rc = bb_pd__index_words(ctx, key, "party", id, name);
    if (rc == BB_OK)
        rc = index_field(ctx, key, id, "street", BB_PD_NAME);
    if (rc == BB_OK)
        rc = index_field(ctx, key, id, "postcode", BB_PD_POSTCODE);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "UPDATE blind_index SET norm_version = " NORM_VERSION_TEXT
                        " WHERE owner_table = 'party' AND owner_id = $1 AND index_name = 'name'",
                        1, (const char *[]){id});
    bb_pd__free(name);
    return rc;
}

static int batch_txn(bb_ctx *ctx, void *arg)
{
    reindex *r = arg;
    PGresult *res = NULL;
    int rc = bb_db__exec(
        ctx, &res,
        "SELECT owner_id, data_key_id FROM blind_index WHERE org_id = $1"
        " AND owner_table = 'party' AND index_name = 'name' AND norm_version < " NORM_VERSION_TEXT
        " ORDER BY owner_id LIMIT " BATCH " FOR UPDATE",
        1, (const char *[]){ctx->org_id});

    r->rows = rc == BB_OK ? PQntuples(res) : 0;
    for (int i = 0; rc == BB_OK && i < r->rows; i++)
        rc = one_party(ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
    PQclear(res);
    return rc;
}

static int count_left(bb_ctx *ctx, long *n)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT count(*) FROM blind_index WHERE org_id = $1 AND owner_table ="
                         " 'party' AND index_name = 'name' AND norm_version < " NORM_VERSION_TEXT,
                         1, (const char *[]){ctx->org_id});

    *n = rc == BB_OK ? atol(PQgetvalue(res, 0, 0)) : 0;
    PQclear(res);
    return rc;
}

int bb_party_reindex_names(bb_ctx *ctx, bb_progress_fn progress, void *data, long *done)
{
    reindex r = {0, 0, 0};
    const char *org;
    int rc, stop = 0;

    bb_ctx__clear(ctx);
    *done = 0;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "reindex");
    if (rc == BB_OK)
        rc = count_left(ctx, &r.total);
    do {
        if (rc == BB_OK)
            rc = bb_db__txn(ctx, "READ COMMITTED", batch_txn, &r);
        if (rc == BB_OK && r.rows > 0) {
            r.done += r.rows;
            *done = r.done;
            if (progress != NULL)
                stop = progress(data, r.done, r.total > r.done ? r.total : r.done);
        }
    } while (rc == BB_OK && r.rows > 0 && !stop);
    return rc;
}
