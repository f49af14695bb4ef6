/* Reading parties: the plain row, then (with the keys) the decrypted personal fields. */
#include "bb/error.h"
#include "bb/keys.h"
#include "db/db.h"
#include "base/i18n.h"
#include "cases/party-row.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const bb_party__fields[BB_PARTY_FIELDS] = {
    "name", "street", "house_number", "postcode", "place", "phone", "email",
};

char **bb_party__slot(bb_party *p, int i)
{
    char **slots[BB_PARTY_FIELDS] = {&p->name,  &p->street, &p->house_number, &p->postcode,
                                     &p->place, &p->phone,  &p->email};
    return slots[i];
}

void bb_party__from_row(const PGresult *res, int r, bb_party *p)
{
#define V(i) PQgetvalue(res, r, i)
    memset(p, 0, sizeof *p);
    bb_fields__copy(p->id, sizeof p->id, V(0));
    bb_fields__format_case_number(p->case_number, atoi(V(1)), atoi(V(2)));
    p->number = atoi(V(3));
    bb_fields__copy(p->role, sizeof p->role, V(4));
    bb_fields__copy(p->tenure, sizeof p->tenure, V(5));
    bb_fields__copy(p->household, sizeof p->household, V(6));
    bb_fields__copy(p->age_band, sizeof p->age_band, V(7));
    bb_fields__copy(p->interpreter, sizeof p->interpreter, V(8));
    p->version = atoll(V(9));
#undef V
}

int bb_party__decrypt(bb_ctx *ctx, bb_party *p)
{
    int rc = BB_OK;

    if (!bb_is_unlocked(ctx)) {
        p->locked = 1;
        return BB_OK;
    }
    for (int i = 0; i < BB_PARTY_FIELDS && rc == BB_OK; i++)
        rc = bb_pd__get(ctx, "party", p->id, bb_party__fields[i], bb_party__slot(p, i));
    return rc;
}

void bb_party__clear(bb_party *p)
{
    for (int i = 0; i < BB_PARTY_FIELDS; i++) {
        bb_pd__free(*bb_party__slot(p, i));
        *bb_party__slot(p, i) = NULL;
    }
}

void bb_party_free(bb_party *p)
{
    if (p == NULL)
        return;
    bb_party__clear(p);
    free(p);
}

int bb_party__read(bb_ctx *ctx, const char *id, bb_party **out)
{
    PGresult *res = NULL;
    bb_party *p = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_PARTY_COLS BB_PARTY_FROM " WHERE p.id = $1 AND p.org_id = $2",
                         2, (const char *[]){id, ctx->org_id});

    *out = NULL;
    if (rc == BB_OK && PQntuples(res) != 1)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("party: no party %s"), id);
    else if (rc == BB_OK && (p = calloc(1, sizeof *p)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK) {
        bb_party__from_row(res, 0, p);
        rc = bb_party__decrypt(ctx, p);
    }
    if (rc == BB_OK) {
        *out = p;
        p = NULL;
    }
    bb_party_free(p);
    PQclear(res);
    return rc;
}

struct fill {
    const PGresult *res;
    bb_party_list *l;
};

/* The case's parties by number; the list is filled as far as it got, for the caller to free.
 * A retry of the transaction starts the list again. */
static int fill_txn(bb_ctx *ctx, void *arg)
{
    struct fill *f = arg;
    int rc = BB_OK;

    for (size_t i = 0; i < f->l->n; i++)
        bb_party__clear(&f->l->items[i]);
    f->l->n = 0;
    for (int r = 0; r < PQntuples(f->res) && rc == BB_OK; r++) {
        bb_party__from_row(f->res, r, &f->l->items[f->l->n++]);
        rc = bb_party__decrypt(ctx, &f->l->items[f->l->n - 1]);
    }
    return rc;
}

/* With the keys, one transaction: the audit records of every field shown commit together,
 * one wait for the disk instead of one per field (the load test's opening of a case). */
static int fill_list(bb_ctx *ctx, const PGresult *res, bb_party_list *l)
{
    struct fill f = {res, l};

    return bb_is_unlocked(ctx) ? bb_db__txn(ctx, "READ COMMITTED", fill_txn, &f)
                               : fill_txn(ctx, &f);
}

int bb_party_list_get(bb_ctx *ctx, const char *case_number, bb_party_list **out)
{
    bb_case *c = NULL;
    PGresult *res = NULL;
    bb_party_list *l = NULL;
    int rc = bb_case_get(ctx, case_number, &c);

    *out = NULL;
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT " BB_PARTY_COLS BB_PARTY_FROM " WHERE p.case_id = $1"
                         " ORDER BY p.seq",
                         1, (const char *[]){c->id});
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    if ((rc = fill_list(ctx, res, l)) != BB_OK)
        goto done;
    *out = l;
    l = NULL;
done:
    bb_party_list_free(l);
    bb_case_free(c);
    PQclear(res);
    return rc;
}

void bb_party_list_free(bb_party_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; list->items != NULL && i < list->n; i++)
        bb_party__clear(&list->items[i]);
    free(list->items);
    free(list);
}
