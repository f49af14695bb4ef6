/* bb_retention_run: crypto-shredding of what has been kept long enough. */
#include "bb/retention.h"
#include "bb/error.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETENTION_BATCH "500"

/* Rows whose data key goes: closed cases and stopped volunteers from before the cutoff. */
#define DUE_SQL                                                                                    \
    "SELECT data_key_id FROM bb_case WHERE org_id = $1 AND status = 'afgesloten'"                  \
    " AND closed_on < $2::date AND data_key_id IS NOT NULL"                                        \
    " UNION ALL SELECT data_key_id FROM volunteer WHERE org_id = $1 AND status = 'gestopt'"         \
    " AND status_since < $2::date AND data_key_id IS NOT NULL"

typedef struct retention_job {
    const char *org;
    const char *cutoff;
    long done;
} retention_job;

static int months_setting(bb_ctx *ctx, const char *org, int *months)
{
    const char *p[1] = {org};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT value FROM setting WHERE org_id = $1 AND key = 'retention.months'",
                         1, p);

    *months = 24;
    if (rc == BB_OK && PQntuples(res) == 1)
        *months = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

static int count_due(bb_ctx *ctx, retention_job *job, bb_retention_report *out)
{
    const char *p[2] = {job->org, job->cutoff};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT (SELECT count(*) FROM bb_case WHERE org_id = $1"
                         " AND status = 'afgesloten' AND closed_on < $2::date"
                         " AND data_key_id IS NOT NULL),"
                         " (SELECT count(*) FROM volunteer WHERE org_id = $1"
                         " AND status = 'gestopt' AND status_since < $2::date"
                         " AND data_key_id IS NOT NULL)",
                         2, p);

    if (rc == BB_OK) {
        out->cases = atol(PQgetvalue(res, 0, 0));
        out->volunteers = atol(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return rc;
}

/* One batch: deleting a data key cascades to its fields and indexes and clears the row's
 * reference (ON DELETE SET NULL), in one statement. */
static int shred_batch(bb_ctx *ctx, void *arg)
{
    retention_job *job = arg;
    const char *p[2] = {job->org, job->cutoff};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "DELETE FROM data_key WHERE id IN (" DUE_SQL " LIMIT " RETENTION_BATCH
                         ") RETURNING id",
                         2, p);

    job->done = rc == BB_OK ? PQntuples(res) : 0;
    PQclear(res);
    return rc;
}

static int cutoff_date(bb_ctx *ctx, const char *today, int months, char out[11])
{
    char m[16];
    const char *p[2] = {today, m};
    PGresult *res = NULL;
    int rc;

    snprintf(m, sizeof m, "%d", months);
    rc = bb_db__exec(ctx, &res,
                     "SELECT to_char(coalesce($1::date, current_date)"
                     " - make_interval(months => $2::int), 'YYYY-MM-DD')",
                     2, p);
    if (rc == BB_EINVAL)
        return bb_ctx__fail(ctx, rc, _("today: '%s' is not a date (expected YYYY-MM-DD)"),
                            today ? today : "");
    if (rc == BB_OK)
        snprintf(out, 11, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int bb_retention_run(bb_ctx *ctx, const char *today, int dry_run, bb_retention_report *out)
{
    retention_job job = {NULL, out->cutoff, 0};
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if ((rc = bb_ctx__org(ctx, &job.org)) != BB_OK ||
        (rc = months_setting(ctx, job.org, &out->months)) != BB_OK ||
        (rc = cutoff_date(ctx, today, out->months, out->cutoff)) != BB_OK ||
        (rc = count_due(ctx, &job, out)) != BB_OK || dry_run)
        return rc;
    do
        rc = bb_db__txn(ctx, "READ COMMITTED", shred_batch, &job);
    while (rc == BB_OK && job.done > 0);
    return rc;
}
