/* bbctl stats and bbctl export: their shared options, the labels and values of the figures as
 * people read them, and the writers of the export formats (cmd/export-*.c, one per format). */
#ifndef BB_CLI_EXPORT_H
#define BB_CLI_EXPORT_H

#include "cli.h"

#include <stdbool.h>
#include <stdio.h>

/* The options of both commands. */
typedef struct fig_args {
    bb_stats_options o;
    int format_index;   /* export: --format, an index in the formats of export.c */
    const char *format; /* export: txt, md, csv, json, xlsx, html */
    int csv_index;      /* export: --csv, an index in the dialects of export.c */
    const char *out;    /* export: --out FILE; NULL or "-": standard output */
    bool json;          /* stats: --json, the document of export --format json */
    bool published;     /* stats: --published, the protected figures even when exact ones may
                           be had */
} fig_args;

/* Their options: the period (with --from and --to, hidden for export) and --k. */
/* clang-format off */
#define FIG_OPT_PERIOD(from_to_flags)                                                              \
    {"period", CLI_STRING_AT(fig_args, o.period), .value = N_("PERIOD"), .flags = CLI_REQUIRED,    \
     .missing = N_("--period, or --from and --to, is required"),                                   \
     .help = N_("YYYY-Qn, YYYY-Hn, YYYY or pilot")},                                               \
    {"from", CLI_STRING_AT(fig_args, o.from), .value = N_("DATE"), .join = CLI_OR,                 \
     .flags = from_to_flags, .help = N_("from this day")},                                         \
    {"to", CLI_STRING_AT(fig_args, o.to), .value = N_("DATE"), .join = CLI_AND,                    \
     .flags = from_to_flags, .help = N_("to this day")}
#define FIG_OPT_K                                                                                  \
    {"k", CLI_INT_AT(fig_args, o.k), .value = N_("N"),                                             \
     .help = N_("hide counts below N (above the setting export.k)")}
/* clang-format on */

/* What --period, --from and --to say together. Returns CLI_OK, or prints the usage error and
 * returns its exit code. */
int fig_check(const cli_command *cmd, const fig_args *a);

/* Called by fig_compute with the figures before the database is closed (export: its audit
 * record). Returns CLI_OK, or prints why and returns the exit code. */
typedef int (*fig_after_fn)(bb_ctx *ctx, const bb_stats *s, void *data);

/* Opens the database and computes the figures of a into *out (bb_stats_free); progress on
 * standard error when it is a terminal and show_progress; then after (may be NULL). On
 * failure prints why and returns the exit code, with *out NULL. */
int fig_compute(const fig_args *a, bool show_progress, bb_stats **out, fig_after_fn after,
                void *data);

/* A figure as people read it into out: "12", "71%", "€ 2.500", "€ 2.457,50" (with the
 * decimal point of decimal, '.' or ','; thousands grouped with the other); hidden: "<5" for a
 * small count, "x" for a sum of hours or costs of too few referrals or mostly of one, "-" for
 * a share, median or average on too small a base. */
void fig_value(const bb_stats *s, const bb_stat_row *r, char decimal, char *out, size_t size);

/* Whether the quarter of a row of s->quarters ("2024-Q3") had not ended when the figures were
 * computed; its label for a chart into out: "2026-Q4 (so far)" then, else the quarter. */
bool fig_quarter_partial(const bb_stats *s, const bb_stat_row *q);
void fig_quarter_label(const bb_stats *s, const bb_stat_row *q, char *out, size_t size);

/* The period in words into out: "2024-Q3 (2024-07-01 – 2024-09-30)". */
void fig_period(const bb_stats_period *p, char *out, size_t size);

/* How the figures are protected, in one translated sentence (the internal ones: that they
 * are internal and exact), into out. */
void fig_protection(const bb_stats *s, char *out, size_t size);

/* Room for the legend. */
#define FIG_LEGEND_SIZE 640

/* The protection sentence and the legend of the hidden values, translated, with k filled in,
 * into out. */
void fig_legend(const bb_stats *s, char *out, size_t size);

/* The estimate's parameters in words, translated, into out. */
void fig_estimate(const bb_stats *s, char *out, size_t size);

/* Whether a row is worth a line in a summary: not a zero count. */
bool fig_worth_showing(const bb_stat_row *r);

/* Calls fn for each group of rows of the period: one metric and dimension, in their order
 * (the previous period's rows are found with bb_stats_find). */
typedef void (*fig_group_fn)(void *data, const bb_stats *s, const bb_stat_row *rows, size_t n);
void fig_each_group(const bb_stats *s, fig_group_fn fn, void *data);

/* The writers: the whole document into f. 0, or -1 when writing failed (errno is set). */
int export_text(FILE *f, const bb_stats *s, bool markdown, char decimal);
/* excel: the dialect excel-nl (semicolons, decimal commas, a byte order mark, a label column
 * in the user's language) instead of RFC 4180. */
int export_csv(FILE *f, const bb_stats *s, bool excel);
int export_json(FILE *f, const bb_stats *s);
int export_html(FILE *f, const bb_stats *s, char decimal);

/* Writes the workbook to path (libxlsxwriter writes the file itself). 0, or -1 with *why a
 * static message. */
int export_xlsx(const char *path, const bb_stats *s, const char **why);

/* The tables of the figures as text (for bbctl stats and the txt export): one section per
 * metric; summary leaves out zero counts. */
void export_tables(FILE *f, const bb_stats *s, bool summary, char decimal);

#endif
