#include "bb/ctx.h"
#include "bb/cluster.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_ctx__fail(bb_ctx *ctx, int status, const char *fmt, ...)
{
    char buf[BB_ERRMSG_SIZE];
    va_list ap;

    if (ctx == NULL)
        return status;
    /* Format aside first: an argument may point into the handle's own buffers. */
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    memcpy(ctx->errmsg, buf, sizeof buf);
    ctx->sqlstate[0] = '\0';
    return status;
}

void bb_ctx__clear(bb_ctx *ctx)
{
    ctx->errmsg[0] = '\0';
    ctx->sqlstate[0] = '\0';
}

int bb_ctx__org(bb_ctx *ctx, const char **org_id)
{
    *org_id = ctx->org_id;
    if (ctx->org_id[0] != '\0')
        return BB_OK;
    return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("no organisation chosen (bb_org_use)"));
}

void bb_ctx__log(bb_ctx *ctx, enum bb_log_level level, const char *fmt, ...)
{
    char buf[BB_ERRMSG_SIZE];
    va_list ap;

    if (ctx == NULL || ctx->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_data, level, buf);
}

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
    bb_lock(ctx);
    if (ctx->conn != NULL)
        PQfinish(ctx->conn);
    free(ctx->conninfo);
    free(ctx->data_dir);
    free(ctx);
}

const char *bb_errmsg(const bb_ctx *ctx)
{
    return ctx ? ctx->errmsg : "";
}

const char *bb_sqlstate(const bb_ctx *ctx)
{
    return ctx ? ctx->sqlstate : "";
}

int bb_is_embedded(const bb_ctx *ctx)
{
    return ctx != NULL && ctx->data_dir != NULL;
}

const char *bb_data_dir(const bb_ctx *ctx)
{
    return ctx ? ctx->data_dir : NULL;
}

void bb_set_max_retries(bb_ctx *ctx, int retries)
{
    ctx->max_retries = retries < 0 ? 0 : retries;
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
