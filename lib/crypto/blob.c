/* The versioned blob format of encrypted fields and wrapped keys. */
#include "crypto/blob.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bb/error.h"

_Static_assert(BB_BLOB_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(BB_BLOB_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
_Static_assert(BB_BLOB_TAG_BYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag size");
_Static_assert(BB_BLOB_HEADER_BYTES == 2 + 1 + 4 + BB_BLOB_NONCE_BYTES, "header layout");

#define BB_BLOB_NONCE_AT 7

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Appends one length-prefixed field: BE32(len) || bytes. The caller checked the room. */
static void ad_put(uint8_t *ad, size_t *pos, const void *bytes, size_t len)
{
    put_be32(ad + *pos, (uint32_t)len);
    memcpy(ad + *pos + 4, bytes, len);
    *pos += 4 + len;
}

/* Length of a required name, or 0 when it is missing, empty or too long. */
static size_t name_len(const char *s)
{
    size_t n = s == NULL ? 0 : strnlen(s, BB_BLOB_MAX_NAME + 1);

    return n > BB_BLOB_MAX_NAME ? 0 : n;
}

int bb_blob__ad(const bb_blob_bind *bind, uint8_t *ad, size_t cap, size_t *adlen)
{
    const uint8_t head[3] = {'b', 'b', BB_BLOB_VERSION};
    uint8_t kv[4];
    size_t lt, lc, lr, pos = 0;

    if (bind == NULL || ad == NULL || adlen == NULL)
        return BB_EINVAL;
    lt = name_len(bind->table);
    lc = name_len(bind->column);
    lr = name_len(bind->row_id);
    if (lt == 0 || lc == 0 || lr == 0 || cap < 5 * 4 + sizeof(head) + sizeof(kv) + lt + lc + lr)
        return BB_EINVAL;
    put_be32(kv, bind->key_version);
    /* A fixed number of length-prefixed fields: no two binds encode to the same bytes. */
    ad_put(ad, &pos, head, sizeof(head));
    ad_put(ad, &pos, kv, sizeof(kv));
    ad_put(ad, &pos, bind->table, lt);
    ad_put(ad, &pos, bind->column, lc);
    ad_put(ad, &pos, bind->row_id, lr);
    *adlen = pos;
    return BB_OK;
}

/* Encrypts with raw key bytes k; the arguments were checked by the caller. */
static int blob_seal(const uint8_t *k, const bb_blob_bind *bind, const uint8_t *nonce,
                     const uint8_t *plain, size_t len, uint8_t **out, size_t *outlen)
{
    static const uint8_t empty[1];
    uint8_t ad[BB_BLOB_MAX_AD];
    size_t adlen;
    uint8_t *b = NULL;
    int rc = bb_blob__ad(bind, ad, sizeof(ad), &adlen);

    if (rc != BB_OK)
        goto done;
    b = malloc(len + BB_BLOB_OVERHEAD);
    if (b == NULL) {
        rc = BB_ENOMEM;
        goto done;
    }
    b[0] = 'b';
    b[1] = 'b';
    b[2] = BB_BLOB_VERSION;
    put_be32(b + 3, bind->key_version);
    memcpy(b + BB_BLOB_NONCE_AT, nonce, BB_BLOB_NONCE_BYTES);
    /* Cannot fail for lengths below the (huge) message limit. */
    crypto_aead_xchacha20poly1305_ietf_encrypt(b + BB_BLOB_HEADER_BYTES, NULL,
                                               plain != NULL ? plain : empty, len, ad, adlen, NULL,
                                               nonce, k);
    *out = b;
    *outlen = len + BB_BLOB_OVERHEAD;
    b = NULL;
done:
    free(b);
    return rc;
}

/* Common checks and key access of both seal functions; nonce NULL means a random one. */
static int seal_with(bb_secret *key, const bb_blob_bind *bind, const uint8_t *nonce,
                     const uint8_t *plain, size_t len, uint8_t **out, size_t *outlen)
{
    uint8_t fresh[BB_BLOB_NONCE_BYTES];
    const uint8_t *k = NULL;
    int rc = bb_crypto__init();

    if (rc != BB_OK)
        goto done;
    if (bb_secret__len(key) != BB_BLOB_KEY_BYTES || bind == NULL || out == NULL || outlen == NULL ||
        (plain == NULL && len > 0) || len > BB_BLOB_MAX_PLAIN) {
        rc = BB_EINVAL;
        goto done;
    }
    if (nonce == NULL) {
        randombytes_buf(fresh, sizeof(fresh));
        nonce = fresh;
    }
    k = bb_secret__read(key);
    if (k == NULL) {
        rc = BB_ECRYPTO;
        goto done;
    }
    rc = blob_seal(k, bind, nonce, plain, len, out, outlen);
done:
    if (k != NULL)
        bb_secret__release(key);
    return rc;
}

int bb_blob__seal(bb_secret *key, const bb_blob_bind *bind, const uint8_t *plain, size_t len,
                  uint8_t **out, size_t *outlen)
{
    return seal_with(key, bind, NULL, plain, len, out, outlen);
}

int bb_blob__seal_with_nonce(bb_secret *key, const bb_blob_bind *bind,
                             const uint8_t nonce[BB_BLOB_NONCE_BYTES], const uint8_t *plain,
                             size_t len, uint8_t **out, size_t *outlen)
{
    if (nonce == NULL)
        return BB_EINVAL;
    return seal_with(key, bind, nonce, plain, len, out, outlen);
}

int bb_blob__key_version(const uint8_t *blob, size_t len, uint32_t *out)
{
    if (blob == NULL || out == NULL || len < BB_BLOB_OVERHEAD || blob[0] != 'b' || blob[1] != 'b' ||
        blob[2] != BB_BLOB_VERSION)
        return BB_ECRYPTO;
    *out = get_be32(blob + 3);
    return BB_OK;
}

/* Authenticates and decrypts into dst (len - BB_BLOB_OVERHEAD bytes). dst holds nothing
 * meaningful unless BB_OK is returned; the caller wipes it on failure. */
static int blob_decrypt(bb_secret *key, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                        uint8_t *dst)
{
    uint8_t ad[BB_BLOB_MAX_AD];
    size_t adlen;
    uint32_t kv;
    const uint8_t *k = NULL;
    int rc = bb_blob__ad(bind, ad, sizeof(ad), &adlen);

    if (rc != BB_OK)
        goto done;
    rc = bb_blob__key_version(blob, len, &kv);
    if (rc != BB_OK)
        goto done;
    k = bb_secret__read(key);
    if (kv != bind->key_version || k == NULL ||
        crypto_aead_xchacha20poly1305_ietf_decrypt(dst, NULL, NULL, blob + BB_BLOB_HEADER_BYTES,
                                                   len - BB_BLOB_HEADER_BYTES, ad, adlen,
                                                   blob + BB_BLOB_NONCE_AT, k) != 0)
        rc = BB_ECRYPTO;
done:
    if (k != NULL)
        bb_secret__release(key);
    return rc;
}

/* Checks shared by open and unwrap; returns the plaintext length through *plainlen. */
static int open_check(bb_secret *key, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                      size_t *plainlen)
{
    int rc = bb_crypto__init();

    if (rc != BB_OK)
        return rc;
    if (bb_secret__len(key) != BB_BLOB_KEY_BYTES || bind == NULL || blob == NULL)
        return BB_EINVAL;
    if (len < BB_BLOB_OVERHEAD || len - BB_BLOB_OVERHEAD > BB_BLOB_MAX_PLAIN)
        return BB_ECRYPTO;
    *plainlen = len - BB_BLOB_OVERHEAD;
    return BB_OK;
}

int bb_blob__open(bb_secret *key, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                  uint8_t **out, size_t *outlen)
{
    uint8_t *dst = NULL;
    size_t n = 0;
    int rc = out == NULL || outlen == NULL ? BB_EINVAL : open_check(key, bind, blob, len, &n);

    if (rc != BB_OK)
        goto done;
    dst = malloc(n + 1);
    if (dst == NULL) {
        rc = BB_ENOMEM;
        goto done;
    }
    rc = blob_decrypt(key, bind, blob, len, dst);
    if (rc != BB_OK)
        goto done;
    dst[n] = '\0';
    *out = dst;
    *outlen = n;
    dst = NULL;
done:
    bb_blob__free_plain(dst, n);
    return rc;
}

int bb_blob__wrap_key(bb_secret *kek, const bb_blob_bind *bind, bb_secret *key, uint8_t **out,
                      size_t *outlen)
{
    const uint8_t *p = bb_secret__read(key);
    int rc =
        p == NULL ? BB_EINVAL : seal_with(kek, bind, NULL, p, bb_secret__len(key), out, outlen);

    if (p != NULL)
        bb_secret__release(key);
    return rc;
}

int bb_blob__unwrap_key(bb_secret *kek, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                        size_t keylen, bb_secret **out)
{
    bb_secret *s = NULL;
    uint8_t *dst = NULL;
    size_t n = 0;
    int rc = out == NULL ? BB_EINVAL : open_check(kek, bind, blob, len, &n);

    if (rc != BB_OK)
        goto done;
    if (n != keylen) {
        rc = BB_ECRYPTO;
        goto done;
    }
    rc = bb_secret__new(keylen, &s);
    if (rc != BB_OK)
        goto done;
    dst = bb_secret__write(s);
    if (dst == NULL) {
        rc = BB_ECRYPTO;
        goto done;
    }
    rc = blob_decrypt(kek, bind, blob, len, dst);
    bb_secret__release(s);
    if (rc != BB_OK)
        goto done;
    *out = s;
    s = NULL;
done:
    bb_secret__free(s); /* wipes whatever a failed decryption left */
    return rc;
}

void bb_blob__free_plain(uint8_t *plain, size_t len)
{
    if (plain == NULL)
        return;
    sodium_memzero(plain, len + 1);
    free(plain);
}
