/* The data formats: CSV (RFC 4180: one tidy table, CRLF line ends, UTF-8, fields quoted when
 * they hold a comma, a quote or a line end) and JSON (docs/export.md gives its schema). Both
 * carry the database's numbers as they are: no locale, no rounding of their own. */
#include "export.h"
#include "out.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The two dialects: RFC 4180, and what Dutch Excel and LibreOffice open with the right types
 * (semicolons, decimal commas, a byte order mark, a label column). */
typedef struct dialect {
    char sep, decimal;
    bool excel;
} dialect;

static const dialect rfc4180 = {',', '.', false}, excel_nl = {';', ',', true};

static const dialect *csv_dialect;

/* One CSV field: quoted (with quotes doubled) when it holds the separator, a quote, CR or LF.
 * For a spreadsheet, text that would start a formula (=, +, -, @, tab, CR) gets a ' first. */
static void csv_field(FILE *f, const char *s, bool last)
{
    const dialect *d = csv_dialect ? csv_dialect : &rfc4180;
    char special[] = {d->sep, '"', '\r', '\n', '\0'};

    if (d->excel && *s != '\0' && strchr("=+-@\t\r", *s) != NULL)
        fputc('\'', f);
    if (strpbrk(s, special) != NULL) {
        fputc('"', f);
        for (const char *p = s; *p != '\0'; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    if (last)
        fputs("\r\n", f);
    else
        fputc(d->sep, f);
}

/* A number in the dialect's decimal mark. */
static void csv_number(FILE *f, const char *v)
{
    char buf[BB_STATS_VALUE_SIZE];
    const dialect *d = csv_dialect ? csv_dialect : &rfc4180;

    snprintf(buf, sizeof buf, "%s", v);
    for (char *p = buf; *p != '\0'; p++)
        if (*p == '.')
            *p = d->decimal;
    csv_field(f, buf, false);
}

/* "Nieuwe meldingen: naar bron: politie" in the user's language. */
static void csv_label(FILE *f, const bb_stat_row *r)
{
    char label[BB_STATS_CATEGORY_SIZE + 256];

    if (strcmp(r->dimension, "total") == 0 && strcmp(r->category, "all") == 0)
        snprintf(label, sizeof label, "%s", bb_stats_metric_label(r->metric));
    else if (strcmp(r->dimension, "total") == 0)
        snprintf(label, sizeof label, "%s: %s", bb_stats_metric_label(r->metric),
                 bb_stats_category_label(r->metric, r->dimension, r->category));
    else
        snprintf(label, sizeof label, "%s: %s: %s", bb_stats_metric_label(r->metric),
                 bb_stats_dimension_label(r->dimension),
                 bb_stats_category_label(r->metric, r->dimension, r->category));
    csv_field(f, label, false);
}

/* Seconds since 1970-01-01 UTC of "YYYY-MM-DDTHH:MM:SSZ" (days from civil, H. Hinnant). */
static long long unix_seconds(const char *iso)
{
    int y = 1970, m = 1, d = 1, hh = 0, mm = 0, ss = 0;
    long long era, yoe, doy, doe;

    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss);
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* The tidy table and nothing else: period, metric, dimension, category, value,
 * suppressed. How the figures are protected and the moment computed are rows of their own
 * (metric protection: the method, cell_key or exact, as category and k as value; metric
 * computed_at: the moment in UTC as category, Unix seconds as value), so every column keeps
 * one meaning. */
/* A row about the figures rather than one of them: metric, dimension total, category, value;
 * label only in the spreadsheet dialect (NULL otherwise). */
static void meta_row(FILE *f, const bb_stats *s, const char *metric, const char *category,
                     const char *value, const char *label)
{
    csv_field(f, s->period.label, false);
    csv_field(f, metric, false);
    csv_field(f, "total", false);
    csv_field(f, category, false);
    if (label != NULL)
        csv_field(f, label, false);
    csv_field(f, value, false);
    csv_field(f, "false", true);
}

int export_csv(FILE *f, const bb_stats *s, bool excel)
{
    static const char *const head[] = {"period", "metric", "dimension", "category",
                                       "label",  "value",  "suppressed"};
    char seconds[24], label[FIG_LEGEND_SIZE];

    csv_dialect = excel ? &excel_nl : &rfc4180;
    if (excel)
        fputs("\xEF\xBB\xBF", f); /* UTF-8, says the byte order mark to Excel */
    for (size_t i = 0; i < 7; i++)
        if (excel || i != 4)
            csv_field(f, head[i], i == 6);
    for (size_t i = 0; i < s->n_rows; i++) {
        const bb_stat_row *r = &s->rows[i];
        csv_field(f, r->previous ? s->previous.label : s->period.label, false);
        csv_field(f, r->metric, false);
        csv_field(f, r->dimension, false);
        csv_field(f, r->category, false);
        if (excel)
            csv_label(f, r);
        csv_number(f, r->value);
        csv_field(f, r->suppressed ? "true" : "false", true);
    }
    /* How the figures are protected (method as category, k as value; in the spreadsheet
     * dialect the sentence as label), and the moment (Dutch time as label). */
    fig_protection(s, label, sizeof label);
    snprintf(seconds, sizeof seconds, "%d", s->exact ? 0 : s->k);
    meta_row(f, s, "protection", s->exact ? "exact" : "cell_key", seconds, excel ? label : NULL);
    snprintf(seconds, sizeof seconds, "%lld", unix_seconds(s->computed_at));
    meta_row(f, s, "computed_at", s->computed_at, seconds, excel ? s->computed_local : NULL);
    return ferror(f) ? -1 : 0;
}

static const char *kind_key(bb_stats_kind k)
{
    static const char *const keys[] = {"quarter", "half", "year", "pilot", "custom"};
    return keys[k];
}

static json_t *period_json(const bb_stats_period *p)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "label", p->label, "kind", kind_key(p->kind), "from",
                     p->from, "to", p->to);
}

