/* Referrals of cases to professional mediation: create (moving the case to doorverwezen),
 * update hours and status, close; cost = hours x the rate copied at the referral's date. */
#include "bb/referral.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "referrals/referrals.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const reasons[] = {
    "escalatie",     "complex",    "vastgelopen", "familie",       "agressie", "bedreiging",
    "criminaliteit", "verslaving", "psychisch",   "discriminatie", "overig",   NULL,
};
static const char *const statuses[] = {"aangevraagd", "lopend", "afgerond", "geannuleerd", NULL};

const char *const *bb_referral_reasons(void)
{
    return reasons;
}

const char *const *bb_referral_statuses(void)
{
    return statuses;
}

/* The columns referral_from_row reads, and the joins they need. */
#define REFERRAL_SELECT                                                                            \
    "SELECT r.id, c.year, c.seq, r.seq, p.name, coalesce(r.mediator, ''), r.reason,"               \
    " to_char(r.referred_on, 'YYYY-MM-DD'), r.status, (r.hours * 4)::int, r.rate_cents,"           \
    " r.cost_cents, coalesce(r.outcome, ''), coalesce(to_char(r.closed_on, 'YYYY-MM-DD'), ''),"    \
    " r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"      \
    " to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"                  \
    " FROM referral r JOIN bb_case c ON c.id = r.case_id JOIN practice p ON p.id = r.practice_id"

static void referral_from_row(const PGresult *res, int r, bb_referral *x)
{
#define V(i) PQgetvalue(res, r, i)
    memset(x, 0, sizeof *x);
    bb_fields__copy(x->id, sizeof x->id, V(0));
    bb_fields__format_case_number(x->case_number, atoi(V(1)), atoi(V(2)));
    x->seq = atoi(V(3));
    bb_fields__copy(x->practice, sizeof x->practice, V(4));
    bb_fields__copy(x->mediator, sizeof x->mediator, V(5));
    bb_fields__copy(x->reason, sizeof x->reason, V(6));
    bb_fields__copy(x->referred_on, sizeof x->referred_on, V(7));
    bb_fields__copy(x->status, sizeof x->status, V(8));
    x->hours_quarters = atoi(V(9));
    x->rate_cents = atoi(V(10));
    x->cost_cents = atoll(V(11));
    bb_fields__copy(x->outcome, sizeof x->outcome, V(12));
    bb_fields__copy(x->closed_on, sizeof x->closed_on, V(13));
    x->version = atoll(V(14));
    bb_fields__copy(x->created_at, sizeof x->created_at, V(15));
    bb_fields__copy(x->updated_at, sizeof x->updated_at, V(16));
#undef V
}

void bb_referral_free(bb_referral *r)
{
    free(r);
}

/* Reads the referral with this id into a new *out; BB_ENOTFOUND (quietly for a first try)
 * when the organisation has none. */
static int read_back(bb_ctx *ctx, const char *org, const char *id, bb_referral **out)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, REFERRAL_SELECT " WHERE r.id = $1 AND r.org_id = $2", 2,
                         (const char *[]){id, org});

    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("id: no referral %s"), id);
    else if (rc == BB_OK && (*out = malloc(sizeof **out)) == NULL)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    else if (rc == BB_OK)
        referral_from_row(res, 0, *out);
    PQclear(res);
    return rc;
}

struct create {
    const char *org;
    const bb_referral_new *in;
    char id[BB_UUID_SIZE], date[BB_DATE_SIZE];
    char practice_id[BB_UUID_SIZE], rate[16];
    bb_case_ref c;
    bb_referral *row;
};

