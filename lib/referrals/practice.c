/* Practices of professional mediation: names, a history of hourly rates, yearly budgets. */
#include "bb/referral.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "referrals/referrals.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns practice_from_row reads; $1 org, $2 the rate's day, $3 the year. */
#define PRACTICE_SELECT                                                                            \
    "SELECT p.id, p.name, coalesce(r.rate_cents, -1),"                                             \
    " coalesce(to_char(r.valid_from, 'YYYY-MM-DD'), ''), $3::int,"                                 \
    " coalesce(b.amount_cents, -1), coalesce(b.version, 0), f.n, f.q, f.c, p.version"              \
    " FROM practice p"                                                                             \
    " LEFT JOIN LATERAL (SELECT rate_cents, valid_from FROM practice_rate"                         \
    "  WHERE practice_id = p.id AND valid_from <= $2::date"                                        \
    "  ORDER BY valid_from DESC LIMIT 1) r ON true"                                                \
    " LEFT JOIN practice_budget b ON b.practice_id = p.id AND b.year = $3::int"                    \
    " CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(hours * 4), 0)::int AS q,"            \
    "  coalesce(sum(cost_cents), 0) AS c FROM referral"                                            \
    "  WHERE practice_id = p.id AND referred_on >= make_date($3::int, 1, 1)"                       \
    "  AND referred_on < make_date($3::int + 1, 1, 1)) f"                                          \
    " WHERE p.org_id = $1"

static void practice_from_row(const PGresult *res, int r, bb_practice *p)
{
#define V(i) PQgetvalue(res, r, i)
    memset(p, 0, sizeof *p);
    bb_fields__copy(p->id, sizeof p->id, V(0));
    bb_fields__copy(p->name, sizeof p->name, V(1));
    p->rate_cents = atoi(V(2));
    bb_fields__copy(p->rate_from, sizeof p->rate_from, V(3));
    p->year = atoi(V(4));
    p->budget_cents = atoll(V(5));
    p->budget_version = atoll(V(6));
    p->referrals = atol(V(7));
    p->hours_quarters = atoi(V(8));
    p->cost_cents = atoll(V(9));
    p->version = atoll(V(10));
#undef V
}

void bb_practice_free(bb_practice *p)
{
    free(p);
}

void bb_practice_list_free(bb_practice_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

/* Runs PRACTICE_SELECT for year (0: this year), for one practice when name is not NULL. */
static int select_practices(bb_ctx *ctx, int year, const char *name, PGresult **res)
{
    char today[BB_DATE_SIZE], y[16];
    const char *org, *p[4] = {NULL, today, y, name};
    int rc = bb_ctx__org(ctx, &org);

    if (rc != BB_OK)
        return rc;
    if (year != 0 && (year < 2000 || year > 2999))
        return bb_ctx__fail(ctx, BB_EINVAL, _("year: %d is not between 2000 and 2999"), year);
    p[0] = org;
    bb_fields__today(today);
    snprintf(y, sizeof y, "%.4s", today);
    if (year != 0)
        snprintf(y, sizeof y, "%d", year);
    return bb_db__exec(ctx, res,
                       name ? PRACTICE_SELECT " AND p.name = $4"
                            : PRACTICE_SELECT " ORDER BY p.name, p.id",
                       name ? 4 : 3, p);
}

int bb_practice_list_get(bb_ctx *ctx, int year, bb_practice_list **out)
{
    PGresult *res = NULL;
    bb_practice_list *l = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = select_practices(ctx, year, NULL, &res);
    if (rc != BB_OK)
        goto done;
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->items = calloc((size_t)PQntuples(res) + 1, sizeof *l->items)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    for (int r = 0; r < PQntuples(res); r++)
        practice_from_row(res, r, &l->items[l->n++]);
    *out = l;
    l = NULL;
done:
    bb_practice_list_free(l);
    PQclear(res);
    return rc;
}

/* Reads practice name (this year's figures) into a new *out; BB_ENOTFOUND when unknown. */
static int get_one(bb_ctx *ctx, const char *name, bb_practice **out)
{
    PGresult *res = NULL;
    char q[200];
    int rc = select_practices(ctx, 0, name, &res);

    if (rc == BB_OK && PQntuples(res) == 0) {
        bb_fields__quote(name, q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("practice: no practice '%s'"), q);
    } else if (rc == BB_OK && (*out = malloc(sizeof **out)) == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    } else if (rc == BB_OK) {
        practice_from_row(res, 0, *out);
    }
    PQclear(res);
    return rc;
}

int bb_practice_get(bb_ctx *ctx, const char *name, bb_practice **out)
{
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_fields__text(ctx, "practice", name, BB_PRACTICE_MAX);
    return rc == BB_OK ? get_one(ctx, name, out) : rc;
}

struct add {
    const char *org;
    const bb_practice_new *in;
    char id[BB_UUID_SIZE], from[BB_DATE_SIZE], cents[24];
    char found_name[BB_PRACTICE_SIZE]; /* the practice of a known id */
};

/* Adds the practice and its first rate, unless one with this id exists: the earlier attempt
 * of a retried add, which is then returned. */
static int add_txn(bb_ctx *ctx, void *arg)
{
    struct add *a = arg;
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT org_id, name FROM practice WHERE id = $1", 1,
                         (const char *[]){a->id});

    if (rc == BB_OK && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), a->org) != 0)
        rc = bb_ctx__fail(ctx, BB_EEXISTS, _("id: %s belongs to another organisation"), a->id);
    else if (rc == BB_OK && PQntuples(res) == 1)
        bb_fields__copy(a->found_name, sizeof a->found_name, PQgetvalue(res, 0, 1));
    PQclear(res);
    if (rc != BB_OK || *a->found_name)
        return rc;
    rc = bb_db__exec(ctx, &res, "SELECT 1 FROM practice WHERE org_id = $1 AND name = $2", 2,
                     (const char *[]){a->org, a->in->name});
    if (rc == BB_OK && PQntuples(res) > 0)
        rc =
            bb_ctx__fail(ctx, BB_EEXISTS, _("name: there is a practice '%s' already"), a->in->name);
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "INSERT INTO practice (id, org_id, name) VALUES ($1, $2, $3)", 3,
                        (const char *[]){a->id, a->org, a->in->name});
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO practice_rate (org_id, practice_id, valid_from, rate_cents)"
                        " VALUES ($1, $2, $3, $4)",
                        4, (const char *[]){a->org, a->id, a->from, a->cents});
    return rc;
}

