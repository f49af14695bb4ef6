#include "bb/org.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

/* Through bb_org_visible (schema/0009-roles.sql): a person's login role sees only its own
 * organisation, and a reporter may not read the table at all. */
int bb_org_use(bb_ctx *ctx, const char *name)
{
    const char *params[1] = {name};
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    if (name != NULL)
        rc = bb_db__exec(ctx, &res, "SELECT id FROM bb_org_visible($1)", 1, params);
    else
        rc = bb_db__exec(ctx, &res, "SELECT id FROM bb_org_visible(NULL) LIMIT 2", 0, NULL);
    if (rc != BB_OK)
        goto done;
    if (PQntuples(res) == 0 && name != NULL)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("no organisation called '%s'"), name);
    else if (PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, "%s",
                          _("there is no organisation yet: run 'bbctl init --org NAME --admin "
                            "LOGIN'"));
    else if (PQntuples(res) > 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s",
                          _("several organisations share this database: choose one with --org"));
    else
        snprintf(ctx->org_id, sizeof ctx->org_id, "%s", PQgetvalue(res, 0, 0));
done:
    PQclear(res);
    return rc;
}

const char *bb_org_id(const bb_ctx *ctx)
{
    return ctx != NULL && ctx->org_id[0] != '\0' ? ctx->org_id : NULL;
}
