/* Input checks of the registry: every refusal names the field and the value (made safe to
 * show on a terminal), before anything reaches the database. */
#include "fields/fields.h"
#include "bb/error.h"
#include "db/db.h"
#include "base/i18n.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Decodes one UTF-8 sequence at s; returns its length, or 0 when it is not valid UTF-8
 * (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    size_t len = s[0] < 0x80                   ? 1
                 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
                 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
                 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4
                                               : 0;
    uint32_t c = len == 1 ? s[0] : len == 2 ? s[0] & 0x1fu : len == 3 ? s[0] & 0x0fu : s[0] & 0x07u;

    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3fu);
    }
    if (len == 0 || (len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Characters that must never reach a terminal or the database in a text field: controls,
 * and the invisible direction overrides that make text read differently than it is. */
static bool forbidden(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

void bb_fields__quote(const char *value, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)(value ? value : "(null)");
    size_t o = 0, chars = 0;

    while (*s != '\0' && o + 8 < size && chars < 40) {
        uint32_t c;
        size_t len = utf8_next(s, &c);
        if (len == 0 || forbidden(c) || c == '\\') {
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", s[0]);
            len = 1;
        } else {
            memcpy(out + o, s, len);
            o += len;
        }
        s += len;
        chars++;
    }
    if (*s != '\0' && o + 4 <= size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o < size ? o : size - 1] = '\0';
}

enum text_problem { TEXT_OK, TEXT_MISSING, TEXT_UTF8, TEXT_CONTROL, TEXT_LONG, TEXT_SPACE };

/* What, if anything, is wrong with a text field; *chars gets its length in characters. A note
 * (lines) may have line feeds: its only control character, printed as a new line. */
static enum text_problem text_problem(const char *value, size_t max_chars, bool lines,
                                      size_t *chars)
{
    const unsigned char *s = (const unsigned char *)value;

    *chars = 0;
    if (value == NULL || *value == '\0')
        return TEXT_MISSING;
    while (*s != '\0') {
        uint32_t c;
        size_t len = utf8_next(s, &c);
        if (len == 0)
            return TEXT_UTF8;
        if (forbidden(c) && !(lines && c == '\n'))
            return TEXT_CONTROL;
        s += len;
        (*chars)++;
    }
    if (*chars > max_chars)
        return TEXT_LONG;
    if (isspace((unsigned char)value[0]) || isspace((unsigned char)value[strlen(value) - 1]))
        return TEXT_SPACE;
    return TEXT_OK;
}

int bb_fields__text(bb_ctx *ctx, const char *field, const char *value, size_t max_chars)
{
    char q[200];
    size_t chars;

    switch (text_problem(value, max_chars, false, &chars)) {
    case TEXT_OK:
        return BB_OK;
    case TEXT_MISSING:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing"), field);
    default:
        break;
    }
    bb_fields__quote(value, q, sizeof q);
    switch (text_problem(value, max_chars, false, &chars)) {
    case TEXT_UTF8:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is not valid UTF-8"), field, q);
    case TEXT_CONTROL:
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: '%s' contains a control character or escape sequence"), field,
                            q);
    case TEXT_LONG:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is longer than %zu characters (%zu)"),
                            field, q, max_chars, chars);
    default:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' starts or ends with a space"), field, q);
    }
}

/* The messages of bb_fields__text_quiet and bb_fields__note. */
static int text_quiet(bb_ctx *ctx, const char *field, const char *value, size_t max_chars,
                      bool lines)
{
    size_t chars;

    switch (text_problem(value, max_chars, lines, &chars)) {
    case TEXT_OK:
        return BB_OK;
    case TEXT_MISSING:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing"), field);
    case TEXT_UTF8:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: the value is not valid UTF-8"), field);
    case TEXT_CONTROL:
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: the value contains a control character or escape sequence"),
                            field);
    case TEXT_LONG:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: the value is longer than %zu characters (%zu)"),
                            field, max_chars, chars);
    default:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: the value starts or ends with a space"), field);
    }
}

int bb_fields__text_quiet(bb_ctx *ctx, const char *field, const char *value, size_t max_chars)
{
    return text_quiet(ctx, field, value, max_chars, false);
}

int bb_fields__note(bb_ctx *ctx, const char *field, const char *value, size_t max_chars)
{
    return text_quiet(ctx, field, value, max_chars, true);
}

/* The message for an unknown key, one sentence per list so translators see whole phrases. */
static int unknown(bb_ctx *ctx, bb_vocab v, const char *q, const char *expected)
{
    const char *f = bb_vocab_field(v);

    switch (v) {
    case BB_VOCAB_STATUS:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: unknown status '%s' (expected one of %s)"), f, q,
                            expected);
    case BB_VOCAB_SOURCE:
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: unknown referral source '%s' (expected one of %s)"), f, q,
                            expected);
    case BB_VOCAB_CONFLICT_TYPE:
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: unknown conflict type '%s' (expected one of %s)"), f, q,
                            expected);
    case BB_VOCAB_OUTCOME:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: unknown outcome '%s' (expected one of %s)"), f,
                            q, expected);
    case BB_VOCAB_CONTACT_KIND:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: unknown contact kind '%s' (expected one of %s)"),
                            f, q, expected);
    case BB_VOCAB_VOLUNTEER_STATUS:
        return bb_ctx__fail(ctx, BB_EINVAL,
                            _("%s: unknown volunteer status '%s' (expected one of %s)"), f, q,
                            expected);
    default:
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: unknown value '%s' (expected one of %s)"), f, q,
                            expected);
    }
}

