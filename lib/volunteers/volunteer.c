/* Volunteers: add with a gap-free number and a data key, read, list (keyset paged), pipeline
 * status, personal data. The postcode derives the area and is then kept only as blind
 * indexes (for the pairing rule), never as a value. */
#include "bb/volunteer.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "keys/vault.h"
#include "fields/personal.h"
#include "fields/fields.h"
#include "org/org.h"
#include "volunteers/pipeline.h"
#include "volunteers/volunteer-row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bb_volunteer__from_row(const PGresult *res, int r, bb_volunteer *v)
{
#define V(i) PQgetvalue(res, r, i)
    memset(v, 0, sizeof *v);
    bb_fields__copy(v->id, sizeof v->id, V(0));
    bb_fields__format_volunteer_number(v->number, atoi(V(1)));
    bb_fields__copy(v->area, sizeof v->area, V(2));
    bb_fields__copy(v->status, sizeof v->status, V(3));
    bb_fields__copy(v->status_since, sizeof v->status_since, V(4));
    v->capacity = atoi(V(5));
    bb_fields__split_keys(V(6), v->types, BB_TYPES_MAX, &v->n_types);
    v->version = atoll(V(7));
    bb_fields__copy(v->created_at, sizeof v->created_at, V(8));
    bb_fields__copy(v->resume, sizeof v->resume, V(9));
#undef V
}

int bb_volunteer__one_row(bb_ctx *ctx, const PGresult *res, const char *what, bb_volunteer **out)
{
    if (PQntuples(res) == 0)
        return bb_ctx__fail(ctx, BB_ENOTFOUND, _("volunteer: no volunteer %s"), what);
    if ((*out = malloc(sizeof **out)) == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    bb_volunteer__from_row(res, 0, *out);
    return BB_OK;
}

void bb_volunteer_free(bb_volunteer *v)
{
    free(v);
}

struct add {
    const char *org;
    const bb_volunteer_new *in;
    char id[BB_UUID_SIZE], since[BB_DATE_SIZE], capacity[16];
    char area[BB_AREA_SIZE];
    char types[BB_TYPES_MAX * BB_KEY_SIZE + 4];
    char pc[8]; /* the canonical postcode: indexed, never stored */
    int postcode;
    int start;                                     /* the start status on the pipeline */
    char dates[BB_VOLUNTEER__STEPS][BB_DATE_SIZE]; /* of the steps before it */
    bb_volunteer *row;
    bool raced;
};

/* The personal input: name (required), phone, e-mail, postcode (required), house number. */
static int check_personal(bb_ctx *ctx, const bb_volunteer_new *in, struct add *a)
{
    int rc = bb_pd__check_name(ctx, "name", in->name, BB_NAME_MAX);

    if (rc == BB_OK)
        rc = bb_pd__check_phone(ctx, "phone", in->phone);
    if (rc == BB_OK)
        rc = bb_pd__check_email(ctx, "email", in->email);
    if (rc == BB_OK)
        rc = bb_pd__check_postcode(ctx, "postcode", in->postcode, a->pc, &a->postcode);
    if (rc == BB_OK)
        rc = bb_pd__check_house_number(ctx, "number", in->house_number);
    return rc;
}

/* Encrypts the volunteer's name and contact details and indexes where they live. */
static int write_personal(bb_ctx *ctx, const char *key, struct add *a)
{
    const bb_volunteer_new *in = a->in;
    int rc = bb_pd__put(ctx, key, "volunteer", a->id, "name", in->name);

    if (rc == BB_OK)
        rc = bb_pd__put(ctx, key, "volunteer", a->id, "phone", in->phone);
    if (rc == BB_OK)
        rc = bb_pd__put(ctx, key, "volunteer", a->id, "email", in->email);
    if (rc == BB_OK)
        rc = bb_pd__index(ctx, key, "volunteer", a->id, "postcode", BB_PD_POSTCODE, a->pc, NULL);
    if (rc == BB_OK && in->house_number != NULL)
        rc = bb_pd__index(ctx, key, "volunteer", a->id, "address", BB_PD_ADDRESS, a->pc,
                          in->house_number);
    return rc;
}

static int check_add(bb_ctx *ctx, const bb_volunteer_new *in, struct add *a)
{
    int rc = bb_fields__uuid(ctx, in->id, a->id);

    if (rc == BB_OK)
        rc = check_personal(ctx, in, a);
    if (rc == BB_OK && in->area != NULL)
        rc = bb_fields__text(ctx, "area", in->area, BB_AREA_MAX);
    if (rc == BB_OK && (in->capacity < -1 || in->capacity > BB_CAPACITY_MAX))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("capacity: %d is not between 0 and %d"), in->capacity,
                          BB_CAPACITY_MAX);
    if (rc == BB_OK && in->status != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_VOLUNTEER_STATUS, in->status);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "since", in->since, true, a->since);
    if (rc == BB_OK)
        rc = bb_volunteer__check_steps(ctx, in, a->since, a->dates);
    a->start = bb_volunteer__index(in->status);
    if (rc == BB_OK)
        rc = bb_fields__keys(ctx, BB_VOCAB_CONFLICT_TYPE, in->types, in->n_types, true, a->types,
                             sizeof a->types);
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "volunteer");
    snprintf(a->capacity, sizeof a->capacity, "%d", in->capacity < 0 ? 2 : in->capacity);
    return rc;
}