/* The practice's id and its rate on the referral's date. */
static int practice_rate(bb_ctx *ctx, struct create *a)
{
    PGresult *res = NULL;
    char q[200];
    int rc = bb_db__exec(ctx, &res,
                         "SELECT p.id, (SELECT rate_cents FROM practice_rate"
                         " WHERE practice_id = p.id AND valid_from <= $3::date"
                         " ORDER BY valid_from DESC LIMIT 1),"
                         " (SELECT to_char(min(valid_from), 'YYYY-MM-DD') FROM practice_rate"
                         " WHERE practice_id = p.id)"
                         " FROM practice p WHERE p.org_id = $1 AND p.name = $2",
                         3, (const char *[]){a->org, a->in->practice, a->date});

    bb_fields__quote(a->in->practice, q, sizeof q);
    if (rc == BB_OK && PQntuples(res) == 0)
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("practice: no practice '%s'"), q);
    else if (rc == BB_OK && PQgetisnull(res, 0, 1))
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("practice: '%s' has no hourly rate on %s (its first is from %s)"), q,
                          a->date, PQgetvalue(res, 0, 2));
    if (rc == BB_OK) {
        bb_fields__copy(a->practice_id, sizeof a->practice_id, PQgetvalue(res, 0, 0));
        bb_fields__copy(a->rate, sizeof a->rate, PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return rc;
}

/* The case may be referred: from intake or lopend (or doorverwezen already), no open
 * referral, and the date not before the report. */
static int check_case(bb_ctx *ctx, struct create *a)
{
    PGresult *res = NULL;
    int rc = BB_OK;

    if (strcmp(a->c.status, "doorverwezen") != 0 && !bb_case_can_move(a->c.status, "doorverwezen"))
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("case: %s is '%s'; a case is referred from intake or lopend"),
                            a->c.number, a->c.status);
    if (strcmp(a->date, a->c.reported_on) < 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the report (%s)"), a->date,
                            a->c.reported_on);
    rc = bb_db__exec(ctx, &res,
                     "SELECT seq, status FROM referral WHERE case_id = $1"
                     " AND status IN ('aangevraagd', 'lopend')",
                     1, (const char *[]){a->c.id});
    if (rc == BB_OK && PQntuples(res) > 0)
        rc = bb_ctx__fail(ctx, BB_EEXISTS,
                          _("case: %s has an open referral already (%s/%s, %s): update or close "
                            "that one"),
                          a->c.number, a->c.number, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
    PQclear(res);
    return rc;
}

static int create_txn(bb_ctx *ctx, void *arg)
{
    struct create *a = arg;
    int rc = read_back(ctx, a->org, a->id, &a->row);

    if (rc != BB_ENOTFOUND)
        return rc; /* found: a retry of a create that went through (or an error) */
    bb_ctx__clear(ctx);
    rc = bb_case__lookup(ctx, a->org, a->in->case_number, true, &a->c);
    if (rc == BB_OK)
        rc = check_case(ctx, a);
    if (rc == BB_OK)
        rc = practice_rate(ctx, a);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO referral (id, org_id, case_id, seq, practice_id, mediator,"
                        " reason, referred_on, rate_cents)"
                        " SELECT $1, $2, $3, coalesce(max(seq), 0) + 1, $4, $5, $6, $7, $8"
                        " FROM referral WHERE case_id = $3",
                        8,
                        (const char *[]){a->id, a->org, a->c.id, a->practice_id, a->in->mediator,
                                         a->in->reason, a->date, a->rate});
    if (rc == BB_OK && strcmp(a->c.status, "doorverwezen") != 0)
        rc = bb_db__cmd(ctx, "UPDATE bb_case SET status = 'doorverwezen' WHERE id = $1", 1,
                        (const char *[]){a->c.id});
    return rc == BB_OK ? read_back(ctx, a->org, a->id, &a->row) : rc;
}

int bb_referral_create(bb_ctx *ctx, const bb_referral_new *in, bb_referral **out)
{
    struct create a = {.in = in};
    int rc;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    rc = bb_ctx__org(ctx, &a.org);
    if (rc == BB_OK)
        rc = bb_fields__uuid(ctx, in->id, a.id);
    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", in->case_number, &(int){0}, &(int){0});
    if (rc == BB_OK)
        rc = bb_fields__text(ctx, "practice", in->practice, BB_PRACTICE_MAX);
    if (rc == BB_OK && in->mediator != NULL)
        rc = bb_fields__text(ctx, "mediator", in->mediator, BB_MEDIATOR_MAX);
    if (rc == BB_OK)
        rc = bb_fields__one_of(ctx, "reason", _("referral reason"), reasons, in->reason);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "date", in->referred_on, true, a.date);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", create_txn, &a);
    if (rc == BB_OK && out != NULL) {
        *out = a.row;
        a.row = NULL;
    }
    bb_referral_free(a.row);
    return rc;
}

enum change_op { OP_UPDATE, OP_CLOSE };

struct change {
    enum change_op op;
    const char *org, *number;
    long long expected;
    const char *status, *mediator, *outcome; /* NULL: keep */
    char hours[16];                          /* "" : keep */
    char closed_on[BB_DATE_SIZE];
    bb_case_ref c;
    bb_referral *row;
};

