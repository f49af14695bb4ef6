/* Blind indexes: exact lookups over encrypted fields. */
#include "crypto/bidx.h"

#include <string.h>

#include <sodium.h>

#include "bb/error.h"

_Static_assert(sizeof(BB_BIDX_KDF_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES, "kdf context");
_Static_assert(BB_BIDX_KEY_BYTES == crypto_kdf_KEYBYTES, "root key size");
_Static_assert(BB_BIDX_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN &&
                   BB_BIDX_KEY_BYTES <= crypto_generichash_KEYBYTES_MAX,
               "index key size");

#define BB_BIDX_MAX_NAME 255

static size_t bidx_name_len(const char *s)
{
    size_t n = s == NULL ? 0 : strnlen(s, BB_BIDX_MAX_NAME + 1);

    return n > BB_BIDX_MAX_NAME ? 0 : n;
}

int bb_bidx__subkey_id(const char *table, const char *column, const char *index, uint64_t *out)
{
    uint8_t h[16];
    crypto_generichash_state st;
    size_t lt = bidx_name_len(table), lc = bidx_name_len(column), li = bidx_name_len(index);
    uint64_t id = 0;
    int i;

    if (out == NULL || lt == 0 || lc == 0 || li == 0)
        return BB_EINVAL;
    if (bb_crypto__init() != BB_OK)
        return BB_ECRYPTO;
    /* Names cannot contain NUL, so "table\0column\0index" is unambiguous. */
    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    crypto_generichash_update(&st, (const uint8_t *)table, lt + 1);
    crypto_generichash_update(&st, (const uint8_t *)column, lc + 1);
    crypto_generichash_update(&st, (const uint8_t *)index, li);
    crypto_generichash_final(&st, h, sizeof(h));
    for (i = 0; i < 8; i++)
        id = id << 8 | h[i];
    *out = id;
    return BB_OK;
}

int bb_bidx__derive_key(bb_secret *root, const char *table, const char *column, const char *index,
                        bb_secret **out)
{
    bb_secret *s = NULL;
    const uint8_t *rk = NULL;
    uint8_t *sk = NULL;
    uint64_t id;
    int rc = BB_EINVAL;

    if (out == NULL || bb_secret__len(root) != crypto_kdf_KEYBYTES)
        goto done;
    rc = bb_bidx__subkey_id(table, column, index, &id);
    if (rc == BB_OK)
        rc = bb_secret__new(BB_BIDX_KEY_BYTES, &s);
    if (rc != BB_OK)
        goto done;
    rk = bb_secret__read(root);
    sk = bb_secret__write(s);
    if (rk == NULL || sk == NULL ||
        crypto_kdf_derive_from_key(sk, BB_BIDX_KEY_BYTES, id, BB_BIDX_KDF_CONTEXT, rk) != 0) {
        rc = BB_ECRYPTO;
        goto done;
    }
    bb_secret__release(s);
    sk = NULL;
    *out = s;
    s = NULL;
done:
    if (rk != NULL)
        bb_secret__release(root);
    if (sk != NULL)
        bb_secret__release(s);
    bb_secret__free(s);
    return rc;
}

int bb_bidx__compute(bb_secret *key, const char *normalized, unsigned bits, uint32_t *out)
{
    uint8_t mac[32];
    const uint8_t *k = NULL;
    uint32_t v;
    int rc = BB_EINVAL;

    if (out == NULL || normalized == NULL || normalized[0] == '\0' ||
        bb_secret__len(key) != BB_BIDX_KEY_BYTES || bits < BB_BIDX_MIN_BITS ||
        bits > BB_BIDX_MAX_BITS)
        goto done;
    k = bb_secret__read(key);
    if (k == NULL || crypto_generichash(mac, sizeof(mac), (const uint8_t *)normalized,
                                        strlen(normalized), k, BB_BIDX_KEY_BYTES) != 0) {
        rc = BB_ECRYPTO;
        goto done;
    }
    v = (uint32_t)mac[0] << 24 | (uint32_t)mac[1] << 16 | (uint32_t)mac[2] << 8 | mac[3];
    /* bits is 8..32, so the shift is 0..24 and well defined. */
    *out = v >> (32 - bits);
    rc = BB_OK;
done:
    if (k != NULL)
        bb_secret__release(key);
    sodium_memzero(mac, sizeof(mac));
    return rc;
}
