/* Fuzz target: dates. The registry's check (bb_fields__date, lib/fields/parse.c) and the
 * figures' day numbers (bb_stats__parse_day and bb_stats__date, lib/stats/period.c) are two
 * parsers of YYYY-MM-DD: they must agree, and a parsed date must print back as itself. */
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "fuzz.h"
#include "fields/fields.h"
#include "stats/stats.h"

/* A day number prints as a date that parses back to it, and the next day's string sorts after
 * it: the strings compare as the dates do, which the checks rely on. */
static void check_day(long day)
{
    char s[BB_DATE_SIZE], next[BB_DATE_SIZE];
    long back;

    bb_stats__date(day, s);
    FUZZ_CHECK(bb_stats__parse_day(s, &back) && back == day);
    bb_stats__date(day + 1, next);
    if (day + 1 <= bb_stats__day(9999, 12, 31))
        FUZZ_CHECK(strcmp(s, next) < 0);
}

/* Both parsers on one string. */
static void check_date(const char *value)
{
    char out[BB_DATE_SIZE], today[BB_DATE_SIZE], after[BB_DATE_SIZE], back[BB_DATE_SIZE];
    bb_ctx ctx;
    long day;
    int ok, rc;

    bb_fuzz_ctx(&ctx);
    bb_fields__today(today);
    rc = bb_fields__date(&ctx, "date", value, 1, out);
    bb_fields__today(after);
    ok = bb_stats__parse_day(value, &day);
    if (ok) {
        bb_stats__date(day, back);
        FUZZ_CHECK(strcmp(back, value) == 0);
        check_day(day);
    }
    if (rc == BB_OK)
        FUZZ_CHECK(ok && strcmp(out, value) == 0 && strcmp(value, "2000-01-01") >= 0 &&
                   strcmp(value, after) <= 0);
    else
        FUZZ_CHECK(rc == BB_EINVAL && ctx.errmsg[0] != '\0' && bb_fuzz_printable(ctx.errmsg));
    /* A real day from 2000 to today is taken (unless midnight passed meanwhile). */
    if (ok && strcmp(value, "2000-01-01") >= 0 && strcmp(value, today) <= 0 &&
        strcmp(today, after) == 0)
        FUZZ_CHECK(rc == BB_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = bb_fuzz_string(data, size);
    long first = bb_stats__day(0, 1, 1), last = bb_stats__day(9999, 12, 31);
    uint32_t z = 0;

    if (in == NULL)
        return 0;
    check_date(in);
    /* The first bytes as a day number from 0000-01-01 to 9999-12-31. */
    memcpy(&z, data, size < sizeof z ? size : sizeof z);
    check_day(first + (long)(z % (uint32_t)(last - first + 1)));
    free(in);
    return 0;
}
