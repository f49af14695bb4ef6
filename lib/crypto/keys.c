/* Users' key pairs, keys sealed to a user, passphrase protection and key pinning. */
#include "crypto/keys.h"

#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "bb/error.h"
#include "crypto/blob.h"

_Static_assert(BB_PUBLIC_KEY_BYTES == crypto_box_PUBLICKEYBYTES, "public key size");
_Static_assert(BB_SECRET_KEY_BYTES == crypto_box_SECRETKEYBYTES, "secret key size");
_Static_assert(BB_SECRET_KEY_BYTES == crypto_scalarmult_SCALARBYTES, "scalar size");
_Static_assert(BB_SEALED_KEY_BYTES == BB_KEY_BYTES + crypto_box_SEALBYTES, "sealed size");
_Static_assert(BB_KEY_BYTES == BB_BLOB_KEY_BYTES, "blob key size");
_Static_assert(BB_PWHASH_SALT_BYTES == crypto_pwhash_SALTBYTES, "salt size");
_Static_assert(BB_PWHASH_ARGON2ID13 == crypto_pwhash_ALG_ARGON2ID13, "algorithm id");
_Static_assert(BB_FINGERPRINT_BYTES == crypto_generichash_BYTES, "fingerprint size");

/* BLAKE2b personalisation of fingerprints: 16 bytes are used (the NUL is not). */
static const uint8_t fpr_personal[crypto_generichash_blake2b_PERSONALBYTES + 1] =
    "bb-fingerprint-1";

int bb_keys__keypair(uint8_t pk[BB_PUBLIC_KEY_BYTES], bb_secret **sk)
{
    bb_secret *s = NULL;
    uint8_t *p = NULL;
    int rc = pk == NULL || sk == NULL ? BB_EINVAL : bb_secret__new(BB_SECRET_KEY_BYTES, &s);

    if (rc != BB_OK)
        goto done;
    p = bb_secret__write(s);
    if (p == NULL || crypto_box_keypair(pk, p) != 0) {
        rc = BB_ECRYPTO;
        goto done;
    }
    bb_secret__release(s);
    p = NULL;
    *sk = s;
    s = NULL;
done:
    if (p != NULL)
        bb_secret__release(s);
    bb_secret__free(s);
    return rc;
}

int bb_keys__public_from_secret(bb_secret *sk, uint8_t pk[BB_PUBLIC_KEY_BYTES])
{
    const uint8_t *p;
    int rc;

    if (pk == NULL || bb_secret__len(sk) != BB_SECRET_KEY_BYTES)
        return BB_EINVAL;
    p = bb_secret__read(sk);
    rc = p == NULL || crypto_scalarmult_base(pk, p) != 0 ? BB_ECRYPTO : BB_OK;
    if (p != NULL)
        bb_secret__release(sk);
    return rc;
}

int bb_keys__seal(const uint8_t pk[BB_PUBLIC_KEY_BYTES], bb_secret *key,
                  uint8_t out[BB_SEALED_KEY_BYTES])
{
    const uint8_t *k;
    int rc;

    if (pk == NULL || out == NULL || bb_secret__len(key) != BB_KEY_BYTES)
        return BB_EINVAL;
    if (bb_crypto__init() != BB_OK)
        return BB_ECRYPTO;
    k = bb_secret__read(key);
    rc = k == NULL || crypto_box_seal(out, k, BB_KEY_BYTES, pk) != 0 ? BB_ECRYPTO : BB_OK;
    if (k != NULL)
        bb_secret__release(key);
    return rc;
}

int bb_keys__open_sealed(bb_secret *sk, const uint8_t *sealed, size_t len, bb_secret **out)
{
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
    bb_secret *s = NULL;
    const uint8_t *skb = NULL;
    uint8_t *k = NULL;
    int rc = sealed == NULL || out == NULL ? BB_EINVAL : bb_keys__public_from_secret(sk, pk);

    if (rc != BB_OK)
        goto done;
    if (len != BB_SEALED_KEY_BYTES) {
        rc = BB_ECRYPTO;
        goto done;
    }
    rc = bb_secret__new(BB_KEY_BYTES, &s);
    if (rc != BB_OK)
        goto done;
    k = bb_secret__write(s);
    skb = bb_secret__read(sk);
    if (k == NULL || skb == NULL || crypto_box_seal_open(k, sealed, len, pk, skb) != 0) {
        rc = BB_ECRYPTO;
        goto done;
    }
    bb_secret__release(s);
    k = NULL;
    *out = s;
    s = NULL;
done:
    if (skb != NULL)
        bb_secret__release(sk);
    if (k != NULL)
        bb_secret__release(s);
    bb_secret__free(s);
    return rc;
}

