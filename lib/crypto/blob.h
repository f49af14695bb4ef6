/* The versioned blob format of encrypted fields and wrapped keys (internal).
 *
 * XChaCha20-Poly1305-IETF with a random 24-byte nonce. The associated data binds the blob to
 * its place: (format version, key version, table, column, row id), so a blob copied to another
 * row or column, or presented under another key version, fails to open. The exact layout is in
 * docs/security.md ("Blob format"); test-blob.c holds known-answer vectors for it.
 *
 *   offset 0   2 bytes   magic "bb" (0x62 0x62)
 *          2   1 byte    format version (BB_BLOB_VERSION)
 *          3   4 bytes   key version, unsigned 32-bit big-endian
 *          7  24 bytes   nonce
 *         31   n + 16    ciphertext of the n plaintext bytes, then the Poly1305 tag
 */
#ifndef BB_CRYPTO_BLOB_H
#define BB_CRYPTO_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"

#define BB_BLOB_VERSION      1
#define BB_BLOB_KEY_BYTES    32
#define BB_BLOB_NONCE_BYTES  24
#define BB_BLOB_TAG_BYTES    16
#define BB_BLOB_HEADER_BYTES 31 /* magic, version, key version, nonce */
#define BB_BLOB_OVERHEAD     (BB_BLOB_HEADER_BYTES + BB_BLOB_TAG_BYTES)
/* Longest table, column or row id in bytes; they are identifiers, not data. */
#define BB_BLOB_MAX_NAME 255
/* Largest plaintext: free-text notes are far smaller; the bound keeps sizes in range. */
#define BB_BLOB_MAX_PLAIN (16u * 1024u * 1024u)
/* Longest associated data: two fixed fields and three names, each with a 4-byte length. */
#define BB_BLOB_MAX_AD (4 + 3 + 4 + 4 + 3 * (4 + BB_BLOB_MAX_NAME))

/* Where a blob belongs. All three names are required, non-empty and at most BB_BLOB_MAX_NAME
 * bytes; the strings are borrowed for the call. */
typedef struct bb_blob_bind {
    uint32_t key_version; /* version of the key that seals (and must open) the blob */
    const char *table;    /* such as "bb_party" */
    const char *column;   /* such as "name" */
    const char *row_id;   /* the row's UUID in text form, such as "0b5e...-..." */
} bb_blob_bind;

/* Encrypts plain[0..len) (plain may be NULL when len is 0) with a 32-byte key and a fresh
 * random nonce. On success *out is a new buffer of *outlen = len + BB_BLOB_OVERHEAD bytes
 * (free with free(); it holds no plaintext). On error (BB_EINVAL for bad arguments,
 * BB_ENOMEM, BB_ECRYPTO) *out and *outlen are unchanged. */
int bb_blob__seal(bb_secret *key, const bb_blob_bind *bind, const uint8_t *plain, size_t len,
                  uint8_t **out, size_t *outlen);

/* bb_blob__seal with a caller-chosen nonce: deterministic output for known-answer tests only.
 * Never use it for real data: a repeated (key, nonce) pair breaks the encryption. */
int bb_blob__seal_with_nonce(bb_secret *key, const bb_blob_bind *bind,
                             const uint8_t nonce[BB_BLOB_NONCE_BYTES], const uint8_t *plain,
                             size_t len, uint8_t **out, size_t *outlen);

/* Checks and decrypts a blob sealed for exactly this bind (same key version, table, column and
 * row id). On success *out is a new buffer of *outlen plaintext bytes plus a terminating NUL
 * (so text fields can be used as strings); free it with bb_blob__free_plain(*out, *outlen).
 * On any failure - wrong key, other place, other key version, a changed or truncated byte,
 * unknown format - returns BB_ECRYPTO (BB_EINVAL for NULL arguments or bad names, BB_ENOMEM)
 * and leaves *out and *outlen unchanged: there is never partial output. */
int bb_blob__open(bb_secret *key, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                  uint8_t **out, size_t *outlen);

/* Wraps a key held in secret memory (usually a 32-byte data key) under kek, the way
 * bb_blob__seal does; e.g. bind {org key version, "bb_case", "data_key", case id}.
 * On success *out is a new buffer (free()) of *outlen bytes. On error *out is unchanged. */
int bb_blob__wrap_key(bb_secret *kek, const bb_blob_bind *bind, bb_secret *key, uint8_t **out,
                      size_t *outlen);

/* Opens a wrapped key straight into secret memory (the key bytes never touch ordinary heap).
 * keylen is the expected key size; a blob of any other size fails. On success *out is a new
 * secret (bb_secret__free). On error (BB_ECRYPTO as for bb_blob__open) *out is unchanged. */
int bb_blob__unwrap_key(bb_secret *kek, const bb_blob_bind *bind, const uint8_t *blob, size_t len,
                        size_t keylen, bb_secret **out);

/* Reads the key version from a blob's header, to choose the key before opening it. Only the
 * header is checked (magic, format version, length); the blob is not authenticated yet.
 * Returns BB_OK, or BB_ECRYPTO for something that is not a blob of this format. */
int bb_blob__key_version(const uint8_t *blob, size_t len, uint32_t *out);

/* Writes the associated data of bind into ad (cap bytes, BB_BLOB_MAX_AD is always enough) and
 * sets *adlen. Exposed for the tests that pin the documented encoding. Returns BB_OK, or
 * BB_EINVAL for a missing, empty or too long name. */
int bb_blob__ad(const bb_blob_bind *bind, uint8_t *ad, size_t cap, size_t *adlen);

/* Wipes and frees a plaintext buffer from bb_blob__open (len as returned). NULL-safe. */
void bb_blob__free_plain(uint8_t *plain, size_t len);

#endif
