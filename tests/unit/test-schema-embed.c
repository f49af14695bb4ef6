/* The migrations compiled into libbb: numbered 1..n in order, named, checksummed; and the
 * schema sources: named once each, with the revision their header states. */
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

static void sources_are_named_once_with_their_revision(void **state)
{
    (void)state;
    assert_true(bb_sources__count >= 1);
    for (int i = 0; i < bb_sources__count; i++) {
        const bb_source *s = &bb_sources__[i];
        char line[32];

        assert_true(strlen(s->name) > 0);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(bb_sources__[j].name, s->name);
        assert_true(s->revision >= 1);
        snprintf(line, sizeof line, "\n-- revision: %d\n", s->revision);
        assert_non_null(strstr(s->sql, line));
        assert_int_equal(strlen(s->checksum), 64);
        for (const char *c = s->checksum; *c; c++)
            assert_true(isxdigit((unsigned char)*c) && !isupper((unsigned char)*c));
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions_run_from_one_without_gaps),
        cmocka_unit_test(checksums_are_sha256_hex),
        cmocka_unit_test(sources_are_named_once_with_their_revision),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
