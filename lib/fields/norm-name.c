/* Normalisation of names through utf8proc: NFKC, full case folding, marks removed. */
#include "fields/norm-name.h"
#include "bb/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <utf8proc.h>

#define NAME_MAP_FLAGS                                                                             \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |                    \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Latin letters (already case-folded) that have no decomposition, so stripping marks leaves
 * them alone; folded as Lucene's ASCIIFoldingFilter and the table bb used before. */
static const struct {
    uint32_t cp;
    const char *ascii;
} fold_extra[] = {
    {0xe6, "ae"}, {0xf0, "d"},  {0xf8, "o"},  {0xfe, "th"}, {0x111, "d"},  {0x127, "h"},
    {0x131, "i"}, {0x138, "k"}, {0x142, "l"}, {0x14b, "n"}, {0x153, "oe"}, {0x167, "t"},
};

static int is_space(uint32_t cp)
{
    utf8proc_category_t c;

    if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85)
        return 1;
    c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

static int is_control(uint32_t cp)
{
    return !is_space(cp) && (cp < 0x20 || (cp >= 0x7f && cp < 0xa0));
}

static const char *fold(uint32_t cp)
{
    if (cp == '`' || cp == 0xb4 || cp == 0x2bc || cp == 0x2018 || cp == 0x2019 || cp == 0x201b ||
        cp == 0x2032)
        return "'";
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xfe63)
        return "-";
    for (size_t i = 0; i < sizeof fold_extra / sizeof fold_extra[0]; i++)
        if (fold_extra[i].cp == cp)
            return fold_extra[i].ascii;
    return NULL;
}

/* Checks the input: size, UTF-8, no control characters. */
static int check_input(const char *in, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;

    if (in == NULL)
        return BB_EINVAL;
    *len = strnlen(in, BB_NORM_MAX_INPUT + 1);
    if (*len > BB_NORM_MAX_INPUT || !bb_norm__utf8_valid(in, *len))
        return BB_EINVAL;
    for (size_t i = 0; i < *len; i += (size_t)n) {
        n = utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(*len - i), &cp);
        if (n <= 0 || is_control((uint32_t)cp))
            return BB_EINVAL;
    }
    return BB_OK;
}

/* Appends s[0..n) to out, first one space for a pending run of white space (none at the
 * start, none next to '-'). */
static void emit(char *out, size_t *o, int *space, const char *s, size_t n)
{
    if (*space && *o > 0 && out[*o - 1] != '-' && s[0] != '-')
        out[(*o)++] = ' ';
    *space = 0;
    memcpy(out + *o, s, n);
    *o += n;
}

/* The folded, space-collapsed form of mapped text m[0..len) into out (2 * len + 1 bytes). */
static size_t fold_spaces(const utf8proc_uint8_t *m, size_t len, char *out)
{
    size_t o = 0;
    int space = 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    const char *f;

    for (size_t i = 0; i < len; i += (size_t)n) {
        n = utf8proc_iterate(m + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            break; /* utf8proc's own output is valid UTF-8 */
        if (is_space((uint32_t)cp))
            space = 1;
        else if ((f = fold((uint32_t)cp)) != NULL)
            emit(out, &o, &space, f, strlen(f));
        else
            emit(out, &o, &space, (const char *)m + i, (size_t)n);
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

int bb_norm__name(const char *in, char **out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n = 0;
    char *res = NULL;
    size_t len;
    int rc = out == NULL ? BB_EINVAL : check_input(in, &len);

    if (rc == BB_OK) {
        n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &m, NAME_MAP_FLAGS);
        if (n < 0)
            rc = n == UTF8PROC_ERROR_NOMEM ? BB_ENOMEM : BB_EINVAL;
    }
    if (rc == BB_OK && (res = malloc(2 * (size_t)n + 1)) == NULL)
        rc = BB_ENOMEM;
    if (rc == BB_OK && fold_spaces(m, (size_t)n, res) == 0)
        rc = BB_EINVAL;
    if (rc == BB_OK) {
        *out = res;
        res = NULL;
    }
    if (m != NULL)
        sodium_memzero(m, (size_t)n);
    free(m);
    bb_norm__free(res);
    return rc;
}

int bb_norm__words(const char *in, char **out, size_t *size, size_t *n)
{
    char *norm = NULL;
    int rc = out == NULL || size == NULL || n == NULL ? BB_EINVAL : bb_norm__name(in, &norm);

    if (rc == BB_OK)
        rc = bb_norm__split(norm, out, size, n);
    bb_norm__free(norm);
    return rc;
}
