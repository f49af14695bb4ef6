/* Amounts typed as text: euros into cents, hours into quarters of an hour. */
#include "fields/fields.h"
#include "bb/error.h"
#include "bb/referral.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdio.h>

int bb_fields__euros(bb_ctx *ctx, const char *field, const char *value, long long max_cents,
                     long long *cents)
{
    const char *s = value;
    long long whole = 0;
    int digits = 0, frac = 0, fdigits = 0;
    char q[200];

    for (; s != NULL && isdigit((unsigned char)*s) && digits < 10; s++, digits++)
        whole = whole * 10 + (*s - '0');
    if (s != NULL && digits > 0 && (*s == '.' || *s == ',') && isdigit((unsigned char)s[1]))
        for (s++; isdigit((unsigned char)*s) && fdigits < 3; s++, fdigits++)
            frac = frac * 10 + (*s - '0');
    if (s == NULL || digits == 0 || digits == 10 || *s != '\0' || fdigits > 2) {
        bb_fields__quote(value, q, sizeof q);
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: '%s' is not an amount in euros (such as 85 or 85.50)"), field,
                            q);
    }
    *cents = whole * 100 + (fdigits == 1 ? frac * 10 : frac);
    if (*cents > max_cents)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is more than %lld.%02lld euros"), field,
                            value, max_cents / 100, max_cents % 100);
    return BB_OK;
}

int bb_fields__hours(bb_ctx *ctx, const char *field, const char *value, int *quarters)
{
    const char *s = value;
    int whole = 0, digits = 0, hundredths = 0, fdigits = 0;
    char q[200];

    for (; s != NULL && isdigit((unsigned char)*s) && digits < 5; s++, digits++)
        whole = whole * 10 + (*s - '0');
    if (s != NULL && digits > 0 && (*s == '.' || *s == ',') && isdigit((unsigned char)s[1]))
        for (s++; isdigit((unsigned char)*s) && fdigits < 3; s++, fdigits++)
            hundredths = hundredths * 10 + (*s - '0');
    if (fdigits == 1)
        hundredths *= 10;
    bb_fields__quote(value, q, sizeof q);
    if (s == NULL || digits == 0 || digits == 5 || *s != '\0' || fdigits > 2)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not a number of hours (such as 3.5)"),
                            field, q);
    if (hundredths % 25 != 0)
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: '%s' is not in quarters of an hour (such as 3.25 or 3.5)"),
                            field, q);
    *quarters = whole * 4 + hundredths / 25;
    if (*quarters > BB_HOURS_MAX_QUARTERS)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: %s is more than 999.75 hours"), field, q);
    return BB_OK;
}
