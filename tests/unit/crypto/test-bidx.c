/* Unit tests of lib/crypto/bidx.c: blind-index keys and values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bb/error.h"
#include "crypto/bidx.h"
#include "fields/norm-name.h"

/* Known answers for root key 00 01 .. 1f, checked against Python's hashlib.blake2b (subkey id,
 * crypto_kdf_derive_from_key as keyed BLAKE2b with salt and personalisation, index MAC). */
#define KAT_SUBKEY_ID  0xb97a1f20e0793465ull /* ("bb_party", "name", "name") */
#define KAT_NAME_KEY   "ea3a5fdd2c9e93e7c27fc31f0d69a58df1a3a8ebf82aeac39aab8b3c230973ad"
#define KAT_ELSA_16    57651u
#define KAT_ELSA_32    3778230674u
#define KAT_PHONE_16   48362u /* "+31612345678" in ("bb_party", "phone", "phone") */
#define KAT_ADDRESS_16 65090u /* "1234AB 12A" in ("bb_party", "address", "address") */

static bb_secret *root_key(void)
{
    uint8_t raw[BB_BIDX_KEY_BYTES];
    bb_secret *k = NULL;

    for (size_t i = 0; i < sizeof(raw); i++)
        raw[i] = (uint8_t)i;
    assert_int_equal(bb_secret__from_bytes(raw, sizeof(raw), &k), BB_OK);
    return k;
}

static bb_secret *derive(bb_secret *root, const char *t, const char *c, const char *i)
{
    bb_secret *k = NULL;

    assert_int_equal(bb_bidx__derive_key(root, t, c, i, &k), BB_OK);
    assert_int_equal(bb_secret__len(k), BB_BIDX_KEY_BYTES);
    return k;
}

static uint32_t index_of(bb_secret *key, const char *value, unsigned bits)
{
    uint32_t v = 0;

    assert_int_equal(bb_bidx__compute(key, value, bits, &v), BB_OK);
    return v;
}

static void known_answer_vectors(void **state)
{
    bb_secret *root = root_key(), *name, *phone, *addr;
    uint64_t id = 0;
    const uint8_t *k;
    char h[2 * BB_BIDX_KEY_BYTES + 1];

    assert_int_equal(bb_bidx__subkey_id("bb_party", "name", "name", &id), BB_OK);
    assert_true(id == KAT_SUBKEY_ID);
    name = derive(root, "bb_party", "name", "name");
    k = bb_secret__read(name);
    for (size_t i = 0; i < BB_BIDX_KEY_BYTES; i++)
        snprintf(h + 2 * i, 3, "%02x", k[i]);
    bb_secret__release(name);
    assert_string_equal(h, KAT_NAME_KEY);
    assert_int_equal(index_of(name, "elsa", BB_BIDX_BITS), KAT_ELSA_16);
    assert_true(index_of(name, "elsa", 32) == KAT_ELSA_32);
    assert_int_equal(index_of(name, "elsa", 8), KAT_ELSA_32 >> 24);
    phone = derive(root, "bb_party", "phone", "phone");
    addr = derive(root, "bb_party", "address", "address");
    assert_int_equal(index_of(phone, "+31612345678", 16), KAT_PHONE_16);
    assert_int_equal(index_of(addr, "1234AB 12A", 16), KAT_ADDRESS_16);
    bb_secret__free(name);
    bb_secret__free(phone);
    bb_secret__free(addr);
    bb_secret__free(root);
}

static void keys_differ_per_table_column_index(void **state)
{
    const char *names[][3] = {
        {"bb_party", "name", "name"},
        {"bb_party", "name", "name_prefix"},
        {"bb_party", "surname", "name"},
        {"bb_volunteer", "name", "name"},
        {"ab", "c", "d"},
        {"a", "bc", "d"},
        {"a", "b", "cd"},
    };
    enum { N = sizeof(names) / sizeof(names[0]) };
    bb_secret *root = root_key(), *other_root = NULL, *k[N], *o;
    uint64_t ids[N];

    for (size_t i = 0; i < N; i++) {
        k[i] = derive(root, names[i][0], names[i][1], names[i][2]);
        assert_int_equal(bb_bidx__subkey_id(names[i][0], names[i][1], names[i][2], &ids[i]), BB_OK);
    }
    for (size_t i = 0; i < N; i++) {
        for (size_t j = i + 1; j < N; j++) {
            assert_false(bb_secret__equal(k[i], k[j]));
            assert_true(ids[i] != ids[j]);
            /* 32 bits: these fixed pairs do not collide by chance. */
            assert_true(index_of(k[i], "elsa", 32) != index_of(k[j], "elsa", 32));
        }
    }
    /* Same triple, same key; another root key, another key. */
    o = derive(root, "bb_party", "name", "name");
    assert_true(bb_secret__equal(o, k[0]));
    bb_secret__free(o);
    assert_int_equal(bb_secret__random(BB_BIDX_KEY_BYTES, &other_root), BB_OK);
    o = derive(other_root, "bb_party", "name", "name");
    assert_false(bb_secret__equal(o, k[0]));
    bb_secret__free(o);
    for (size_t i = 0; i < N; i++)
        bb_secret__free(k[i]);
    bb_secret__free(other_root);
    bb_secret__free(root);
}

