/* Blind indexes: exact lookups over encrypted fields (internal).
 *
 * An index value is a keyed BLAKE2b of the normalised value (see normalize.h), truncated to a
 * few bits so that a match is only a candidate: the caller decrypts the candidates and
 * compares. Each (table, column, index name) has its own key, derived from the organisation's
 * blind-index root key with crypto_kdf_derive_from_key. Parameters and false-match rates:
 * docs/security.md ("Blind indexes"). */
#ifndef BB_CRYPTO_BIDX_H
#define BB_CRYPTO_BIDX_H

#include <stdint.h>

#include "crypto/secret.h"

#define BB_BIDX_KEY_BYTES 32
/* Context of crypto_kdf_derive_from_key for index keys (exactly 8 characters). */
#define BB_BIDX_KDF_CONTEXT "bbbidx01"
/* Index width used for names, addresses, phone numbers and e-mail addresses. 16 bits: at most
 * a handful of false candidates per lookup for any realistic number of records, while a
 * leaked index keeps thousands of possible values per entry (docs/security.md). */
#define BB_BIDX_BITS     16
#define BB_BIDX_MIN_BITS 8
#define BB_BIDX_MAX_BITS 32

/* The 64-bit subkey id of an index: the first 8 bytes, big-endian, of the unkeyed
 * BLAKE2b-128 of "table\0column\0index". Each name must be 1..255 bytes. Returns BB_OK,
 * BB_EINVAL or BB_ECRYPTO; on error *out is unchanged. */
int bb_bidx__subkey_id(const char *table, const char *column, const char *index, uint64_t *out);

/* Derives the key of one index from the 32-byte root key. On success *out is a new
 * BB_BIDX_KEY_BYTES secret (bb_secret__free). On error (BB_EINVAL, BB_ENOMEM, BB_ECRYPTO)
 * *out is unchanged. */
int bb_bidx__derive_key(bb_secret *root, const char *table, const char *column, const char *index,
                        bb_secret **out);

/* The index value of a normalised value under an index key: the first four bytes,
 * big-endian, of BLAKE2b-256(key, value), shifted right to keep the top `bits` bits
 * (BB_BIDX_MIN_BITS..BB_BIDX_MAX_BITS). With bits <= 31 the value fits a non-negative int4.
 * Returns BB_OK, BB_EINVAL (bad key, empty or NULL value, bits out of range) or BB_ECRYPTO;
 * on error *out is unchanged. */
int bb_bidx__compute(bb_secret *key, const char *normalized, unsigned bits, uint32_t *out);

#endif
