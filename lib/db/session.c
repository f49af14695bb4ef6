/* The session settings that tell the database who acts and from which program: the audit
 * triggers read them (schema/functions/audit.sql), and check who acts against the proof
 * (schema/functions/acts.sql). */
#include "bb/ctx.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>

int bb_db__apply_session(bb_ctx *ctx)
{
    const char *p[3] = {ctx->program[0] ? ctx->program : "libbb", ctx->act_user, ctx->act_proof};

    if (ctx->conn == NULL || PQstatus(ctx->conn) != CONNECTION_OK)
        return BB_OK; /* applied when the connection is made */
    return bb_db__cmd(
        ctx,
        "SELECT set_config('bb.program', $1, false),"
        " set_config('bb.act_user', $2, false), set_config('bb.act_proof', $3, false)",
        3, p);
}

int bb_db__set_acting(bb_ctx *ctx, const char *user_id, const uint8_t *proof, size_t len)
{
    sodium_memzero(ctx->act_proof, sizeof ctx->act_proof);
    ctx->act_user[0] = '\0';
    if (user_id != NULL && proof != NULL && len * 2 < sizeof ctx->act_proof) {
        snprintf(ctx->act_user, sizeof ctx->act_user, "%s", user_id);
        sodium_bin2hex(ctx->act_proof, sizeof ctx->act_proof, proof, len);
    }
    return bb_db__apply_session(ctx);
}

void bb_set_program(bb_ctx *ctx, const char *program)
{
    snprintf(ctx->program, sizeof ctx->program, "%s", program ? program : "libbb");
    bb_db__apply_session(ctx);
}
