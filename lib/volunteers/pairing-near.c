/* "Never a volunteer who lives next to a party": the parties' postcodes and addresses, looked
 * up in the volunteers' blind indexes and confirmed by decrypting. */
#include "bb/error.h"
#include "crypto/normalize.h"
#include "db/db.h"
#include "base/i18n.h"
#include "volunteers/pairing.h"
#include "fields/personal.h"

#include <stdlib.h>
#include <string.h>

/* Raises why[i] to level for each volunteer of ids whose index `index` really holds norm. */
static int mark(bb_ctx *ctx, const char *index, const char *norm, const char *const *ids, size_t n,
                int level, int *why)
{
    PGresult *res = NULL;
    bool same;
    int rc = bb_pd__candidates(ctx, "volunteer", index, norm, &res);

    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        for (size_t i = 0; rc == BB_OK && i < n; i++) {
            if (why[i] >= level || strcmp(ids[i], PQgetvalue(res, r, 0)) != 0)
                continue;
            /* 16 bits of index give false candidates: confirm with the value itself. */
            rc = bb_pd__index_is(ctx, "volunteer", ids[i], index, norm, &same);
            if (rc == BB_OK && same)
                why[i] = level;
        }
    PQclear(res);
    return rc;
}

/* One party: its postcode (and house number) decrypted, then looked up. */
static int near_party(bb_ctx *ctx, const char *party, const char *const *ids, size_t n, int *why)
{
    char *pc = NULL, *hn = NULL, *norm = NULL;
    int rc = bb_pd__get(ctx, "party", party, "postcode", &pc);

    if (rc != BB_OK || pc == NULL)
        goto done;
    if ((rc = bb_pd__get(ctx, "party", party, "house_number", &hn)) != BB_OK ||
        (rc = bb_pd__normalize(ctx, "postcode", BB_PD_POSTCODE, pc, NULL, &norm)) != BB_OK ||
        (rc = mark(ctx, "postcode", norm, ids, n, BB_PAIR_NEAR_PARTY, why)) != BB_OK || hn == NULL)
        goto done;
    bb_norm__free(norm);
    norm = NULL;
    if ((rc = bb_pd__normalize(ctx, "address", BB_PD_ADDRESS, pc, hn, &norm)) == BB_OK)
        rc = mark(ctx, "address", norm, ids, n, BB_PAIR_AT_PARTY, why);
done:
    bb_norm__free(norm);
    bb_pd__free(pc);
    bb_pd__free(hn);
    return rc;
}

int bb_pair__near(bb_ctx *ctx, const char *case_id, const char *const *ids, size_t n, int *why)
{
    PGresult *res = NULL;
    int rc;

    memset(why, 0, n * sizeof *why);
    rc = bb_db__exec(ctx, &res, "SELECT id FROM party WHERE case_id = $1 ORDER BY seq", 1,
                     (const char *[]){case_id});
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        rc = near_party(ctx, PQgetvalue(res, r, 0), ids, n, why);
    PQclear(res);
    return rc;
}
