/* Helpers shared by the fuzz targets. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "crypto/normalize.h"

void bb_fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: property does not hold: %s\n", file, line, what);
    abort();
}

char *bb_fuzz_fields(const uint8_t *data, size_t size, char **fields, size_t max, int empty_is_null)
{
    char *buf = malloc(size + 1), *s;
    size_t i;

    if (buf == NULL)
        return NULL;
    if (size > 0)
        memcpy(buf, data, size);
    buf[size] = '\0';
    for (i = 0; i < max; i++)
        fields[i] = NULL;
    s = buf;
    for (i = 0; i < max && s != NULL; i++) {
        char *nl = i + 1 < max ? memchr(s, '\n', (size_t)(buf + size - s)) : NULL;

        if (nl != NULL)
            *nl = '\0';
        fields[i] = empty_is_null && *s == '\0' ? NULL : s;
        s = nl != NULL ? nl + 1 : NULL;
    }
    return buf;
}

char *bb_fuzz_string(const uint8_t *data, size_t size)
{
    char *s;

    return bb_fuzz_fields(data, size, &s, 1, 0);
}

void bb_fuzz_ctx(bb_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
}

char *bb_fuzz_normalise(int (*fn)(const char *in, char **out), const char *in)
{
    char unset, *once = &unset, *twice = NULL;
    int rc = fn(in, &once);

    if (rc != BB_OK) {
        FUZZ_CHECK(rc == BB_EINVAL && once == &unset);
        return NULL;
    }
    /* Only valid UTF-8 of at most BB_NORM_MAX_INPUT bytes is taken. */
    FUZZ_CHECK(strlen(in) <= BB_NORM_MAX_INPUT && bb_norm__utf8_valid(in, strlen(in)));
    FUZZ_CHECK(*once != '\0' && bb_fuzz_printable(once));
    FUZZ_CHECK(fn(once, &twice) == BB_OK && strcmp(once, twice) == 0);
    bb_norm__free(twice);
    return once;
}

void bb_fuzz_normalise_input(const uint8_t *data, size_t size,
                             int (*fn)(const char *in, char **out),
                             void (*check)(const char *in, const char *out))
{
    char *in = bb_fuzz_string(data, size), *out = NULL;

    if (in != NULL)
        out = bb_fuzz_normalise(fn, in);
    if (out != NULL)
        check(in, out);
    bb_norm__free(out);
    free(in);
}

int bb_fuzz_printable(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (!bb_norm__utf8_valid(s, strlen(s)))
        return 0;
    for (; *p != '\0'; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return 0;
    return 1;
}

int bb_fuzz_only(const char *s, const char *set)
{
    return *s != '\0' && strspn(s, set) == strlen(s);
}
