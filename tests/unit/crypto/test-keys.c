/* Unit tests of lib/crypto/keys.c: key pairs, sealed keys, passphrase protection, pinning.
 * Argon2id runs with the INTERACTIVE limits here, asked for explicitly, to keep the test fast. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bb/error.h"
#include "crypto/keys.h"

#define SENTINEL ((bb_secret *)(uintptr_t)0x5a5a)
#define PASS     "correct horse battery staple"
#define USER_A   "6c0b5a7e-0d1f-4d38-9b8e-2f6a1c3d4e5f"
#define USER_B   "a1b2c3d4-0000-4000-8000-000000000001"

/* BLAKE2b-256, personalisation "bb-fingerprint-1", of the key 00 01 .. 1f (Python hashlib). */
#define KAT_FINGERPRINT "735a6ba6fc886bee15cf9c7d5680c9109166701ba34b0dadfc3968e755883c72"

static void keypair(void **state)
{
    uint8_t pk1[BB_PUBLIC_KEY_BYTES], pk2[BB_PUBLIC_KEY_BYTES], derived[BB_PUBLIC_KEY_BYTES];
    bb_secret *sk1 = NULL, *sk2 = NULL;

    assert_int_equal(bb_keys__keypair(pk1, &sk1), BB_OK);
    assert_int_equal(bb_keys__keypair(pk2, &sk2), BB_OK);
    assert_int_equal(bb_secret__len(sk1), BB_SECRET_KEY_BYTES);
    assert_memory_not_equal(pk1, pk2, sizeof(pk1));
    assert_false(bb_secret__equal(sk1, sk2));
    assert_int_equal(bb_keys__public_from_secret(sk1, derived), BB_OK);
    assert_memory_equal(derived, pk1, sizeof(pk1));
    bb_secret__free(sk1);
    bb_secret__free(sk2);
}

static void sealed_key_round_trip(void **state)
{
    uint8_t pk[BB_PUBLIC_KEY_BYTES], pk2[BB_PUBLIC_KEY_BYTES], sealed[BB_SEALED_KEY_BYTES];
    bb_secret *sk = NULL, *sk2 = NULL, *org = NULL, *back = SENTINEL;

    assert_int_equal(bb_keys__keypair(pk, &sk), BB_OK);
    assert_int_equal(bb_keys__keypair(pk2, &sk2), BB_OK);
    assert_int_equal(bb_secret__random(BB_KEY_BYTES, &org), BB_OK);
    assert_int_equal(bb_keys__seal(pk, org, sealed), BB_OK);
    /* Another user's secret key, a changed byte and a wrong length all fail. */
    assert_int_equal(bb_keys__open_sealed(sk2, sealed, sizeof(sealed), &back), BB_ECRYPTO);
    assert_int_equal(bb_keys__open_sealed(sk, sealed, sizeof(sealed) - 1, &back), BB_ECRYPTO);
    for (size_t i = 0; i < sizeof(sealed); i++) {
        sealed[i] ^= 0x20;
        assert_int_equal(bb_keys__open_sealed(sk, sealed, sizeof(sealed), &back), BB_ECRYPTO);
        sealed[i] ^= 0x20;
    }
    assert_ptr_equal(back, SENTINEL);
    assert_int_equal(bb_keys__open_sealed(sk, sealed, sizeof(sealed), &back), BB_OK);
    assert_true(bb_secret__equal(back, org));
    bb_secret__free(back);
    bb_secret__free(org);
    assert_int_equal(bb_secret__random(16, &org), BB_OK);
    assert_int_equal(bb_keys__seal(pk, org, sealed), BB_EINVAL);
    bb_secret__free(org);
    bb_secret__free(sk);
    bb_secret__free(sk2);
}

static void pwhash_presets(void **state)
{
    bb_pwhash_params a, b, c;

    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &a), BB_OK);
    assert_int_equal(a.alg, BB_PWHASH_ARGON2ID13);
    assert_true(a.opslimit == 3 && a.memlimit == 256u * 1024 * 1024); /* the real default */
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_MODERATE, &b), BB_OK);
    assert_memory_not_equal(a.salt, b.salt, sizeof(a.salt));
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_SENSITIVE, &c), BB_OK);
    assert_true(c.opslimit == 4 && c.memlimit == 1024u * 1024 * 1024);
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_INTERACTIVE_TESTS_ONLY, &c), BB_OK);
    assert_true(c.opslimit == 2 && c.memlimit == 64u * 1024 * 1024);
    assert_int_equal(bb_keys__pwhash_params_new((enum bb_pwhash_strength)42, &c), BB_EINVAL);
}

