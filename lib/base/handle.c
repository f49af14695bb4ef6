/* The handle's messages and settings; opening and closing it is db/open.c's. */
#include "base/handle.h"
#include "bb/error.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

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
    bb_field_names__apply(buf, sizeof buf, ctx->errfield);
    memcpy(ctx->errmsg, buf, sizeof buf);
    ctx->sqlstate[0] = '\0';
    return status;
}

void bb_ctx__clear(bb_ctx *ctx)
{
    ctx->errmsg[0] = '\0';
    ctx->errfield[0] = '\0';
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

const char *bb_errmsg(const bb_ctx *ctx)
{
    return ctx ? ctx->errmsg : "";
}

const char *bb_errfield(const bb_ctx *ctx)
{
    return ctx ? ctx->errfield : "";
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
