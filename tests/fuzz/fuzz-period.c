/* Fuzz target: periods of the figures (bb_stats_period_parse and bb_stats_period_previous,
 * lib/stats/period.c). Input: four lines, the spec, from, to and today; an empty or missing
 * line is NULL (today NULL: this machine's today). */
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "fuzz.h"
#include "stats/stats.h"

/* Days in a period, both ends included; 0 when a bound is not a date. */
static long days(const bb_stats_period *p)
{
    long f, t;

    if (!bb_stats__parse_day(p->from, &f) || !bb_stats__parse_day(p->to, &t))
        return 0;
    return t - f + 1;
}

/* A period's bounds: real days, from 2000 on, from not after to; a quarter, half or year as
 * long as it is; the label inside its buffer. */
static void check_bounds(const bb_stats_period *p)
{
    long n = days(p);

    FUZZ_CHECK(memchr(p->label, '\0', sizeof p->label) != NULL && p->label[0] != '\0');
    FUZZ_CHECK(n >= 1 && strcmp(p->from, "2000-01-01") >= 0);
    if (p->kind == BB_STATS_QUARTER)
        FUZZ_CHECK(n >= 90 && n <= 92 && p->part >= 1 && p->part <= 4);
    else if (p->kind == BB_STATS_HALF)
        FUZZ_CHECK(n >= 181 && n <= 184 && p->part >= 1 && p->part <= 2);
    else if (p->kind == BB_STATS_YEAR)
        FUZZ_CHECK(n == 365 || n == 366);
}

/* The period before p ends the day before p begins, is as long (the same kind), and begins in
 * 2000 or later; when there is none, p is the pilot or the one before would begin before 2000. */
static void check_previous(const bb_stats_period *p)
{
    bb_stats_period prev;
    char before[BB_DATE_SIZE];
    long from;

    if (!bb_stats_period_previous(p, &prev)) {
        FUZZ_CHECK(p->kind == BB_STATS_PILOT || strcmp(prev.from, "2000-01-01") < 0 ||
                   (p->kind == BB_STATS_CUSTOM && prev.from[0] == '\0'));
        return;
    }
    FUZZ_CHECK(p->kind != BB_STATS_PILOT && prev.kind == p->kind);
    check_bounds(&prev);
    FUZZ_CHECK(bb_stats__parse_day(p->from, &from));
    bb_stats__date(from - 1, before);
    FUZZ_CHECK(strcmp(prev.to, before) == 0);
    if (p->kind == BB_STATS_CUSTOM)
        FUZZ_CHECK(days(&prev) == days(p));
}

/* A named period's label parses back to the same period. */
static void check_label(const bb_stats_period *p, const char *today)
{
    bb_stats_period again;
    bb_ctx ctx;

    bb_fuzz_ctx(&ctx);
    FUZZ_CHECK(bb_stats_period_parse(&ctx, p->label, NULL, NULL, today, &again) == BB_OK);
    FUZZ_CHECK(memcmp(p, &again, sizeof again) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *f[4], *buf = bb_fuzz_fields(data, size, f, 4, 1);
    bb_stats_period p;
    bb_ctx ctx;
    int rc;

    if (buf == NULL)
        return 0;
    bb_fuzz_ctx(&ctx);
    rc = bb_stats_period_parse(&ctx, f[0], f[1], f[2], f[3], &p);
    if (rc != BB_OK) {
        FUZZ_CHECK(rc == BB_EINVAL && ctx.errmsg[0] != '\0' && bb_fuzz_printable(ctx.errmsg));
    } else if (p.kind == BB_STATS_PILOT) {
        /* The pilot runs to the end of the last quarter before today (a quarter's last day,
         * less than three months back), from a beginning only the database knows. */
        long to, now;
        FUZZ_CHECK(strcmp(p.label, "pilot") == 0 && p.from[0] == '\0');
        FUZZ_CHECK(bb_stats__parse_day(p.to, &to));
        FUZZ_CHECK(strcmp(p.to + 5, "03-31") == 0 || strcmp(p.to + 5, "06-30") == 0 ||
                   strcmp(p.to + 5, "09-30") == 0 || strcmp(p.to + 5, "12-31") == 0);
        if (f[3] != NULL) {
            FUZZ_CHECK(bb_stats__parse_day(f[3], &now));
            FUZZ_CHECK(to < now && now - to <= 92);
        }
        check_previous(&p);
    } else {
        check_bounds(&p);
        check_previous(&p);
        FUZZ_CHECK(f[3] == NULL || strcmp(p.from, f[3]) <= 0); /* it has begun */
        if (p.kind == BB_STATS_CUSTOM)
            FUZZ_CHECK(strlen(p.label) == 22 && strncmp(p.label, p.from, 10) == 0 &&
                       strncmp(p.label + 10, "..", 2) == 0 && strcmp(p.label + 12, p.to) == 0);
        else if (f[3] != NULL)
            check_label(&p, f[3]);
    }
    free(buf);
    return 0;
}
