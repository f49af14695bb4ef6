/* Normalisation of personal values before blind indexing. */
#include "crypto/normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bb/error.h"

/* Decodes the code point at s[*i], advancing *i. Returns 0, or -1 for ill-formed UTF-8. */
static int utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    unsigned char c = s[*i];
    size_t n, k;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        *i += 1;
        return 0;
    }
    if (c >= 0xc2 && c <= 0xdf)
        n = 1, v = c & 0x1fu;
    else if (c >= 0xe0 && c <= 0xef)
        n = 2, v = c & 0x0fu;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 3, v = c & 0x07u;
    else
        return -1;
    if (len - *i <= n)
        return -1;
    for (k = 1; k <= n; k++) {
        if ((s[*i + k] & 0xc0) != 0x80)
            return -1;
        v = v << 6 | (s[*i + k] & 0x3fu);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
    if (v < min[n] || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
        return -1;
    *cp = v;
    *i += n + 1;
    return 0;
}

int bb_norm__utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;

    if (s == NULL)
        return len == 0;
    while (i < len)
        if (utf8_next((const unsigned char *)s, len, &i, &cp) != 0)
            return 0;
    return 1;
}

/* Checks the common input rules and gives the length. */
static int check_input(const char *in, size_t *len)
{
    if (in == NULL)
        return BB_EINVAL;
    *len = strnlen(in, BB_NORM_MAX_INPUT + 1);
    if (*len > BB_NORM_MAX_INPUT || !bb_norm__utf8_valid(in, *len))
        return BB_EINVAL;
    return BB_OK;
}

static int is_ascii_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A growing output string with a fixed capacity (the input length bounds every result). */
struct nbuf {
    char *p;
    size_t n, cap;
};

static int nbuf_init(struct nbuf *b, size_t cap)
{
    b->p = malloc(cap + 1);
    b->n = 0;
    b->cap = cap;
    if (b->p == NULL)
        return BB_ENOMEM;
    b->p[0] = '\0';
    return BB_OK;
}

static int nbuf_put(struct nbuf *b, const char *s, size_t n)
{
    if (n > b->cap - b->n)
        return BB_EINVAL; /* cannot happen: results are never longer than the input */
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return BB_OK;
}

/* Hands the finished string to *out, or refuses an empty one. */
static int nbuf_finish(struct nbuf *b, char **out)
{
    if (b->n == 0)
        return BB_EINVAL;
    *out = b->p;
    b->p = NULL;
    return BB_OK;
}

void bb_norm__free(char *s)
{
    if (s == NULL)
        return;
    sodium_memzero(s, strlen(s));
    free(s);
}

/* ---- white space (names: lib/fields/norm-name.c) ---- */

static int is_unicode_space(uint32_t cp)
{
    return (cp < 0x80 && is_ascii_space((int)cp)) || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
           cp == 0x205f || cp == 0x3000;
}

/* ---- postcodes and house numbers ---- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int to_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static size_t skip_space(const char *s, size_t i)
{
    while (is_ascii_space((unsigned char)s[i]))
        i++;
    return i;
}

int bb_norm__postcode(const char *in, char **out)
{
    char pc[7];
    size_t len, i = 0, k;
    int rc = out == NULL ? BB_EINVAL : check_input(in, &len);

    if (rc != BB_OK)
        goto done;
    rc = BB_EINVAL;
    i = skip_space(in, i);
    for (k = 0; k < 4; k++, i++) {
        if (!is_digit(in[i]) || (k == 0 && in[i] == '0'))
            goto done;
        pc[k] = in[i];
    }
    i = skip_space(in, i);
    for (k = 4; k < 6; k++, i++) {
        if (!is_letter(in[i]))
            goto done;
        pc[k] = (char)to_upper(in[i]);
    }
    pc[6] = '\0';
    if (in[skip_space(in, i)] != '\0')
        goto done;
    *out = strdup(pc);
    rc = *out == NULL ? BB_ENOMEM : BB_OK;
done:
    return rc;
}

/* Reads the number part of a house number into num (no leading zeros); returns the index
 * after it, or 0 when it is missing, zero or longer than five digits. */
static size_t house_number_part(const char *in, size_t i, char num[6])
{
    size_t n = 0;

    while (in[i] == '0')
        i++;
    while (is_digit(in[i])) {
        if (n == 5)
            return 0;
        num[n++] = in[i++];
    }
    num[n] = '\0';
    return n == 0 ? 0 : i;
}

int bb_norm__house_number(const char *in, char **out)
{
    char num[6], add[7], res[14];
    size_t len, i, n = 0;
    int rc = out == NULL ? BB_EINVAL : check_input(in, &len);

    if (rc != BB_OK)
        goto done;
    rc = BB_EINVAL;
    i = skip_space(in, 0);
    if (!is_digit(in[i]))
        goto done;
    i = house_number_part(in, i, num);
    if (i == 0)
        goto done;
    for (; in[i] != '\0'; i++) {
        if (in[i] == ' ' || in[i] == '\t' || in[i] == '-' || in[i] == '/')
            continue;
        if ((!is_letter(in[i]) && !is_digit(in[i])) || n == 6)
            goto done;
        add[n++] = (char)to_upper(in[i]);
    }
    add[n] = '\0';
    /* "12-1" must not become "121", another house number. */
    snprintf(res, sizeof(res), "%s%s%s", num, n > 0 && is_digit(add[0]) ? "-" : "", add);
    *out = strdup(res);
    rc = *out == NULL ? BB_ENOMEM : BB_OK;
done:
    return rc;
}