/* Locks the case's open referral and checks the caller's version and the dates. */
static int lock_open(bb_ctx *ctx, struct change *ch, char id[BB_UUID_SIZE])
{
    PGresult *res = NULL;
    char what[64];
    int rc = bb_case__lookup(ctx, ch->org, ch->number, false, &ch->c);

    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         "SELECT id, seq, version, to_char(referred_on, 'YYYY-MM-DD') FROM referral"
                         " WHERE case_id = $1 AND status IN ('aangevraagd', 'lopend') FOR UPDATE",
                         1, (const char *[]){ch->c.id});
    if (rc == BB_OK && PQntuples(res) == 0) {
        rc = bb_ctx__fail(ctx, BB_ENOTFOUND, _("case: %s has no open referral"), ch->c.number);
    } else if (rc == BB_OK) {
        bb_fields__copy(id, BB_UUID_SIZE, PQgetvalue(res, 0, 0));
        snprintf(what, sizeof what, _("referral %s/%s"), ch->c.number, PQgetvalue(res, 0, 1));
        if (atoll(PQgetvalue(res, 0, 2)) != ch->expected)
            rc = bb_fields__conflict(ctx, "referral", id, what, ch->expected,
                                     atoll(PQgetvalue(res, 0, 2)));
        else if (ch->op == OP_CLOSE && strcmp(ch->closed_on, PQgetvalue(res, 0, 3)) < 0)
            rc = bb_ctx__fail(ctx, BB_EINVAL, _("date: %s is before the referral (%s)"),
                              ch->closed_on, PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    return rc;
}

static int change_txn(bb_ctx *ctx, void *arg)
{
    struct change *ch = arg;
    char id[BB_UUID_SIZE];
    const char *hours = *ch->hours ? ch->hours : NULL;
    int rc = lock_open(ctx, ch, id);

    if (rc == BB_OK && ch->op == OP_UPDATE)
        rc = bb_db__cmd(ctx,
                        "UPDATE referral SET status = coalesce($2, status),"
                        " hours = coalesce($3::numeric / 4, hours),"
                        " mediator = coalesce($4, mediator) WHERE id = $1",
                        4, (const char *[]){id, ch->status, hours, ch->mediator});
    else if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "UPDATE referral SET status = $2, outcome = $3, closed_on = $4,"
                        " hours = coalesce($5::numeric / 4, hours) WHERE id = $1",
                        5,
                        (const char *[]){id, ch->outcome ? "afgerond" : "geannuleerd", ch->outcome,
                                         ch->closed_on, hours});
    return rc == BB_OK ? read_back(ctx, ch->org, id, &ch->row) : rc;
}

/* Common frame of update and close: the case's organisation, the version, one transaction. */
static int run_change(bb_ctx *ctx, struct change *ch, const char *hours, bb_referral **out)
{
    int rc = bb_ctx__org(ctx, &ch->org), quarters = 0;

    if (rc == BB_OK)
        rc = bb_fields__case_number(ctx, "case", ch->number, &(int){0}, &(int){0});
    if (rc == BB_OK && ch->expected < 1)
        rc = bb_ctx__fail(ctx, BB_EINVAL, _("version: %lld is not a version (1 or more)"),
                          ch->expected);
    if (rc == BB_OK && hours != NULL &&
        (rc = bb_fields__hours(ctx, "hours", hours, &quarters)) == BB_OK)
        snprintf(ch->hours, sizeof ch->hours, "%d", quarters);
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "READ COMMITTED", change_txn, ch);
    if (rc == BB_OK && out != NULL) {
        *out = ch->row;
        ch->row = NULL;
    }
    bb_referral_free(ch->row);
    return rc;
}

int bb_referral_update(bb_ctx *ctx, const char *case_number, long long expected_version,
                       const bb_referral_change *in, bb_referral **out)
{
    struct change ch = {.op = OP_UPDATE, .number = case_number, .expected = expected_version};
    int rc = BB_OK;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    if (in->status == NULL && in->hours == NULL && in->mediator == NULL)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("referral: nothing to change"));
    if (rc == BB_OK && in->status != NULL)
        rc = bb_fields__one_of(ctx, "status", _("referral status"), statuses, in->status);
    if (rc == BB_OK && in->status != NULL && strcmp(in->status, "lopend") != 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("status: '%s' is set by closing the referral, not by an update"),
                          in->status);
    if (rc == BB_OK && in->mediator != NULL)
        rc = bb_fields__text(ctx, "mediator", in->mediator, BB_MEDIATOR_MAX);
    if (rc != BB_OK)
        return rc;
    ch.status = in->status;
    ch.mediator = in->mediator;
    return run_change(ctx, &ch, in->hours, out);
}

int bb_referral_close(bb_ctx *ctx, const char *case_number, long long expected_version,
                      const bb_referral_closing *in, bb_referral **out)
{
    struct change ch = {.op = OP_CLOSE, .number = case_number, .expected = expected_version};
    int rc = BB_OK;

    bb_ctx__clear(ctx);
    if (out != NULL)
        *out = NULL;
    if (in->cancelled && in->outcome != NULL)
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("outcome: a cancelled referral has no outcome"));
    else if (!in->cancelled)
        rc = bb_fields__key(ctx, BB_VOCAB_OUTCOME, in->outcome);
    if (rc == BB_OK)
        rc = bb_fields__date(ctx, "date", in->closed_on, true, ch.closed_on);
    if (rc != BB_OK)
        return rc;
    ch.outcome = in->cancelled ? NULL : in->outcome;
    return run_change(ctx, &ch, in->hours, out);
}

