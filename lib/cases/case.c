/* Cases: create with a gap-free number and a data key, read. */
#include "bb/case.h"
#include "bb/error.h"
#include "cases/case-row.h"
#include "db/db.h"
#include "org/org.h"
#include "base/i18n.h"
#include "keys/vault.h"
#include "fields/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bb_case__from_row(const PGresult *res, int r, int col, bb_case *c)
{
#define V(i) PQgetvalue(res, r, col + (i))
    memset(c, 0, sizeof *c);
    bb_fields__copy(c->id, sizeof c->id, V(0));
    bb_fields__format_case_number(c->number, atoi(V(1)), atoi(V(2)));
    bb_fields__copy(c->reported_on, sizeof c->reported_on, V(3));
    bb_fields__copy(c->source, sizeof c->source, V(4));
    bb_fields__split_keys(V(5), c->types, BB_TYPES_MAX, &c->n_types);
    bb_fields__copy(c->area, sizeof c->area, V(6));
    bb_fields__copy(c->status, sizeof c->status, V(7));
    bb_fields__copy(c->outcome, sizeof c->outcome, V(8));
    bb_fields__copy(c->closed_on, sizeof c->closed_on, V(9));
    bb_fields__copy(c->reported_back_on, sizeof c->reported_back_on, V(10));
    c->intake_suitable = atoi(V(11));
    c->version = atoll(V(12));
    bb_fields__copy(c->created_at, sizeof c->created_at, V(13));
    bb_fields__copy(c->updated_at, sizeof c->updated_at, V(14));
    bb_fields__copy(c->intake_reason, sizeof c->intake_reason, V(15));
    bb_fields__copy(c->intake_on, sizeof c->intake_on, V(16));
    for (int i = 0; i < 2; i++)
        if (atoi(V(17 + i)) > 0)
            bb_fields__format_volunteer_number(c->volunteers[i], atoi(V(17 + i)));
    c->shredded = *V(19) == 't';
#undef V
}

int bb_case__new_from_row(bb_ctx *ctx, const PGresult *res, int r, bb_case **out)
{
    *out = malloc(sizeof **out);
    if (*out == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    bb_case__from_row(res, r, 0, *out);
    return BB_OK;
}

void bb_case_free(bb_case *c)
{
    free(c);
}

struct create {
    const char *org;
    const bb_case_new *in;
    char id[BB_UUID_SIZE];
    char reported[BB_DATE_SIZE];
    char types[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    bb_case *row;
    bool raced; /* a concurrent create with the same id won */
};

/* Everything that can be checked without the database, so bad input never starts a write. */
static int check_new(bb_ctx *ctx, const bb_case_new *in, struct create *a)
{
    int rc = bb_fields__uuid(ctx, in->id, a->id);

    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "reported", in->reported_on, false, a->reported);
    if (rc == BB_OK)
        rc = bb_fields__key(ctx, BB_VOCAB_SOURCE, in->source);
    if (rc == BB_OK)
        rc = bb_fields__keys(ctx, BB_VOCAB_CONFLICT_TYPE, in->types, in->n_types, false, a->types,
                             sizeof a->types);
    if (rc == BB_OK && in->area != NULL)
        rc = bb_fields__text(ctx, "area", in->area, BB_AREA_MAX);
    if (rc == BB_OK)
        rc = bb_pd__check_note(ctx, "note", in->note);
    /* Every case gets its data key now, so its personal data never waits for one. */
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "case");
    return rc;
}

