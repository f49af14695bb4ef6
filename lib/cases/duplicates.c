/* The same people, noticed: the open (or lately closed) cases that a new report or party may
 * be about already, found through the blind indexes (search-match.c). */
#include "cases/search.h"
#include "bb/error.h"
#include "bb/party.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many cases are named. */
#define DUPS_MAX 50

void bb_case_dup_list_free(bb_case_dup_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

/* The entry of case number in l, added when new; NULL when the list is full. */
static bb_case_dup *entry(bb_case_dup_list *l, const bb_case *c)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].number, c->number) == 0)
            return &l->items[i];
    if (l->n == DUPS_MAX)
        return NULL;
    bb_case_dup *d = &l->items[l->n++];
    memset(d, 0, sizeof *d);
    bb_fields__copy(d->number, sizeof d->number, c->number);
    bb_fields__copy(d->status, sizeof d->status, c->status);
    bb_fields__copy(d->closed_on, sizeof d->closed_on, c->closed_on);
    return d;
}

/* The cases, open or closed in the last 12 months and not void, of the parties matching q
 * (one of address, phone, name); each gets flag `which` (0 address, 1 phone, 2 name). */
static int find(bb_ctx *ctx, const bb_case_query *q, int which, const char *except,
                bb_case_dup_list *l)
{
    bb_search s = {0};
    char *ids = NULL, *scores = NULL;
    PGresult *res = NULL;
    int rc = bb_search__prepare(ctx, q, true, &s);

    if (rc == BB_OK)
        rc = bb_search__parties(ctx, &s, &ids, &scores);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_CASE_COLS " FROM bb_case c WHERE c.org_id = $1 AND c.id IN"
                         " (SELECT case_id FROM party WHERE id = ANY ($2::uuid[]))"
                         " AND c.status <> 'vervallen' AND (c.status <> 'afgesloten'"
                         " OR c.closed_on > current_date - interval '12 months')"
                         " ORDER BY c.year DESC, c.seq DESC",
                         2, (const char *[]){ctx->org_id, ids});
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        bb_case c;
        bb_case_dup *d;

        bb_case__from_row(res, r, 0, &c);
        if (except != NULL && strcmp(c.number, except) == 0)
            continue;
        if ((d = entry(l, &c)) != NULL)
            *(which == 0 ? &d->address : which == 1 ? &d->phone : &d->name) = 1;
    }
    PQclear(res);
    free(ids);
    free(scores);
    bb_search__clear(&s);
    return rc;
}

int bb_case_duplicates(bb_ctx *ctx, const bb_party_new *in, const char *except,
                       bb_case_dup_list **out)
{
    bb_case_dup_list *l = calloc(1, sizeof *l);
    char own[BB_NUMBER_SIZE] = "";
    const char *org;
    int rc = BB_OK;

    bb_ctx__clear(ctx);
    *out = NULL;
    if (l == NULL || (l->items = calloc(DUPS_MAX, sizeof *l->items)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK)
        rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "duplicates");
    if (rc == BB_OK && except != NULL) /* "2024-7" as well as "BB-2024-0007" */
        rc = bb_case_number_expand(ctx, except, own);
    except = except != NULL ? own : NULL;
    if (rc == BB_OK && in->postcode != NULL && in->house_number != NULL)
        rc = find(ctx, &(bb_case_query){.postcode = in->postcode, .house_number = in->house_number},
                  0, except, l);
    if (rc == BB_OK && in->phone != NULL)
        rc = find(ctx, &(bb_case_query){.phone = in->phone}, 1, except, l);
    if (rc == BB_OK && in->name != NULL)
        rc = find(ctx, &(bb_case_query){.name = in->name}, 2, except, l);
    if (rc == BB_OK) {
        *out = l;
        l = NULL;
    }
    bb_case_dup_list_free(l);
    return rc;
}