/* The area chosen (it must exist) or derived from the postcode ("" when none matches). */
static int resolve_area(bb_ctx *ctx, struct add *a)
{
    if (a->in->area == NULL)
        return bb_fields__area_for(ctx, a->org, a->postcode, a->area, sizeof a->area);
    bb_fields__copy(a->area, sizeof a->area, a->in->area);
    return bb_fields__area_exists(ctx, a->org, a->area);
}

static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add *a = arg;
    char key[BB_UUID_SIZE];
    /* It starts as aangemeld; a later start status is walked to, step by step. */
    const char *p[8] = {a->org,      a->id,    NULL, "aangemeld", a->start ? a->dates[0] : a->since,
                        a->capacity, a->types, key};
    PGresult *res = NULL;
    int rc;

    bb_volunteer_free(a->row); /* from an attempt that was rolled back */
    a->row = NULL;
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_VOLUNTEER_COLS ", v.org_id = $2 FROM volunteer v"
                     " WHERE v.id = $1",
                     2, (const char *[]){a->id, a->org});

    if (rc == BB_OK && PQntuples(res) > 0 && *PQgetvalue(res, 0, BB_VOLUNTEER_NCOLS) != 't')
        rc = bb_ctx__fail(ctx, BB_EEXISTS, _("id: %s belongs to another organisation"), a->id);
    else if (rc == BB_OK && PQntuples(res) > 0)
        rc = bb_volunteer__one_row(ctx, res, a->id,
                                   &a->row); /* a retry of a create that went through */
    PQclear(res);
    res = NULL;
    if (rc != BB_OK || a->row != NULL || (rc = resolve_area(ctx, a)) != BB_OK ||
        (rc = bb_vault__new_data_key(ctx, key)) != BB_OK)
        return rc;
    p[2] = a->area[0] ? a->area : NULL;
    rc = bb_db__exec(ctx, &res,
                     "WITH n AS (INSERT INTO number_counter (org_id, series, last)"
                     " VALUES ($1, 'volunteer', 1) ON CONFLICT (org_id, series)"
                     " DO UPDATE SET last = number_counter.last + 1 RETURNING last)"
                     " INSERT INTO volunteer AS v (id, org_id, number, area, status, status_since,"
                     " capacity, preferred_types, data_key_id)"
                     " SELECT $2, $1, n.last, $3, $4, $5, $6, $7::text[], $8 FROM n"
                     " ON CONFLICT (id) DO NOTHING RETURNING " BB_VOLUNTEER_COLS,
                     8, p);
    if (rc == BB_OK && PQntuples(res) == 0) {
        a->raced = true;
        rc = BB_EEXISTS; /* give the number back; the winner is read after the rollback */
    } else if (rc == BB_OK && a->start > 0) {
        rc = bb_volunteer__walk(ctx, a->id, a->start, a->dates, a->since);
        PQclear(res);
        res = NULL;
        if (rc == BB_OK)
            rc = bb_db__exec(ctx, &res,
                             "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v WHERE v.id = $1", 1,
                             (const char *[]){a->id});
    }
    if (rc == BB_OK)
        rc = bb_volunteer__one_row(ctx, res, a->id, &a->row);
    PQclear(res);
    return rc == BB_OK ? write_personal(ctx, key, a) : rc;
}