/* A case with this id exists already: the earlier attempt of a retried create. */
static int find_existing(bb_ctx *ctx, struct create *a, bool *found)
{
    const char *p[1] = {a->id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT c.org_id, " BB_CASE_COLS " FROM bb_case c"
                         " WHERE c.id = $1",
                         1, p);

    *found = rc == BB_OK && PQntuples(res) == 1;
    if (*found && strcmp(PQgetvalue(res, 0, 0), a->org) != 0)
        rc = bb_ctx__fail(ctx, BB_EEXISTS, _("id: %s belongs to a case of another organisation"),
                          a->id);
    else if (*found && (a->row = malloc(sizeof *a->row)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    else if (*found)
        bb_case__from_row(res, 0, 1, a->row);
    PQclear(res);
    return rc;
}

static int create_txn(bb_ctx *ctx, void *arg)
{
    struct create *a = arg;
    char key[BB_UUID_SIZE];
    const char *p[7] = {a->org, a->id, a->reported, a->in->source, a->types, a->in->area, key};
    PGresult *res = NULL;
    bool found;
    int rc;

    bb_case_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    if ((rc = find_existing(ctx, a, &found)) != BB_OK || found)
        return rc;
    if (a->in->area != NULL && (rc = bb_fields__area_exists(ctx, a->org, a->in->area)) != BB_OK)
        return rc;
    if ((rc = bb_vault__new_data_key(ctx, key)) != BB_OK)
        return rc;
    /* The counter row's lock queues concurrent creators; a rollback gives the number back. */
    rc = bb_db__exec(ctx, &res,
                     "WITH n AS (INSERT INTO number_counter (org_id, series, last)"
                     " VALUES ($1, 'case:' || to_char(current_date, 'YYYY'), 1)"
                     " ON CONFLICT (org_id, series) DO UPDATE SET last = number_counter.last + 1"
                     " RETURNING substr(series, 6)::int AS year, last)"
                     " INSERT INTO bb_case AS c (id, org_id, year, seq, reported_on, source,"
                     " conflict_types, area, data_key_id)"
                     " SELECT $2, $1, n.year, n.last, $3, $4, $5::text[], $6, $7 FROM n"
                     " ON CONFLICT (id) DO NOTHING RETURNING " BB_CASE_COLS,
                     7, p);
    if (rc == BB_OK && PQntuples(res) == 0) {
        a->raced = true;
        rc = BB_EEXISTS; /* roll back the number taken; the winner's case is returned */
    } else if (rc == BB_OK) {
        rc = bb_case__new_from_row(ctx, res, 0, &a->row);
    }
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_case__note_last_event(ctx, a->row, a->in->note);
    return rc;
}

static int get_by_id(bb_ctx *ctx, const char *id, bb_case **out)
{
    const char *p[1] = {id};
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT " BB_CASE_COLS " FROM bb_case c WHERE c.id = $1", 1, p);

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("id: no case %s"), id);
    else if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, out);
    PQclear(res);
    return rc;
}

int bb_case_create(bb_ctx *ctx, const bb_case_new *in, bb_case **out)
{
    struct create a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = check_new(ctx, in, &a);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", create_txn, &a);
    if (rc == BB_EEXISTS && a.raced) {
        bb_ctx__clear(ctx);
        rc = get_by_id(ctx, a.id, &a.row);
    }
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_case_free(a.row);
    return rc;
}

int bb_case_get(bb_ctx *ctx, const char *number, bb_case **out)
{
    char year[16], seq[16];
    const char *org, *p[3] = {NULL, year, seq};
    PGresult *res = NULL;
    int y, s, rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", number, &y, &s);
    if (rc != BB_OK)
        return rc;
    p[0] = org;
    snprintf(year, sizeof year, "%d", y);
    snprintf(seq, sizeof seq, "%d", s);
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_CASE_COLS " FROM bb_case c"
                     " WHERE c.org_id = $1 AND c.year = $2 AND c.seq = $3",
                     3, p);
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: no case %s"), number);
    else if (rc == BB_OK)
        rc = bb_case__new_from_row(ctx, res, 0, out);
    PQclear(res);
    return rc;
}

/* The year the database gives new case numbers (bb_case_create's current_date). */
static int number_year(bb_ctx *ctx, int *year)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT to_char(current_date, 'YYYY')", 0, NULL);

    if (rc == BB_OK)
        *year = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int bb_case_number_expand(bb_ctx *ctx, const char *in, char out[BB_NUMBER_SIZE])
{
    char q[200];
    int year, seq, rc = BB_OK;

    bb_ctx__clear(ctx);
    out[0] = '\0';
    if (!bb_fields__case_number_short(in, &year, &seq)) {
        bb_fields__quote(in, q, sizeof q);
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("case: '%s' is not a case number (expected BB-2024-0007, 2024-7, "
                              "or 7 for a case of this year)"),
                            q);
    }
    if (year == 0)
        rc = number_year(ctx, &year);
    if (rc == BB_OK)
        bb_fields__format_case_number(out, year, seq);
    return rc;
}
