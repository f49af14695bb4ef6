/* bbctl stats: the pilot's figures as a readable summary; and what bbctl export shares with
 * it: the options, the labels of metrics and categories, values as people read them. */
#include "export.h"
#include "out.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fig_value(const bb_stats *s, const bb_stat_row *r, char decimal, char *out, size_t size)
{
    bb_stats_format(s, r, decimal, out, size);
}

bool fig_quarter_partial(const bb_stats *s, const bb_stat_row *q)
{
    int year, part;
    char end[BB_DATE_SIZE];

    if (sscanf(q->category, "%4d-Q%1d", &year, &part) != 2 || part < 1 || part > 4)
        return false;
    snprintf(end, sizeof end, "%04d-%02d-%02d", year, part * 3, part == 1 || part == 4 ? 31 : 30);
    return strncmp(end, s->computed_local, 10) > 0;
}

void fig_quarter_label(const bb_stats *s, const bb_stat_row *q, char *out, size_t size)
{
    if (fig_quarter_partial(s, q))
        snprintf(out, size, _("%s (so far)"), q->category);
    else
        snprintf(out, size, "%s", q->category);
}

void fig_period(const bb_stats_period *p, char *out, size_t size)
{
    if (p->kind == BB_STATS_CUSTOM)
        snprintf(out, size, "%s – %s", p->from, p->to);
    else
        snprintf(out, size, "%s (%s – %s)", p->label, p->from, p->to);
}

void fig_protection(const bb_stats *s, char *out, size_t size)
{
    if (s->exact)
        snprintf(out, size, "%s",
                 _("Internal figures, not for publication: exact counts, nothing hidden."));
    else
        snprintf(out, size,
                 _("To protect the privacy of those involved, every count has been changed a "
                   "little (by at most 3, so totals do not add up exactly), counts below %d are "
                   "not shown, and hours and costs are rounded."),
                 s->k);
}

void fig_legend(const bb_stats *s, char *out, size_t size)
{
    char protection[320];
    int n;

    fig_protection(s, protection, sizeof protection);
    if (s->exact)
        n = snprintf(out, size, _("%s -: nothing to compute this figure from."), protection);
    else
        n = snprintf(out, size,
                     _("%s <%d: fewer than %d; x: hours or costs of fewer than %d referrals, or "
                       "mostly of one; -: too few cases (under %d) for this figure."),
                     protection, s->k, s->k, s->k, s->min_base);
    if (n < 0 || (size_t)n >= size)
        snprintf(out, size, "%s", protection);
}

void fig_estimate(const bb_stats *s, char *out, size_t size)
{
    snprintf(out, size,
             _("Estimate: partner work avoided = resolved cases a partner referred x hours per "
               "case (police %d, housing corporation %d, municipality %d)."),
             bb_stats_param_get(s, "stats.hours_avoided.politie", 0),
             bb_stats_param_get(s, "stats.hours_avoided.woningcorporatie", 0),
             bb_stats_param_get(s, "stats.hours_avoided.gemeente", 0));
}

bool fig_worth_showing(const bb_stat_row *r)
{
    return r->suppressed || bb_stats_unit_of(r->metric, r->category) != BB_STATS_COUNT ||
           r->number != 0 || strcmp(r->dimension, "total") == 0;
}

void fig_each_group(const bb_stats *s, fig_group_fn fn, void *data)
{
    size_t i = 0;

    while (i < s->n_rows && !s->rows[i].previous) {
        size_t n = 1;
        while (i + n < s->n_rows && !s->rows[i + n].previous &&
               strcmp(s->rows[i + n].metric, s->rows[i].metric) == 0 &&
               strcmp(s->rows[i + n].dimension, s->rows[i].dimension) == 0)
            n++;
        fn(data, s, &s->rows[i], n);
        i += n;
    }
}

int fig_check(const cli_command *cmd, const fig_args *a)
{
    if (a->o.period != NULL && (a->o.from != NULL || a->o.to != NULL))
        return cli_usage_error(cmd, "%s", _("give either --period or --from and --to"));
    if (a->o.period == NULL && (a->o.from == NULL || a->o.to == NULL))
        return cli_usage_error(cmd, "%s", _("--period, or --from and --to, is required"));
    return CLI_OK;
}

