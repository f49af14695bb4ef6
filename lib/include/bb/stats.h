/* Pilot figures (bbctl stats, bbctl export): periods, and the metrics of docs/metrics.md as
 * the database's bb_stat_* functions compute them, already safe to publish (docs/metrics.md,
 * "Disclosure control": counts perturbed by the cell-key method, small counts hidden, sums of
 * hours and euros checked for dominance and rounded, no share on a small base), or exact for
 * a login that may read the cases anyway. libbb reads no table for them: every
 * figure comes from those functions, in one read-only snapshot. */
#ifndef BB_STATS_H
#define BB_STATS_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/keys.h"
#include "bb/registry.h"
#include <stddef.h>

/* Room for a period's label: "2024-Q3", "2024-H1", "2024", "pilot", "2024-03-01..2024-05-31". */
#define BB_STATS_LABEL_SIZE 24
/* Room for a metric key, a dimension key, a category (an area or practice name at most), a
 * value as text and a moment. */
#define BB_STATS_KEY_SIZE      32
#define BB_STATS_CATEGORY_SIZE 324
#define BB_STATS_VALUE_SIZE    32
#define BB_STATS_MOMENT_SIZE   32

typedef enum bb_stats_kind {
    BB_STATS_QUARTER,
    BB_STATS_HALF,
    BB_STATS_YEAR,
    BB_STATS_PILOT,  /* from the first report to today */
    BB_STATS_CUSTOM, /* --from DATE --to DATE */
} bb_stats_kind;

/* A period: the days from..to, both included. */
typedef struct bb_stats_period {
    bb_stats_kind kind;
    int year, part; /* YEAR, QUARTER (part 1..4) and HALF (1..2); 0 otherwise */
    char label[BB_STATS_LABEL_SIZE];
    char from[BB_DATE_SIZE];
    char to[BB_DATE_SIZE];
} bb_stats_period;

/* Parses a period into *out: spec "YYYY-Qn", "YYYY-Hn", "YYYY" or "pilot" (any case), or,
 * with spec NULL, the days from..to (YYYY-MM-DD each, from not after to). today (YYYY-MM-DD;
 * NULL: this machine's today): no period may begin after it, and the pilot ends with the last
 * quarter that ended before it. For "pilot", out->from is left empty: bb_stats_compute() fills
 * in the first report's day (BB_EINVAL there when it comes after the pilot's end). On error
 * BB_EINVAL with a message on ctx that names the value and what is expected. */
BB_API int bb_stats_period_parse(bb_ctx *ctx, const char *spec, const char *from, const char *to,
                                 const char *today, bb_stats_period *out);

/* The period before p of the same length into *out: the previous quarter, half or year, or the
 * same number of days right before a custom period. Returns 1, or 0 when there is none (the
 * pilot has nothing before it; nor has a period that would begin before 2000). */
BB_API int bb_stats_period_previous(const bb_stats_period *p, bb_stats_period *out);

/* How a value reads. */
typedef enum bb_stats_unit {
    BB_STATS_COUNT,   /* cases, referrals, volunteers */
    BB_STATS_PERCENT, /* 0..100, one decimal */
    BB_STATS_DAYS,
    BB_STATS_HOURS,
    BB_STATS_EURO,    /* two decimals */
    BB_STATS_AVERAGE, /* cases per volunteer, one decimal */
} bb_stats_unit;

/* The stable metric keys in their documented order, ending with NULL; static. */
BB_API const char *const *bb_stats_metrics(void);

/* The unit of a metric's category (the unit can depend on it: referral_cost's
 * budget_used_pct is a percentage). */
BB_API bb_stats_unit bb_stats_unit_of(const char *metric, const char *category);

/* One published figure. */
typedef struct bb_stat_row {
    int previous; /* 0: the period asked for, 1: the period before it */
    char metric[BB_STATS_KEY_SIZE];
    char dimension[BB_STATS_KEY_SIZE];
    char category[BB_STATS_CATEGORY_SIZE];
    char value[BB_STATS_VALUE_SIZE]; /* a number as the database wrote it; "" when suppressed */
    int suppressed;
    int small;     /* suppressed for being a count of 1..k-1 (shown as "<k"), not a sum made
                      by too few referrals or mostly one, or a figure on too small a base */
    double number; /* value as a number; 0 when suppressed */
} bb_stat_row;

/* A parameter stated beside the figures ("export.k", "min_base",
 * "stats.hours_avoided.politie", ...). */
