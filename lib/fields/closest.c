/* Did-you-mean: the one known word close to a mistyped one, for the messages of unknown keys
 * (here) and of unknown commands and options (bbctl, through bb_closest). */
#include "bb/registry.h"
#include "fields/fields.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

/* Words longer than this get no suggestion (and cost no time). */
#define CLOSEST_MAX 64

/* The Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap
 * two neighbours) of a and b, each at most CLOSEST_MAX bytes. */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
    unsigned char d[CLOSEST_MAX + 1][CLOSEST_MAX + 1];

    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned char)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned char)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1u < best ? d[i - 1][j] + 1u : best;
            best = d[i][j - 1] + 1u < best ? d[i][j - 1] + 1u : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = d[i - 2][j - 2] + 1u < best ? d[i - 2][j - 2] + 1u : best;
            d[i][j] = (unsigned char)best;
        }
    }
    return d[n][m];
}

const char *bb_fields__closest(const char *word, const char *const *candidates)
{
    const char *best = NULL, *prefixed = NULL;
    size_t len = word != NULL ? strlen(word) : 0, best_d = 3, prefixes = 0;
    bool tie = false;

    if (len == 0 || len > CLOSEST_MAX || candidates == NULL)
        return NULL;
    for (const char *const *c = candidates; *c != NULL; c++) {
        size_t m = strlen(*c), d = m > CLOSEST_MAX ? best_d + 1 : distance(word, len, *c, m);
        if (strncmp(*c, word, len) == 0 && (prefixed == NULL || strcmp(prefixed, *c) != 0)) {
            prefixes++;
            prefixed = *c;
        }
        if (d < best_d) {
            best = *c;
            best_d = d;
            tie = false;
        } else if (d == best_d && best != NULL && strcmp(best, *c) != 0) {
            tie = true;
        }
    }
    /* A distance as long as the word itself says nothing: "x" is 2 from "db". */
    if (best != NULL && !tie && best_d < len)
        return best;
    return prefixes == 1 ? prefixed : NULL;
}

const char *bb_closest(const char *word, const char *const *candidates)
{
    return bb_fields__closest(word, candidates);
}

int bb_fields__suggest(bb_ctx *ctx, int status, const char *value, const char *const *keys)
{
    const char *near = bb_fields__closest(value, keys);
    char hint[BB_KEY_SIZE + 64];
    size_t n;

    if (ctx == NULL || near == NULL)
        return status;
    snprintf(hint, sizeof hint, _("did you mean '%s'?"), near);
    n = strlen(ctx->errmsg);
    if (n < sizeof ctx->errmsg)
        snprintf(ctx->errmsg + n, sizeof ctx->errmsg - n, "; %s", hint);
    return status;
}
