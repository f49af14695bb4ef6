/* The sanitizer between the database and the terminal (lib/base/text.c, for bbtui and bbctl): control characters,
 * escape sequences, direction overrides and broken UTF-8 become visible placeholders; every
 * other character, accents included, passes unchanged; results are never cut mid-character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bb/text.h"

static void check(const char *in, const char *want)
{
    char out[256];

    assert_int_equal(bb_text_sanitize(in, out, sizeof out), strlen(want));
    assert_string_equal(out, want);
}

static void plain_and_accented_text_passes(void **state)
{
    (void)state;
    check("Noord", "Noord");
    check("\xc3\x8blsa Br\xc3\xbcggemann-\xc3\x87"
          "elik",
          "Ëlsa Brüggemann-Çelik");
    check("\xe2\x82\xac 12 \xf0\x9f\x98\x80", "€ 12 😀");
    check("", "");
    check(NULL, "");
}

static void escape_sequences_become_visible(void **state)
{
    (void)state;
    check("No\x1b[2Jord", "No\\x1b[2Jord");
    check("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
    check("a\tb\nc\rd\x7f", "a\\x09b\\x0ac\\x0dd\\x7f");
    check("\xc2\x9b"
          "31m",
          "\\x9b31m"); /* C1 CSI, encoded as UTF-8 */
}

static void direction_and_invisible_characters_become_visible(void **state)
{
    (void)state;
    check("abc\xe2\x80\xae"
          "fed",
          "abc\\u202efed");               /* right-to-left override */
    check("x\xe2\x81\xa6y", "x\\u2066y"); /* left-to-right isolate */
    check("a\xe2\x80\x8b"
          "b",
          "a\\u200bb");                   /* zero-width space */
    check("\xef\xbb\xbfz", "\\ufeffz");   /* byte order mark */
    check("p\xe2\x80\xa8q", "p\\u2028q"); /* line separator */
}

static void broken_utf8_shows_each_byte(void **state)
{
    (void)state;
    check("a\xffz", "a\\xffz");
    check("\xc3", "\\xc3");                            /* cut short at the end */
    check("\xc3(", "\\xc3(");                          /* bad continuation */
    check("\xc0\xaf", "\\xc0\\xaf");                   /* overlong '/' */
    check("\xed\xa0\x80", "\\xed\\xa0\\x80");          /* a surrogate */
    check("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* beyond U+10FFFF */
}

static void output_is_cut_between_characters(void **state)
{
    char out[8];

    (void)state;
    assert_int_equal(bb_text_sanitize("ab\x1b"
                                  "cdef",
                                  out, sizeof out),
                     10);
    assert_string_equal(out, "ab\\x1bc");
    assert_int_equal(bb_text_sanitize("abcdé", out, 6), 6);
    assert_string_equal(out, "abcd"); /* é (2 bytes) does not fit in the last byte */
    assert_int_equal(bb_text_sanitize("\x1b\x1b", out, 7), 8);
    assert_string_equal(out, "\\x1b"); /* the second placeholder is left out whole */
    assert_int_equal(bb_text_sanitize("xyz", out, 0), 3);
}

static void dup_matches(void **state)
{
    char *s = bb_text_sanitize_dup("a\x1b");

    (void)state;
    assert_non_null(s);
    assert_string_equal(s, "a\\x1b");
    free(s);
}

static void safe_code_points(void **state)
{
    (void)state;
    assert_true(bb_text_cp_is_safe('A'));
    assert_true(bb_text_cp_is_safe(0xcb)); /* Ë */
    assert_true(bb_text_cp_is_safe(0x1f600));
    assert_false(bb_text_cp_is_safe(0x1b));
    assert_false(bb_text_cp_is_safe(0x85));
    assert_false(bb_text_cp_is_safe(0x202e));
    assert_false(bb_text_cp_is_safe(0xfffe));
    assert_false(bb_text_cp_is_safe(0x10ffff));
    assert_false(bb_text_cp_is_safe(0xdc00));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_and_accented_text_passes),
        cmocka_unit_test(escape_sequences_become_visible),
        cmocka_unit_test(direction_and_invisible_characters_become_visible),
        cmocka_unit_test(broken_utf8_shows_each_byte),
        cmocka_unit_test(output_is_cut_between_characters),
        cmocka_unit_test(dup_matches),
        cmocka_unit_test(safe_code_points),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