/* A user's protected secret key with fast test parameters. */
struct record {
    uint8_t pk[BB_PUBLIC_KEY_BYTES];
    bb_secret *sk;
    bb_pwhash_params params;
    uint8_t *blob;
    size_t len;
};

static void make_record(struct record *r, const char *user)
{
    assert_int_equal(bb_keys__keypair(r->pk, &r->sk), BB_OK);
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_INTERACTIVE_TESTS_ONLY, &r->params),
                     BB_OK);
    assert_int_equal(
        bb_keys__protect(PASS, strlen(PASS), &r->params, user, r->sk, &r->blob, &r->len), BB_OK);
}

static void free_record(struct record *r)
{
    bb_secret__free(r->sk);
    free(r->blob);
}

static int unprotect(const struct record *r, const char *pass, const bb_pwhash_params *p,
                     const char *user, const uint8_t *pk, bb_secret **out)
{
    return bb_keys__unprotect(pass, strlen(pass), p, user, r->blob, r->len, pk, out);
}

static void protected_secret_key_round_trip(void **state)
{
    struct record r;
    bb_secret *back = NULL;

    make_record(&r, USER_A);
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, r.pk, &back), BB_OK);
    assert_true(bb_secret__equal(back, r.sk));
    bb_secret__free(back);
    back = NULL;
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, NULL, &back), BB_OK);
    assert_true(bb_secret__equal(back, r.sk));
    bb_secret__free(back);
    free_record(&r);
}

static void wrong_passphrase_user_or_blob_refused(void **state)
{
    struct record r;
    bb_secret *back = SENTINEL;
    uint8_t other_pk[BB_PUBLIC_KEY_BYTES];

    make_record(&r, USER_A);
    assert_int_equal(unprotect(&r, "correct horse battery stapler", &r.params, USER_A, NULL, &back),
                     BB_ECRYPTO);
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_B, NULL, &back), BB_ECRYPTO);
    memcpy(other_pk, r.pk, sizeof(other_pk));
    other_pk[0] ^= 1;
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, other_pk, &back), BB_ECRYPTO);
    r.blob[r.len / 2] ^= 1;
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, NULL, &back), BB_ECRYPTO);
    r.blob[r.len / 2] ^= 1;
    assert_int_equal(
        bb_keys__unprotect(PASS, strlen(PASS), &r.params, USER_A, r.blob, r.len - 1, NULL, &back),
        BB_ECRYPTO);
    assert_ptr_equal(back, SENTINEL); /* nothing unlocked */
    free_record(&r);
}

/* The parameters stored with a record are the ones used: change any and it no longer opens. */
static void stored_params_are_used(void **state)
{
    struct record r;
    bb_pwhash_params p;
    bb_secret *back = SENTINEL;

    assert_int_equal(bb_keys__keypair(r.pk, &r.sk), BB_OK);
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_INTERACTIVE_TESTS_ONLY, &r.params),
                     BB_OK);
    r.params.opslimit = 3; /* not any preset: only the stored value can open it */
    assert_int_equal(bb_keys__protect(PASS, strlen(PASS), &r.params, USER_A, r.sk, &r.blob, &r.len),
                     BB_OK);
    p = r.params;
    p.opslimit = 2;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    p = r.params;
    p.salt[0] ^= 1;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    p = r.params;
    p.memlimit += 1024 * 1024;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    /* Out of bounds: refused before any hashing. */
    p = r.params;
    p.alg = 1;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    p = r.params;
    p.memlimit = 1ull << 40;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    p = r.params;
    p.opslimit = 1;
    assert_int_equal(unprotect(&r, PASS, &p, USER_A, NULL, &back), BB_ECRYPTO);
    assert_ptr_equal(back, SENTINEL);
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, r.pk, &back), BB_OK);
    assert_true(bb_secret__equal(back, r.sk));
    bb_secret__free(back);
    free_record(&r);
}

