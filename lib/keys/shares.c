/* Recovery shares: Shamir's secret sharing over GF(2^8) through libgfshare, and each share's
 * printable file (what it belongs to, its code in hex groups with a checksum). */
#include "keys/recovery.h"
#include "bb/recovery.h"
#include "bb/error.h"
#include "base/i18n.h"

#include <libgfshare.h>
#include <sodium.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_BYTES (1 + BB_SHARE_BYTES + 4) /* number, point, checksum */
#define FILE_MAX   8192

/* libgfshare takes its coefficients, and the bytes it overwrites buffers with when freeing a
 * context, from gfshare_fill_rand: the system's randomness, never random(). */
static void fill_random(unsigned char *buf, unsigned int n)
{
    randombytes_buf(buf, n);
}

int bb_share__split(bb_secret *secret, int n, int k, bb_share *shares)
{
    unsigned char nrs[BB_RECOVERY_MAX_SHARES];
    uint8_t *copy = sodium_malloc(BB_SHARE_BYTES);
    gfshare_ctx *g = NULL;
    int rc = BB_ENOMEM;

    for (int i = 0; i < n; i++)
        nrs[i] = (unsigned char)(i + 1);
    gfshare_fill_rand = fill_random;
    if (copy == NULL ||
        (g = gfshare_ctx_init_enc(nrs, (unsigned)n, (unsigned char)k, BB_SHARE_BYTES)) == NULL)
        goto done;
    memcpy(copy, bb_secret__read(secret), BB_SHARE_BYTES);
    bb_secret__release(secret);
    gfshare_ctx_enc_setsecret(g, copy);
    for (int i = 0; i < n; i++) {
        shares[i].number = i + 1;
        gfshare_ctx_enc_getshare(g, (unsigned char)i, shares[i].y);
    }
    rc = BB_OK;
done:
    if (g != NULL)
        gfshare_ctx_free(g); /* wipes its buffers */
    sodium_free(copy);
    return rc;
}

int bb_share__combine(const bb_share *shares, int n, bb_secret **out)
{
    unsigned char nrs[BB_RECOVERY_MAX_SHARES];
    gfshare_ctx *g = NULL;
    int rc;

    for (int i = 0; i < n; i++)
        nrs[i] = (unsigned char)shares[i].number;
    if ((rc = bb_secret__new(BB_SHARE_BYTES, out)) != BB_OK)
        return rc;
    gfshare_fill_rand = fill_random;
    if ((g = gfshare_ctx_init_dec(nrs, (unsigned)n, BB_SHARE_BYTES)) == NULL) {
        bb_secret__free(*out);
        *out = NULL;
        return BB_ENOMEM;
    }
    for (int i = 0; i < n; i++)
        gfshare_ctx_dec_giveshare(g, (unsigned char)i, (unsigned char *)shares[i].y);
    gfshare_ctx_dec_extract(g, bb_secret__write(*out));
    bb_secret__release(*out);
    gfshare_ctx_free(g);
    return BB_OK;
}

/* The code's bytes: number, point, and a checksum over them and everything the share says it
 * belongs to, so an edited header fails like a mistyped code. */
static void share_code(const bb_share *s, uint8_t code[CODE_BYTES])
{
    uint8_t sum[16];
    char head[96];
    crypto_generichash_state st;

    code[0] = (uint8_t)s->number;
    memcpy(code + 1, s->y, BB_SHARE_BYTES);
    snprintf(head, sizeof head, "bb-share-1|%s|%d|%d|%d", s->org_id, s->generation, s->shares,
             s->threshold);
    crypto_generichash_init(&st, NULL, 0, sizeof sum);
    crypto_generichash_update(&st, (const uint8_t *)head, strlen(head) + 1);
    crypto_generichash_update(&st, code, 1 + BB_SHARE_BYTES);
    crypto_generichash_final(&st, sum, sizeof sum);
    memcpy(code + 1 + BB_SHARE_BYTES, sum, 4);
    sodium_memzero(&st, sizeof st);
}

int bb_share__format(const bb_share *s, const char *org_name, const char *made, char **out)
{
    uint8_t code[CODE_BYTES];
    char hex[CODE_BYTES * 3 + 8];
    size_t h = 0;
    int n;

    share_code(s, code);
    for (int i = 0; i < CODE_BYTES; i += 2) {
        /* Groups of four digits, eight groups a line. */
        const char *sep = i == 0 ? "" : (i % 16 == 0 ? "\ncode: " : " ");
        h += (size_t)snprintf(hex + h, sizeof hex - h, "%s%02x", sep, code[i]);
        if (i + 1 < CODE_BYTES)
            h += (size_t)snprintf(hex + h, sizeof hex - h, "%02x", code[i + 1]);
    }
    n = asprintf(out,
                 "bb organisation recovery share\n"
                 "# %s\n# %s\n\n"
                 "organisation: %s\norganisation id: %s\ngeneration: %d\nshare: %d\n"
                 "shares: %d\nneeded: %d\nmade: %s\n\ncode: %s\n",
                 _("Keep this on paper in a safe, never on the computer bb runs on."),
                 _("With as many other shares as 'needed' says, it gives the organisation back."),
                 org_name, s->org_id, s->generation, s->number, s->shares, s->threshold, made,
                 hex);
    sodium_memzero(code, sizeof code);
    sodium_memzero(hex, sizeof hex);
    return n < 0 ? BB_ENOMEM : BB_OK;
}

