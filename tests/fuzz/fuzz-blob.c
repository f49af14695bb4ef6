/* Fuzz target: opening blobs (bb_blob__open, bb_blob__unwrap_key and bb_blob__key_version of
 * lib/crypto/blob.c) with a fixed key: arbitrary bytes are refused cleanly, with no partial
 * output; what opens is exactly what sealing its plaintext with its nonce gives. Then the input
 * as plaintext: sealed, it opens to itself, and with any byte changed it does not open.
 * The key and the binds are those of tests/unit/crypto/test-blob.c's known-answer vectors, so
 * the corpus can hold real blobs. */
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "crypto/blob.h"
#include "fuzz.h"

static const bb_blob_bind binds[] = {
    {7, "bb_party", "name", "3f1c9a2e-5b7d-4c1e-9f00-2a6b8c4d1e7f"},
    {0x01020304u, "bb_case", "data_key", "1"},
};

static bb_secret *fixed_key(void)
{
    static bb_secret *key;
    uint8_t raw[BB_BLOB_KEY_BYTES];

    if (key == NULL) {
        for (size_t i = 0; i < sizeof raw; i++)
            raw[i] = (uint8_t)(0x80 + i);
        FUZZ_CHECK(bb_secret__from_bytes(raw, sizeof raw, &key) == BB_OK);
    }
    return key;
}

/* The header read without opening: only a blob of this format has one. */
static void check_key_version(const uint8_t *data, size_t size)
{
    uint32_t kv = 0x5a5a5a5au;

    if (bb_blob__key_version(data, size, &kv) != BB_OK) {
        FUZZ_CHECK(kv == 0x5a5a5a5au);
        return;
    }
    FUZZ_CHECK(size >= BB_BLOB_OVERHEAD && data[0] == 'b' && data[1] == 'b');
    FUZZ_CHECK(data[2] == BB_BLOB_VERSION);
    FUZZ_CHECK(kv == ((uint32_t)data[3] << 24 | (uint32_t)data[4] << 16 | (uint32_t)data[5] << 8 |
                      data[6]));
}

/* The same blob as a wrapped key of its size opens to the same bytes, in secret memory. */
static void check_unwrap(const bb_blob_bind *bind, const uint8_t *data, size_t size,
                         const uint8_t *plain, size_t len)
{
    bb_secret *key = NULL;
    const uint8_t *k;

    FUZZ_CHECK(bb_blob__unwrap_key(fixed_key(), bind, data, size, len, &key) == BB_OK);
    k = bb_secret__read(key);
    FUZZ_CHECK(k != NULL && bb_secret__len(key) == len && memcmp(k, plain, len) == 0);
    bb_secret__release(key);
    bb_secret__free(key);
}

/* Opening data under bind: refused with nothing out, or a plaintext that seals back into data
 * with the nonce of its header (after magic, format version and key version). */
static void check_open(const bb_blob_bind *bind, const uint8_t *data, size_t size)
{
    uint8_t unset, *plain = &unset, *again = NULL;
    size_t len = 77, n = 0;
    bb_secret *key = NULL;
    int rc = bb_blob__open(fixed_key(), bind, data, size, &plain, &len);

    if (rc != BB_OK) {
        FUZZ_CHECK(rc == BB_ECRYPTO && plain == &unset && len == 77);
        rc = bb_blob__unwrap_key(fixed_key(), bind, data, size, BB_BLOB_KEY_BYTES, &key);
        FUZZ_CHECK(rc == BB_ECRYPTO && key == NULL);
        return;
    }
    FUZZ_CHECK(len == size - BB_BLOB_OVERHEAD && plain[len] == '\0');
    rc = bb_blob__seal_with_nonce(fixed_key(), bind, data + 2 + 1 + 4, plain, len, &again, &n);
    FUZZ_CHECK(rc == BB_OK && n == size && memcmp(again, data, size) == 0);
    if (len > 0)
        check_unwrap(bind, data, size, plain, len);
    free(again);
    bb_blob__free_plain(plain, len);
}

/* The input as plaintext: sealed it opens to itself; one byte changed, anywhere, it does not. */
static void check_round_trip(const uint8_t *data, size_t size)
{
    uint8_t *blob = NULL, *plain = NULL, unset, *p = &unset;
    size_t n = 0, len = 0, at;

    FUZZ_CHECK(bb_blob__seal(fixed_key(), &binds[0], data, size, &blob, &n) == BB_OK);
    FUZZ_CHECK(n == size + BB_BLOB_OVERHEAD);
    FUZZ_CHECK(bb_blob__open(fixed_key(), &binds[0], blob, n, &plain, &len) == BB_OK);
    FUZZ_CHECK(len == size && (size == 0 || memcmp(plain, data, size) == 0));
    bb_blob__free_plain(plain, len);
    /* Under the other bind it does not open. */
    FUZZ_CHECK(bb_blob__open(fixed_key(), &binds[1], blob, n, &p, &len) == BB_ECRYPTO);
    at = size > 0 ? data[0] % n : 0;
    blob[at] ^= (uint8_t)(size > 1 ? data[1] | 1 : 1);
    FUZZ_CHECK(bb_blob__open(fixed_key(), &binds[0], blob, n, &p, &len) == BB_ECRYPTO);
    FUZZ_CHECK(p == &unset);
    free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact copy, so a read past the end is seen (data may be NULL when size is 0). */
    uint8_t *copy = calloc(size > 0 ? size : 1, 1);

    if (copy == NULL)
        return 0;
    if (size > 0)
        memcpy(copy, data, size);
    check_key_version(copy, size);
    for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++)
        check_open(&binds[i], copy, size);
    check_round_trip(copy, size);
    free(copy);
    return 0;
}
