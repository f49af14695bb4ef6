/* The html export: one self-contained, printable page (inline style and SVG charts, no script,
 * no font, no image, no link to anything outside it), so it shows the same without network.
 * Every text from the database is escaped; SVG coordinates are whole numbers, so no locale
 * can put a comma in them. */
#include "export.h"

#include <stdlib.h>
#include <string.h>

static const char style[] =
    "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:48em;margin:2em auto;"
    "padding:0 1em;line-height:1.4}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em}"
    "h3{font-size:1em;margin:1.2em 0 .3em}"
    ".meta,.legend{color:#555;font-size:.9em}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{padding:.15em .5em;border-bottom:1px solid #ddd;text-align:left}"
    "td.n,th.n{text-align:right;white-space:nowrap}td.dim{font-style:italic;color:#444}"
    "td.sub{padding-left:1.6em}figure{margin:1em 0}figcaption{font-size:.9em;color:#444}"
    "svg text{font-family:Helvetica,Arial,sans-serif;font-size:12px;fill:#222}"
    ".bar{fill:#2d6a9f}"
    "@media print{body{margin:0;max-width:none}figure,tr{break-inside:avoid;"
    "page-break-inside:avoid}h1,h2,h3,figcaption{break-after:avoid;page-break-after:avoid}}";

static void esc(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '&')
            fputs("&amp;", f);
        else if (*p == '<')
            fputs("&lt;", f);
        else if (*p == '>')
            fputs("&gt;", f);
        else if (*p == '"')
            fputs("&quot;", f);
        else if (*p == '\'')
            fputs("&#39;", f);
        else
            fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    }
}

/* The rows of one (metric, dimension) of the period. */
static size_t rows_of(const bb_stats *s, const char *metric, const char *dim,
                      const bb_stat_row **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_rows && n < max; i++)
        if (!s->rows[i].previous && strcmp(s->rows[i].metric, metric) == 0 &&
            strcmp(s->rows[i].dimension, dim) == 0)
            out[n++] = &s->rows[i];
    return n;
}

static double largest(const bb_stat_row *const *rows, size_t n)
{
    double max = 0;

    for (size_t i = 0; i < n; i++)
        if (!rows[i]->suppressed && rows[i]->number > max)
            max = rows[i]->number;
    return max;
}

/* A chart's start: its caption above it (so it does not read as the title of the next), and an
 * SVG with a title and a description (label: value; ...) for screen readers. */
static void chart_open(FILE *f, const bb_stats *s, const char *title, const bb_stat_row *const *rows,
                       size_t n, bool quarters, char decimal, int height)
{
    static int id;
    char v[64];

    id++;
    fputs("<figure><figcaption>", f);
    esc(f, title);
    fprintf(f,
            "</figcaption><svg width=\"640\" height=\"%d\" viewBox=\"0 0 640 %d\" role=\"img\""
            " aria-labelledby=\"chart%d-title chart%d-desc\"><title id=\"chart%d-title\">",
            height, height, id, id, id);
    esc(f, title);
    fprintf(f, "</title><desc id=\"chart%d-desc\">", id);
    for (size_t i = 0; i < n; i++) {
        fig_value(s, rows[i], decimal, v, sizeof v);
        fputs(i ? "; " : "", f);
        esc(f, quarters ? rows[i]->category
                        : bb_stats_category_label(rows[i]->metric, rows[i]->dimension,
                                             rows[i]->category));
        fputs(": ", f);
        esc(f, v);
    }
    fputs("</desc>", f);
}

/* Horizontal bars: a label, a bar as long as the value, the value (or its marker). */
static void hbars(FILE *f, const bb_stats *s, const char *title, const bb_stat_row *const *rows,
                  size_t n, char decimal)
{
    double max = largest(rows, n);
    char v[64];

    chart_open(f, s, title, rows, n, false, decimal, (int)(n * 24 + 8));
    for (size_t i = 0; i < n; i++) {
        int y = (int)i * 24 + 4;
        int w = max > 0 && !rows[i]->suppressed ? (int)(rows[i]->number / max * 300 + 0.5) : 0;
        fig_value(s, rows[i], decimal, v, sizeof v);
        fprintf(f, "<text x=\"0\" y=\"%d\">", y + 14);
        esc(f, bb_stats_category_label(rows[i]->metric, rows[i]->dimension, rows[i]->category));
        fprintf(f,
                "</text><rect class=\"bar\" x=\"270\" y=\"%d\" width=\"%d\" height=\"18\"/>"
                "<text x=\"%d\" y=\"%d\">",
                y, w, 276 + w, y + 14);
        esc(f, v);
        fputs("</text>", f);
    }
    fputs("</svg></figure>\n", f);
}