int bb_practice_add(bb_ctx *ctx, const bb_practice_new *in, bb_practice **out)
{
    struct add a = {.in = in};
    long long cents = 0;
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__uuid(ctx, in->id, a.id);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "name", in->name, BB_PRACTICE_MAX);
    if (rc == BB_OK)
        rc = bb_fields__euros(ctx, "rate", in->rate, BB_RATE_MAX_CENTS, &cents);
    if (rc == BB_OK && in->rate_from != NULL)
        rc = bb_fields__any_date(ctx, "from", in->rate_from, a.from);
    if (rc != BB_OK)
        return rc;
    if (in->rate_from == NULL)
        snprintf(a.from, sizeof a.from, "2000-01-01"); /* the first rate holds for every date */
    snprintf(a.cents, sizeof a.cents, "%lld", cents);
    rc = bb_db__txn(ctx, "READ COMMITTED", add_txn, &a);
    if (rc == BB_OK && out != NULL)
        rc = get_one(ctx, *a.found_name ? a.found_name : in->name, out);
    return rc;
}

struct change {
    const char *org, *name;
    char from[BB_DATE_SIZE], cents[24], year[16], version[24];
    long long expected;
    char practice_id[BB_UUID_SIZE];
};

/* The practice's id, its row locked so concurrent changes of one practice queue. */
static int lock_practice(bb_ctx *ctx, struct change *c)
{
    PGresult *res = NULL;
    char q[200];
    int rc =
        bb_db__exec(ctx, &res, "SELECT id FROM practice WHERE org_id = $1 AND name = $2 FOR UPDATE",
                    2, (const char *[]){c->org, c->name});

    if (rc == BB_OK && PQntuples(res) == 0) {
        bb_fields__quote(c->name, q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("practice: no practice '%s'"), q);
    } else if (rc == BB_OK) {
        bb_fields__copy(c->practice_id, sizeof c->practice_id, PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return rc;
}

static int rate_txn(bb_ctx *ctx, void *arg)
{
    struct change *c = arg;
    PGresult *res = NULL;
    int rc = lock_practice(ctx, c);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT rate_cents FROM practice_rate"
                         " WHERE practice_id = $1 AND valid_from = $2",
                         2, (const char *[]){c->practice_id, c->from});
    if (rc == BB_OK && PQntuples(res) > 0)
        rc = bb_ctx__fail(ctx, BB_EEXISTS,
                          _("from: practice '%s' has a rate from %s already (%s cents); rates "
                            "are a history: add one from another date"),
                          c->name, c->from, PQgetvalue(res, 0, 0));
    PQclear(res);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO practice_rate (org_id, practice_id, valid_from, rate_cents)"
                        " VALUES ($1, $2, $3, $4)",
                        4, (const char *[]){c->org, c->practice_id, c->from, c->cents});
    return rc;
}