/* Index of the normalised form of raw. */
static uint32_t norm_index(bb_secret *key, int (*f)(const char *, char **), const char *raw)
{
    char *n = NULL;
    uint32_t v;

    assert_int_equal(f(raw, &n), BB_OK);
    v = index_of(key, n, 32);
    bb_norm__free(n);
    return v;
}

static void same_value_same_index(void **state)
{
    bb_secret *root = root_key();
    bb_secret *name = derive(root, "bb_party", "name", "name");
    bb_secret *phone = derive(root, "bb_party", "phone", "phone");
    bb_secret *addr = derive(root, "bb_party", "address", "address");
    char *a = NULL, *b = NULL;

    assert_int_equal(norm_index(name, bb_norm__name, "Ëlsa"),
                     norm_index(name, bb_norm__name, "elsa"));
    assert_int_equal(norm_index(name, bb_norm__name, "Brüggemann-Çelik"),
                     norm_index(name, bb_norm__name, "bruggemann - celik"));
    assert_true(norm_index(name, bb_norm__name, "elsa") != norm_index(name, bb_norm__name, "else"));
    assert_int_equal(norm_index(phone, bb_norm__phone, "06-12345678"),
                     norm_index(phone, bb_norm__phone, "+31612345678"));
    assert_int_equal(bb_norm__address("1234ab", "12a", &a), BB_OK);
    assert_int_equal(bb_norm__address("1234 AB", "12 - A", &b), BB_OK);
    assert_int_equal(index_of(addr, a, 16), index_of(addr, b, 16));
    assert_int_equal(index_of(addr, a, 16), KAT_ADDRESS_16);
    bb_norm__free(a);
    bb_norm__free(b);
    bb_secret__free(name);
    bb_secret__free(phone);
    bb_secret__free(addr);
    bb_secret__free(root);
}

static void range_and_arguments(void **state)
{
    bb_secret *root = root_key(), *k = derive(root, "t", "c", "i"), *out = NULL;
    uint32_t v = 77;
    char buf[16], long_name[257];

    for (unsigned i = 0; i < 2000; i++) {
        snprintf(buf, sizeof(buf), "v%u", i);
        assert_true(index_of(k, buf, 16) < 65536u);
        assert_true(index_of(k, buf, 9) < 512u);
    }
    assert_int_equal(bb_bidx__compute(k, "x", 7, &v), BB_EINVAL);
    assert_int_equal(bb_bidx__compute(k, "x", 33, &v), BB_EINVAL);
    assert_int_equal(bb_bidx__compute(k, "", 16, &v), BB_EINVAL);
    assert_int_equal(bb_bidx__compute(k, NULL, 16, &v), BB_EINVAL);
    assert_int_equal(bb_bidx__compute(NULL, "x", 16, &v), BB_EINVAL);
    assert_int_equal(v, 77);
    memset(long_name, 'n', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    assert_int_equal(bb_bidx__derive_key(root, "t", "", "i", &out), BB_EINVAL);
    assert_int_equal(bb_bidx__derive_key(root, "t", NULL, "i", &out), BB_EINVAL);
    assert_int_equal(bb_bidx__derive_key(root, long_name, "c", "i", &out), BB_EINVAL);
    assert_int_equal(bb_bidx__derive_key(k, "t", "c", "i", &out), BB_OK); /* any 32-byte key */
    bb_secret__free(out);
    out = NULL;
    bb_secret__free(k);
    assert_int_equal(bb_secret__random(16, &k), BB_OK);
    assert_int_equal(bb_bidx__derive_key(k, "t", "c", "i", &out), BB_EINVAL);
    assert_null(out);
    bb_secret__free(k);
    bb_secret__free(root);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_answer_vectors),
        cmocka_unit_test(keys_differ_per_table_column_index),
        cmocka_unit_test(same_value_same_index),
        cmocka_unit_test(range_and_arguments),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