typedef struct bb_stats_param {
    char key[48];
    int value;
} bb_stats_param;

#define BB_STATS_PARAMS_MAX 12

/* The figures of a period and, when asked for and there is one, of the period before it. */
typedef struct bb_stats {
    bb_stats_period period, previous;
    int has_previous;
    int exact; /* 1: the internal figures (exact, nothing hidden; not for publication) */
    char computed_at[BB_STATS_MOMENT_SIZE];    /* UTC, "2024-10-01T09:30:00Z" (database clock) */
    char computed_local[BB_STATS_MOMENT_SIZE]; /* the same in the Netherlands, "2024-10-01 11:30" */
    int k, min_base;
    bb_stats_param params[BB_STATS_PARAMS_MAX];
    size_t n_params;
    bb_stat_row *rows; /* the period's rows, then the previous period's */
    size_t n_rows;
    bb_stat_row *quarters; /* reports_new per quarter (dimension "quarter", category
                              "2024-Q3") from the first report's quarter to the period's end,
                              each protected like a quarter's own figure; for charts */
    size_t n_quarters;
} bb_stats;

typedef struct bb_stats_options {
    const char *period; /* see bb_stats_period_parse; NULL with from and to */
    const char *from, *to;
    const char *today;       /* NULL: today */
    int k;                   /* ask for a higher threshold than export.k; 0: the setting */
    int exact;               /* 0: the protected figures, safe to publish; 1: the internal
                                ones, exact and nothing hidden, for a login that may read the
                                cases (BB_EPERM otherwise); -1: the internal ones when the login
                                may read the cases, else the protected ones */
    int compare;             /* also the previous period */
    int quarters;            /* also the reports per quarter up to the period's end (charts) */
    bb_progress_fn progress; /* called with (periods done, periods) as each is computed;
                                returning non-zero stops with BB_EIO; may be NULL */
    void *progress_data;
} bb_stats_options;

/* Computes the figures of the handle's organisation for opts into *out (bb_stats_free), in
 * one read-only snapshot. On error nothing is returned: BB_EINVAL names a bad period or k,
 * database failures keep their code and message. */
BB_API int bb_stats_compute(bb_ctx *ctx, const bb_stats_options *opts, bb_stats **out);

/* Frees figures; NULL-safe. */
BB_API void bb_stats_free(bb_stats *s);

/* The row (metric, dimension, category) of the period (previous 0) or of the period before it
 * (1), or NULL; borrowed from s. */
BB_API const bb_stat_row *bb_stats_find(const bb_stats *s, int previous, const char *metric,
                                        const char *dimension, const char *category);

/* The value of a parameter, or fallback when s does not state it. */
BB_API int bb_stats_param_get(const bb_stats *s, const char *key, int fallback);

/* The figures in words, translated, static: a metric ("New reports"), a dimension ("By
 * referral source") and a category of a metric's dimension ("Police", "Median"); an area's
 * or practice's name is its own label; an unknown key is returned as it is. */
BB_API const char *bb_stats_metric_label(const char *metric);
BB_API const char *bb_stats_dimension_label(const char *dimension);
BB_API const char *bb_stats_category_label(const char *metric, const char *dimension,
                                           const char *category);

/* An amount of euros (value "2457.5", "2500", "-40") as the paragraph writes it, into out:
 * "€ 2.457,50", whole euros without cents ("€ 2.500"), thousands grouped with the mark that is
 * not decimal ('.' or ','). */
BB_API void bb_stats_euros(const char *value, char decimal, char *out, size_t size);

/* A figure as people read it, into out: "12", "71%", "4,2", "€ 2.500", "€ 2.457,50" (with the
 * decimal mark decimal, '.' or ','; euros grouped by thousands with the other mark); hidden:
 * "<5" for a small count, "x" for a sum of hours or costs of too few referrals or mostly of
 * one, "-" for a share, median or average on too small a base (also for r NULL). */
BB_API void bb_stats_format(const bb_stats *s, const bb_stat_row *r, char decimal, char *out,
                            size_t size);

/* The Dutch paragraph for the safety note ("Buurtbemiddeling"), in the note's voice, with the
 * figures of s: singular and plural right, hidden counts as "minder dan k", estimates named as
 * such. Plain text, one paragraph, no line breaks. *out is a new string (free()); BB_ENOMEM
 * when memory ran out. */
BB_API int bb_stats_paragraph(const bb_stats *s, char **out);

#endif