int bb_practice_set_rate(bb_ctx *ctx, const char *name, const char *rate, const char *from)
{
    struct change c = {.name = name};
    long long cents = 0;
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_ctx__org(ctx, &c.org);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "practice", name, BB_PRACTICE_MAX);
    if (rc == BB_OK)
        rc = bb_fields__euros(ctx, "rate", rate, BB_RATE_MAX_CENTS, &cents);
    if (rc == BB_OK && from != NULL)
        rc = bb_fields__any_date(ctx, "from", from, c.from); /* a rise may be known ahead */
    else if (rc == BB_OK)
        bb_fields__today(c.from);
    if (rc != BB_OK)
        return rc;
    snprintf(c.cents, sizeof c.cents, "%lld", cents);
    return bb_db__txn(ctx, "READ COMMITTED", rate_txn, &c);
}

static int budget_txn(bb_ctx *ctx, void *arg)
{
    struct change *c = arg;
    PGresult *res = NULL;
    char what[BB_PRACTICE_SIZE + 64];
    int rc = lock_practice(ctx, c);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT id, version FROM practice_budget"
                         " WHERE practice_id = $1 AND year = $2",
                         2, (const char *[]){c->practice_id, c->year});
    if (rc != BB_OK)
        goto done;
    snprintf(what, sizeof what, _("the budget %s of practice '%s'"), c->year, c->name);
    if (PQntuples(res) == 0 && c->expected != 0)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT, _("%s is not set (any more): reload it and try again"),
                          what);
    else if (PQntuples(res) > 0 && c->expected == 0)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT,
                          _("%s was set by someone else meanwhile (now version %s): reload it "
                            "and try again"),
                          what, PQgetvalue(res, 0, 1));
    else if (PQntuples(res) > 0 && atoll(PQgetvalue(res, 0, 1)) != c->expected)
        rc = bb_fields__conflict(ctx, "practice_budget", PQgetvalue(res, 0, 0), what, c->expected,
                                 atoll(PQgetvalue(res, 0, 1)));
    else if (PQntuples(res) > 0)
        rc = bb_db__cmd(ctx, "UPDATE practice_budget SET amount_cents = $2 WHERE id = $1", 2,
                        (const char *[]){PQgetvalue(res, 0, 0), c->cents});
    else
        rc = bb_db__cmd(ctx,
                        "INSERT INTO practice_budget (org_id, practice_id, year, amount_cents)"
                        " VALUES ($1, $2, $3, $4)",
                        4, (const char *[]){c->org, c->practice_id, c->year, c->cents});
done:
    PQclear(res);
    return rc;
}

int bb_practice_set_budget(bb_ctx *ctx, const char *name, int year, const char *amount,
                           long long expected_version)
{
    struct change c = {.name = name, .expected = expected_version};
    long long cents = 0;
    int rc;

    bb_ctx__clear(ctx);
    rc = bb_ctx__org(ctx, &c.org);
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "practice", name, BB_PRACTICE_MAX);
    if (rc == BB_OK && (year < 2000 || year > 2999))
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("year: %d is not between 2000 and 2999"), year);
    if (rc == BB_OK)
        rc = bb_fields__euros(ctx, "amount", amount, BB_BUDGET_MAX_CENTS, &cents);
    if (rc == BB_OK && expected_version < 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (0 or more)"),
                          expected_version);
    if (rc != BB_OK)
        return rc;
    snprintf(c.cents, sizeof c.cents, "%lld", cents);
    snprintf(c.year, sizeof c.year, "%d", year);
    return bb_db__txn(ctx, "READ COMMITTED", budget_txn, &c);
}

int bb_referral_budget_get(bb_ctx *ctx, const char *referral_id, bb_budget_use *out)
{
    PGresult *res = NULL;
    const char *org = NULL;
    char id[BB_UUID_SIZE];
    int rc;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if (referral_id == NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("referral: missing"));
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = bb_fields__uuid(ctx, referral_id, id);
    if (rc == BB_OK)
        rc = bb_db__exec(
            ctx, &res,
            "SELECT y.year, coalesce(b.amount_cents, -1), (SELECT coalesce(sum(o.cost_cents), 0)"
            " FROM referral o WHERE o.practice_id = r.practice_id"
            " AND o.referred_on >= make_date(y.year, 1, 1)"
            " AND o.referred_on < make_date(y.year + 1, 1, 1))"
            " FROM referral r CROSS JOIN LATERAL (SELECT extract(year FROM r.referred_on)::int"
            "  AS year) y"
            " LEFT JOIN practice_budget b ON b.practice_id = r.practice_id AND b.year = y.year"
            " WHERE r.id = $1 AND r.org_id = $2",
            2, (const char *[]){id, org});
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("referral: no referral %s"), id);
    if (rc == BB_OK) {
        out->year = atoi(PQgetvalue(res, 0, 0));
        out->budget_cents = atoll(PQgetvalue(res, 0, 1));
        out->cost_cents = atoll(PQgetvalue(res, 0, 2));
    }
    PQclear(res);
    return rc;
}
