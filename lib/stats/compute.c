/* Computing the figures: one read-only snapshot, every value from the database's bb_stat_*
 * functions (schema/functions/stats.sql), which also protect what is published. No table is
 * read here, so a login that may only execute those functions can export. */
#include "bb/stats.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"
#include "stats/stats.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const metrics[] = {
    "reports_new",       "cases_closed",           "share_resolved",
    "step_reached",      "lead_time_intake_days",  "lead_time_close_days",
    "open_at_end",       "waiting_intake",         "referrals",
    "referral_hours",    "referral_cost",          "volunteers",
    "followup_improved", "workload_avoided_hours", NULL,
};

/* The unit of each metric; a category named here overrides its metric's unit. */
static const struct {
    const char *metric, *category;
    bb_stats_unit unit;
} units[] = {
    {"share_resolved", NULL, BB_STATS_PERCENT},
    {"followup_improved", NULL, BB_STATS_PERCENT},
    {"lead_time_intake_days", NULL, BB_STATS_DAYS},
    {"lead_time_close_days", NULL, BB_STATS_DAYS},
    {"referral_hours", NULL, BB_STATS_HOURS},
    {"workload_avoided_hours", NULL, BB_STATS_HOURS},
    {"referral_cost", "budget_used_pct", BB_STATS_PERCENT},
    {"referral_cost", NULL, BB_STATS_EURO},
    {"volunteers", "cases_per_active", BB_STATS_AVERAGE},
    {"volunteers", "hours_per_active", BB_STATS_HOURS},
};

const char *const *bb_stats_metrics(void)
{
    return metrics;
}

bb_stats_unit bb_stats_unit_of(const char *metric, const char *category)
{
    for (size_t i = 0; metric != NULL && i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].metric, metric) == 0 &&
            (units[i].category == NULL ||
             (category != NULL && strcmp(units[i].category, category) == 0)))
            return units[i].unit;
    return BB_STATS_COUNT;
}

struct job {
    const bb_stats_options *o;
    const char *k; /* the k asked for as text, NULL for the setting; "-1": the exact figures */
    bb_stats *s;
    size_t cap;
    char first[BB_DATE_SIZE]; /* the first report's day; "" without reports */
};

/* The moment (database clock), the pilot's first day and the parameters. */
static int read_frame(bb_ctx *ctx, struct job *j, const char *org)
{
    const char *p[2] = {org, j->k};
    PGresult *res = NULL;
    bb_stats *s = j->s;
    int rc;

    rc = bb_db__exec(ctx, &res,
                     "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                     " to_char(now() AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI'),"
                     " bb_stat_first_report($1),"
                     " has_table_privilege(session_user, 'bb_case', 'SELECT')",
                     1, p);
    if (rc != BB_OK)
        goto done;
    snprintf(s->computed_at, sizeof s->computed_at, "%s", PQgetvalue(res, 0, 0));
    snprintf(s->computed_local, sizeof s->computed_local, "%s", PQgetvalue(res, 0, 1));
    /* The exact figures when asked for (the database refuses them to whoever may not read
     * the cases), or when left to the login and it may. */
    s->exact = j->o->exact > 0 || (j->o->exact < 0 && strcmp(PQgetvalue(res, 0, 3), "t") == 0);
    if (s->exact)
        j->k = "-1";
    /* The pilot begins with its first report; without any, it is just its last day. */
    if (s->period.kind == BB_STATS_PILOT && !PQgetisnull(res, 0, 2) &&
        strcmp(PQgetvalue(res, 0, 2), s->period.to) > 0) {
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("period: the pilot has no complete quarter yet (its first report "
                            "is of %s; its figures end with the last complete quarter, on %s)"),
                          PQgetvalue(res, 0, 2), s->period.to);
        goto done;
    }
    if (s->period.kind == BB_STATS_PILOT)
        snprintf(s->period.from, sizeof s->period.from, "%s",
                 PQgetisnull(res, 0, 2) ? s->period.to : PQgetvalue(res, 0, 2));
    snprintf(j->first, sizeof j->first, "%s", PQgetisnull(res, 0, 2) ? "" : PQgetvalue(res, 0, 2));
    PQclear(res);
    res = NULL;
    rc = bb_db__exec(ctx, &res, "SELECT key, value FROM bb_stat_parameters($1, $2::integer)", 2, p);
    if (rc != BB_OK)
        goto done;
    s->n_params = 0;
    for (int i = 0; i < PQntuples(res) && s->n_params < BB_STATS_PARAMS_MAX; i++) {
        bb_stats_param *q = &s->params[s->n_params++];
        snprintf(q->key, sizeof q->key, "%s", PQgetvalue(res, i, 0));
        q->value = atoi(PQgetvalue(res, i, 1));
    }
    s->k = bb_stats_param_get(s, "export.k", 5);
    s->min_base = bb_stats_param_get(s, "min_base", 10);
done:
    PQclear(res);
    return rc;
}