int bb_fields__key(bb_ctx *ctx, bb_vocab v, const char *value)
{
    char expected[512] = "", q[200];
    size_t o = 0;

    if (bb_vocab_has(v, value))
        return BB_OK;
    for (const char *const *k = bb_vocab_keys(v); k != NULL && *k != NULL && o < sizeof expected;
         k++)
        o += (size_t)snprintf(expected + o, sizeof expected - o, "%s%s", o ? ", " : "", *k);
    if (value == NULL || *value == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing (expected one of %s)"),
                            bb_vocab_field(v), expected);
    bb_fields__quote(value, q, sizeof q);
    return bb_fields__suggest(ctx, unknown(ctx, v, q, expected), value, bb_vocab_keys(v));
}

int bb_fields__keys(bb_ctx *ctx, bb_vocab v, const char *const *keys, size_t n, bool may_be_empty,
                    char *pg, size_t size)
{
    size_t o = 0;

    if (n == 0 && !may_be_empty)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: at least one is needed"), bb_vocab_field(v));
    if (n > BB_TYPES_MAX)
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: at most %d are possible"), bb_vocab_field(v),
                            BB_TYPES_MAX);
    for (size_t i = 0; i < n; i++) {
        int rc = bb_fields__key(ctx, v, keys[i]);
        if (rc != BB_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(keys[i], keys[j]) == 0)
                return bb_ctx__fail(ctx, BB_EINVAL, _("%s: '%s' is given twice"), bb_vocab_field(v),
                                    keys[i]);
    }
    /* Keys are [a-z_] only (checked above), so they need no quoting inside the literal. */
    o += (size_t)snprintf(pg, size, "{");
    for (size_t i = 0; i < n && o < size; i++)
        o += (size_t)snprintf(pg + o, size - o, "%s%s", i ? "," : "", keys[i]);
    if (o < size)
        snprintf(pg + o, size - o, "}");
    return BB_OK;
}

void bb_fields__split_keys(const char *s, char out[][BB_KEY_SIZE], size_t max, size_t *n)
{
    *n = 0;
    s += strspn(s, "{");
    while (*s != '\0' && *s != '}' && *n < max) {
        size_t len = strcspn(s, ",}");
        snprintf(out[*n], BB_KEY_SIZE, "%.*s", (int)len, s);
        (*n)++;
        s += len;
        s += *s == ',';
    }
}

void bb_fields__copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

int bb_fields__limit(bb_ctx *ctx, int limit, int *out)
{
    if (limit < 0 || limit > BB_REG_PAGE_MAX)
        return bb_ctx__fail(ctx, BB_EINVAL, _("limit: %d is not between 1 and %d"), limit,
                            BB_REG_PAGE_MAX);
    *out = limit == 0 ? BB_REG_PAGE_DEFAULT : limit;
    return BB_OK;
}

int bb_fields__uuid(bb_ctx *ctx, const char *value, char out[BB_UUID_SIZE])
{
    char q[200];

    if (value == NULL) {
        bb_uuid_generate(out);
        return BB_OK;
    }
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (value[i] == '\0' || (dash ? value[i] != '-' : !isxdigit((unsigned char)value[i])))
            goto bad;
        out[i] = (char)tolower((unsigned char)value[i]);
    }
    if (value[36] != '\0')
        goto bad;
    out[36] = '\0';
    return BB_OK;
bad:
    bb_fields__quote(value, q, sizeof q);
    return bb_ctx__fail(ctx, BB_EINVAL, _("id: '%s' is not a UUID"), q);
}

int bb_fields__one_of(bb_ctx *ctx, const char *field, const char *what, const char *const *keys,
                      const char *value)
{
    char expected[512] = "", q[200];
    size_t o = 0;

    for (size_t i = 0; keys[i] != NULL; i++) {
        if (value != NULL && strcmp(keys[i], value) == 0)
            return BB_OK;
        o += (size_t)snprintf(expected + o, sizeof expected - o, "%s%s", i ? ", " : "", keys[i]);
    }
    if (value == NULL || *value == '\0')
        return bb_ctx__fail(ctx, BB_EINVAL, _("%s: missing (expected one of %s)"), field, expected);
    bb_fields__quote(value, q, sizeof q);
    return bb_fields__suggest(ctx,
                              bb_ctx__fail(ctx, BB_EINVAL,
                                           _("%s: unknown %s '%s' (expected one of %s)"), field,
                                           what, q, expected),
                              value, keys);
}
