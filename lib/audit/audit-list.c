/* bb_audit_list: reading the audit log back, a page at a time. */
#include "bb/audit.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bb_audit_list_free(bb_audit_entry *entries, int n)
{
    for (int i = 0; entries != NULL && i < n; i++)
        free(entries[i].detail);
    free(entries);
}

static int fill(bb_ctx *ctx, const PGresult *res, bb_audit_entry **out, int *n)
{
    int rows = PQntuples(res);
    bb_audit_entry *e = calloc((size_t)rows + 1, sizeof *e);

    if (e == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; r < rows; r++) {
        e[r].seq = atoll(PQgetvalue(res, r, 0));
        snprintf(e[r].at, sizeof e[r].at, "%s", PQgetvalue(res, r, 1));
        snprintf(e[r].actor, sizeof e[r].actor, "%s", PQgetvalue(res, r, 2));
        snprintf(e[r].program, sizeof e[r].program, "%s", PQgetvalue(res, r, 3));
        snprintf(e[r].action, sizeof e[r].action, "%s", PQgetvalue(res, r, 4));
        snprintf(e[r].case_number, sizeof e[r].case_number, "%s", PQgetvalue(res, r, 5));
        if ((e[r].detail = strdup(PQgetvalue(res, r, 6))) == NULL) {
            bb_audit_list_free(e, r);
            return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        }
    }
    *out = e;
    *n = rows;
    return BB_OK;
}

int bb_audit_list(bb_ctx *ctx, const bb_audit_filter *f, bb_audit_entry **out, int *n)
{
    static const bb_audit_filter none = {0};
    const char *org;
    char after[24], limit[16];
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    *n = 0;
    f = f ? f : &none;
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK)
        return rc;
    if (f->limit < 0 || f->limit > 1000)
        return bb_ctx__fail(ctx, BB_EINVAL, _("limit: %d is not between 1 and %d"), f->limit, 1000);
    snprintf(after, sizeof after, "%lld", f->after_seq);
    snprintf(limit, sizeof limit, "%d", f->limit ? f->limit : 100);
    const char *p[6] = {org, f->case_number, f->actor, f->since, after, limit};
    rc = bb_db__exec(ctx, &res,
                     "SELECT a.seq, to_char(a.at AT TIME ZONE 'UTC',"
                     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.actor, a.program, a.action,"
                     " coalesce('BB-' || c.year || '-' || lpad(c.seq::text, 4, '0'), ''),"
                     " a.detail::text FROM audit_log a LEFT JOIN bb_case c ON c.id = a.case_id"
                     " WHERE (a.org_id = $1 OR a.org_id IS NULL)"
                     " AND ($2::text IS NULL OR 'BB-' || c.year || '-' || lpad(c.seq::text, 4,"
                     " '0') = $2) AND ($3::text IS NULL OR a.actor = $3)"
                     " AND ($4::date IS NULL OR a.at >= $4::date) AND a.seq > $5::bigint"
                     " ORDER BY a.seq LIMIT $6::int",
                     6, p);
    if (rc == BB_EINVAL)
        bb_ctx__fail(ctx, rc, _("since: '%s' is not a date (expected YYYY-MM-DD)"),
                     f->since ? f->since : "");
    if (rc == BB_OK)
        rc = fill(ctx, res, out, n);
    PQclear(res);
    return rc;
}
