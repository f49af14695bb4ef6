/* Case lists (keyset paged, newest number first) and a case's status history. */
#include "bb/case.h"
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "base/i18n.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The list's parameters, as text for PQexecParams; NULL entries do not filter. */
struct list_params {
    char from[BB_DATE_SIZE], to[BB_DATE_SIZE];
    char year[16], seq[16], limit[16];
    char volunteer[BB_UUID_SIZE];
    const char *p[12];
};

/* The id of the volunteer a list is filtered by; BB_ENOTFOUND naming an unknown one. */
static int volunteer_id(bb_ctx *ctx, const char *org, const char *number, char *id)
{
    char num[16];
    PGresult *res = NULL;
    int n, rc = bb_fields__volunteer_number(ctx, "volunteer", number, &n);

    if (rc != BB_OK)
        return rc;
    snprintf(num, sizeof num, "%d", n);
    rc = bb_db__exec(ctx, &res, "SELECT id FROM volunteer WHERE org_id = $1 AND number = $2", 2,
                     (const char *[]){org, num});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("volunteer: no volunteer %s"), number);
    else if (rc == BB_OK)
        bb_fields__copy(id, BB_UUID_SIZE, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

static int check_filter(bb_ctx *ctx, const bb_case_filter *f, struct list_params *lp)
{
    int rc = BB_OK, limit, y, s;

    if (f->status != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_STATUS, f->status);
    if (rc == BB_OK && f->source != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_SOURCE, f->source);
    if (rc == BB_OK && f->area != NULL)
        rc = bb_fields__text(ctx, "area", f->area, BB_AREA_MAX);
    if (rc == BB_OK && f->from != NULL)
        rc = bb_fields__date(ctx, "from", f->from, false, lp->from);
    if (rc == BB_OK && f->to != NULL)
        rc = bb_fields__date(ctx, "to", f->to, false, lp->to);
    if (rc == BB_OK && f->after != NULL)
        rc = bb_fields__case_number(ctx, "after", f->after, &y, &s);
    if (rc == BB_OK)
        rc = bb_fields__limit(ctx, f->limit, &limit);
    if (rc == BB_OK && f->volunteer != NULL)
        rc = volunteer_id(ctx, lp->p[0], f->volunteer, lp->volunteer);
    if (rc != BB_OK)
        return rc;
    if (f->after != NULL) {
        snprintf(lp->year, sizeof lp->year, "%d", y);
        snprintf(lp->seq, sizeof lp->seq, "%d", s);
    }
    /* One more than the page, to know whether another page follows. */
    snprintf(lp->limit, sizeof lp->limit, "%d", limit + 1);
    lp->p[1] = f->status;
    lp->p[2] = f->area;
    lp->p[3] = f->source;
    lp->p[4] = f->from ? lp->from : NULL;
    lp->p[5] = f->to ? lp->to : NULL;
    lp->p[6] = f->after ? lp->year : NULL;
    lp->p[7] = f->after ? lp->seq : NULL;
    lp->p[8] = lp->limit;
    lp->p[9] = f->volunteer ? lp->volunteer : NULL;
    lp->p[10] = f->open ? "true" : NULL;
    lp->p[11] = f->void_too || f->status != NULL ? "true" : NULL;
    return BB_OK;
}

/* Moves the rows of res into a new list for *out; the extra row only sets the cursor. */
static int fill_list(bb_ctx *ctx, const PGresult *res, int page, bb_case_list **out)
{
    int n = PQntuples(res) > page ? page : PQntuples(res);
    bb_case_list *l = calloc(1, sizeof *l);

    if (l == NULL || (n > 0 && (l->items = calloc((size_t)n, sizeof *l->items)) == NULL)) {
        free(l);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (int r = 0; r < n; r++)
        bb_case__from_row(res, r, 0, &l->items[r]);
    l->n = (size_t)n;
    if (PQntuples(res) > page)
        memcpy(l->next, l->items[n - 1].number, sizeof l->next);
    *out = l;
    return BB_OK;
}

int bb_case_list_get(bb_ctx *ctx, const bb_case_filter *f, bb_case_list **out)
{
    static const bb_case_filter none = {0};
    struct list_params lp = {0};
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    if (f == NULL)
        f = &none;
    rc = bb_ctx__org(ctx, &lp.p[0]);
    if (rc == BB_OK)
        rc = check_filter(ctx, f, &lp);
    if (rc != BB_OK)
        return rc;
    /* Unnamed statements are planned with the values, so the unused filters fold away and
     * the matching (org_id, filter, year, seq) index serves the page. */
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_CASE_COLS " FROM bb_case c WHERE c.org_id = $1"
                     " AND ($2::text IS NULL OR c.status = $2)"
                     " AND ($3::text IS NULL OR c.area = $3)"
                     " AND ($4::text IS NULL OR c.source = $4)"
                     " AND ($5::date IS NULL OR c.reported_on >= $5)"
                     " AND ($6::date IS NULL OR c.reported_on <= $6)"
                     " AND ($7::int IS NULL OR (c.year, c.seq) < ($7, $8::int))"
                     " AND ($10::uuid IS NULL OR $10 IN (c.volunteer1_id, c.volunteer2_id))"
                     " AND ($11::boolean IS NULL OR c.status NOT IN ('afgesloten', 'vervallen'))"
                     " AND ($12::boolean IS NOT NULL OR c.status <> 'vervallen')"
                     " ORDER BY c.year DESC, c.seq DESC LIMIT $9",
                     12, lp.p);
    if (rc == BB_OK)
        rc = fill_list(ctx, res, atoi(lp.limit) - 1, out);
    PQclear(res);
    return rc;
}

void bb_case_list_free(bb_case_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

struct fill {
    const PGresult *res;
    bb_case_event_list *l;
};

/* Fills l with the events of res (id, at, from, to, user) and, when the handle holds the
 * keys, their decrypted notes; a retry of the transaction starts again. */
static int fill_txn(bb_ctx *ctx, void *arg)
{
    const PGresult *res = ((struct fill *)arg)->res;
    bb_case_event_list *l = ((struct fill *)arg)->l;
    int rc = BB_OK;

    for (size_t i = 0; i < l->n; i++) {
        bb_pd__free(l->items[i].note);
        l->items[i].note = NULL;
    }
    l->n = 0;
    for (int r = 0; r < PQntuples(res) && rc == BB_OK; r++) {
        bb_case_event *e = &l->items[l->n++];
        bb_fields__copy(e->at, sizeof e->at, PQgetvalue(res, r, 1));
        bb_fields__copy(e->from, sizeof e->from, PQgetvalue(res, r, 2));
        bb_fields__copy(e->to, sizeof e->to, PQgetvalue(res, r, 3));
        bb_fields__copy(e->user, sizeof e->user, PQgetvalue(res, r, 4));
        if (bb_is_unlocked(ctx))
            rc = bb_pd__get(ctx, "case_event", PQgetvalue(res, r, 0), "note", &e->note);
    }
    return rc;
}

/* With the keys, one transaction: the notes' audit records commit together. */
static int fill_events(bb_ctx *ctx, const PGresult *res, bb_case_event_list *l)
{
    struct fill f = {res, l};

    return bb_is_unlocked(ctx) ? bb_db__txn(ctx, "READ COMMITTED", fill_txn, &f)
                               : fill_txn(ctx, &f);
}

int bb_case_events(bb_ctx *ctx, const char *number, bb_case_event_list **out)
{
    bb_case *c = NULL;
    const char *p[1];
    PGresult *res = NULL;
    bb_case_event_list *l = NULL;
    int rc = bb_case_get(ctx, number, &c);

    *out = NULL;
    if (rc != BB_OK)
        goto done;
    p[0] = c->id;
    rc = bb_db__exec(ctx, &res,
                     "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                     " coalesce(from_status, ''), to_status,"
                     " coalesce((SELECT u.login FROM bb_user u WHERE u.id = e.user_id), e.db_user)"
                     " FROM case_event e WHERE case_id = $1 ORDER BY seq",
                     1, p);
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    if ((rc = fill_events(ctx, res, l)) != BB_OK)
        goto done;
    *out = l;
    l = NULL;
done:
    bb_case_event_list_free(l);
    bb_case_free(c);
    PQclear(res);
    return rc;
}

void bb_case_event_list_free(bb_case_event_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; list->items != NULL && i < list->n; i++)
        bb_pd__free(list->items[i].note);
    free(list->items);
    free(list);
}
