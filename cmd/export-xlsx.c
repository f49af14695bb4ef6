/* The xlsx export (libxlsxwriter): an overview sheet with the Dutch paragraph and what the
 * figures rest on (A4, one page wide), then a sheet per group of metrics with native charts
 * (reports per quarter since the pilot began, the current quarter marked as partial, and by
 * source; closed cases by outcome), in the user's language; and last a data sheet with the
 * metric, dimension and category keys of every row, so a program can read the workbook back.
 * Hidden values are text markers ("<5", "x", "-"), never numbers. */
#include "export.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* The sheets after the overview, and the metrics each holds. */
static const struct sheet {
    const char *name; /* N_() */
    const char *metrics[6];
} sheets[] = {
    {N_("Reports"), {"reports_new"}},
    {N_("Closing"),
     {"cases_closed", "share_resolved", "step_reached", "lead_time_intake_days",
      "lead_time_close_days"}},
    {N_("Caseload"), {"open_at_end", "waiting_intake"}},
    {N_("Mediation"), {"referrals", "referral_hours", "referral_cost"}},
    {N_("Volunteers"), {"volunteers"}},
    {N_("Effect"), {"followup_improved", "workload_avoided_hours"}},
};

typedef struct book {
    lxw_workbook *wb;
    const bb_stats *s;
    lxw_format *bold, *head, *wrap, *hidden, *fmt[6]; /* fmt: per bb_stats_unit */
} book;

static void formats(book *b)
{
    static const char *const nums[6] = {"0", "0.0\"%\"", "0.#", "0.##", "\"€\" #,##0.00", "0.0"};

    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    format_set_bg_color(b->head, 0xDDE7F0);
    b->wrap = workbook_add_format(b->wb);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->hidden = workbook_add_format(b->wb);
    format_set_align(b->hidden, LXW_ALIGN_RIGHT);
    format_set_font_color(b->hidden, 0x666666);
    for (int i = 0; i < 6; i++) {
        b->fmt[i] = workbook_add_format(b->wb);
        format_set_num_format(b->fmt[i], nums[i]);
    }
}

static void put_value(book *b, lxw_worksheet *ws, int row, int col, const bb_stat_row *r)
{
    char v[64];

    if (r == NULL)
        return;
    if (!r->suppressed) {
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, r->number,
                               b->fmt[bb_stats_unit_of(r->metric, r->category)]);
        return;
    }
    fig_value(b->s, r, '.', v, sizeof v);
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, v, b->hidden);
}

static void put_header(book *b, lxw_worksheet *ws)
{
    const char *const cols[] = {_("Metric"), _("Dimension"), _("Category"), b->s->period.label,
                                b->s->has_previous ? b->s->previous.label : ""};

    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], b->head);
    worksheet_set_column(ws, 0, 0, 42, NULL);
    worksheet_set_column(ws, 1, 1, 20, NULL);
    worksheet_set_column(ws, 2, 2, 36, NULL);
    worksheet_set_column(ws, 3, 4, 13, NULL);
    worksheet_freeze_panes(ws, 1, 0);
}

/* The rows of the sheet's metrics from row 1 on; returns the next free row. first and last get
 * the rows of (metric, dimension) chart_of, for a chart (-1 when absent). */
static int put_rows(book *b, lxw_worksheet *ws, const struct sheet *sh, const char *chart_of[2],
                    int *first, int *last)
{
    int row = 1;

    *first = *last = -1;
    for (size_t i = 0; i < b->s->n_rows; i++) {
        const bb_stat_row *r = &b->s->rows[i];
        bool mine = false;
        for (int m = 0; m < 6 && sh->metrics[m] != NULL; m++)
            mine = mine || strcmp(sh->metrics[m], r->metric) == 0;
        if (r->previous || !mine)
            continue;
        if (chart_of[0] != NULL && strcmp(r->metric, chart_of[0]) == 0 &&
            strcmp(r->dimension, chart_of[1]) == 0) {
            *first = *first < 0 ? row : *first;
            *last = row;
        }
        worksheet_write_string(ws, (lxw_row_t)row, 0, bb_stats_metric_label(r->metric), NULL);
        worksheet_write_string(ws, (lxw_row_t)row, 1, bb_stats_dimension_label(r->dimension), NULL);
        worksheet_write_string(ws, (lxw_row_t)row, 2,
                               bb_stats_category_label(r->metric, r->dimension, r->category), NULL);
        put_value(b, ws, row, 3, r);
        put_value(b, ws, row++, 4, bb_stats_find(b->s, 1, r->metric, r->dimension, r->category));
    }
    return row;
}

/* Every row of both periods with its keys, as the CSV has them: for programs, not for print. */
static void keys_sheet(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Data"));
    const char *const cols[] = {"period", "metric", "dimension", "category", "value"};

    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], b->head);
    worksheet_set_column(ws, 0, 4, 20, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < b->s->n_rows; i++) {
        const bb_stat_row *r = &b->s->rows[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0,
                               r->previous ? b->s->previous.label : b->s->period.label, NULL);
        worksheet_write_string(ws, row, 1, r->metric, NULL);
        worksheet_write_string(ws, row, 2, r->dimension, NULL);
        worksheet_write_string(ws, row, 3, r->category, NULL);
        put_value(b, ws, (int)row, 4, r);
    }
}