static int grow(bb_ctx *ctx, struct job *j, size_t more)
{
    bb_stat_row *rows;
    size_t cap = j->cap ? j->cap : 256;

    while (cap < j->s->n_rows + more)
        cap *= 2;
    if (cap == j->cap)
        return BB_OK;
    rows = realloc(j->s->rows, cap * sizeof *rows);
    if (rows == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    j->s->rows = rows;
    j->cap = cap;
    return BB_OK;
}

/* The database's numeric text ("-12.50") as a double, whatever the process's locale (strtod
 * would stop at the '.' under a Dutch LC_NUMERIC). */
static double number(const char *s)
{
    double v = 0, scale = 1;
    bool neg = *s == '-', frac = false;

    for (s += neg; *s != '\0'; s++) {
        if (*s == '.')
            frac = true;
        else if (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            scale *= frac ? 10 : 1;
        }
    }
    return (neg ? -v : v) / scale;
}

static void fill_row(bb_stat_row *r, const PGresult *res, int i, int previous)
{
    memset(r, 0, sizeof *r);
    r->previous = previous;
    snprintf(r->metric, sizeof r->metric, "%s", PQgetvalue(res, i, 0));
    snprintf(r->dimension, sizeof r->dimension, "%s", PQgetvalue(res, i, 1));
    snprintf(r->category, sizeof r->category, "%s", PQgetvalue(res, i, 2));
    r->suppressed = PQgetisnull(res, i, 3) || strcmp(PQgetvalue(res, i, 4), "t") == 0;
    r->small = r->suppressed && strcmp(PQgetvalue(res, i, 5), "t") == 0;
    if (!r->suppressed) {
        snprintf(r->value, sizeof r->value, "%s", PQgetvalue(res, i, 3));
        r->number = number(r->value);
    }
}

/* The rows of one period, appended. */
static int read_period(bb_ctx *ctx, struct job *j, const char *org, const bb_stats_period *p,
                       int previous)
{
    const char *params[4] = {org, p->from, p->to, j->k};
    PGresult *res = NULL;
    int rc;

    rc = bb_db__exec(ctx, &res,
                     "SELECT metric, dimension, category, value, suppressed, small"
                     " FROM bb_stat_report($1, $2::date, $3::date, $4::integer)",
                     4, params);
    if (rc == BB_OK)
        rc = grow(ctx, j, (size_t)PQntuples(res));
    for (int i = 0; rc == BB_OK && i < PQntuples(res); i++)
        fill_row(&j->s->rows[j->s->n_rows++], res, i, previous);
    PQclear(res);
    return rc;
}

/* The reports per quarter of the pilot up to the period's end: from the first report on (or
 * the period's first day, when that comes first). */
static int read_quarters(bb_ctx *ctx, struct job *j, const char *org)
{
    const bb_stats_period *p = &j->s->period;
    const char *from = j->first[0] != '\0' && strcmp(j->first, p->from) < 0 ? j->first : p->from;
    const char *params[4] = {org, from, p->to, j->k};
    PGresult *res = NULL;
    bb_stats *s = j->s;
    int rc;

    rc = bb_db__exec(ctx, &res,
                     "SELECT 'reports_new', 'quarter', quarter, value, suppressed, small"
                     " FROM bb_stat_reports_by_quarter($1, $2::date, $3::date, $4::integer)",
                     4, params);
    if (rc != BB_OK)
        goto done;
    free(s->quarters);
    s->n_quarters = 0;
    s->quarters = calloc((size_t)PQntuples(res) + 1, sizeof *s->quarters);
    if (s->quarters == NULL) {
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    for (int i = 0; i < PQntuples(res); i++)
        fill_row(&s->quarters[s->n_quarters++], res, i, 0);
done:
    PQclear(res);
    return rc;
}

static int report(bb_ctx *ctx, struct job *j, long done, long total)
{
    if (j->o->progress != NULL && j->o->progress(j->o->progress_data, done, total) != 0)
        return bb_ctx__fail(ctx, BB_EIO, "%s", _("stopped"));
    return BB_OK;
}

static int compute_txn(bb_ctx *ctx, void *arg)
{
    struct job *j = arg;
    const char *org;
    long total = j->s->has_previous ? 2 : 1;
    int rc;

    j->s->n_rows = 0; /* a retried transaction starts over */
    rc = bb_ctx__org(ctx, &org);
    if (rc == BB_OK)
        rc = read_frame(ctx, j, org);
    if (rc == BB_OK)
        rc = read_period(ctx, j, org, &j->s->period, 0);
    if (rc == BB_OK && j->o->quarters)
        rc = read_quarters(ctx, j, org);
    if (rc == BB_OK)
        rc = report(ctx, j, 1, total);
    if (rc == BB_OK && j->s->has_previous)
        rc = read_period(ctx, j, org, &j->s->previous, 1);
    if (rc == BB_OK && j->s->has_previous)
        rc = report(ctx, j, 2, total);
    return rc;
}

int bb_stats_compute(bb_ctx *ctx, const bb_stats_options *opts, bb_stats **out)
{
    struct job j = {opts, NULL, NULL, 0, ""};
    char k[16];
    int rc;

    *out = NULL;
    bb_ctx__clear(ctx);
    if (opts->k != 0 && (opts->k < 2 || opts->k > 99))
        return bb_ctx__fail(ctx, BB_EINVAL, _("k: %d is not a whole number from %d to %d"), opts->k,
                            2, 99);
    if (opts->k != 0 && opts->exact != 0)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s", _("k: the exact figures hide nothing"));
    if (opts->k != 0) {
        snprintf(k, sizeof k, "%d", opts->k);
        j.k = k;
    }
    j.s = calloc(1, sizeof *j.s);
    if (j.s == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    rc = bb_stats_period_parse(ctx, opts->period, opts->from, opts->to, opts->today, &j.s->period);
    if (rc == BB_OK && opts->compare)
        j.s->has_previous = bb_stats_period_previous(&j.s->period, &j.s->previous);
    if (rc == BB_OK && opts->exact > 0)
        j.k = "-1";
    if (rc == BB_OK)
        rc = bb_db__txn(ctx, "REPEATABLE READ READ ONLY", compute_txn, &j);
    if (rc == BB_OK)
        *out = j.s;
    else
        bb_stats_free(j.s);
    return rc;
}

void bb_stats_free(bb_stats *s)
{
    if (s == NULL)
        return;
    free(s->rows);
    free(s->quarters);
    free(s);
}

const bb_stat_row *bb_stats_find(const bb_stats *s, int previous, const char *metric,
                                 const char *dimension, const char *category)
{
    for (size_t i = 0; s != NULL && i < s->n_rows; i++) {
        const bb_stat_row *r = &s->rows[i];
        if (r->previous == previous && strcmp(r->metric, metric) == 0 &&
            strcmp(r->dimension, dimension) == 0 && strcmp(r->category, category) == 0)
            return r;
    }
    return NULL;
}

int bb_stats_param_get(const bb_stats *s, const char *key, int fallback)
{
    for (size_t i = 0; s != NULL && i < s->n_params; i++)
        if (strcmp(s->params[i].key, key) == 0)
            return s->params[i].value;
    return fallback;
}
