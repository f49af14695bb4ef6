/* Finding cases by their parties' names, streets, postcodes and phone numbers, ranked
 * (search-match.c finds the parties). */
#include "cases/search.h"
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most cases one search returns. */
#define SEARCH_MAX "1000"

/* Open cases: neither closed nor void. */
#define CASE_OPEN "c.status NOT IN ('afgesloten', 'vervallen')"

/* The cases of the parties ids, by the best score of their parties, open ones first, then
 * the newest, into a new list. */
static int cases_of(bb_ctx *ctx, const char *ids, const char *scores, bb_case_list **out)
{
    PGresult *res = NULL;
    bb_case_list *l = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_CASE_COLS " FROM bb_case c JOIN (SELECT p.case_id,"
                         " max(m.score) AS score FROM party p JOIN unnest($2::uuid[], $3::int[])"
                         " AS m(id, score) ON m.id = p.id GROUP BY p.case_id) AS b"
                         " ON b.case_id = c.id WHERE c.org_id = $1"
                         " ORDER BY b.score DESC, " CASE_OPEN " DESC, c.year DESC, c.seq DESC"
                         " LIMIT " SEARCH_MAX,
                         3, (const char *[]){ctx->org_id, ids, scores});

    if (rc == BB_OK && ((l = calloc(1, sizeof *l)) == NULL ||
                        (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL))
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        bb_case__from_row(res, r, 0, &l->items[l->n++]);
    if (rc == BB_OK) {
        *out = l;
        l = NULL;
    }
    bb_case_list_free(l);
    PQclear(res);
    return rc;
}

int bb_case_search(bb_ctx *ctx, const bb_case_query *q, bb_case_list **out)
{
    bb_search s = {0};
    const char *org;
    char *ids = NULL, *scores = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "search");
    if (rc == BB_OK)
        rc = bb_search__prepare(ctx, q, false, &s);
    if (rc == BB_OK)
        rc = bb_search__parties(ctx, &s, &ids, &scores);
    if (rc == BB_OK)
        rc = cases_of(ctx, ids, scores, out);
    free(ids);
    free(scores);
    bb_search__clear(&s);
    return rc;
}
