/* Labels of the category keys (libbb's bb_vocab_label) and date helpers; see labels.h. */
#include "labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *tui_label(bb_vocab v, const char *key)
{
    return bb_vocab_label(v, key);
}

void tui_today(char out[BB_DATE_SIZE])
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(out, BB_DATE_SIZE, "%Y-%m-%d", &tm);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool parse_date(const char *s, long *days)
{
    int y, m, d, n = 0;

    if (s == NULL || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

long tui_days_between(const char *a, const char *b)
{
    long da, db;

    if (!parse_date(a, &da) || !parse_date(b, &db))
        return 0;
    return db - da;
}

long tui_days_open(const bb_case *c)
{
    char today[BB_DATE_SIZE];

    if (c->closed_on[0] != '\0')
        return tui_days_between(c->reported_on, c->closed_on);
    tui_today(today);
    return tui_days_between(c->reported_on, today);
}

void tui_local_time(const char *iso, char *out, size_t n)
{
    struct tm tm = {0};
    time_t t;

    /* "2024-03-01T10:12:00Z" (UTC) as local "2024-03-01 11:12" */
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6) {
        snprintf(out, n, "%s", iso);
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = timegm(&tm);
    localtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

void tui_volunteer_label(bb_ctx *ctx, const char *number, char *out, size_t n)
{
    bb_volunteer_contact *c = NULL;

    if (bb_is_unlocked(ctx) && bb_volunteer_name_get(ctx, number, &c) == BB_OK && c->name != NULL)
        snprintf(out, n, "%s (%s)", c->name, number);
    else
        snprintf(out, n, "%s", number);
    bb_volunteer_contact_free(c);
}

/* The words (follow-up) for libbb's answers; "" is not asked. */
const char *tui_followup_answer(const char *key)
{
    if (strcmp(key, "ja") == 0)
        return _("yes");
    if (strcmp(key, "deels") == 0)
        return _("partly");
    if (strcmp(key, "nee") == 0)
        return _("no");
    return key[0] ? key : _("not asked");
}
