/* Finding a case by its number for a write elsewhere (referrals, follow-up). */
#include "cases/case-row.h"
#include "bb/error.h"
#include "db/db.h"
#include "fields/fields.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>

int bb_case__lookup(bb_ctx *ctx, const char *org, const char *number, bool lock, bb_case_ref *out)
{
    char year[16], seq[16];
    PGresult *res = NULL;
    int y, s, rc = bb_fields__case_number(ctx, "case", number, &y, &s);

    if (rc != BB_OK)
        return rc;
    snprintf(year, sizeof year, "%d", y);
    snprintf(seq, sizeof seq, "%d", s);
    rc = bb_db__exec(ctx, &res,
                     lock ? "SELECT id, status, to_char(reported_on, 'YYYY-MM-DD'), version"
                            " FROM bb_case WHERE org_id = $1 AND year = $2 AND seq = $3 FOR UPDATE"
                          : "SELECT id, status, to_char(reported_on, 'YYYY-MM-DD'), version"
                            " FROM bb_case WHERE org_id = $1 AND year = $2 AND seq = $3",
                     3, (const char *[]){org, year, seq});
    if (rc == BB_OK && PQntuples(res) == 0) {
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: no case %s"), number);
    } else if (rc == BB_OK) {
        bb_fields__copy(out->id, sizeof out->id, PQgetvalue(res, 0, 0));
        bb_fields__format_case_number(out->number, y, s);
        bb_fields__copy(out->status, sizeof out->status, PQgetvalue(res, 0, 1));
        bb_fields__copy(out->reported_on, sizeof out->reported_on, PQgetvalue(res, 0, 2));
        out->version = atoll(PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    return rc;
}
