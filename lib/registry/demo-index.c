/* The tables the demo load fills: their indexes, which rest while it loads into an empty
 * database, and their statistics after it.
 *
 * Indexes that rest while the demo loads into an empty database. When every table the load
 * fills is empty, in every organisation (a new database: scripts/demo, the benchmarks), their
 * indexes other than primary keys and unique constraints are dropped inside the load's
 * transaction and built again at its end: building an index from all its rows at once (a
 * sort, shared with parallel workers) costs a fraction of inserting into it row by row, which
 * was most of the server's time in the load. A rollback brings them back unchanged. Any
 * other database keeps its indexes. DROP INDEX holds other sessions off these tables until the
 * commit: in an empty database there is nobody to hold off. Only the superuser's path uses
 * this (demo.c): it owns nothing, but may drop and make any index. */
#include "bb/error.h"
#include "db.h"
#include "demo-int.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables the load fills; fixed names, never data. */
static const char *const tables[] = {
    "data_key", "volunteer", "volunteer_status_event", "bb_case", "case_event", "contact",
    "contact_volunteer", "referral", "followup", "party", "stat_case", "stat_participation",
    "stat_pair_day", "stat_day", "stat_pair_sum",
};
#define N_TABLES (sizeof tables / sizeof tables[0])

/* True when no table of the list has a row (of any organisation). */
static int all_empty(bb_ctx *ctx, bool *empty)
{
    char sql[2048] = "SELECT true";
    size_t o = strlen(sql);
    PGresult *res = NULL;
    int rc;

    for (size_t i = 0; i < N_TABLES; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, " AND NOT EXISTS (SELECT FROM %s)",
                              tables[i]);
    rc = bb_db__exec(ctx, &res, sql, 0, NULL);
    *empty = rc == BB_OK && *PQgetvalue(res, 0, 0) == 't';
    PQclear(res);
    return rc;
}

int demo_indexes_rest(bb_ctx *ctx, demo_indexes *ix)
{
    static const char query[] =
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid IN (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)"
        "   AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion"
        "   AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        " ORDER BY 1";
    char list[1024] = "{";
    size_t o = 1;
    PGresult *res = NULL;
    bool empty = false;
    int rc = all_empty(ctx, &empty);

    *ix = (demo_indexes){0};
    if (rc != BB_OK || !empty)
        return rc;
    for (size_t i = 0; i < N_TABLES; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? "," : "", tables[i]);
    snprintf(list + o, sizeof list - o, "}");
    rc = bb_db__exec(ctx, &res, query, 1, (const char *[]){list});
    if (rc == BB_OK && PQntuples(res) > 0) {
        ix->defs = calloc((size_t)PQntuples(res), sizeof *ix->defs);
        if (ix->defs == NULL)
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (int i = 0; rc == BB_OK && i < PQntuples(res); i++) {
        char drop[160];
        if ((ix->defs[i] = strdup(PQgetvalue(res, i, 1))) == NULL) {
            rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
            break;
        }
        ix->n++;
        snprintf(drop, sizeof drop, "DROP INDEX %s", PQgetvalue(res, i, 0));
        rc = bb_db__cmd(ctx, drop, 0, NULL);
    }
    PQclear(res);
    return rc;
}

int demo_indexes_build(bb_ctx *ctx, demo_indexes *ix)
{
    int rc = BB_OK;

    for (int i = 0; i < ix->n && rc == BB_OK; i++)
        rc = bb_db__cmd(ctx, ix->defs[i], 0, NULL);
    return rc;
}

void demo_analyze(bb_ctx *ctx)
{
    char sql[1024] = "ANALYZE";
    size_t o = strlen(sql);

    for (size_t i = 0; i < N_TABLES; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s %s", i ? "," : "", tables[i]);
    if (bb_db__cmd(ctx, sql, 0, NULL) != BB_OK)
        bb_ctx__clear(ctx); /* statistics only: autovacuum makes them later anyway */
}

void demo_indexes_free(demo_indexes *ix)
{
    for (int i = 0; i < ix->n; i++)
        free(ix->defs[i]);
    free(ix->defs);
    *ix = (demo_indexes){0};
}
