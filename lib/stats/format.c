/* A figure as people read it: the unit's mark, the decimal mark of the reader's language,
 * euros grouped by thousands, and the markers of hidden values. Shared by bbctl (stats, the
 * text, html and workbook exports) and bbtui's figures screen, so both write them one way. */
#include "bb/stats.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void hidden(const bb_stats *s, const bb_stat_row *r, char *out, size_t size)
{
    bb_stats_unit u = bb_stats_unit_of(r->metric, r->category);
    bool sum = u == BB_STATS_EURO || u == BB_STATS_HOURS;

    if (r->small && u == BB_STATS_COUNT)
        snprintf(out, size, "<%d", s->k);
    else if (sum && strcmp(r->category, "hours_per_active") != 0)
        snprintf(out, size, "x");
    else
        snprintf(out, size, "-");
}

/* Euros as the paragraph writes them: "€ 2.457,50", whole euros without cents ("€ 2.500",
 * "€ 0"), thousands grouped (with ',' where the decimal mark is '.'). */
void bb_stats_euros(const char *value, char decimal, char *out, size_t size)
{
    char digits[BB_STATS_VALUE_SIZE], grouped[BB_STATS_VALUE_SIZE * 2];
    const char *dot = strchr(value, '.');
    size_t n = dot ? (size_t)(dot - value) : strlen(value), o = 0;
    bool cents = dot != NULL && strspn(dot + 1, "0") != strlen(dot + 1);

    snprintf(digits, sizeof digits, "%.*s", (int)n, value);
    for (size_t i = 0; i < n && o + 2 < sizeof grouped; i++) {
        if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-')
            grouped[o++] = decimal == ',' ? '.' : ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    if (cents)
        snprintf(out, size, "€ %s%c%.2s", grouped, decimal, dot + 1);
    else
        snprintf(out, size, "€ %s", grouped);
}

void bb_stats_format(const bb_stats *s, const bb_stat_row *r, char decimal, char *out,
                     size_t size)
{
    char v[BB_STATS_VALUE_SIZE];
    bb_stats_unit u;

    if (r == NULL) {
        snprintf(out, size, "-");
        return;
    }
    u = bb_stats_unit_of(r->metric, r->category);
    if (r->suppressed) {
        hidden(s, r, out, size);
        return;
    }
    snprintf(v, sizeof v, "%s", r->value);
    for (char *p = v; *p != '\0'; p++)
        if (*p == '.')
            *p = decimal;
    if (u == BB_STATS_PERCENT)
        snprintf(out, size, "%s%%", v);
    else if (u == BB_STATS_EURO)
        bb_stats_euros(r->value, decimal, out, size);
    else
        snprintf(out, size, "%s", v);
}