/* Reads the one volunteer that sql (BB_VOLUNTEER_COLS of volunteer v, two parameters) selects. */
static int get_one(bb_ctx *ctx, const char *sql, const char *const *p, const char *what,
                   bb_volunteer **out)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, sql, 2, p);

    if (rc == BB_OK)
        rc = bb_volunteer__one_row(ctx, res, what, out);
    PQclear(res);
    return rc;
}

int bb_volunteer_add(bb_ctx *ctx, const bb_volunteer_new *in, bb_volunteer **out)
{
    struct add a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = check_add(ctx, in, &a);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", add_txn, &a);
    if (rc == BB_EEXISTS && a.raced) {
        bb_ctx__clear(ctx);
        rc = get_one(
            ctx, "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v WHERE v.id = $1 AND v.org_id = $2",
            (const char *[]){a.id, a.org}, a.id, &a.row);
    }
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_volunteer_free(a.row);
    return rc;
}

int bb_volunteer_get(bb_ctx *ctx, const char *number, bb_volunteer **out)
{
    char num[16];
    const char *org;
    int rc, n;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_fields__volunteer_number(ctx, "volunteer", number, &n);
    if (rc != BB_OK)
        return rc;
    snprintf(num, sizeof num, "%d", n);
    return get_one(
        ctx, "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v WHERE v.org_id = $1 AND v.number = $2",
        (const char *[]){org, num}, number, out);
}

static int check_vfilter(bb_ctx *ctx, const bb_volunteer_filter *f, int *after, int *limit)
{
    int rc = BB_OK;

    *after = 0;
    if (f->status != NULL)
        rc = bb_fields__key(ctx, BB_VOCAB_VOLUNTEER_STATUS, f->status);
    if (rc == BB_OK && f->area != NULL)
        rc = bb_fields__text(ctx, "area", f->area, BB_AREA_MAX);
    if (rc == BB_OK && f->after != NULL)
        rc = bb_fields__volunteer_number(ctx, "after", f->after, after);
    if (rc == BB_OK)
        rc = bb_fields__limit(ctx, f->limit, limit);
    return rc;
}

static int fill_vlist(bb_ctx *ctx, const PGresult *res, int page, bb_volunteer_list **out)
{
    int n = PQntuples(res) > page ? page : PQntuples(res);
    bb_volunteer_list *l = calloc(1, sizeof *l);

    if (l == NULL || (l->items = calloc((size_t)n + 1, sizeof *l->items)) == NULL) {
        free(l);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (int r = 0; r < n; r++)
        bb_volunteer__from_row(res, r, &l->items[r]);
    l->n = (size_t)n;
    if (PQntuples(res) > page)
        memcpy(l->next, l->items[n - 1].number, sizeof l->next);
    *out = l;
    return BB_OK;
}

int bb_volunteer_list_get(bb_ctx *ctx, const bb_volunteer_filter *f, bb_volunteer_list **out)
{
    static const bb_volunteer_filter none = {0};
    char after[16], limit[16];
    const char *p[5] = {NULL, NULL, NULL, after, limit};
    PGresult *res = NULL;
    int rc, a, n;

    bb_ctx__clear(ctx);
    *out = NULL;
    if (f == NULL)
        f = &none;
    rc = bb_ctx__org(ctx, &p[0]);
    if (rc == BB_OK)
        rc = check_vfilter(ctx, f, &a, &n);
    if (rc != BB_OK)
        return rc;
    p[1] = f->status;
    p[2] = f->area;
    snprintf(after, sizeof after, "%d", a);
    snprintf(limit, sizeof limit, "%d", n + 1);
    rc = bb_db__exec(ctx, &res,
                     "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v WHERE v.org_id = $1"
                     " AND ($2::text IS NULL OR v.status = $2)"
                     " AND ($3::text IS NULL OR v.area = $3)"
                     " AND v.number > $4::int ORDER BY v.number LIMIT $5",
                     5, p);
    if (rc == BB_OK)
        rc = fill_vlist(ctx, res, n, out);
    PQclear(res);
    return rc;
}

void bb_volunteer_list_free(bb_volunteer_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

struct set_status {
    const char *org, *status, *number;
    char num[16], since[BB_DATE_SIZE];
    long long expected;
    bb_volunteer *row;
};

/* Locks the volunteer, checks version and dates, then writes the new status. */
static int status_txn(bb_ctx *ctx, void *arg)
{
    struct set_status *s = arg;
    bb_volunteer *cur = NULL;
    char ver[24], what[64];
    PGresult *res = NULL;
    int rc = get_one(ctx,
                     "SELECT " BB_VOLUNTEER_COLS " FROM volunteer v"
                     " WHERE v.org_id = $1 AND v.number = $2 FOR UPDATE",
                     (const char *[]){s->org, s->num}, s->number, &cur);

    if (rc != BB_OK)
        goto done;
    snprintf(what, sizeof what, _("volunteer %s"), cur->number);
    if (cur->version != s->expected)
        rc = bb_fields__conflict(ctx, "volunteer", cur->id, what, s->expected, cur->version);
    else if (strcmp(cur->status, s->status) == 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("status: %s is '%s' already"), what, s->status);
    else if (!bb_volunteer_step_allowed(cur->status, s->status, cur->resume))
        rc = bb_volunteer__refusal(ctx, cur, s->status);
    else if (strcmp(s->since, cur->status_since) < 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("since: %s is before the current status began (%s)"),
                          s->since, cur->status_since);
    if (rc != BB_OK)
        goto done;
    snprintf(ver, sizeof ver, "%lld", s->expected);
    rc = bb_db__exec(ctx, &res,
                     "UPDATE volunteer AS v SET status = $3, status_since = $4"
                     " WHERE v.id = $1 AND v.version = $2::int RETURNING " BB_VOLUNTEER_COLS,
                     4, (const char *[]){cur->id, ver, s->status, s->since});
    if (rc == BB_OK)
        rc = bb_volunteer__one_row(ctx, res, cur->number, &s->row);
done:
    PQclear(res);
    bb_volunteer_free(cur);
    return rc;
}

int bb_volunteer_set_status(bb_ctx *ctx, const char *number, long long expected_version,
                            const char *status, const char *since, bb_volunteer **out)
{
    struct set_status s = {.status = status, .number = number, .expected = expected_version};
    int rc, n;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &s.org);
    if (rc == BB_OK)
        rc = bb_fields__volunteer_number(ctx, "volunteer", number, &n);
    if (rc == BB_OK)
        rc = bb_fields__key(ctx, BB_VOCAB_VOLUNTEER_STATUS, status);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "since", since, true, s.since);
    if (rc == BB_OK && expected_version < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          expected_version);
    if (rc != BB_OK)
        return rc;
    snprintf(s.num, sizeof s.num, "%d", n);
    rc = bb_db__txn(ctx, "READ COMMITTED", status_txn, &s);
    if (rc == BB_OK && out != NULL)
        *out = s.row;
    else
        bb_volunteer_free(s.row);
    return rc;
}

