/* Finding cases by a party's address, phone number or name: blind-index candidates, decrypted
 * and compared, so the truncated index's false matches never come back. */
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most cases one search returns. */
#define SEARCH_MAX 1000

struct search {
    const char *index; /* "address", "phone" or "name" */
    enum bb_pd_kind kind;
    const char *a, *b; /* the value (postcode and house number for an address) */
    char *norm;        /* its canonical form */
};

/* Exactly one criterion; an address needs both halves. */
static int check_query(bb_ctx *ctx, const bb_case_query *q, struct search *s)
{
    int given = (q->postcode || q->house_number) + (q->phone != NULL) + (q->name != NULL);
    char pc[8];
    int rc = BB_OK;

    if (given != 1)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("search: give one of an address (postcode and house number), a "
                              "phone number or a name"));
    if (q->postcode || q->house_number) {
        if (q->postcode == NULL || q->house_number == NULL)
            return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                                _("search: an address needs the postcode and the house number"));
        rc = bb_pd__check_postcode(ctx, "postcode", q->postcode, pc, NULL);
        if (rc == BB_OK)
            rc = bb_pd__check_house_number(ctx, "number", q->house_number);
        *s = (struct search){"address", BB_PD_ADDRESS, q->postcode, q->house_number, NULL};
    } else if (q->phone != NULL) {
        rc = bb_pd__check_phone(ctx, "phone", q->phone);
        *s = (struct search){"phone", BB_PD_PHONE, q->phone, NULL, NULL};
    } else {
        rc = bb_pd__check_name(ctx, "name", q->name, BB_NAME_MAX);
        *s = (struct search){"name", BB_PD_NAME, q->name, NULL, NULL};
    }
    if (rc == BB_OK)
        rc = bb_pd__normalize(ctx, s->index, s->kind, s->a, s->b, &s->norm);
    return rc;
}

/* Whether party id really has the searched value: its fields decrypted and normalised. */
static int party_matches(bb_ctx *ctx, const struct search *s, const char *id, bool *match)
{
    const char *f1 = s->kind == BB_PD_ADDRESS ? "postcode" : s->index;
    char *v1 = NULL, *v2 = NULL, *norm = NULL;
    int rc = bb_pd__get(ctx, "party", id, f1, &v1);

    *match = false;
    if (rc == BB_OK && s->kind == BB_PD_ADDRESS)
        rc = bb_pd__get(ctx, "party", id, "house_number", &v2);
    if (rc == BB_OK && v1 != NULL && (s->kind != BB_PD_ADDRESS || v2 != NULL) &&
        bb_pd__normalize(ctx, s->index, s->kind, v1, v2, &norm) == BB_OK)
        *match = strcmp(norm, s->norm) == 0;
    if (rc == BB_OK)
        bb_ctx__clear(ctx); /* a stored value without a canonical form is simply no match */
    bb_norm__free(norm);
    bb_pd__free(v1);
    bb_pd__free(v2);
    return rc;
}

/* The ids of the parties that really match, as a PostgreSQL uuid array literal in ids. */
static int matching_parties(bb_ctx *ctx, const struct search *s, char **ids)
{
    PGresult *res = NULL;
    size_t o = 1, cap;
    bool match;
    int rc = bb_pd__candidates(ctx, "party", s->index, s->norm, &res);

    *ids = NULL;
    if (rc != BB_OK)
        return rc;
    cap = (size_t)PQntuples(res) * BB_UUID_SIZE + 3;
    if ((*ids = malloc(cap)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        rc = party_matches(ctx, s, PQgetvalue(res, r, 0), &match);
        if (rc == BB_OK && match)
            o += (size_t)snprintf(*ids + o, cap - o, "%s%s", o > 1 ? "," : "",
                                  PQgetvalue(res, r, 0));
    }
    if (*ids != NULL) {
        (*ids)[0] = '{';
        snprintf(*ids + o, cap - o, "}");
    }
    PQclear(res);
    return rc;
}

/* The cases of the parties ids, newest first, into a new list. */
static int cases_of(bb_ctx *ctx, const char *ids, bb_case_list **out)
{
    char limit[16];
    PGresult *res = NULL;
    bb_case_list *l = NULL;
    int rc;

    snprintf(limit, sizeof limit, "%d", SEARCH_MAX);
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_CASE_COLS " FROM bb_case c WHERE c.org_id = $1 AND c.id IN"
                     " (SELECT case_id FROM party WHERE id = ANY ($2::uuid[]))"
                     " ORDER BY c.year DESC, c.seq DESC LIMIT $3",
                     3, (const char *[]){ctx->org_id, ids, limit});
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
    struct search s = {0};
    const char *org;
    char *ids = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "search");
    if (rc == BB_OK)
        rc = check_query(ctx, q, &s);
    if (rc == BB_OK)
        rc = matching_parties(ctx, &s, &ids);
    if (rc == BB_OK)
        rc = cases_of(ctx, ids, out);
    free(ids);
    bb_norm__free(s.norm);
    return rc;
}
