/* Users' key pairs, keys sealed to a user, passphrase protection and key pinning (internal).
 *
 * Every user has an X25519 key pair. Keys meant for a user (the organisation key) are sealed
 * to the public key with crypto_box_seal. The secret key is stored encrypted with the blob
 * format under a key from the user's passphrase (Argon2id); the Argon2id parameters are stored
 * next to it so later changes of the defaults do not lock anybody out. Sealed boxes are
 * anonymous, so the client pins the fingerprint of what it unwrapped and refuses a different
 * key later (docs/security.md, "Key hierarchy"). */
#ifndef BB_CRYPTO_KEYS_H
#define BB_CRYPTO_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"

#define BB_KEY_BYTES         32 /* symmetric keys: data, organisation, blind-index root */
#define BB_PUBLIC_KEY_BYTES  32
#define BB_SECRET_KEY_BYTES  32
#define BB_SEALED_KEY_BYTES  (BB_KEY_BYTES + 48) /* + crypto_box_SEALBYTES */
#define BB_FINGERPRINT_BYTES 32
#define BB_PWHASH_SALT_BYTES 16
#define BB_PWHASH_ARGON2ID13 2 /* crypto_pwhash_ALG_ARGON2ID13, the only algorithm accepted */

/* The place a passphrase-protected secret key is bound to; the row id is the user's id. */
#define BB_KEYS_USER_TABLE   "bb_user"
#define BB_KEYS_USER_COLUMN  "secret_key"
#define BB_KEYS_USER_KEY_VER 1

/* How hard the passphrase key is to guess. Real records use BB_PWHASH_MODERATE (or more).
 * BB_PWHASH_INTERACTIVE_TESTS_ONLY exists only in the test build (BB_TEST_BUILD: libbb-test,
 * which only tests/ link; lib/meson.build), so that unit tests stay fast. */
enum bb_pwhash_strength {
    BB_PWHASH_MODERATE = 0, /* 3 passes over 256 MiB */
    BB_PWHASH_SENSITIVE,    /* 4 passes over 1 GiB */
#ifdef BB_TEST_BUILD
    BB_PWHASH_INTERACTIVE_TESTS_ONLY,
#endif
};

/* Argon2id parameters, stored with the protected secret key (columns alg int4,
 * opslimit int8, memlimit int8, salt bytea). */
typedef struct bb_pwhash_params {
    int alg;           /* BB_PWHASH_ARGON2ID13 */
    uint64_t opslimit; /* passes */
    uint64_t memlimit; /* bytes */
    uint8_t salt[BB_PWHASH_SALT_BYTES];
} bb_pwhash_params;

/* Bounds accepted when opening a record, so a tampered record cannot make the client try to
 * allocate all memory; the lower bounds are libsodium's INTERACTIVE limits. */
#define BB_PWHASH_MAX_OPSLIMIT 16u
#define BB_PWHASH_MAX_MEMLIMIT (2ull * 1024 * 1024 * 1024)

/* Generates a key pair. On success pk holds the public key and *sk is a new secret
 * (bb_secret__free). On error (BB_EINVAL, BB_ENOMEM, BB_ECRYPTO) *sk is unchanged. */
int bb_keys__keypair(uint8_t pk[BB_PUBLIC_KEY_BYTES], bb_secret **sk);

/* Computes the public key that belongs to a secret key. Returns BB_OK, BB_EINVAL or
 * BB_ECRYPTO. */
int bb_keys__public_from_secret(bb_secret *sk, uint8_t pk[BB_PUBLIC_KEY_BYTES]);

/* Seals a BB_KEY_BYTES key to a public key (crypto_box_seal: anyone can do this, only the
 * holder of the secret key can open it). Writes BB_SEALED_KEY_BYTES to out. Returns BB_OK,
 * BB_EINVAL (wrong key size) or BB_ECRYPTO (not a valid public key). */
int bb_keys__seal(const uint8_t pk[BB_PUBLIC_KEY_BYTES], bb_secret *key,
                  uint8_t out[BB_SEALED_KEY_BYTES]);

