/* Figures (5): the period statistics of bb_stats_compute, as `bbctl stats` shows them, for a
 * period the user chooses (p: "2024-Q3", "2024-H1", "2024" or "pilot"; this quarter at
 * first), with the period before it beside each figure, each dimension under its heading,
 * in the user's language and number format. A coordinator gets the exact figures, marked as
 * internal; anyone else the protected ones (small counts shown as "<k", hidden ones as "x" or
 * "-"). */
#include "dialog.h"
#include "lines.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct figs {
    bb_stats *stats;
    char period[BB_STATS_LABEL_SIZE];
    char title[96];
    tui_lines lines;
} figs;

/* As bbctl stats writes it, with the decimal mark of the user's language. */
static void value(const bb_stats *s, const bb_stat_row *r, char *out, size_t n)
{
    bb_stats_format(s, r, *localeconv()->decimal_point, out, n);
}

static void rebuild(figs *f)
{
    const bb_stats *s = f->stats;
    char buf[256], now[BB_STATS_VALUE_SIZE + 4], before[BB_STATS_VALUE_SIZE + 4];
    const char *last = "", *last_dim = "";

    tui_lines_clear(&f->lines);
    f->lines.left_cols = 44;
    snprintf(buf, sizeof buf, "%s .. %s", s->period.from, s->period.to);
    tui_lines_add(&f->lines, TUI_ST_HEADER, 0, s->period.label, buf);
    if (s->has_previous) {
        snprintf(buf, sizeof buf, _("%s .. %s, in brackets"), s->previous.from, s->previous.to);
        tui_lines_add(&f->lines, TUI_ST_DIM, 0, s->previous.label, buf);
    }
    snprintf(buf, sizeof buf, _("computed %s"), s->computed_local);
    tui_lines_add(&f->lines, TUI_ST_DIM, 0, "", buf);
    if (s->exact)
        snprintf(buf, sizeof buf, "%s", _("internal, not for publication: exact figures"));
    else
        snprintf(buf, sizeof buf, _("counts under %d hidden, the rest changed by at most 3"), s->k);
    tui_lines_add(&f->lines, TUI_ST_DIM, 0, "", buf);
    for (size_t i = 0; i < s->n_rows; i++) {
        const bb_stat_row *r = &s->rows[i];
        if (r->previous)
            continue;
        if (strcmp(r->metric, last) != 0) {
            tui_lines_add(&f->lines, TUI_ST_NORMAL, 0, "", NULL);
            tui_lines_add(&f->lines, TUI_ST_HEADER, 0, bb_stats_metric_label(r->metric), NULL);
            last = r->metric;
            last_dim = "total";
        }
        if (strcmp(r->dimension, last_dim) != 0) { /* sources, types, areas: each headed */
            tui_lines_add(&f->lines, TUI_ST_DIM, 1, bb_stats_dimension_label(r->dimension), NULL);
            last_dim = r->dimension;
        }
        value(s, r, now, sizeof now);
        if (s->has_previous) {
            value(s, bb_stats_find(s, 1, r->metric, r->dimension, r->category), before,
                  sizeof before);
            snprintf(buf, sizeof buf, "%10s  (%s)", now, before);
        } else {
            snprintf(buf, sizeof buf, "%10s", now);
        }
        tui_lines_add(&f->lines, TUI_ST_NORMAL, strcmp(r->dimension, "total") ? 3 : 2,
                      bb_stats_category_label(r->metric, r->dimension, r->category), buf);
    }
}

static int compute(tui_view *v, const char *period)
{
    figs *f = v->data;
    /* A coordinator reads the cases anyway: the exact figures, marked as internal (bbctl
     * export gives the protected ones). */
    bb_stats_options o = {.period = period, .compare = 1, .exact = -1};
    bb_stats *s = NULL;
    int rc;

    tui_say(v->app, TUI_MSG_INFO, "%s", _("Computing the figures..."));
    tui_flush(v->app);
    if ((rc = bb_stats_compute(v->app->ctx, &o, &s)) != BB_OK)
        return rc;
    bb_stats_free(f->stats);
    f->stats = s;
    snprintf(f->period, sizeof f->period, "%s", s->period.label);
    rebuild(f);
    tui_say(v->app, TUI_MSG_INFO, "%s", "");
    return BB_OK;
}

static int figs_open(tui_view *v, void *arg)
{
    figs *f;
    time_t t = time(NULL);
    struct tm tm;
    char period[32];
    int rc;

    if ((rc = tui_open_data(v, sizeof *f)) != BB_OK)
        return rc;
    f = v->data;
    localtime_r(&t, &tm);
    snprintf(period, sizeof period, "%d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
    if ((rc = compute(v, period)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot compute the figures"));
    return rc;
}

static void figs_close(tui_view *v)
{
    figs *f = v->data;

    if (f == NULL)
        return;
    bb_stats_free(f->stats);
    tui_lines_clear(&f->lines);
    free(f);
}

static void figs_draw(tui_view *v)
{
    werase(v->win);
    tui_lines_draw(&((figs *)v->data)->lines, v->win, 0, getmaxy(v->win));
}

static void period_answer(tui_view *v, int tag, const tui_choice *c)
{
    int rc;

    if (c->cancelled)
        return;
    if ((rc = compute(v, c->text)) != BB_OK)
        tui_fail(v->app, rc, _("No figures"));
}

static int ask_period(tui_view *v)
{
    figs *f = v->data;
    tui_prompt_spec spec = {
        .title = _("Period"),
        .text = _("A quarter (2024-Q3), a half year (2024-H1), a year (2024) or the whole "
                  "pilot (pilot)."),
        .label = _("Period:"),
        .initial = f->period,
        .max = BB_STATS_LABEL_SIZE - 1,
    };

    return tui_prompt(v, 0, &spec, period_answer);
}

static int figs_request(tui_view *v, enum tui_request req, int key)
{
    figs *f = v->data;
    int rc;

    switch (req) {
    case TUI_REQ_PERIOD:
        return ask_period(v);
    case TUI_REQ_RELOAD:
        if ((rc = compute(v, f->period)) != BB_OK)
            tui_fail(v->app, rc, _("Cannot compute the figures"));
        return TUI_REDRAW;
    default:
        return tui_lines_scroll(&f->lines, req, getmaxy(v->win));
    }
}

static const char *figs_title(tui_view *v)
{
    figs *f = v->data;

    snprintf(f->title, sizeof f->title, _("Figures %s"), f->period);
    return f->title;
}

const tui_view_ops tui_view_figures = {
    .name = "figures",
    .scopes = TUI_S_BROWSE | TUI_S_FIGURES,
    .open = figs_open,
    .close = figs_close,
    .draw = figs_draw,
    .request = figs_request,
    .title = figs_title,
};
