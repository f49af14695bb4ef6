/* Visible placeholders for control characters, escape sequences and broken UTF-8; see
 * bb/text.h. */
#include "bb/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bb_text_cp_is_safe(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
        return false; /* C0, DEL, C1: ESC and CSI start terminal escape sequences */
    if (cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
        (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
        return false; /* direction overrides, invisible and line-breaking format characters */
    if ((cp >= 0xd800 && cp <= 0xdfff) || (cp & 0xfffe) == 0xfffe || cp > 0x10ffff)
        return false;
    return !(cp >= 0xfdd0 && cp <= 0xfdef);
}

size_t bb_utf8_decode(const char *s, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len;
    uint32_t v;

    if (p[0] < 0x80) {
        *cp = p[0];
        return p[0] != 0;
    }
    if ((p[0] & 0xe0) == 0xc0)
        len = 2, v = p[0] & 0x1f;
    else if ((p[0] & 0xf0) == 0xe0)
        len = 3, v = p[0] & 0x0f;
    else if ((p[0] & 0xf8) == 0xf0)
        len = 4, v = p[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0; /* also stops at the NUL */
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0; /* overlong, out of range, or a surrogate */
    *cp = v;
    return len;
}

/* The output of bb_text_sanitize: what fitted so far, and the length the whole result needs. */
struct sink {
    char *out;
    size_t size, used, kept;
    bool full;
};

/* Appends piece (n bytes) when it fits whole and nothing before was left out; counts it. */
static void put(struct sink *k, const char *piece, size_t n)
{
    if (!k->full && k->used + n < k->size) {
        memcpy(k->out + k->used, piece, n);
        k->kept = k->used + n;
    } else {
        k->full = true;
    }
    k->used += n;
}

size_t bb_text_sanitize(const char *in, char *out, size_t outsz)
{
    struct sink k = {out, outsz, 0, 0, false};
    size_t len;
    char ph[12];
    uint32_t cp;

    for (const char *s = in ? in : ""; *s != '\0'; s += len) {
        len = bb_utf8_decode(s, &cp);
        if (len == 0) {
            snprintf(ph, sizeof ph, "\\x%02x", (unsigned char)*s);
            put(&k, ph, 4);
            len = 1;
        } else if (!bb_text_cp_is_safe(cp)) {
            int n = snprintf(ph, sizeof ph, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
            put(&k, ph, (size_t)n);
        } else {
            put(&k, s, len);
        }
    }
    if (outsz > 0)
        out[k.kept] = '\0';
    return k.used;
}

char *bb_text_sanitize_dup(const char *in)
{
    size_t n = bb_text_sanitize(in, NULL, 0);
    char *out = malloc(n + 1);

    if (out != NULL)
        bb_text_sanitize(in, out, n + 1);
    return out;
}