void bb_referral_list_free(bb_referral_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    free(list);
}

struct list_params {
    char case_id[BB_UUID_SIZE], year[16], seq[16], rseq[16], limit[16];
    const char *p[8];
    int page;
};

/* The filter as parameters: $2 case id, $3 status, $4 practice, $5..$7 cursor, $8 limit. */
static int check_filter(bb_ctx *ctx, const char *org, const bb_referral_filter *f,
                        struct list_params *lp)
{
    bb_case_ref c;
    int rc = bb_fields__limit(ctx, f->limit, &lp->page), y = 0, s = 0, r = 0, n = 0;
    char q[200];

    if (rc == BB_OK && f->status != NULL)
        rc = bb_fields__one_of(ctx, "status", _("referral status"), statuses, f->status);
    if (rc == BB_OK && f->practice != NULL)
        rc = bb_fields__text(ctx, "practice", f->practice, BB_PRACTICE_MAX);
    if (rc == BB_OK && f->after != NULL &&
        (strlen(f->after) >= BB_NUMBER_SIZE ||
         sscanf(f->after, "BB-%d-%d/%d%n", &y, &s, &r, &n) != 3 || f->after[n] != '\0')) {
        bb_fields__quote(f->after, q, sizeof q);
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("after: '%s' is not a referral (such as "
                            "BB-2024-0007/1)"),
                          q);
    }
    if (rc == BB_OK && f->case_number != NULL &&
        (rc = bb_case__lookup(ctx, org, f->case_number, false, &c)) == BB_OK)
        bb_fields__copy(lp->case_id, sizeof lp->case_id, c.id);
    if (rc != BB_OK)
        return rc;
    snprintf(lp->year, sizeof lp->year, "%d", y);
    snprintf(lp->seq, sizeof lp->seq, "%d", s);
    snprintf(lp->rseq, sizeof lp->rseq, "%d", r);
    snprintf(lp->limit, sizeof lp->limit, "%d", lp->page + 1);
    lp->p[0] = org;
    lp->p[1] = f->case_number ? lp->case_id : NULL;
    lp->p[2] = f->status;
    lp->p[3] = f->practice;
    lp->p[4] = f->after ? lp->year : NULL;
    lp->p[5] = f->after ? lp->seq : NULL;
    lp->p[6] = f->after ? lp->rseq : NULL;
    lp->p[7] = lp->limit;
    return BB_OK;
}

/* Moves the rows of res into a new list; the extra row only sets the cursor. */
static int fill_list(bb_ctx *ctx, const PGresult *res, int page, bb_referral_list **out)
{
    int n = PQntuples(res) > page ? page : PQntuples(res);
    bb_referral_list *l = calloc(1, sizeof *l);

    if (l == NULL || (l->items = calloc((size_t)n + 1, sizeof *l->items)) == NULL) {
        free(l);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    for (int r = 0; r < n; r++)
        referral_from_row(res, r, &l->items[r]);
    l->n = (size_t)n;
    if (PQntuples(res) > page)
        snprintf(l->next, sizeof l->next, "%s/%d", l->items[n - 1].case_number,
                 l->items[n - 1].seq);
    *out = l;
    return BB_OK;
}

int bb_referral_list_get(bb_ctx *ctx, const bb_referral_filter *f, bb_referral_list **out)
{
    static const bb_referral_filter none = {0};
    struct list_params lp = {0};
    const char *org;
    PGresult *res = NULL;
    int rc;

    bb_ctx__clear(ctx);
    *out = NULL;
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = check_filter(ctx, org, f ? f : &none, &lp);
    if (rc == BB_OK)
        rc = bb_db__exec(ctx, &res,
                         /* c.org_id too: the newest cases then come along their index,
                          * and a page costs the same at any depth */
                         REFERRAL_SELECT
                         " WHERE r.org_id = $1 AND c.org_id = $1"
                         " AND ($2::uuid IS NULL OR r.case_id = $2)"
                         " AND ($3::text IS NULL OR r.status = $3)"
                         " AND ($4::text IS NULL OR p.name = $4)"
                         " AND ($5::int IS NULL OR ((c.year, c.seq) <= ($5::int, $6::int)"
                         " AND (c.year, c.seq, r.seq) < ($5::int, $6::int, $7::int)))"
                         " ORDER BY c.year DESC, c.seq DESC, r.seq DESC"
                         " LIMIT $8",
                         8, lp.p);
    if (rc == BB_OK)
        rc = fill_list(ctx, res, lp.page, out);
    PQclear(res);
    return rc;
}
