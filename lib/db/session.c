/* The session settings that tell the database who acts and from which program; the audit
 * triggers read them (schema/0008-audit-retention.sql). */
#include "bb/ctx.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"

#include <libpq-fe.h>
#include <stdio.h>

int bb_db__apply_session(bb_ctx *ctx)
{
    const char *p[2] = {ctx->program[0] ? ctx->program : "libbb", ctx->actor};

    if (ctx->conn == NULL || PQstatus(ctx->conn) != CONNECTION_OK)
        return BB_OK; /* applied when the connection is made */
    return bb_db__cmd(
        ctx, "SELECT set_config('bb.program', $1, false), set_config('bb.actor', $2, false)", 2, p);
}

int bb_db__set_actor(bb_ctx *ctx, const char *login)
{
    snprintf(ctx->actor, sizeof ctx->actor, "%s", login ? login : "");
    return bb_db__apply_session(ctx);
}

void bb_set_program(bb_ctx *ctx, const char *program)
{
    snprintf(ctx->program, sizeof ctx->program, "%s", program ? program : "libbb");
    bb_db__apply_session(ctx);
}
