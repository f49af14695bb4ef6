/* Retention: personal data of cases closed (and volunteers stopped) longer ago than the
 * retention period is destroyed by crypto-shredding; the plain figures stay. */
#ifndef BB_RETENTION_H
#define BB_RETENTION_H

#include "bb/common.h"
#include "bb/ctx.h"

typedef struct bb_retention_report {
    int months;           /* the retention period used */
    char cutoff[11];      /* YYYY-MM-DD: closed or stopped before this day */
    long cases;           /* cases whose personal data was (or would be) destroyed */
    long volunteers;      /* volunteers likewise */
} bb_retention_report;

/* Destroys the data keys (and so every personal field and blind index) of the handle's
 * organisation's cases closed, and volunteers stopped, before today minus `retention.months`
 * (default 24), in batches, each its own transaction. today is YYYY-MM-DD (NULL: the server's
 * date). With dry_run nothing changes and *out counts what would go. Idempotent: a shredded
 * case has no data key left. Needs no keys: destroying does not need to read. */
BB_API int bb_retention_run(bb_ctx *ctx, const char *today, int dry_run,
                            bb_retention_report *out);

#endif