/* Opens a sealed key with a user's secret key (the public key is derived from it). On success
 * *out is a new BB_KEY_BYTES secret (bb_secret__free). On error - BB_ECRYPTO for a wrong
 * recipient, a changed byte or a wrong length; BB_EINVAL, BB_ENOMEM - *out is unchanged.
 * The result may still be a key somebody else sealed to you: check it with
 * bb_keys__pin_check when a pin exists. */
int bb_keys__open_sealed(bb_secret *sk, const uint8_t *sealed, size_t len, bb_secret **out);

/* Fills *out with the parameters of a strength and a fresh random salt. Returns BB_OK or
 * BB_EINVAL (unknown strength). */
int bb_keys__pwhash_params_new(enum bb_pwhash_strength strength, bb_pwhash_params *out);

#ifdef BB_TEST_BUILD
/* Test build only (see above): every new passphrase key of this process gets cheaper
 * parameters, whatever strength is asked for. MIN, libsodium's minimum (1 pass over 8 KiB),
 * for database fixtures, so that a test does not pay one Argon2id MODERATE per user: such
 * records open only while MIN is on. INTERACTIVE (2 passes over 64 MiB), for the
 * organisations of the CLI and TUI tests (tests/harness/org-fixture.c): the smallest that
 * bbctl and bbtui open, though they never make it. */
enum bb_test_pwhash { BB_TEST_PWHASH_OFF, BB_TEST_PWHASH_MIN, BB_TEST_PWHASH_INTERACTIVE };
void bb_keys__test_cheap_pwhash(enum bb_test_pwhash level);
#endif

/* Encrypts a user's secret key under the Argon2id key of passphrase[0..passlen) with params,
 * bound to (BB_KEYS_USER_TABLE, BB_KEYS_USER_COLUMN, user_id). On success *out is a new blob
 * (free()) of *outlen bytes; store it with params. On error (BB_EINVAL for an empty or too
 * long passphrase, bad params or user id; BB_ENOMEM; BB_ECRYPTO) *out is unchanged. */
int bb_keys__protect(const char *passphrase, size_t passlen, const bb_pwhash_params *params,
                     const char *user_id, bb_secret *sk, uint8_t **out, size_t *outlen);

/* Decrypts a secret key stored by bb_keys__protect with the stored params. If expected_pk is
 * not NULL the key must also belong to that public key. On success *out is a new secret
 * (bb_secret__free). A wrong passphrase, another user's record, other params, a tampered
 * blob, params outside the accepted bounds or a key that does not match expected_pk all give
 * BB_ECRYPTO (BB_EINVAL for NULL arguments, BB_ENOMEM), and *out stays unchanged. */
int bb_keys__unprotect(const char *passphrase, size_t passlen, const bb_pwhash_params *params,
                       const char *user_id, const uint8_t *blob, size_t len,
                       const uint8_t *expected_pk, bb_secret **out);

/* Fingerprint of a key in secret memory: BLAKE2b-256 with personalisation "bb-fingerprint-1".
 * Returns BB_OK, BB_EINVAL or BB_ECRYPTO. */
int bb_keys__fingerprint(bb_secret *key, uint8_t out[BB_FINGERPRINT_BYTES]);

/* Fingerprint of a public key, computed the same way (to compare out of band). */
void bb_keys__fingerprint_public(const uint8_t pk[BB_PUBLIC_KEY_BYTES],
                                 uint8_t out[BB_FINGERPRINT_BYTES]);

/* Compares the fingerprint of key with a pinned one in constant time. Returns BB_OK when they
 * are equal, BB_ECRYPTO when they differ (a swapped key record), BB_EINVAL for NULL. */
int bb_keys__pin_check(bb_secret *key, const uint8_t pinned[BB_FINGERPRINT_BYTES]);

/* The proof that a user acts (schema/functions/acts.sql): BLAKE2b-256 keyed with the user's
 * secret key over "bb-act-proof-1:" and their id, so only their passphrase leads to it; and
 * the check the database keeps of it, its SHA-256. BB_EINVAL or BB_ECRYPTO on failure. */
#define BB_ACT_PROOF_BYTES 32
int bb_keys__act_proof(bb_secret *sk, const char *user_id, bb_secret **proof);
int bb_keys__act_check(bb_secret *proof, uint8_t check[32]);

#endif
