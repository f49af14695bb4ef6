/* Suggesting pairs for a case: the active volunteers the rules allow, ranked by area, conflict
 * type preference and load. */
#include "bb/error.h"
#include "bb/case.h"
#include "db/db.h"
#include "base/i18n.h"
#include "volunteers/pairing.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many active volunteers are considered (pairs grow with the square). */
#define CANDIDATES_MAX  1000
#define SUGGEST_DEFAULT 5
#define SUGGEST_MAX     100

struct cand {
    char id[BB_UUID_SIZE];
    bb_pair_member m;
    int why; /* 0, or the bb_pair_exclusion that leaves it out */
};

/* A pair of candidates i < j with its ranking keys. */
struct scored {
    size_t i, j;
    int area, preferred, load, spare, n1, n2;
};

/* The organisation's active volunteers with their load and preference overlap for case c. */
static int load_candidates(bb_ctx *ctx, const bb_case *c, struct cand **out, size_t *n)
{
    char limit[16];
    PGresult *res = NULL;
    int rc;

    snprintf(limit, sizeof limit, "%d", CANDIDATES_MAX);
    rc = bb_db__exec(ctx, &res,
                     "SELECT v.id, v.number, coalesce(v.area, ''), v.capacity,"
                     " (SELECT count(*) FROM bb_case o WHERE o.status <> 'afgesloten'"
                     "  AND o.id <> c.id AND (o.volunteer1_id = v.id OR o.volunteer2_id = v.id)),"
                     " (SELECT count(*) FROM unnest(v.preferred_types) t"
                     "  WHERE t = ANY (c.conflict_types)), coalesce(v.area = c.area, false)"
                     " FROM volunteer v, bb_case c WHERE c.id = $1 AND v.org_id = c.org_id"
                     " AND v.status = 'actief' ORDER BY v.number LIMIT $2",
                     2, (const char *[]){c->id, limit});
    if (rc == BB_OK && (*out = calloc((size_t)PQntuples(res) + 1, sizeof **out)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int r = 0; rc == BB_OK && r < PQntuples(res); r++) {
        struct cand *k = &(*out)[r];
        bb_fields__copy(k->id, sizeof k->id, PQgetvalue(res, r, 0));
        bb_fields__format_volunteer_number(k->m.number, atoi(PQgetvalue(res, r, 1)));
        bb_fields__copy(k->m.area, sizeof k->m.area, PQgetvalue(res, r, 2));
        k->m.capacity = atoi(PQgetvalue(res, r, 3));
        k->m.load = atoi(PQgetvalue(res, r, 4));
        k->m.preferred = atoi(PQgetvalue(res, r, 5));
        k->m.same_area = *PQgetvalue(res, r, 6) == 't';
        k->why = k->m.load >= k->m.capacity ? BB_PAIR_AT_CAPACITY : 0;
    }
    *n = rc == BB_OK ? (size_t)PQntuples(res) : 0;
    PQclear(res);
    return rc;
}

/* Marks the candidates who live at a party's postcode or address. */
static int exclude_near(bb_ctx *ctx, const bb_case *c, struct cand *k, size_t n)
{
    const char **ids = calloc(n + 1, sizeof *ids);
    int *why = calloc(n + 1, sizeof *why), rc;

    if (ids == NULL || why == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = k[i].id;
    rc = bb_pair__near(ctx, c->id, ids, n, why);
    for (size_t i = 0; rc == BB_OK && i < n; i++)
        if (why[i] != 0 && k[i].why == 0)
            k[i].why = why[i];
done:
    free(ids);
    free(why);
    return rc;
}

/* Best first: more in the area, more preference overlap, lower load, more spare room. */
static int by_rank(const void *pa, const void *pb)
{
    const struct scored *a = pa, *b = pb;

    if (a->area != b->area)
        return b->area - a->area;
    if (a->preferred != b->preferred)
        return b->preferred - a->preferred;
    if (a->load != b->load)
        return a->load - b->load;
    if (a->spare != b->spare)
        return b->spare - a->spare;
    return a->n1 != b->n1 ? a->n1 - b->n1 : a->n2 - b->n2;
}

/* Scores every allowed pair into a new array *out of *n. */
static int score_pairs(bb_ctx *ctx, const struct cand *k, size_t n, struct scored **out,
                       size_t *count)
{
    *count = 0;
    if ((*out = calloc(n * (n > 0 ? n - 1 : 0) / 2 + 1, sizeof **out)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const bb_pair_member *a = &k[i].m, *b = &k[j].m;
            if (k[i].why != 0 || k[j].why != 0)
                continue;
            (*out)[(*count)++] = (struct scored){i,
                                                 j,
                                                 a->same_area + b->same_area,
                                                 a->preferred + b->preferred,
                                                 a->load + b->load,
                                                 a->capacity - a->load + b->capacity - b->load,
                                                 atoi(a->number + 2),
                                                 atoi(b->number + 2)};
        }
    qsort(*out, *count, sizeof **out, by_rank);
    return BB_OK;
}

/* The best max pairs and the left-out candidates into a new list. */
static int fill(bb_ctx *ctx, const struct cand *k, size_t n, const struct scored *s, size_t count,
                size_t max, bb_pair_list **out)
{
    bb_pair_list *l = calloc(1, sizeof *l);
    size_t take = count < max ? count : max;

    if (l == NULL || (l->items = calloc(take + 1, sizeof *l->items)) == NULL ||
        (l->excluded = calloc(n + 1, sizeof *l->excluded)) == NULL) {
        bb_pair_list_free(l);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t p = 0; p < take; p++) {
        l->items[p].member[0] = k[s[p].i].m;
        l->items[p].member[1] = k[s[p].j].m;
    }
    l->n = take;
    for (size_t i = 0; i < n; i++)
        if (k[i].why != 0) {
            bb_fields__copy(l->excluded[l->n_excluded].number, BB_NUMBER_SIZE, k[i].m.number);
            l->excluded[l->n_excluded++].why = (enum bb_pair_exclusion)k[i].why;
        }
    *out = l;
    return BB_OK;
}

int bb_case_suggest(bb_ctx *ctx, const char *number, int max, bb_pair_list **out)
{
    bb_case *c = NULL;
    struct cand *k = NULL;
    struct scored *s = NULL;
    size_t n = 0, count = 0;
    int rc;

    *out = NULL;
    if (max < 0 || max > SUGGEST_MAX) {
        bb_ctx__clear(ctx);
        return bb_ctx__fail(ctx, BB_EINVAL, _("limit: %d is not between 1 and %d"), max,
                            SUGGEST_MAX);
    }
    rc = bb_case_get(ctx, number, &c);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "pairing");
    if (rc == BB_OK && strcmp(c->status, "afgesloten") == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("case: %s is closed: it is not paired any more"),
                          c->number);
    if (rc == BB_OK)
        rc = load_candidates(ctx, c, &k, &n);
    if (rc == BB_OK)
        rc = exclude_near(ctx, c, k, n);
    if (rc == BB_OK)
        rc = score_pairs(ctx, k, n, &s, &count);
    if (rc == BB_OK)
        rc = fill(ctx, k, n, s, count, max == 0 ? SUGGEST_DEFAULT : (size_t)max, out);
    free(s);
    free(k);
    bb_case_free(c);
    return rc;
}

void bb_pair_list_free(bb_pair_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list->excluded);
    free(list);
}