int bb_norm__address(const char *postcode, const char *house_number, char **out)
{
    char *pc = NULL, *hn = NULL;
    struct nbuf b = {NULL, 0, 0};
    int rc = out == NULL ? BB_EINVAL : bb_norm__postcode(postcode, &pc);

    if (rc == BB_OK)
        rc = bb_norm__house_number(house_number, &hn);
    if (rc == BB_OK)
        rc = nbuf_init(&b, strlen(pc) + 1 + strlen(hn));
    if (rc == BB_OK)
        rc = nbuf_put(&b, pc, strlen(pc));
    if (rc == BB_OK)
        rc = nbuf_put(&b, " ", 1);
    if (rc == BB_OK)
        rc = nbuf_put(&b, hn, strlen(hn));
    if (rc == BB_OK)
        rc = nbuf_finish(&b, out);
    bb_norm__free(b.p);
    bb_norm__free(pc);
    bb_norm__free(hn);
    return rc;
}

/* ---- phone numbers ---- */

/* Collects the digits of a phone number into d (at most cap - 1) and whether it started with
 * '+'. "(0)", the optional trunk zero of international notation, is skipped. Returns the
 * number of digits, or 0 for anything that is not a phone number. */
static size_t phone_digits(const char *in, char *d, size_t cap, int *plus)
{
    size_t i = skip_space(in, 0), n = 0;

    *plus = in[i] == '+';
    if (*plus)
        i++;
    for (; in[i] != '\0'; i++) {
        unsigned char c = (unsigned char)in[i];

        if (is_digit(c)) {
            if (n + 1 >= cap)
                return 0;
            d[n++] = (char)c;
        } else if (c == '(' && in[i + 1] == '0' && in[i + 2] == ')') {
            i += 2;
        } else if (c == 0xc2 && (unsigned char)in[i + 1] == 0xa0) {
            i += 1; /* a no-break space, as copied from web pages */
        } else if (!is_ascii_space(c) && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
            return 0;
        }
    }
    d[n] = '\0';
    return n;
}

/* E.164 form of collected digits; res holds at least 20 bytes. */
static int phone_format(char *d, size_t n, int intl, char *res, size_t cap)
{
    if (!intl && n > 2 && d[0] == '0' && d[1] == '0') {
        d += 2; /* 00 is the international access prefix */
        n -= 2;
        intl = 1;
    }
    if (intl && n > 2 && d[0] == '3' && d[1] == '1') {
        d += 2;
        n -= 2;
        intl = 0;
        if (n == 10 && d[0] == '0') {
            d++; /* "+31 06 ..." keeps the trunk zero by mistake */
            n--;
        }
    } else if (!intl && n == 10 && d[0] == '0') {
        d++;
        n--;
    } else if (!intl || n < 7 || n > 15 || d[0] == '0') {
        return BB_EINVAL;
    } else {
        snprintf(res, cap, "+%.15s", d);
        return BB_OK;
    }
    /* A Dutch number: nine digits after the country code, the first not 0. */
    if (n != 9 || d[0] == '0')
        return BB_EINVAL;
    snprintf(res, cap, "+31%.9s", d);
    return BB_OK;
}

int bb_norm__phone(const char *in, char **out)
{
    char d[24], res[24];
    size_t len, n;
    int plus = 0;
    int rc = out == NULL ? BB_EINVAL : check_input(in, &len);

    if (rc != BB_OK)
        goto done;
    n = phone_digits(in, d, sizeof(d), &plus);
    rc = n == 0 ? BB_EINVAL : phone_format(d, n, plus, res, sizeof(res));
    if (rc != BB_OK)
        goto done;
    *out = strdup(res);
    rc = *out == NULL ? BB_ENOMEM : BB_OK;
done:
    sodium_memzero(d, sizeof(d));
    sodium_memzero(res, sizeof(res));
    return rc;
}

/* ---- e-mail ---- */

int bb_norm__email(const char *in, char **out)
{
    struct nbuf b = {NULL, 0, 0};
    size_t len, start, end, i, at = 0, ats = 0;
    int rc = out == NULL ? BB_EINVAL : check_input(in, &len);

    if (rc != BB_OK)
        goto done;
    start = skip_space(in, 0);
    end = len;
    while (end > start && is_ascii_space((unsigned char)in[end - 1]))
        end--;
    for (i = start; i < end;) {
        uint32_t c;

        if (in[i] == '@')
            at = i, ats++;
        (void)utf8_next((const unsigned char *)in, len, &i, &c); /* checked above */
        /* Unicode white space and C1 controls too, as the header promises. */
        if (c <= ' ' || (c >= 0x7f && c < 0xa0) || is_unicode_space(c))
            rc = BB_EINVAL;
    }
    if (rc != BB_OK || ats != 1 || at == start || at + 1 == end)
        rc = BB_EINVAL;
    if (rc == BB_OK)
        rc = nbuf_init(&b, end - start);
    for (i = start; rc == BB_OK && i < end; i++) {
        char c = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] - 'A' + 'a' : in[i]);

        rc = nbuf_put(&b, &c, 1);
    }
    if (rc == BB_OK)
        rc = nbuf_finish(&b, out);
done:
    bb_norm__free(b.p);
    return rc;
}
