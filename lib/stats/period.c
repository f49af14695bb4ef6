/* Periods of the figures: parsing "2024-Q3", "2024-H1", "2024", "pilot" or two dates, and the
 * period before one. Dates are days since 1970-01-01 in the proleptic Gregorian calendar. */
#include "bb/stats.h"
#include "bb/error.h"
#include "base/handle.h"
#include "base/i18n.h"
#include "fields/fields.h"
#include "stats/stats.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Days since 1970-01-01 of y-m-d (H. Hinnant's days_from_civil). */
long bb_stats__day(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of day number z as YYYY-MM-DD (civil_from_days). */
void bb_stats__date(long z, char out[BB_DATE_SIZE])
{
    long era, doe, yoe, y, doy, mp, d, m;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    /* The modulos tell the compiler the widths; real dates are in range anyway. */
    snprintf(out, BB_DATE_SIZE, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
}

/* Parses YYYY-MM-DD of a real calendar day into its day number; false if it is none. */
bool bb_stats__parse_day(const char *s, long *day)
{
    int y, m, d;
    char back[BB_DATE_SIZE];

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *day = bb_stats__day(y, m, d);
    bb_stats__date(*day, back);
    return strcmp(back, s) == 0; /* 2024-02-30 comes back as another day */
}

/* Fills from/to of a year's months m1..m2. */
static void months(bb_stats_period *p, int year, int m1, int m2)
{
    bb_stats__date(bb_stats__day(year, m1, 1), p->from);
    bb_stats__date(bb_stats__day(m2 == 12 ? year + 1 : year, m2 == 12 ? 1 : m2 + 1, 1) - 1, p->to);
}

static void set_named(bb_stats_period *p, bb_stats_kind kind, int year, int part)
{
    p->kind = kind;
    p->year = year;
    p->part = part;
    if (kind == BB_STATS_QUARTER) {
        snprintf(p->label, sizeof p->label, "%04d-Q%d", year, part);
        months(p, year, 3 * part - 2, 3 * part);
    } else if (kind == BB_STATS_HALF) {
        snprintf(p->label, sizeof p->label, "%04d-H%d", year, part);
        months(p, year, 6 * part - 5, 6 * part);
    } else {
        snprintf(p->label, sizeof p->label, "%04d", year);
        months(p, year, 1, 12);
    }
}

/* "2024", "2024-Q3", "2024-h1": the kind, year and part; false if spec is none of them. */
static bool parse_named(const char *spec, bb_stats_kind *kind, int *year, int *part)
{
    size_t n = strlen(spec);
    char letter;

    if ((n != 4 && n != 7) || strspn(spec, "0123456789") != 4 || sscanf(spec, "%4d", year) != 1)
        return false;
    if (n == 4) {
        *kind = BB_STATS_YEAR;
        *part = 0;
        return true;
    }
    letter = (char)toupper((unsigned char)spec[5]);
    if (spec[4] != '-' || !isdigit((unsigned char)spec[6]))
        return false;
    *part = spec[6] - '0';
    *kind = letter == 'Q' ? BB_STATS_QUARTER : BB_STATS_HALF;
    return (letter == 'Q' && *part >= 1 && *part <= 4) ||
           (letter == 'H' && *part >= 1 && *part <= 2);
}

static int bad_period(bb_ctx *ctx, const char *spec)
{
    char q[200];

    bb_fields__quote(spec, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL,
                        _("period: '%s' is not a period (expected YYYY-Qn, YYYY-Hn, YYYY "
                          "or pilot)"),
                        q);
}

/* The pilot: from its first report (which only the database knows) to the end of the last
 * quarter that ended before today, so that its figures change once a quarter and cannot be
 * subtracted day by day (the database allows a reporter no other end: bb_stat_period_standard).
 * today is a valid date. */
static void pilot(bb_stats_period *p, const char *today)
{
    int year = 2000, month = 1, quarter;

    sscanf(today, "%4d-%2d", &year, &month);
    quarter = (month - 1) / 3; /* the quarters of this year that have ended */
    if (quarter == 0) {
        year--;
        quarter = 4;
    }
    months(p, year, 3 * quarter - 2, 3 * quarter);
    p->from[0] = '\0';
    p->kind = BB_STATS_PILOT;
    snprintf(p->label, sizeof p->label, "pilot");
}

static int parse_spec(bb_ctx *ctx, const char *spec, const char *today, bb_stats_period *out)
{
    bb_stats_kind kind;
    int year, part;

    if (strcasecmp(spec, "pilot") == 0) {
        pilot(out, today);
        return BB_OK;
    }
    if (!parse_named(spec, &kind, &year, &part))
        return bad_period(ctx, spec);
    if (year < 2000)
        return bb_ctx__fail(ctx, BB_EINVAL, _("period: %s is before 2000"), spec);
    set_named(out, kind, year, part);
    if (strcmp(out->from, today) > 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("period: %s has not begun yet (today is %s)"),
                            out->label, today);
    return BB_OK;
}

static int bad_day(bb_ctx *ctx, const char *field, const char *value)
{
    char q[200];

    bb_fields__quote(value, q, sizeof q);
    if (value == NULL || *value == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing (expected a date YYYY-MM-DD)"), field);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a date (expected YYYY-MM-DD)"), field,
                        q);
}

static int parse_days(bb_ctx *ctx, const char *from, const char *to, const char *today,
                      bb_stats_period *out)
{
    long f, t;

    if (!bb_stats__parse_day(from, &f))
        return bad_day(ctx, "from", from);
    if (!bb_stats__parse_day(to, &t))
        return bad_day(ctx, "to", to);
    if (strcmp(from, "2000-01-01") < 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is before 2000"), "from", from);
    if (t < f)
        return bb_ctx__fail(ctx, BB_EINVAL, _("to: %s is before from (%s)"), to, from);
    if (strcmp(from, today) > 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("from: %s is in the future (today is %s)"), from,
                            today);
    out->kind = BB_STATS_CUSTOM;
    memcpy(out->from, from, BB_DATE_SIZE);
    memcpy(out->to, to, BB_DATE_SIZE);
    snprintf(out->label, sizeof out->label, "%s..%s", from, to);
    return BB_OK;
}

int bb_stats_period_parse(bb_ctx *ctx, const char *spec, const char *from, const char *to,
                          const char *today, bb_stats_period *out)
{
    char now[BB_DATE_SIZE];
    long day;

    bb_ctx__clear(ctx);
    memset(out, 0, sizeof *out);
    if (today == NULL)
        bb_fields__today(now);
    else if (bb_stats__parse_day(today, &day))
        snprintf(now, sizeof now, "%s", today);
    else
        return bad_day(ctx, "today", today);
    if (spec != NULL && (from != NULL || to != NULL))
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("period: give either a period or from and to, not both"));
    if (spec != NULL)
        return parse_spec(ctx, spec, now, out);
    if (from == NULL && to == NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, "%s",
                            _("period: missing (expected YYYY-Qn, YYYY-Hn, YYYY, pilot, or "
                              "from and to)"));
    return parse_days(ctx, from, to, now, out);
}

int bb_stats_period_previous(const bb_stats_period *p, bb_stats_period *out)
{
    long f, t;

    memset(out, 0, sizeof *out);
    if (p->kind == BB_STATS_PILOT)
        return 0;
    if (p->kind == BB_STATS_QUARTER)
        set_named(out, p->kind, p->part == 1 ? p->year - 1 : p->year,
                  p->part == 1 ? 4 : p->part - 1);
    else if (p->kind == BB_STATS_HALF)
        set_named(out, p->kind, p->part == 1 ? p->year - 1 : p->year, p->part == 1 ? 2 : 1);
    else if (p->kind == BB_STATS_YEAR)
        set_named(out, p->kind, p->year - 1, 0);
    else if (bb_stats__parse_day(p->from, &f) && bb_stats__parse_day(p->to, &t) &&
             f - 1 - (t - f) >= bb_stats__day(2000, 1, 1)) {
        /* Bounded on the day number: a day before year 0 prints wrapped (as "7295-..."),
         * which the string test below would take for a date after 2000. */
        out->kind = BB_STATS_CUSTOM;
        bb_stats__date(f - 1, out->to);
        bb_stats__date(f - 1 - (t - f), out->from);
        snprintf(out->label, sizeof out->label, "%s..%s", out->from, out->to);
    }
    return out->from[0] != '\0' && strcmp(out->from, "2000-01-01") >= 0;
}
