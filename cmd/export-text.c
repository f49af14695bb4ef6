/* The text formats: the tables of bbctl stats, and the txt and md exports (the Dutch paragraph
 * for the safety note, what it rests on, then the tables). Names of the organisation's own
 * (areas, practices) pass through cli-style cleaning: no control characters reach the file. */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_WIDTH 56
#define VALUE_WIDTH 12

/* Characters (not bytes) of UTF-8 text: what a column takes on a terminal. */
static int width_of(const char *s)
{
    int n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

/* Writes s, control characters as '?', then pads it to width (right-aligned when right). */
static void cell(FILE *f, const char *s, int width, bool right)
{
    int pad = width - width_of(s);

    for (int i = 0; right && i < pad; i++)
        fputc(' ', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    for (int i = 0; !right && i < pad; i++)
        fputc(' ', f);
}

/* Markdown: a table cell's text, with what Markdown would read as markup escaped. */
static void md_text(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (strchr("\\`*_{}[]<>|#", *p) != NULL)
            fputc('\\', f);
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    }
}

typedef struct tables {
    FILE *f;
    bool summary, md;
    char decimal;
    const char *metric; /* the metric whose heading was written last */
} tables;

static void heading(tables *t, const bb_stats *s, const char *metric)
{
    if (t->metric != NULL && strcmp(t->metric, metric) == 0)
        return;
    t->metric = metric;
    if (t->md) {
        fprintf(t->f, "\n### ");
        md_text(t->f, bb_stats_metric_label(metric));
        fprintf(t->f, "\n\n| | %s |%s%s%s\n|---|---:|%s\n", s->period.label,
                s->has_previous ? " " : "", s->has_previous ? s->previous.label : "",
                s->has_previous ? " |" : "", s->has_previous ? "---:|" : "");
        return;
    }
    fputc('\n', t->f);
    cell(t->f, bb_stats_metric_label(metric), LABEL_WIDTH, false);
    cell(t->f, s->period.label, VALUE_WIDTH, true);
    if (s->has_previous)
        cell(t->f, s->previous.label, VALUE_WIDTH, true);
    fputc('\n', t->f);
}

static void line(tables *t, const bb_stats *s, const bb_stat_row *r, int indent)
{
    const bb_stat_row *p =
        s->has_previous ? bb_stats_find(s, 1, r->metric, r->dimension, r->category) : NULL;
    const char *label = bb_stats_category_label(r->metric, r->dimension, r->category);
    char v[64], pv[64] = "";

    fig_value(s, r, t->decimal, v, sizeof v);
    if (p != NULL)
        fig_value(s, p, t->decimal, pv, sizeof pv);
    if (t->md) {
        fprintf(t->f, "| %s", indent > 2 ? "&nbsp;&nbsp;" : "");
        md_text(t->f, label);
        fprintf(t->f, " | %s |", v);
        if (s->has_previous)
            fprintf(t->f, " %s |", p != NULL ? pv : "");
        fputc('\n', t->f);
        return;
    }
    fprintf(t->f, "%*s", indent, "");
    cell(t->f, label, LABEL_WIDTH - indent, false);
    cell(t->f, v, VALUE_WIDTH, true);
    if (s->has_previous)
        cell(t->f, pv, VALUE_WIDTH, true);
    fputc('\n', t->f);
}

static bool shows(const tables *t, const bb_stats *s, const bb_stat_row *r)
{
    const bb_stat_row *p;

    if (!t->summary || fig_worth_showing(r))
        return true;
    p = s->has_previous ? bb_stats_find(s, 1, r->metric, r->dimension, r->category) : NULL;
    return p != NULL && fig_worth_showing(p);
}

static void group(void *data, const bb_stats *s, const bb_stat_row *rows, size_t n)
{
    tables *t = data;
    bool total = strcmp(rows[0].dimension, "total") == 0, any = false;

    for (size_t i = 0; i < n; i++)
        any = any || shows(t, s, &rows[i]);
    if (!any)
        return;
    heading(t, s, rows[0].metric);
    if (!total && t->md)
        fprintf(t->f, "| **%s** | |%s\n", bb_stats_dimension_label(rows[0].dimension),
                s->has_previous ? " |" : "");
    else if (!total)
        fprintf(t->f, "  %s\n", bb_stats_dimension_label(rows[0].dimension));
    for (size_t i = 0; i < n; i++)
        if (shows(t, s, &rows[i]))
            line(t, s, &rows[i], total ? 2 : 4);
}

static void quarters(tables *t, const bb_stats *s)
{
    char v[64];

    if (s->n_quarters < 2)
        return;
    if (t->md)
        fprintf(t->f, "\n### %s\n\n| | |\n|---|---:|\n", _("New reports per quarter"));
    else
        fprintf(t->f, "\n%s\n", _("New reports per quarter"));
    for (size_t i = 0; i < s->n_quarters; i++) {
        fig_value(s, &s->quarters[i], t->decimal, v, sizeof v);
        if (t->md)
            fprintf(t->f, "| %s | %s |\n", s->quarters[i].category, v);
        else {
            fprintf(t->f, "  ");
            cell(t->f, s->quarters[i].category, LABEL_WIDTH - 2, false);
            cell(t->f, v, VALUE_WIDTH, true);
            fputc('\n', t->f);
        }
    }
}

static void write_tables(FILE *f, const bb_stats *s, bool summary, bool md, char decimal)
{
    tables t = {f, summary, md, decimal, NULL};

    fig_each_group(s, group, &t);
    quarters(&t, s);
}

void export_tables(FILE *f, const bb_stats *s, bool summary, char decimal)
{
    write_tables(f, s, summary, false, decimal);
}

/* The paragraph wrapped at 80 columns (txt) or as one line (md). */
static void paragraph(FILE *f, const char *text, bool md)
{
    const char *p = text;
    int col = 0;

    if (md) {
        fprintf(f, "%s\n", text);
        return;
    }
    while (*p != '\0') {
        size_t word = strcspn(p, " ");
        char w[512];
        snprintf(w, sizeof w, "%.*s", (int)word, p);
        if (col > 0 && col + 1 + width_of(w) > 80) {
            fputc('\n', f);
            col = 0;
        } else if (col > 0) {
            fputc(' ', f);
            col++;
        }
        fputs(w, f);
        col += width_of(w);
        p += word;
        p += *p == ' ';
    }
    fputc('\n', f);
}

/* What the figures rest on: period, moment, their protection, the estimate's parameters. */
static void frame(FILE *f, const bb_stats *s, bool md)
{
    char period[96], prev[96], legend[FIG_LEGEND_SIZE], estimate[256];
    const char *item = md ? "- " : "";

    fig_period(&s->period, period, sizeof period);
    fig_legend(s, legend, sizeof legend);
    fig_estimate(s, estimate, sizeof estimate);
    fputc('\n', f);
    fprintf(f, _("%sPeriod: %s.\n"), item, period);
    if (s->has_previous) {
        fig_period(&s->previous, prev, sizeof prev);
        fprintf(f, _("%sCompared with: %s.\n"), item, prev);
    }
    fprintf(f, _("%sComputed: %s (Dutch time; %s UTC).\n"), item, s->computed_local,
            s->computed_at);
    fprintf(f, _("%sProtection: %s\n"), item, legend);
    fprintf(f, "%s%s\n", item, estimate);
}

int export_text(FILE *f, const bb_stats *s, bool markdown, char decimal)
{
    char *text = NULL;

    if (bb_stats_paragraph(s, &text) != BB_OK) {
        errno = ENOMEM;
        return -1;
    }
    /* The heading is the safety note's own, in Dutch like the paragraph under it. */
    fprintf(f, markdown ? "## Buurtbemiddeling\n\n" : "Buurtbemiddeling\n\n");
    paragraph(f, text, markdown);
    free(text);
    frame(f, s, markdown);
    write_tables(f, s, false, markdown, decimal);
    return ferror(f) ? -1 : 0;
}
