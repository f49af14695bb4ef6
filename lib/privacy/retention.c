/* bb_retention_run: crypto-shredding of what has been kept long enough. What is due, the
 * cut-off and the refusal of a day ahead of the database's clock are defined once, in the
 * database (schema/functions/retention.sql); this drives the batches and adds up the report. */
#include "bb/retention.h"
#include "bb/error.h"
#include "bb/keys.h"
#include "base/handle.h"
#include "db/db.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETENTION_BATCH "500"

typedef struct retention_job {
    const char *org;
    const char *today;
    bb_retention_report *out;
    long done;
} retention_job;

/* Adds rows of (year, cases, volunteers), oldest first, to the report. */
static int add_years(bb_ctx *ctx, const PGresult *res, bb_retention_report *out)
{
    for (int i = 0; i < PQntuples(res); i++) {
        int year = atoi(PQgetvalue(res, i, 0)), j = 0;
        long c = atol(PQgetvalue(res, i, 1)), v = atol(PQgetvalue(res, i, 2));

        while (j < out->n_years && out->years[j].year < year)
            j++;
        if (j == out->n_years || out->years[j].year != year) {
            bb_retention_year *y = realloc(out->years, (out->n_years + 1) * sizeof *y);

            if (y == NULL)
                return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
            out->years = y;
            memmove(y + j + 1, y + j, (out->n_years - j) * sizeof *y);
            y[j] = (bb_retention_year){year, 0, 0};
            out->n_years++;
        }
        out->years[j].cases += c;
        out->years[j].volunteers += v;
        out->cases += c;
        out->volunteers += v;
    }
    return BB_OK;
}

/* The period and cut-off; the database refuses a day after its own today unless dry_run. */
static int plan(bb_ctx *ctx, retention_job *job, int dry_run)
{
    const char *p[3] = {job->org, job->today, dry_run ? "t" : "f"};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT p.months, to_char(p.cutoff, 'YYYY-MM-DD'),"
                         " to_char(coalesce($2::date, bb_retention_today()), 'YYYY-MM-DD')"
                         " FROM bb_retention_plan($1, $2::date, $3::boolean) p",
                         3, p);

    if (rc == BB_OK) {
        job->out->months = atoi(PQgetvalue(res, 0, 0));
        snprintf(job->out->cutoff, sizeof job->out->cutoff, "%s", PQgetvalue(res, 0, 1));
        snprintf(job->out->today, sizeof job->out->today, "%s", PQgetvalue(res, 0, 2));
    }
    PQclear(res);
    return rc;
}

static int refuse_today(bb_ctx *ctx, const char *today)
{
    PGresult *res = NULL;
    int ahead = strcmp(ctx->sqlstate, "22023") == 0;
    int rc = ahead ? bb_db__exec(ctx, &res, "SELECT bb_retention_today()::text", 0, NULL) : BB_OK;

    if (ahead && rc == BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("today: '%s' is after the database's today (%s); only a dry run may "
                            "count from a later day"),
                          today, PQgetvalue(res, 0, 0));
    else if (rc == BB_OK)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("today: '%s' is not a date (expected YYYY-MM-DD)"),
                          today);
    PQclear(res);
    return rc;
}

static int count_due(bb_ctx *ctx, retention_job *job)
{
    const char *p[2] = {job->org, job->today};
    PGresult *res = NULL;
    int rc = bb_db__exec(
        ctx, &res, "SELECT year, cases, volunteers FROM bb_retention_count($1, $2::date)", 2, p);

    if (rc == BB_OK)
        rc = add_years(ctx, res, job->out);
    PQclear(res);
    return rc;
}

/* One batch, one transaction: deleting a data key cascades to its fields and indexes and
 * clears the row's reference (ON DELETE SET NULL). Retention is the database's administrators'
 * own act (the daily timer, as their account): with no user unlocked it says so, and the audit
 * log names their database role (schema/functions/acts.sql). */
static int shred_batch(bb_ctx *ctx, void *arg)
{
    retention_job *job = arg;
    const char *p[2] = {job->org, job->today};
    PGresult *res = NULL;
    int rc = bb_is_unlocked(ctx)
                 ? BB_OK
                 : bb_db__cmd(ctx, "SELECT set_config('bb.act_as_owner', 'on', true)", 0, NULL);

    if (rc == BB_OK)
        rc = bb_db__exec(
            ctx, &res,
            "SELECT year, cases, volunteers FROM bb_retention_shred($1, $2::date, " RETENTION_BATCH
            ")",
            2, p);

    job->done = rc == BB_OK ? PQntuples(res) : 0;
    if (rc == BB_OK)
        rc = add_years(ctx, res, job->out);
    PQclear(res);
    return rc;
}

int bb_retention_run(bb_ctx *ctx, const char *today, int dry_run, bb_retention_report *out)
{
    retention_job job = {NULL, today, out, 0};
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if ((rc = bb_ctx__org(ctx, &job.org)) != BB_OK)
        return rc;
    if ((rc = plan(ctx, &job, dry_run)) != BB_OK)
        return rc == BB_EINVAL && today != NULL ? refuse_today(ctx, today) : rc;
    if (dry_run)
        return count_due(ctx, &job);
    do
        rc = bb_db__txn(ctx, "READ COMMITTED", shred_batch, &job);
    while (rc == BB_OK && job.done > 0);
    return rc;
}

void bb_retention_report_free(bb_retention_report *r)
{
    if (r == NULL)
        return;
    free(r->years);
    r->years = NULL;
    r->n_years = 0;
}