/* A figure as the database wrote it: a whole number, a decimal one, or null when hidden. */
static json_t *number_json(const bb_stat_row *r)
{
    char *end = NULL;
    long long whole = strtoll(r->value, &end, 10);

    if (r->suppressed)
        return json_null();
    if (end != NULL && *end == '\0')
        return json_integer(whole);
    return json_real(r->number);
}

static json_t *head_json(const bb_stats *s)
{
    char protection[FIG_LEGEND_SIZE];
    json_t *params = json_object();

    fig_protection(s, protection, sizeof protection);
    for (size_t i = 0; params != NULL && i < s->n_params; i++)
        json_object_set_new(params, s->params[i].key, json_integer(s->params[i].value));
    return json_pack("{s:s, s:i, s:s, s:o, s:o, s:{s:i, s:i, s:s, s:b, s:s}, s:o}", "format",
                     "bb-figures", "version", 1, "computed_at", s->computed_at, "period",
                     period_json(&s->period), "previous",
                     s->has_previous ? period_json(&s->previous) : json_null(), "suppression",
                     "k", s->k, "min_base", s->min_base, "method", s->exact ? "exact" : "cell_key",
                     "internal", s->exact, "sentence", protection, "parameters", params);
}

/* The bb-figures document (docs/export.md, "json") through jansson: every string checked as
 * UTF-8 (a category that is not fails the export), two spaces of indentation. */
int export_json(FILE *f, const bb_stats *s)
{
    json_t *doc = head_json(s), *rows = json_array(), *quarters = json_array();
    int rc = -1;

    for (size_t i = 0; rows != NULL && i < s->n_rows; i++) {
        const bb_stat_row *r = &s->rows[i];
        json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "period",
                                r->previous ? s->previous.label : s->period.label, "metric",
                                r->metric, "dimension", r->dimension, "category", r->category,
                                "value", number_json(r), "suppressed", r->suppressed, "small",
                                r->small);
        if (row == NULL || json_array_append_new(rows, row) != 0)
            goto done;
    }
    for (size_t i = 0; quarters != NULL && i < s->n_quarters; i++) {
        const bb_stat_row *q = &s->quarters[i];
        json_t *row = json_pack("{s:s, s:o, s:b, s:b}", "quarter", q->category, "value",
                                number_json(q), "suppressed", q->suppressed, "small", q->small);
        if (row == NULL || json_array_append_new(quarters, row) != 0)
            goto done;
    }
    if (doc == NULL || rows == NULL || quarters == NULL ||
        json_object_set(doc, "rows", rows) != 0 ||
        json_object_set(doc, "reports_per_quarter", quarters) != 0)
        goto done;
    if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) == 0 && fputc('\n', f) != EOF)
        rc = ferror(f) ? -1 : 0;
done:
    if (rc != 0 && errno == 0)
        errno = EILSEQ; /* a string that is not UTF-8 */
    json_decref(rows);
    json_decref(quarters);
    json_decref(doc);
    return rc;
}
