/* Revoking a user: their grants go, and a new organisation key version they never had. */
#include "users/users.h"
#include "bb/error.h"
#include "bb/users.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        const char *q[2] = {ctx->org_id, PQgetvalue(res, 0, 0)};
        rc = bb_db__cmd(ctx, "SELECT bb_key_grant_drop($1, $2)", 2, q);
        if (rc == BB_OK)
            rc = bb_usr__unmap_role(ctx, q[1]);
    }
    PQclear(res);
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
    return bb_keys__new_org_key(ctx, kc, revoke_txn, (void *)login);
}
