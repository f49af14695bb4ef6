/* Secret-key memory and process hygiene. */
#include "crypto/secret.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <sodium.h>

#include "bb/error.h"

/* Keys are 32 or 64 bytes; the bound only stops nonsense sizes. */
#define BB_SECRET_MAX 4096

struct bb_secret {
    uint8_t *bytes; /* sodium_malloc()ed, len bytes */
    size_t len;
    unsigned users;  /* nesting depth of read/write */
    int writable;    /* the current use asked for write access */
    int protectable; /* mprotect works here; without it the memory just stays readable */
};

int bb_crypto__init(void)
{
    /* sodium_init() is itself idempotent and thread-safe: 0 first time, 1 afterwards. */
    return sodium_init() < 0 ? BB_ECRYPTO : BB_OK;
}

int bb_crypto__disable_core_dumps(void)
{
    struct rlimit none = {0, 0};
    int rc = BB_OK;

    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        rc = BB_EIO;
        goto done;
    }
#if defined(__linux__)
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        rc = BB_EIO;
#endif
done:
    return rc;
}

int bb_secret__new(size_t len, bb_secret **out)
{
    bb_secret *s = NULL;
    int rc = bb_crypto__init();

    if (rc != BB_OK)
        goto done;
    if (out == NULL || len == 0 || len > BB_SECRET_MAX) {
        rc = BB_EINVAL;
        goto done;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        rc = BB_ENOMEM;
        goto done;
    }
    s->bytes = sodium_malloc(len);
    if (s->bytes == NULL) {
        rc = BB_ENOMEM;
        goto done;
    }
    s->len = len;
    sodium_memzero(s->bytes, len); /* sodium_malloc fills with 0xdb, not zero */
    /* Where mprotect is unavailable the key stays readable, still guarded and locked. */
    s->protectable = sodium_mprotect_noaccess(s->bytes) == 0;
    *out = s;
    s = NULL;
done:
    bb_secret__free(s);
    return rc;
}

int bb_secret__random(size_t len, bb_secret **out)
{
    bb_secret *s = NULL;
    uint8_t *p;
    int rc = bb_secret__new(len, &s);

    if (rc != BB_OK)
        goto done;
    p = bb_secret__write(s);
    if (p == NULL) {
        rc = BB_ECRYPTO;
        goto done;
    }
    randombytes_buf(p, len);
    bb_secret__release(s);
    *out = s;
    s = NULL;
done:
    bb_secret__free(s);
    return rc;
}

int bb_secret__from_bytes(const uint8_t *bytes, size_t len, bb_secret **out)
{
    bb_secret *s = NULL;
    uint8_t *p;
    int rc = BB_EINVAL;

    if (bytes == NULL)
        goto done;
    rc = bb_secret__new(len, &s);
    if (rc != BB_OK)
        goto done;
    p = bb_secret__write(s);
    if (p == NULL) {
        rc = BB_ECRYPTO;
        goto done;
    }
    memcpy(p, bytes, len);
    bb_secret__release(s);
    *out = s;
    s = NULL;
done:
    bb_secret__free(s);
    return rc;
}

/* One use begins; the protection only ever widens while uses are nested. */
static uint8_t *secret_acquire(bb_secret *s, int writable)
{
    int ok = 1;

    if (s == NULL)
        return NULL;
    if (s->protectable && writable && !s->writable)
        ok = sodium_mprotect_readwrite(s->bytes) == 0;
    else if (s->protectable && s->users == 0)
        ok = sodium_mprotect_readonly(s->bytes) == 0;
    if (!ok)
        return NULL;
    s->writable |= writable;
    s->users++;
    return s->bytes;
}

const uint8_t *bb_secret__read(bb_secret *s)
{
    return secret_acquire(s, 0);
}

uint8_t *bb_secret__write(bb_secret *s)
{
    return secret_acquire(s, 1);
}

void bb_secret__release(bb_secret *s)
{
    if (s == NULL || s->users == 0)
        return;
    if (--s->users > 0)
        return;
    s->writable = 0;
    /* If this fails the key stays readable; it is still guarded, locked and wiped on free. */
    if (s->protectable)
        (void)sodium_mprotect_noaccess(s->bytes);
}

size_t bb_secret__len(const bb_secret *s)
{
    return s == NULL ? 0 : s->len;
}

int bb_secret__equal(bb_secret *a, bb_secret *b)
{
    const uint8_t *pa = bb_secret__read(a);
    const uint8_t *pb = bb_secret__read(b);
    int same = 0;

    if (pa == NULL || pb == NULL || a->len != b->len)
        goto done;
    same = sodium_memcmp(pa, pb, a->len) == 0;
done:
    if (pa != NULL)
        bb_secret__release(a);
    if (pb != NULL)
        bb_secret__release(b);
    return same;
}

void bb_secret__free(bb_secret *s)
{
    if (s == NULL)
        return;
    /* sodium_free() makes the pages writable, zeroes them, checks the canary and unmaps. */
    sodium_free(s->bytes);
    free(s);
}