/* Vertical bars of the reports per quarter. */
static void quarter_bars(FILE *f, const bb_stats *s, char decimal)
{
    const bb_stat_row *rows[64] = {NULL};
    size_t n = s->n_quarters < 64 ? s->n_quarters : 64;
    int step = n > 0 ? (int)(600 / n) : 600, bw = step > 60 ? 40 : step - 6;
    double max;
    char v[64];

    for (size_t i = 0; i < n; i++)
        rows[i] = &s->quarters[i];
    max = largest(rows, n);
    chart_open(f, s, _("New reports per quarter"), rows, n, true, decimal, 250);
    fputs("<line x1=\"20\" y1=\"180\" x2=\"630\" y2=\"180\" stroke=\"#888\"/>", f);
    for (size_t i = 0; i < n; i++) {
        int h = max > 0 && !rows[i]->suppressed ? (int)(rows[i]->number / max * 150 + 0.5) : 0;
        int x = 30 + (int)i * step;
        fig_value(s, rows[i], decimal, v, sizeof v);
        fprintf(f, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", x, 180 - h,
                bw, h);
        fprintf(f, "<text x=\"%d\" y=\"%d\">", x, 174 - h);
        esc(f, v);
        /* Many quarters: their labels slanted, so they do not run into each other. */
        if (n > 6)
            fprintf(f,
                    "</text><text x=\"%d\" y=\"196\" text-anchor=\"end\" "
                    "transform=\"rotate(-40 %d 196)\">",
                    x + bw, x + bw);
        else
            fprintf(f, "</text><text x=\"%d\" y=\"198\">", x);
        fig_quarter_label(s, rows[i], v, sizeof v);
        esc(f, v);
        fputs("</text>", f);
    }
    fputs("</svg></figure>\n", f);
}

static void charts(FILE *f, const bb_stats *s, char decimal)
{
    const bb_stat_row *rows[32];
    size_t n;

    fputs("<h2>", f);
    esc(f, _("Charts"));
    fputs("</h2>\n", f);
    quarter_bars(f, s, decimal);
    n = rows_of(s, "reports_new", "source", rows, 32);
    hbars(f, s, _("New reports by referral source"), rows, n, decimal);
    n = rows_of(s, "cases_closed", "outcome", rows, 32);
    hbars(f, s, _("Closed cases by outcome"), rows, n, decimal);
}

typedef struct html {
    FILE *f;
    char decimal;
    const char *metric;
} html;

static void html_row(html *h, const bb_stats *s, const bb_stat_row *r, bool sub)
{
    const bb_stat_row *p =
        s->has_previous ? bb_stats_find(s, 1, r->metric, r->dimension, r->category) : NULL;
    char v[64];

    fprintf(h->f, "<tr><td%s>", sub ? " class=\"sub\"" : "");
    esc(h->f, bb_stats_category_label(r->metric, r->dimension, r->category));
    fig_value(s, r, h->decimal, v, sizeof v);
    fputs("</td><td class=\"n\">", h->f);
    esc(h->f, v);
    fputs("</td>", h->f);
    if (s->has_previous) {
        if (p != NULL)
            fig_value(s, p, h->decimal, v, sizeof v);
        fputs("<td class=\"n\">", h->f);
        esc(h->f, p != NULL ? v : "");
        fputs("</td>", h->f);
    }
    fputs("</tr>\n", h->f);
}

static void html_group(void *data, const bb_stats *s, const bb_stat_row *rows, size_t n)
{
    html *h = data;
    bool total = strcmp(rows[0].dimension, "total") == 0;

    if (h->metric == NULL || strcmp(h->metric, rows[0].metric) != 0) {
        fputs(h->metric != NULL ? "</table>\n<h3>" : "<h3>", h->f);
        h->metric = rows[0].metric;
        esc(h->f, bb_stats_metric_label(rows[0].metric));
        fputs("</h3>\n<table><tr><th></th><th class=\"n\">", h->f);
        esc(h->f, s->period.label);
        fputs("</th>", h->f);
        if (s->has_previous) {
            fputs("<th class=\"n\">", h->f);
            esc(h->f, s->previous.label);
            fputs("</th>", h->f);
        }
        fputs("</tr>\n", h->f);
    }
    if (!total) {
        fprintf(h->f, "<tr><td class=\"dim\" colspan=\"%d\">", s->has_previous ? 3 : 2);
        esc(h->f, bb_stats_dimension_label(rows[0].dimension));
        fputs("</td></tr>\n", h->f);
    }
    for (size_t i = 0; i < n; i++)
        html_row(h, s, &rows[i], !total);
}

static void head(FILE *f, const bb_stats *s)
{
    char period[96], prev[96];
    /* TRANSLATORS: the language of the html export's page, as html-lang=CODE. */
    const char *lang = strchr(_("html-lang=en"), '=');

    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            lang != NULL ? lang + 1 : "en");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    fputs("Buurtbemiddeling ", f);
    esc(f, s->period.label);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Buurtbemiddeling</h1>\n", style);
    fig_period(&s->period, period, sizeof period);
    fputs("<p class=\"meta\">", f);
    esc(f, period);
    if (s->has_previous) {
        fig_period(&s->previous, prev, sizeof prev);
        fputs(" &middot; ", f);
        esc(f, _("compared with"));
        fputc(' ', f);
        esc(f, prev);
    }
    fputs(" &middot; ", f);
    esc(f, _("computed"));
    fputc(' ', f);
    esc(f, s->computed_local);
    fputs("</p>\n", f);
}

int export_html(FILE *f, const bb_stats *s, char decimal)
{
    html h = {f, decimal, NULL};
    char *text = NULL, legend[FIG_LEGEND_SIZE];

    if (bb_stats_paragraph(s, &text) != BB_OK)
        return -1;
    head(f, s);
    fputs("<p lang=\"nl\">", f);
    esc(f, text);
    fputs("</p>\n", f);
    free(text);
    charts(f, s, decimal);
    fputs("<h2>", f);
    esc(f, _("Figures"));
    fputs("</h2>\n", f);
    fig_each_group(s, html_group, &h);
    if (h.metric != NULL)
        fputs("</table>\n", f);
    fig_legend(s, legend, sizeof legend);
    fputs("<p class=\"legend\">", f);
    esc(f, legend);
    fputs("<br>", f);
    fig_estimate(s, legend, sizeof legend);
    esc(f, legend);
    fputs("</p>\n</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}
