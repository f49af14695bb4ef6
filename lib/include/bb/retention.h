/* Retention: personal data of cases closed, and volunteers stopped, longer ago than the
 * retention period is destroyed by crypto-shredding; the plain figures stay. */
#ifndef BB_RETENTION_H
#define BB_RETENTION_H

#include "bb/common.h"
#include "bb/ctx.h"

/* What went (or would go) of one year: cases closed and volunteers stopped in that year. */
typedef struct bb_retention_year {
    int year;
    long cases;
    long volunteers;
} bb_retention_year;

typedef struct bb_retention_report {
    int months;      /* the retention period used */
    char cutoff[11]; /* YYYY-MM-DD: closed or stopped before this day */
    char today[11];  /* YYYY-MM-DD: the day counted from */
    long cases;      /* cases whose personal data was (or would be) destroyed */
    long volunteers; /* volunteers likewise */
    bb_retention_year
        *years; /* the same per year, oldest first (owned; bb_retention_report_free) */
    int n_years;
} bb_retention_report;

/* Destroys the data keys (and so every personal field and blind index) of the handle's
 * organisation's cases closed, and volunteers stopped, before today minus `retention.months`
 * (default 24), in batches, each its own transaction. today is YYYY-MM-DD (NULL: the database's
 * today, in Europe/Amsterdam). A today after the database's today is refused (BB_EINVAL,
 * nothing destroyed) unless dry_run: the database refuses it too. With dry_run nothing changes
 * and *out counts what would go. Idempotent: a shredded case has no data key left. Needs no
 * keys: destroying does not need to read. On return (also on error) *out holds what was done
 * so far; free it with bb_retention_report_free. */
BB_API int bb_retention_run(bb_ctx *ctx, const char *today, int dry_run, bb_retention_report *out);

/* Frees what *r holds (not r itself); NULL-safe. */
BB_API void bb_retention_report_free(bb_retention_report *r);

#endif
