#include "bb/audit.h"
#include "bb/error.h"
#include "audit/audit.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bb_audit__append(bb_ctx *ctx, const char *action, const char *case_id, const char *detail)
{
    const char *p[4] = {ctx->org_id[0] ? ctx->org_id : NULL, action, case_id,
                        detail ? detail : "{}"};
    return bb_db__cmd(ctx, "SELECT bb_audit_append($1, $2, $3, $4::jsonb)", 4, p);
}

int bb_audit__login(bb_ctx *ctx, const char *action, const char *login)
{
    const char *p[3] = {ctx->org_id[0] ? ctx->org_id : NULL, action, login};
    return bb_db__cmd(ctx,
                      "SELECT bb_audit_append($1, $2, NULL, jsonb_build_object('login', $3::text))",
                      3, p);
}

int bb_audit__view(bb_ctx *ctx, const char *data_key_id, const char *table, const char *id,
                   const char *field)
{
    const char *p[5] = {ctx->org_id, data_key_id, table, field, id};
    return bb_db__cmd(ctx,
                      "SELECT bb_audit_append($1, 'view', bb_audit_case_of_key($2),"
                      " jsonb_build_object('table', $3::text, 'field', $4::text, 'id', $5::text))",
                      5, p);
}

int bb_audit_record(bb_ctx *ctx, const char *action, const char *case_id, const char *detail_json)
{
    bb_ctx__clear(ctx);
    if (action == NULL || *action == '\0' || strlen(action) > 60)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("action: 1 to 60 characters"));
    return bb_audit__append(ctx, action, case_id, detail_json);
}

int bb_audit_head(bb_ctx *ctx, char out[65], long long *seq)
{
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    out[0] = '\0';
    if (seq != NULL)
        *seq = 0;
    rc = bb_db__exec(ctx, &res,
                     "SELECT head_seq, head FROM bb_audit_summary() WHERE head_seq IS NOT NULL",
                     0, NULL);
    if (rc == BB_OK && PQntuples(res) == 1) {
        snprintf(out, 65, "%s", PQgetvalue(res, 0, 1));
        if (seq != NULL)
            *seq = atoll(PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return rc;
}

/* The first record that breaks the chain: its hash does not cover its content (changed), its
 * previous hash is not its predecessor's (inserted, or one removed before it), or its number
 * skips (removed before it). One pass in the server; nothing but hashes leaves it. */
/* bb_audit_first_break (schema/0009-roles.sql) does it as the owner: the chain is one over
 * every organisation, whose records an administrator may not read. */
#define VERIFY_SQL "SELECT seq, changed, unlinked, gap FROM bb_audit_first_break()"

static int describe(bb_ctx *ctx, const PGresult *res, bb_audit_verdict *out)
{
    out->first_bad = atoll(PQgetvalue(res, 0, 0));
    if (strcmp(PQgetvalue(res, 0, 3), "t") == 0)
        snprintf(out->problem, sizeof out->problem, "%s",
                 _("records before it are missing (removed)"));
    else if (strcmp(PQgetvalue(res, 0, 1), "t") == 0)
        snprintf(out->problem, sizeof out->problem, "%s",
                 _("its content was changed (or it was forged)"));
    else
        snprintf(out->problem, sizeof out->problem, "%s",
                 _("it does not follow the record before it (inserted, or one was removed)"));
    return bb_ctx__fail(ctx, BB_ECONFLICT, _("audit record %lld: %s"), out->first_bad,
                        out->problem);
}

int bb_audit_verify(bb_ctx *ctx, const bb_audit_anchor *anchors, size_t n, bb_audit_verdict *out)
{
    PGresult *res = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    bb_ctx__clear(ctx);
    if ((rc = bb_db__exec(ctx, &res, "SELECT records FROM bb_audit_summary()", 0, NULL)) != BB_OK)
        goto done;
    out->records = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    res = NULL;
    if ((rc = bb_db__exec(ctx, &res, VERIFY_SQL, 0, NULL)) != BB_OK)
        goto done;
    if (PQntuples(res) == 1) {
        rc = describe(ctx, res, out);
        goto done;
    }
    if ((rc = bb_audit_head(ctx, out->head, &out->head_seq)) != BB_OK)
        goto done;
    rc = bb_audit__check_anchors(ctx, anchors, n, out);
done:
    PQclear(res);
    return rc;
}
