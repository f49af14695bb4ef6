/* bb_volunteer_loads: open cases per volunteer of a page, counted as pairing counts them
 * (lib/volunteers/pairing-suggest.c): every case not closed that has the volunteer in its pair. */
#include "bb/volunteer-load.h"

#include "bb/error.h"

#include "db/db.h"
#include "base/i18n.h"
#include "fields/fields.h"

#include <stdlib.h>
#include <string.h>

int bb_volunteer_loads(bb_ctx *ctx, const bb_volunteer_list *list, int *loads)
{
    const char *org;
    char *ids;
    PGresult *res = NULL;
    size_t used = 0;
    int rc;

    bb_ctx__clear(ctx);
    if ((rc = bb_ctx__org(ctx, &org)) != BB_OK)
        return rc;
    for (size_t i = 0; i < list->n; i++)
        loads[i] = 0;
    if (list->n == 0)
        return BB_OK;
    if ((ids = malloc(list->n * BB_UUID_SIZE + 3)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    ids[used++] = '{';
    for (size_t i = 0; i < list->n; i++) {
        size_t len = strlen(list->items[i].id);
        if (i > 0)
            ids[used++] = ',';
        memcpy(ids + used, list->items[i].id, len);
        used += len;
    }
    memcpy(ids + used, "}", 2);
    rc = bb_db__exec(ctx, &res,
                     "SELECT v.id, (SELECT count(*) FROM bb_case o WHERE o.status <> 'afgesloten'"
                     " AND (o.volunteer1_id = v.id OR o.volunteer2_id = v.id))"
                     " FROM volunteer v WHERE v.org_id = $1 AND v.id = ANY ($2::uuid[])",
                     2, (const char *[]){org, ids});
    free(ids);
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++)
        for (size_t i = 0; i < list->n; i++)
            if (strcmp(list->items[i].id, PQgetvalue(res, r, 0)) == 0)
                loads[i] = atoi(PQgetvalue(res, r, 1));
    PQclear(res);
    return rc;
}