#ifdef BB_TEST_BUILD
/* Only in libbb-test (lib/meson.build): libbb, and so bbctl and bbtui, have no way to it. */
static enum bb_test_pwhash cheap_for_tests;

void bb_keys__test_cheap_pwhash(enum bb_test_pwhash level)
{
    cheap_for_tests = level;
}
#endif

int bb_keys__pwhash_params_new(enum bb_pwhash_strength strength, bb_pwhash_params *out)
{
    bb_pwhash_params p = {.alg = crypto_pwhash_ALG_ARGON2ID13};

    if (out == NULL)
        return BB_EINVAL;
    switch (strength) {
    case BB_PWHASH_MODERATE:
        p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
        p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
        break;
    case BB_PWHASH_SENSITIVE:
        p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
        p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
        break;
#ifdef BB_TEST_BUILD
    case BB_PWHASH_INTERACTIVE_TESTS_ONLY:
        p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
        break;
#endif
    default:
        return BB_EINVAL;
    }
#ifdef BB_TEST_BUILD
    if (cheap_for_tests == BB_TEST_PWHASH_MIN) {
        p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
        p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    } else if (cheap_for_tests == BB_TEST_PWHASH_INTERACTIVE) {
        p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
    }
#endif
    if (bb_crypto__init() != BB_OK)
        return BB_ECRYPTO;
    randombytes_buf(p.salt, sizeof(p.salt));
    *out = p;
    return BB_OK;
}

static int params_ok(const bb_pwhash_params *p)
{
    uint64_t min_ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
    uint64_t min_mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;

#ifdef BB_TEST_BUILD
    if (cheap_for_tests == BB_TEST_PWHASH_MIN) {
        min_ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
        min_mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    }
#endif
    return p->alg == crypto_pwhash_ALG_ARGON2ID13 && p->opslimit >= min_ops &&
           p->opslimit <= BB_PWHASH_MAX_OPSLIMIT && p->memlimit >= min_mem &&
           p->memlimit <= BB_PWHASH_MAX_MEMLIMIT && p->memlimit <= SIZE_MAX;
}

/* Derives the passphrase key into secret memory; the arguments were checked. */
static int passphrase_key(const char *pass, size_t passlen, const bb_pwhash_params *p,
                          bb_secret **out)
{
    bb_secret *s = NULL;
    uint8_t *k = NULL;
    int rc = bb_secret__new(BB_KEY_BYTES, &s);

    if (rc != BB_OK)
        goto done;
    k = bb_secret__write(s);
    if (k == NULL) {
        rc = BB_ECRYPTO;
        goto done;
    }
    errno = 0;
    if (crypto_pwhash(k, BB_KEY_BYTES, pass, passlen, p->salt, p->opslimit, (size_t)p->memlimit,
                      p->alg) != 0) {
        rc = errno == ENOMEM ? BB_ENOMEM : BB_ECRYPTO;
        goto done;
    }
    bb_secret__release(s);
    k = NULL;
    *out = s;
    s = NULL;
done:
    if (k != NULL)
        bb_secret__release(s);
    bb_secret__free(s);
    return rc;
}

static int passphrase_ok(const char *pass, size_t passlen)
{
    return pass != NULL && passlen > 0 && passlen <= crypto_pwhash_PASSWD_MAX;
}

int bb_keys__protect(const char *passphrase, size_t passlen, const bb_pwhash_params *params,
                     const char *user_id, bb_secret *sk, uint8_t **out, size_t *outlen)
{
    bb_blob_bind bind = {BB_KEYS_USER_KEY_VER, BB_KEYS_USER_TABLE, BB_KEYS_USER_COLUMN, user_id};
    bb_secret *pk = NULL;
    int rc = BB_EINVAL;

    if (!passphrase_ok(passphrase, passlen) || params == NULL || !params_ok(params) ||
        user_id == NULL || user_id[0] == '\0' || bb_secret__len(sk) != BB_SECRET_KEY_BYTES ||
        out == NULL || outlen == NULL)
        goto done;
    rc = bb_crypto__init();
    if (rc == BB_OK)
        rc = passphrase_key(passphrase, passlen, params, &pk);
    if (rc == BB_OK)
        rc = bb_blob__wrap_key(pk, &bind, sk, out, outlen);
done:
    bb_secret__free(pk);
    return rc;
}

/* BB_OK if sk belongs to the public key pk, else BB_ECRYPTO. */
static int check_public(bb_secret *sk, const uint8_t *pk)
{
    uint8_t derived[BB_PUBLIC_KEY_BYTES];
    int rc = bb_keys__public_from_secret(sk, derived);

    if (rc == BB_OK && sodium_memcmp(derived, pk, sizeof(derived)) != 0)
        rc = BB_ECRYPTO;
    return rc;
}

