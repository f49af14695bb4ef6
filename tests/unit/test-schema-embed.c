/* The migrations compiled into libbb: numbered 1..n in order, named, checksummed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bb/schema.h"
#include "db/migrations.h"

static void versions_run_from_one_without_gaps(void **state)
{
    (void)state;
    assert_true(bb_migrations__count >= 1);
    assert_int_equal(bb_schema_known_count(), bb_migrations__count);
    for (int i = 0; i < bb_migrations__count; i++) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "%04d-", i + 1);
        assert_int_equal(bb_migrations__[i].version, i + 1);
        assert_memory_equal(bb_migrations__[i].name, prefix, 5);
        assert_string_equal(bb_schema_known_name(i), bb_migrations__[i].name);
    }
    assert_null(bb_schema_known_name(bb_migrations__count));
    assert_null(bb_schema_known_name(-1));
}

static void checksums_are_sha256_hex(void **state)
{
    (void)state;
    for (int i = 0; i < bb_migrations__count; i++) {
        const char *sum = bb_migrations__[i].checksum;
        assert_int_equal(strlen(sum), 64);
        for (const char *c = sum; *c; c++)
            assert_true(isxdigit((unsigned char)*c) && !isupper((unsigned char)*c));
        assert_true(strlen(bb_migrations__[i].sql) > 0);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions_run_from_one_without_gaps),
        cmocka_unit_test(checksums_are_sha256_hex),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