/* Reads at most FILE_MAX bytes of path into buf (NUL-terminated). */
static int slurp(bb_ctx *ctx, const char *path, char *buf)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL)
        return bb_ctx__fail(ctx, BB_EINVAL, _("share %s: cannot read it: %s"), path,
                            strerror(errno));
    n = fread(buf, 1, FILE_MAX - 1, f);
    buf[n] = '\0';
    fclose(f);
    return BB_OK;
}

/* Appends the hex digits of value to hex (spaces and dashes between groups skipped). */
static int add_code(char *hex, size_t *h, const char *value)
{
    for (const char *c = value; *c; c++) {
        if (*c == ' ' || *c == '-' || *c == '\t' || *c == '\r')
            continue;
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') || (*c >= 'A' && *c <= 'F')) ||
            *h >= CODE_BYTES * 2)
            return -1;
        hex[(*h)++] = *c;
    }
    hex[*h] = '\0';
    return 0;
}

/* One "name: value" line into s (and the code's digits into hex). */
static int parse_line(char *line, bb_share *s, char *hex, size_t *h)
{
    char *colon = strchr(line, ':');
    char *v = colon ? colon + 1 : NULL;
    char *end = NULL;

    if (line[0] == '#' || line[0] == '\0' || strcmp(line, "bb organisation recovery share") == 0)
        return 0;
    if (v == NULL)
        return -1;
    *colon = '\0';
    while (*v == ' ')
        v++;
    if (strcmp(line, "code") == 0)
        return add_code(hex, h, v);
    if (strcmp(line, "organisation id") == 0) {
        if (strlen(v) != 36)
            return -1;
        memcpy(s->org_id, v, 37);
        return 0;
    }
    long n = strtol(v, &end, 10);
    int ok = end != v && *end == '\0' && n >= 0 && n <= 1000000;
    if (strcmp(line, "generation") == 0)
        s->generation = ok ? (int)n : -1;
    else if (strcmp(line, "share") == 0)
        s->number = ok ? (int)n : -1;
    else if (strcmp(line, "shares") == 0)
        s->shares = ok ? (int)n : -1;
    else if (strcmp(line, "needed") == 0)
        s->threshold = ok ? (int)n : -1;
    return 0; /* organisation, made and unknown names: only for people */
}

static int decode(const char *hex, uint8_t code[CODE_BYTES])
{
    size_t len = 0;

    return sodium_hex2bin(code, CODE_BYTES, hex, strlen(hex), NULL, &len, NULL) == 0 &&
                   len == CODE_BYTES
               ? 0
               : -1;
}

int bb_share__read(bb_ctx *ctx, const char *path, bb_share *out)
{
    char *buf = malloc(FILE_MAX), hex[CODE_BYTES * 2 + 1] = "", *save = NULL;
    uint8_t code[CODE_BYTES], expect[CODE_BYTES];
    size_t h = 0;
    int rc, bad = 0;

    memset(out, 0, sizeof *out);
    if (buf == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if ((rc = slurp(ctx, path, buf)) != BB_OK)
        goto done;
    for (char *line = strtok_r(buf, "\n", &save); line && !bad; line = strtok_r(NULL, "\n", &save))
        bad = parse_line(line, out, hex, &h);
    if (bad || out->org_id[0] == '\0' || out->generation < 1 || out->number < 1 ||
        out->number > BB_RECOVERY_MAX_SHARES || out->threshold < 2 ||
        out->shares < out->threshold || decode(hex, code) != 0) {
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("share %s: not a complete recovery share (a line is missing or "
                            "damaged)"),
                          path);
        goto done;
    }
    memcpy(out->y, code + 1, BB_SHARE_BYTES);
    share_code(out, expect);
    if (code[0] != out->number || sodium_memcmp(code, expect, CODE_BYTES) != 0)
        rc = bb_ctx__fail(ctx, BB_EINVAL,
                          _("share %s: its code does not match its checksum: the share is "
                            "damaged or mistyped"),
                          path);
done:
    sodium_memzero(code, sizeof code);
    sodium_memzero(hex, sizeof hex);
    if (buf != NULL)
        sodium_memzero(buf, FILE_MAX);
    free(buf);
    if (rc != BB_OK)
        sodium_memzero(out->y, sizeof out->y);
    return rc;
}
