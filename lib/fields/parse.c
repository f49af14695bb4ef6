/* Dates, case and volunteer numbers, postcodes, and the message of a stale edit. */
#include "fields/fields.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads exactly n digits at s into *out; false when one is not a digit. */
static bool digits(const char *s, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        *out = *out * 10 + (s[i] - '0');
    }
    return true;
}

/* Reads 1 to max digits and nothing else; false otherwise. */
static bool all_digits(const char *s, int max, int *out)
{
    int n = (int)strlen(s);
    return n >= 1 && n <= max && digits(s, n, out);
}

void bb_fields__today(char out[BB_DATE_SIZE])
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(out, BB_DATE_SIZE, "%Y-%m-%d", &tm);
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int bb_fields__date(bb_ctx *ctx, const char *field, const char *value, bool may_default,
                    char out[BB_DATE_SIZE])
{
    char today[BB_DATE_SIZE], q[200];
    int y, m, d;

    bb_fields__today(today);
    if (value == NULL && may_default) {
        memcpy(out, today, BB_DATE_SIZE);
        return BB_OK;
    }
    if (value == NULL || *value == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing (expected a date YYYY-MM-DD)"), field);
    bb_fields__quote(value, q, sizeof q);
    if (strlen(value) != 10 || value[4] != '-' || value[7] != '-' || !digits(value, 4, &y) ||
        !digits(value + 5, 2, &m) || !digits(value + 8, 2, &d) || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a date (expected YYYY-MM-DD)"),
                            field, q);
    if (y < 2000)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is before 2000"), field, value);
    /* Same format, so the strings compare as the dates do. */
    if (strcmp(value, today) > 0)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is in the future (today is %s)"), field,
                            value, today);
    memcpy(out, value, BB_DATE_SIZE);
    return BB_OK;
}

int bb_fields__case_number(bb_ctx *ctx, const char *field, const char *value, int *year, int *seq)
{
    char q[200];

    if (value != NULL && strncasecmp(value, "BB-", 3) == 0 && strlen(value) >= 9 &&
        value[7] == '-' && digits(value + 3, 4, year) && all_digits(value + 8, 7, seq) && *seq >= 1)
        return BB_OK;
    bb_fields__quote(value, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a case number (such as BB-2024-0007)"),
                        field, q);
}

bool bb_fields__case_number_short(const char *in, int *year, int *seq)
{
    const char *dash;
    size_t n;

    *year = 0;
    if (in == NULL)
        return false;
    while (*in == ' ')
        in++;
    n = strlen(in);
    while (n > 0 && in[n - 1] == ' ')
        n--;
    if (n >= 3 && strncasecmp(in, "BB-", 3) == 0) {
        in += 3;
        n -= 3;
        if (n < 6 || in[4] != '-') /* the prefix needs the year */
            return false;
    }
    dash = memchr(in, '-', n);
    if (dash != NULL && (dash - in != 4 || !digits(in, 4, year) || *year < 2000))
        return false;
    if (dash != NULL)
        n -= 5, in += 5;
    if (n < 1 || n > 7 || !digits(in, (int)n, seq) || *seq < 1)
        return false;
    return true;
}

void bb_fields__format_case_number(char out[BB_NUMBER_SIZE], int year, int seq)
{
    snprintf(out, BB_NUMBER_SIZE, "BB-%04d-%04d", year, seq);
}

int bb_fields__volunteer_number(bb_ctx *ctx, const char *field, const char *value, int *number)
{
    const char *s = value;
    char q[200];

    if (s != NULL && (*s == 'V' || *s == 'v'))
        s += 1 + (s[1] == '-');
    if (s != NULL && all_digits(s, 7, number) && *number >= 1)
        return BB_OK;
    bb_fields__quote(value, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a volunteer number (such as V-0003)"),
                        field, q);
}

void bb_fields__format_volunteer_number(char out[BB_NUMBER_SIZE], int number)
{
    snprintf(out, BB_NUMBER_SIZE, "V-%04d", number);
}

int bb_fields__postcode(bb_ctx *ctx, const char *field, const char *value, int *out)
{
    const char *s = value;
    char q[200];

    if (s != NULL && digits(s, 4, out) && *out >= 1000) {
        s += 4;
        s += *s == ' ';
        if (isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) && s[2] == '\0')
            return BB_OK;
    }
    bb_fields__quote(value, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a postcode (expected 1234 AB)"), field,
                        q);
}

int bb_fields__conflict(bb_ctx *ctx, const char *tbl, const char *id, const char *what,
                        long long expected_version, long long current_version)
{
    char ver[24];
    const char *params[3] = {tbl, id, ver};
    PGresult *res = NULL;
    int rc;

    snprintf(ver, sizeof ver, "%lld", expected_version);
    rc = bb_db__exec(ctx, &res,
                     "SELECT coalesce(string_agg(DISTINCT col, ', ' ORDER BY col), '')"
                     " FROM row_revision r, unnest(r.columns) AS col"
                     " WHERE r.tbl = $1 AND r.row_id = $2 AND r.version > $3::int",
                     3, params);
    if (rc == BB_OK && expected_version > current_version)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT,
                          _("%s: version %lld does not exist, the current one is %lld: reload "
                            "it and try again"),
                          what, expected_version, current_version);
    else if (rc == BB_OK)
        rc = bb_ctx__fail(ctx, BB_ECONFLICT,
                          _("%s was changed by someone else since version %lld (now version "
                            "%lld; changed: %s): reload it and try again"),
                          what, expected_version, current_version,
                          *PQgetvalue(res, 0, 0) ? PQgetvalue(res, 0, 0) : "?");
    PQclear(res);
    return rc;
}

int bb_fields__any_date(bb_ctx *ctx, const char *field, const char *value, char out[BB_DATE_SIZE])
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 0, m = 0, d = 0, n = 0;
    char q[200];

    if (value != NULL && strlen(value) == 10 && value[4] == '-' && value[7] == '-' &&
        strspn(value, "0123456789-") == 10 && sscanf(value, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 &&
        n == 10 && m >= 1 && m <= 12 && d >= 1 &&
        d <= days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) && y >= 2000) {
        memcpy(out, value, BB_DATE_SIZE);
        return BB_OK;
    }
    bb_fields__quote(value, q, sizeof q);
    if (y > 0 && y < 2000 && n == 10)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is before 2000"), field, q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a date (expected YYYY-MM-DD)"), field,
                        q);
}
