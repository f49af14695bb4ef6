/* Case numbers as people type them (bb_fields__case_number_short, under bb_case_number_expand):
 * the full form, the short ones, their bounds, and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fields/fields.h"

static void expect(const char *in, int year, int seq)
{
    int y = -1, s = -1;

    assert_true(bb_fields__case_number_short(in, &y, &s));
    assert_int_equal(y, year);
    assert_int_equal(s, seq);
}

static void refuse(const char *in)
{
    int y, s;

    assert_false(bb_fields__case_number_short(in, &y, &s));
}

static void full_and_short_forms(void **state)
{
    (void)state;
    expect("BB-2024-0007", 2024, 7);
    expect("bb-2024-7", 2024, 7);
    expect("2026-12", 2026, 12);
    expect(" 2025-12 ", 2025, 12);
    expect("12", 0, 12); /* this year's: the caller asks the database */
    expect("0012", 0, 12);
}

static void bounds(void **state)
{
    (void)state;
    expect("2000-1", 2000, 1);
    expect("9999-9999999", 9999, 9999999);
    expect("9999999", 0, 9999999);
    refuse("1999-1");
    refuse("0");
    refuse("2026-0");
    refuse("2026-00000000"); /* eight digits */
    refuse("12345678");
}

static void garbage(void **state)
{
    (void)state;
    refuse(NULL);
    refuse("");
    refuse("   ");
    refuse("abc");
    refuse("Noord");
    refuse("12-2026");
    refuse("2024-7x");
    refuse("-7");
    refuse("+7");
    refuse("2024--7");
    refuse("2024-");
    refuse("BB-7");
    refuse("BB-");
    refuse("BB2024-7");
    refuse("20245-7");
    refuse("2024-7-1");
    refuse("1 2");
    refuse("V-0003");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_and_short_forms),
        cmocka_unit_test(bounds),
        cmocka_unit_test(garbage),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
