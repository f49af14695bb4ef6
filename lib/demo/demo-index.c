/* The tables the demo load fills: their indexes, which rest while it loads into an empty
 * database, and their statistics after it. The work is done by bb_demo_indexes_rest and
 * bb_demo_analyze (schema/functions/demo.sql); the table names go to them as a parameter.
 *
 * When every table the load fills is empty, in every organisation (a new database:
 * scripts/demo, the benchmarks), their indexes other than primary keys and unique constraints
 * are dropped inside the load's transaction and built again at its end (but for the few that
 * the figures' definitions read while it loads): building an index from
 * all its rows at once (a sort, shared with parallel workers) costs a fraction of inserting
 * into it row by row once the indexes outgrow shared_buffers (docs/benchmarks.md). A rollback
 * brings them back unchanged. Any other database keeps its indexes. DROP INDEX holds other
 * sessions off these tables until the commit: in an empty database there is nobody to hold
 * off. Only the superuser's path uses this (demo.c). */
#include "bb/error.h"
#include "db/db.h"
#include "demo/demo.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

/* The tables the load fills, as a regclass[] parameter. */
static const char tables[] = "{data_key,volunteer,volunteer_status_event,bb_case,case_event,"
                             "contact,contact_volunteer,referral,followup,party,personal_field,"
                             "stat_case,stat_participation,stat_pair_day,stat_day,stat_pair_sum}";

/* The indexes that stay: bb_stat_facts finds a batch's events, contact moments and follow-ups
 * through them (bb_demo_stat_cases after each batch). They grow at their right end, as the
 * case ids rise. */
static const char keep[] = "{case_event_by_case,contact_by_case,followup_by_case}";

int demo_indexes_rest(bb_ctx *ctx, demo_indexes *ix)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT bb_demo_indexes_rest($1::regclass[], $2::regclass[])",
                         2, (const char *[]){tables, keep});

    *ix = (demo_indexes){0};
    if (rc == BB_OK && PQntuples(res) > 0 &&
        (ix->defs = calloc((size_t)PQntuples(res), sizeof *ix->defs)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int i = 0; rc == BB_OK && i < PQntuples(res); i++, ix->n++)
        if ((ix->defs[i] = strdup(PQgetvalue(res, i, 0))) == NULL)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    PQclear(res);
    return rc;
}

int demo_indexes_build(bb_ctx *ctx, demo_indexes *ix)
{
    int rc = BB_OK;

    /* The server's own pg_get_indexdef() of each index, as bb_demo_indexes_rest returned it. */
    for (int i = 0; i < ix->n && rc == BB_OK; i++)
        rc = bb_db__cmd(ctx, ix->defs[i], 0, NULL);
    return rc;
}

int demo_analyze(bb_ctx *ctx)
{
    const char *p = tables;

    return bb_db__cmd(ctx, "SELECT bb_demo_analyze($1::regclass[])", 1, &p);
}

void demo_indexes_free(demo_indexes *ix)
{
    for (int i = 0; i < ix->n; i++)
        free(ix->defs[i]);
    free(ix->defs);
    *ix = (demo_indexes){0};
}