int bb_keys__unprotect(const char *passphrase, size_t passlen, const bb_pwhash_params *params,
                       const char *user_id, const uint8_t *blob, size_t len,
                       const uint8_t *expected_pk, bb_secret **out)
{
    bb_blob_bind bind = {BB_KEYS_USER_KEY_VER, BB_KEYS_USER_TABLE, BB_KEYS_USER_COLUMN, user_id};
    bb_secret *pk = NULL, *sk = NULL;
    int rc = BB_EINVAL;

    if (!passphrase_ok(passphrase, passlen) || params == NULL || user_id == NULL || blob == NULL ||
        out == NULL)
        goto done;
    /* Stored parameters outside the bounds mean a damaged or tampered record. */
    rc = params_ok(params) ? bb_crypto__init() : BB_ECRYPTO;
    if (rc == BB_OK)
        rc = passphrase_key(passphrase, passlen, params, &pk);
    if (rc == BB_OK)
        rc = bb_blob__unwrap_key(pk, &bind, blob, len, BB_SECRET_KEY_BYTES, &sk);
    if (rc == BB_OK && expected_pk != NULL)
        rc = check_public(sk, expected_pk);
    if (rc == BB_OK) {
        *out = sk;
        sk = NULL;
    }
done:
    bb_secret__free(pk);
    bb_secret__free(sk);
    return rc;
}

static void fingerprint_bytes(const uint8_t *in, size_t len, uint8_t out[BB_FINGERPRINT_BYTES])
{
    crypto_generichash_blake2b_salt_personal(out, BB_FINGERPRINT_BYTES, in, len, NULL, 0, NULL,
                                             fpr_personal);
}

int bb_keys__fingerprint(bb_secret *key, uint8_t out[BB_FINGERPRINT_BYTES])
{
    const uint8_t *k;

    if (out == NULL || key == NULL)
        return BB_EINVAL;
    k = bb_secret__read(key);
    if (k == NULL)
        return BB_ECRYPTO;
    fingerprint_bytes(k, bb_secret__len(key), out);
    bb_secret__release(key);
    return BB_OK;
}

void bb_keys__fingerprint_public(const uint8_t pk[BB_PUBLIC_KEY_BYTES],
                                 uint8_t out[BB_FINGERPRINT_BYTES])
{
    fingerprint_bytes(pk, BB_PUBLIC_KEY_BYTES, out);
}

int bb_keys__pin_check(bb_secret *key, const uint8_t pinned[BB_FINGERPRINT_BYTES])
{
    uint8_t fp[BB_FINGERPRINT_BYTES];
    int rc = pinned == NULL ? BB_EINVAL : bb_keys__fingerprint(key, fp);

    if (rc == BB_OK && sodium_memcmp(fp, pinned, sizeof(fp)) != 0)
        rc = BB_ECRYPTO;
    return rc;
}

int bb_keys__act_proof(bb_secret *sk, const char *user_id, bb_secret **proof)
{
    char msg[64];
    const uint8_t *k;
    uint8_t *out;
    int n = snprintf(msg, sizeof msg, "bb-act-proof-1:%s", user_id ? user_id : "");
    int rc;

    if (sk == NULL || user_id == NULL || proof == NULL || n <= 0 || (size_t)n >= sizeof msg)
        return BB_EINVAL;
    if ((rc = bb_secret__new(BB_ACT_PROOF_BYTES, proof)) != BB_OK)
        return rc;
    k = bb_secret__read(sk);
    out = bb_secret__write(*proof);
    rc = k != NULL && out != NULL &&
                 crypto_generichash(out, BB_ACT_PROOF_BYTES, (const uint8_t *)msg, (size_t)n, k,
                                    bb_secret__len(sk)) == 0
             ? BB_OK
             : BB_ECRYPTO;
    bb_secret__release(*proof);
    bb_secret__release(sk);
    if (rc != BB_OK) {
        bb_secret__free(*proof);
        *proof = NULL;
    }
    return rc;
}

int bb_keys__act_check(bb_secret *proof, uint8_t check[32])
{
    const uint8_t *p;
    int rc;

    if (proof == NULL || check == NULL)
        return BB_EINVAL;
    p = bb_secret__read(proof);
    rc = p != NULL && crypto_hash_sha256(check, p, bb_secret__len(proof)) == 0 ? BB_OK : BB_ECRYPTO;
    bb_secret__release(proof);
    return rc;
}