static void protect_arguments(void **state)
{
    bb_pwhash_params p;
    bb_secret *sk = NULL, *short_key = NULL;
    uint8_t pk[BB_PUBLIC_KEY_BYTES], *blob = NULL;
    size_t len = 0;

    assert_int_equal(bb_keys__keypair(pk, &sk), BB_OK);
    assert_int_equal(bb_secret__random(16, &short_key), BB_OK);
    assert_int_equal(bb_keys__pwhash_params_new(BB_PWHASH_INTERACTIVE_TESTS_ONLY, &p), BB_OK);
    assert_int_equal(bb_keys__protect("", 0, &p, USER_A, sk, &blob, &len), BB_EINVAL);
    assert_int_equal(bb_keys__protect(PASS, strlen(PASS), &p, "", sk, &blob, &len), BB_EINVAL);
    assert_int_equal(bb_keys__protect(PASS, strlen(PASS), &p, USER_A, short_key, &blob, &len),
                     BB_EINVAL);
    p.opslimit = 1;
    assert_int_equal(bb_keys__protect(PASS, strlen(PASS), &p, USER_A, sk, &blob, &len), BB_EINVAL);
    assert_null(blob);
    bb_secret__free(short_key);
    bb_secret__free(sk);
}

static void fingerprint_and_pin(void **state)
{
    uint8_t raw[BB_KEY_BYTES], fp[BB_FINGERPRINT_BYTES], fp2[BB_FINGERPRINT_BYTES];
    char h[2 * BB_FINGERPRINT_BYTES + 1];
    bb_secret *k = NULL, *other = NULL;

    for (size_t i = 0; i < sizeof(raw); i++)
        raw[i] = (uint8_t)i;
    assert_int_equal(bb_secret__from_bytes(raw, sizeof(raw), &k), BB_OK);
    assert_int_equal(bb_keys__fingerprint(k, fp), BB_OK);
    for (size_t i = 0; i < sizeof(fp); i++)
        snprintf(h + 2 * i, 3, "%02x", fp[i]);
    assert_string_equal(h, KAT_FINGERPRINT);
    bb_keys__fingerprint_public(raw, fp2); /* same bytes, same fingerprint */
    assert_memory_equal(fp, fp2, sizeof(fp));
    assert_int_equal(bb_keys__pin_check(k, fp), BB_OK);
    assert_int_equal(bb_secret__random(BB_KEY_BYTES, &other), BB_OK);
    assert_int_equal(bb_keys__pin_check(other, fp), BB_ECRYPTO);
    assert_int_equal(bb_keys__pin_check(k, NULL), BB_EINVAL);
    bb_secret__free(other);
    bb_secret__free(k);
}

/* The whole chain: passphrase -> secret key -> sealed organisation key -> pin. A key record
 * sealed to the user by somebody else opens, but the pin refuses it. */
static void chain_and_swapped_key_record(void **state)
{
    struct record r;
    bb_secret *org = NULL, *fake = NULL, *sk = NULL, *got = NULL, *got2 = NULL;
    uint8_t sealed[BB_SEALED_KEY_BYTES], swapped[BB_SEALED_KEY_BYTES];
    uint8_t pin[BB_FINGERPRINT_BYTES];

    make_record(&r, USER_A);
    assert_int_equal(bb_secret__random(BB_KEY_BYTES, &org), BB_OK);
    assert_int_equal(bb_keys__seal(r.pk, org, sealed), BB_OK);
    assert_int_equal(unprotect(&r, PASS, &r.params, USER_A, r.pk, &sk), BB_OK);
    assert_int_equal(bb_keys__open_sealed(sk, sealed, sizeof(sealed), &got), BB_OK);
    assert_int_equal(bb_keys__fingerprint(got, pin), BB_OK); /* first unlock: pin it */
    assert_int_equal(bb_secret__random(BB_KEY_BYTES, &fake), BB_OK);
    assert_int_equal(bb_keys__seal(r.pk, fake, swapped), BB_OK); /* anyone can do this */
    assert_int_equal(bb_keys__open_sealed(sk, swapped, sizeof(swapped), &got2), BB_OK);
    assert_int_equal(bb_keys__pin_check(got2, pin), BB_ECRYPTO);
    assert_int_equal(bb_keys__pin_check(got, pin), BB_OK);
    bb_secret__free(got2);
    bb_secret__free(got);
    bb_secret__free(sk);
    bb_secret__free(fake);
    bb_secret__free(org);
    free_record(&r);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keypair),
        cmocka_unit_test(sealed_key_round_trip),
        cmocka_unit_test(pwhash_presets),
        cmocka_unit_test(protected_secret_key_round_trip),
        cmocka_unit_test(wrong_passphrase_user_or_blob_refused),
        cmocka_unit_test(stored_params_are_used),
        cmocka_unit_test(protect_arguments),
        cmocka_unit_test(fingerprint_and_pin),
        cmocka_unit_test(chain_and_swapped_key_record),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