/* A chart of sheet rows first..last: categories in column cat_col, values in val_col. */
static void chart(book *b, lxw_worksheet *ws, const char *sheet, uint8_t type, const char *title,
                  int first, int last, int cat_col, int val_col, int at_row)
{
    lxw_chart *c;
    lxw_chart_series *series;

    if (first < 0)
        return;
    c = workbook_add_chart(b->wb, type);
    series = chart_add_series(c, NULL, NULL);
    chart_series_set_categories(series, sheet, (lxw_row_t)first, (lxw_col_t)cat_col,
                                (lxw_row_t)last, (lxw_col_t)cat_col);
    chart_series_set_values(series, sheet, (lxw_row_t)first, (lxw_col_t)val_col, (lxw_row_t)last,
                            (lxw_col_t)val_col);
    chart_title_set_name(c, title);
    chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, (lxw_row_t)at_row, 9, c);
}

/* The reports per quarter beside the table (columns J and K), with their chart. */
static void quarters(book *b, lxw_worksheet *ws, const char *sheet)
{
    int n = (int)b->s->n_quarters;

    char label[64];

    worksheet_write_string(ws, 0, 9, _("Quarter"), b->head);
    worksheet_write_string(ws, 0, 10, _("New reports"), b->head);
    worksheet_set_column(ws, 9, 9, 18, NULL);
    for (int i = 0; i < n; i++) {
        fig_quarter_label(b->s, &b->s->quarters[i], label, sizeof label);
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 9, label, NULL);
        put_value(b, ws, i + 1, 10, &b->s->quarters[i]);
    }
    chart(b, ws, sheet, LXW_CHART_COLUMN, _("New reports per quarter"), n > 0 ? 1 : -1, n, 9, 10,
          n + 2);
}

static void data_sheet(book *b, const struct sheet *sh)
{
    const char *name = _(sh->name);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    const char *by_source[2] = {"reports_new", "source"},
               *by_outcome[2] = {"cases_closed", "outcome"};
    const char *none[2] = {NULL, NULL};
    bool reports = strcmp(sh->metrics[0], "reports_new") == 0;
    bool closing = strcmp(sh->metrics[0], "cases_closed") == 0;
    int first, last;

    put_header(b, ws);
    put_rows(b, ws, sh, reports ? by_source : closing ? by_outcome : none, &first, &last);
    if (reports) {
        quarters(b, ws, name);
        chart(b, ws, name, LXW_CHART_BAR, _("New reports by referral source"), first, last, 2, 3,
              (int)b->s->n_quarters + 18);
    } else if (closing) {
        chart(b, ws, name, LXW_CHART_BAR, _("Closed cases by outcome"), first, last, 2, 3, 1);
    }
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* Text wrapped in the overview's one column, its row as high as its lines need (LibreOffice
 * does not grow a row for wrapped text itself). */
#define OVERVIEW_CHARS 70
static void wrapped(book *b, lxw_worksheet *ws, int row, const char *text)
{
    worksheet_write_string(ws, (lxw_row_t)row, 0, text, b->wrap);
    worksheet_set_row(ws, (lxw_row_t)row, 15.0 * (double)(strlen(text) / OVERVIEW_CHARS + 1),
                      NULL);
}

static void overview(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Overview"));
    char *text = NULL, period[96], line[160], legend[FIG_LEGEND_SIZE], estimate[256];
    int row = 3;

    /* A4 portrait, one page wide: the texts wrap in one column that fits the page. */
    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.6, 0.6, 0.8, 0.8);
    worksheet_set_column(ws, 0, 0, OVERVIEW_CHARS, NULL);
    fig_period(&b->s->period, period, sizeof period);
    snprintf(line, sizeof line, "Buurtbemiddeling %s", period);
    worksheet_write_string(ws, 0, 0, line, b->bold);
    snprintf(line, sizeof line, "&CBuurtbemiddeling %s&R&P / &N", b->s->period.label);
    worksheet_set_footer(ws, line);
    if (bb_stats_paragraph(b->s, &text) == BB_OK)
        wrapped(b, ws, 1, text);
    free(text);
    worksheet_write_string(ws, row++, 0, period, NULL);
    if (b->s->has_previous) {
        fig_period(&b->s->previous, period, sizeof period);
        snprintf(line, sizeof line, _("Compared with %s."), period);
        worksheet_write_string(ws, row++, 0, line, NULL);
    }
    snprintf(line, sizeof line, _("Computed %s (Dutch time)."), b->s->computed_local);
    worksheet_write_string(ws, row++, 0, line, NULL);
    fig_legend(b->s, legend, sizeof legend);
    wrapped(b, ws, row++, legend);
    fig_estimate(b->s, estimate, sizeof estimate);
    wrapped(b, ws, row, estimate);
}

int export_xlsx(const char *path, const bb_stats *s, const char **why)
{
    book b = {0};
    lxw_error err;

    b.s = s;
    b.wb = workbook_new(path);
    if (b.wb == NULL) {
        *why = _("cannot create the workbook");
        return -1;
    }
    formats(&b);
    overview(&b);
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++)
        data_sheet(&b, &sheets[i]);
    keys_sheet(&b);
    err = workbook_close(b.wb);
    if (err != LXW_NO_ERROR) {
        *why = lxw_strerror(err);
        return -1;
    }
    return 0;
}