static int on_progress(void *data, long done, long total)
{
    (void)data;
    fprintf(stderr, _("\rbbctl: computed %ld of %ld periods"), done, total);
    if (done == total)
        fputs("\r\033[K", stderr);
    return 0;
}

/* after writes (the export's audit record): on the connection every other command uses, not
 * on a standby that BB_REPORT_DATABASE_URL may name for the figures. */
static int after_on_primary(bb_ctx **ctx, const bb_stats *s, fig_after_fn after, void *data)
{
    int rc;

    if (cli_report_conninfo() != NULL) {
        bb_close(*ctx);
        if ((rc = cli_open_org(ctx)) != CLI_OK)
            return rc;
    }
    return after(*ctx, s, data);
}

int fig_compute(const fig_args *a, bool show_progress, bb_stats **out, fig_after_fn after,
                void *data)
{
    bb_stats_options o = a->o;
    bb_ctx *ctx = NULL;
    int rc;

    *out = NULL;
    cli_opts.report = true; /* the figures may come from a standby */
    rc = cli_open_org(&ctx);
    cli_opts.report = false;
    if (rc != CLI_OK)
        return rc;
    if (show_progress && isatty(STDERR_FILENO))
        o.progress = on_progress;
    rc = bb_stats_compute(ctx, &o, out);
    if (rc != BB_OK)
        rc = cli_fail(ctx, rc, _("cannot compute the figures"));
    else if (after != NULL && (rc = after_on_primary(&ctx, *out, after, data)) != CLI_OK) {
        bb_stats_free(*out);
        *out = NULL;
    }
    bb_close(ctx);
    return rc;
}

/* --json: the document of bbctl export --format json (docs/export.md), so that a reader of
 * one reads the other; its numbers never depend on the locale (values are the database's). */
static int stats_json(const bb_stats *s)
{
    if (export_json(stdout, s) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, _("bbctl: cannot write %s: %s\n"), _("standard output"),
                strerror(errno ? errno : EIO));
        return CLI_FAILURE;
    }
    return CLI_OK;
}

static int stats_run(const cli_command *cmd, int argc, char **argv)
{
    fig_args a = {.o.compare = 1};
    bb_stats *s = NULL;
    char period[96], legend[FIG_LEGEND_SIZE];
    int rc = cli_parse(cmd, argc, argv, &a);

    a.o.quarters = a.json; /* the JSON's reports_per_quarter, as in the export */
    /* Exact for whoever may read the cases anyway, unless --published or --k asks for what an
     * export would publish. */
    a.o.exact = a.published || a.o.k != 0 ? 0 : -1;
    if (rc != CLI_OK || (rc = fig_check(cmd, &a)) != CLI_OK ||
        (rc = fig_compute(&a, false, &s, NULL, NULL)) != CLI_OK)
        return rc;
    if (a.json) {
        rc = stats_json(s);
        bb_stats_free(s);
        return rc;
    }
    fig_period(&s->period, period, sizeof period);
    printf(_("Figures of %s, computed %s.\n"), period, s->computed_local);
    if (s->has_previous) {
        fig_period(&s->previous, period, sizeof period);
        printf(_("Compared with %s.\n"), period);
    }
    fig_legend(s, legend, sizeof legend);
    printf("%s\n", legend);
    export_tables(stdout, s, true, *localeconv()->decimal_point);
    bb_stats_free(s);
    return CLI_OK;
}

static const cli_option stats_options[] = {
    FIG_OPT_PERIOD(0),
    FIG_OPT_K,
    {"published", CLI_FLAG_AT(fig_args, published),
     .help = N_("the protected figures an export publishes, also for whoever may read the "
                "cases")},
    CLI_OPT_JSON(fig_args, json),
    CLI_OPTIONS_END,
};

const cli_command cli_stats_commands[] = {
    {"stats", NULL, stats_run,
     N_("Show the pilot's figures for a period (exact for whoever may read the cases)"),
     stats_options, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