void bb_volunteer_contact_free(bb_volunteer_contact *c)
{
    if (c == NULL)
        return;
    bb_pd__free(c->name);
    bb_pd__free(c->phone);
    bb_pd__free(c->email);
    free(c);
}

int bb_volunteer_name_get(bb_ctx *ctx, const char *number, bb_volunteer_contact **out)
{
    bb_volunteer *v = NULL;
    bb_volunteer_contact *c = NULL;
    int rc = bb_pd__unlocked(ctx, "volunteer");

    *out = NULL;
    if (rc == BB_OK)
        rc = bb_volunteer_get(ctx, number, &v);
    if (rc == BB_OK && (c = calloc(1, sizeof *c)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK)
        rc = bb_pd__get(ctx, "volunteer", v->id, "name", &c->name);
    if (rc == BB_OK) {
        *out = c;
        c = NULL;
    }
    bb_volunteer_contact_free(c);
    bb_volunteer_free(v);
    return rc;
}

int bb_volunteer_contact_get(bb_ctx *ctx, const char *number, bb_volunteer_contact **out)
{
    bb_volunteer *v = NULL;
    bb_volunteer_contact *c = NULL;
    int rc = bb_volunteer_get(ctx, number, &v);

    *out = NULL;
    if (rc == BB_OK)
        rc = bb_pd__unlocked(ctx, "volunteer");
    if (rc == BB_OK && (c = calloc(1, sizeof *c)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK)
        rc = bb_pd__get(ctx, "volunteer", v->id, "name", &c->name);
    if (rc == BB_OK)
        rc = bb_pd__get(ctx, "volunteer", v->id, "phone", &c->phone);
    if (rc == BB_OK)
        rc = bb_pd__get(ctx, "volunteer", v->id, "email", &c->email);
    if (rc == BB_OK) {
        *out = c;
        c = NULL;
    }
    bb_volunteer_contact_free(c);
    bb_volunteer_free(v);
    return rc;
}
