/* Opening and closing the handle: which database, and the first connection. */
#include "bb/ctx.h"
#include "bb/cluster.h"
#include "bb/error.h"
#include "base/handle.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/tls.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which database to use, in the documented order: explicit option, BB_DATABASE_URL, libpq's
 * own environment (PGSERVICE, PGHOST), else the embedded cluster. */
static int resolve_target(bb_ctx *ctx, const bb_open_options *opts)
{
    const char *url = getenv("BB_DATABASE_URL");
    const char *conninfo = opts->conninfo;

    if (conninfo == NULL && url != NULL && *url != '\0')
        conninfo = url;
    if (conninfo == NULL && (getenv("PGSERVICE") != NULL || getenv("PGHOST") != NULL))
        conninfo = "";
    if (conninfo != NULL) {
        ctx->conninfo = strdup(conninfo);
        if (ctx->conninfo == NULL)
            return BB_ENOMEM;
        ctx->allow_insecure_tls = bb_tls__allowed_insecure(opts->allow_insecure_tls);
        return bb_tls__plan(ctx, ctx->conninfo, ctx->allow_insecure_tls, &ctx->tls_default);
    }
    ctx->data_dir = opts->data_dir ? strdup(opts->data_dir) : bb_cluster_default_dir();
    if (ctx->data_dir == NULL)
        return bb_ctx__fail(ctx, BB_ESETUP, "%s",
                            _("no data directory: set BB_DATA_DIR or HOME, or give a database "
                              "with --db or BB_DATABASE_URL"));
    ctx->conninfo = bb_cluster_conninfo(ctx->data_dir, NULL);
    return ctx->conninfo ? BB_OK : BB_ENOMEM;
}

int bb_open(bb_ctx **out, const bb_open_options *opts)
{
    static const bb_open_options none = {0};
    bb_ctx *ctx = calloc(1, sizeof *ctx);
    int rc;

    *out = ctx;
    if (ctx == NULL)
        return BB_ENOMEM;
    if (opts == NULL)
        opts = &none;
    ctx->max_retries = 5;
    ctx->log = opts->log;
    ctx->log_data = opts->log_data;
    rc = resolve_target(ctx, opts);
    if (rc == BB_OK)
        rc = bb_db__ready(ctx);
    return rc;
}

void bb_close(bb_ctx *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->forget_keys != NULL)
        ctx->forget_keys(ctx);
    if (ctx->conn != NULL)
        PQfinish(ctx->conn);
    free(ctx->conninfo);
    free(ctx->data_dir);
    free(ctx);
}

int bb_ping(bb_ctx *ctx)
{
    bb_ctx__clear(ctx);
    return bb_db__cmd(ctx, "SELECT 1", 0, NULL);
}

const char *bb_server_version(bb_ctx *ctx)
{
    PGresult *res = NULL;

    if (bb_db__exec(ctx, &res, "SHOW server_version", 0, NULL) != BB_OK)
        return NULL;
    snprintf(ctx->server_version, sizeof ctx->server_version, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return ctx->server_version;
}
