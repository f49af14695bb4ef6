/* Unit tests of lib/crypto/normalize.c: canonical forms of personal values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bb/error.h"
#include "crypto/normalize.h"
#include "fields/norm-name.h"

typedef int (*norm_fn)(const char *in, char **out);

#define SENTINEL ((char *)(uintptr_t)0x5a5a)

static void ok(norm_fn f, const char *in, const char *want)
{
    char *out = NULL;
    int rc = f(in, &out);

    if (rc != BB_OK)
        fail_msg("\"%s\": status %d, wanted \"%s\"", in, rc, want);
    assert_string_equal(out, want);
    bb_norm__free(out);
}

static void bad(norm_fn f, const char *in)
{
    char *out = SENTINEL;
    int rc = f(in, &out);

    if (rc != BB_EINVAL)
        fail_msg("\"%s\": status %d, wanted BB_EINVAL", in ? in : "(null)", rc);
    assert_ptr_equal(out, SENTINEL);
}

static void utf8_validation(void **state)
{
    assert_true(bb_norm__utf8_valid("", 0));
    assert_true(bb_norm__utf8_valid("\xc3\x8blsa", 5));       /* Ëlsa */
    assert_true(bb_norm__utf8_valid("\xf4\x8f\xbf\xbf", 4));  /* U+10FFFF */
    assert_false(bb_norm__utf8_valid("\xc3", 1));             /* cut short */
    assert_false(bb_norm__utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(bb_norm__utf8_valid("\xe0\x80\xaf", 3));     /* overlong '/' */
    assert_false(bb_norm__utf8_valid("\xed\xa0\x80", 3));     /* surrogate U+D800 */
    assert_false(bb_norm__utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(bb_norm__utf8_valid("\x80", 1));             /* lone continuation */
    assert_false(bb_norm__utf8_valid("\xff", 1));
    assert_false(bb_norm__utf8_valid("a\xc3(", 3));
}

/* The test source is UTF-8; invisible characters are written as escapes. */
static void names(void **state)
{
    ok(bb_norm__name, "Ëlsa", "elsa");
    ok(bb_norm__name, "elsa", "elsa");
    ok(bb_norm__name, "E\u0308lsa", "elsa"); /* E + combining diaeresis */
    ok(bb_norm__name, "Brüggemann-Çelik", "bruggemann-celik");
    ok(bb_norm__name, "  Brüggemann - Çelik ", "bruggemann-celik");
    ok(bb_norm__name, "Jan   de\tVries", "jan de vries");
    ok(bb_norm__name, "Jan\u00a0de\u2003Vries", "jan de vries"); /* no-break, em space */
    ok(bb_norm__name, "d’Ancona", "d'ancona");
    ok(bb_norm__name, "d`Ancona", "d'ancona");
    ok(bb_norm__name, "Straße", "strasse");
    ok(bb_norm__name, "Ĳsselstein", "ijsselstein");
    ok(bb_norm__name, "Søren Ærbø", "soren aerbo");
    ok(bb_norm__name, "Łukasz Żółw", "lukasz zolw");
    ok(bb_norm__name, "Œuvre Þor", "oeuvre thor");
    ok(bb_norm__name, "Anne–Marie", "anne-marie"); /* en dash */
    ok(bb_norm__name, "Zoë\u00ad", "zoe");         /* soft hyphen */
    ok(bb_norm__name, "Δημήτρης", "δημητρησ"); /* other scripts: folded, marks removed */
    ok(bb_norm__name, "A × B", "a × b");           /* not a letter: kept */
    bad(bb_norm__name, "");
    bad(bb_norm__name, "   \t ");
    bad(bb_norm__name, "\u0308");     /* only a combining mark */
    bad(bb_norm__name, "Els\xe1");    /* Latin-1, not UTF-8 */
    bad(bb_norm__name, "Jan\x01 de"); /* control character */
    bad(bb_norm__name, NULL);
}

/* What utf8proc brings: NFKC, full case folding, marks of every script. */
static void names_unicode(void **state)
{
    ok(bb_norm__name, "STRASSE", "strasse");
    ok(bb_norm__name, "Straẞe", "strasse");            /* capital sharp s */
    ok(bb_norm__name, "\ufb01lip", "filip");           /* the ligature fi */
    ok(bb_norm__name, "\uff25\uff4c\uff53\uff41", "elsa"); /* full-width */
    ok(bb_norm__name, "\u0130stanbul", "istanbul");    /* Turkish capital dotted I */
    ok(bb_norm__name, "\u0131stanbul", "istanbul");    /* Turkish dotless i */
    ok(bb_norm__name, "ISTANBUL", "istanbul");
    ok(bb_norm__name, "Nguye\u0302\u0303n", "nguyen"); /* two combining marks */
    ok(bb_norm__name, "Nguyễn", "nguyen");
    ok(bb_norm__name, "Jan\u200bde\u3000Vries", "jande vries"); /* zero-width, ideographic */
    ok(bb_norm__name, "ÇELİK", "celik");
    ok(bb_norm__name, "Ђорђевић", "ђорђевић");
    bad(bb_norm__name, "Els\xc3");    /* cut short */
    bad(bb_norm__name, "\xed\xa0\x80"); /* a surrogate */
    bad(bb_norm__name, "\u200b");      /* only an ignorable character */
}

static void name_words(void **state)
{
    char *w = NULL;
    size_t size = 0, n = 0;

    assert_int_equal(bb_norm__words("Elsa de Bruijn-de Vries", &w, &size, &n), BB_OK);
    assert_int_equal(n, 4);
    assert_string_equal(w, "elsa");
    assert_string_equal(w + 5, "de");
    assert_string_equal(w + 8, "bruijn");
    assert_string_equal(w + 15, "vries");
    bb_norm__free_words(w, size);
    assert_int_equal(bb_norm__words(" d’Ancona ", &w, &size, &n), BB_OK);
    assert_int_equal(n, 2);
    assert_string_equal(w + 2, "ancona");
    bb_norm__free_words(w, size);
    w = SENTINEL;
    assert_int_equal(bb_norm__words("- . '", &w, &size, &n), BB_EINVAL);
    assert_int_equal(bb_norm__words("Els\xe1", &w, &size, &n), BB_EINVAL);
    assert_ptr_equal(w, SENTINEL);
}

static void name_c1_characters(void **state)
{
    ok(bb_norm__name, "Jan\302\205de", "jan de");
    ok(bb_norm__name, "Jan\302\205", "jan");
    bad(bb_norm__name, "Jan\302\200"); /* C1 control */
}

static void postcodes(void **state)
{
    ok(bb_norm__postcode, "1234ab", "1234AB");
    ok(bb_norm__postcode, "1234 AB", "1234AB");
    ok(bb_norm__postcode, " 1234  ab ", "1234AB");
    ok(bb_norm__postcode, "9999zz", "9999ZZ");
    bad(bb_norm__postcode, "0123AB"); /* no postcode starts with 0 */
    bad(bb_norm__postcode, "123AB");
    bad(bb_norm__postcode, "12345AB");
    bad(bb_norm__postcode, "1234A");
    bad(bb_norm__postcode, "1234ABC");
    bad(bb_norm__postcode, "1234-AB");
    bad(bb_norm__postcode, "12 34AB");
    bad(bb_norm__postcode, "1234ÄB");
    bad(bb_norm__postcode, "");
    bad(bb_norm__postcode, NULL);
}

static void house_numbers(void **state)
{
    ok(bb_norm__house_number, "12", "12");
    ok(bb_norm__house_number, "12a", "12A");
    ok(bb_norm__house_number, "12 a", "12A");
    ok(bb_norm__house_number, "12-a", "12A");
    ok(bb_norm__house_number, " 12 - A ", "12A");
    ok(bb_norm__house_number, "12 bis", "12BIS");
    ok(bb_norm__house_number, "12-1", "12-1");
    ok(bb_norm__house_number, "12 1", "12-1");
    ok(bb_norm__house_number, "12/2", "12-2");
    ok(bb_norm__house_number, "012", "12");
    ok(bb_norm__house_number, "99999 ABCDEF", "99999ABCDEF");
    bad(bb_norm__house_number, "0");
    bad(bb_norm__house_number, "a12");
    bad(bb_norm__house_number, "123456");
    bad(bb_norm__house_number, "12 ABCDEFG");
    bad(bb_norm__house_number, "12#");
    bad(bb_norm__house_number, "");
}

static void address_keys(void **state)
{
    char *a = NULL, *b = NULL, *out = SENTINEL;

    assert_int_equal(bb_norm__address("1234ab", "12 a", &a), BB_OK);
    assert_int_equal(bb_norm__address(" 1234 AB", "12-A", &b), BB_OK);
    assert_string_equal(a, "1234AB 12A");
    assert_string_equal(a, b);
    assert_int_equal(bb_norm__address("0234ab", "12", &out), BB_EINVAL);
    assert_int_equal(bb_norm__address("1234ab", "x", &out), BB_EINVAL);
    assert_ptr_equal(out, SENTINEL);
    bb_norm__free(a);
    bb_norm__free(b);
}

static void phone_numbers(void **state)
{
    ok(bb_norm__phone, "06-12345678", "+31612345678");
    ok(bb_norm__phone, "06 1234 5678", "+31612345678");
    ok(bb_norm__phone, "+31 6 12345678", "+31612345678");
    ok(bb_norm__phone, "+31612345678", "+31612345678");
    ok(bb_norm__phone, "0031612345678", "+31612345678");
    ok(bb_norm__phone, "+31 (0)6 1234 5678", "+31612345678");
    ok(bb_norm__phone, "+31 06 12345678", "+31612345678");
    ok(bb_norm__phone, "010-1234567", "+31101234567");
    ok(bb_norm__phone, "(010) 123 45 67", "+31101234567");
    ok(bb_norm__phone, "010.123.4567", "+31101234567");
    ok(bb_norm__phone, "06\u00a012345678", "+31612345678");
    ok(bb_norm__phone, "+32 470 12 34 56", "+32470123456");
    ok(bb_norm__phone, "0049 30 1234567", "+49301234567");
    bad(bb_norm__phone, "612345678");      /* no trunk prefix */
    bad(bb_norm__phone, "06-1234567");     /* too short */
    bad(bb_norm__phone, "06-123456789");   /* too long */
    bad(bb_norm__phone, "+31 0 12345678"); /* national part starts with 0 */
    bad(bb_norm__phone, "06-CALL-ME");
    bad(bb_norm__phone, "06+12345678");
    bad(bb_norm__phone, "+0612345678");
    bad(bb_norm__phone, "+123456"); /* too short for E.164 */
    bad(bb_norm__phone, "+1234567890123456");
    bad(bb_norm__phone, "bel me");
    bad(bb_norm__phone, "");
    bad(bb_norm__phone, "\xff");
}

static void email_addresses(void **state)
{
    ok(bb_norm__email, "  Jan.De.Vries@Example.NL ", "jan.de.vries@example.nl");
    ok(bb_norm__email, "a@b", "a@b");
    bad(bb_norm__email, "jan@@example.nl");
    bad(bb_norm__email, "jan@exa@mple.nl");
    bad(bb_norm__email, "@example.nl");
    bad(bb_norm__email, "jan@");
    bad(bb_norm__email, "jan de vries@example.nl");
    bad(bb_norm__email, "jan\x7f@example.nl");
    bad(bb_norm__email, "   ");
    bad(bb_norm__email, "jan@example\xc3.nl");
}

/* Long inputs are refused, at the limit accepted. */
static void input_length_limit(void **state)
{
    char big[BB_NORM_MAX_INPUT + 2];
    char *out = NULL;

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    bad(bb_norm__name, big);
    big[BB_NORM_MAX_INPUT] = '\0';
    assert_int_equal(bb_norm__name(big, &out), BB_OK);
    assert_int_equal(strlen(out), BB_NORM_MAX_INPUT);
    bb_norm__free(out);
    bb_norm__free(NULL);
    assert_int_equal(bb_norm__name("x", NULL), BB_EINVAL);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_validation),    cmocka_unit_test(names),
        cmocka_unit_test(names_unicode), cmocka_unit_test(name_words),
        cmocka_unit_test(name_c1_characters), cmocka_unit_test(postcodes),
        cmocka_unit_test(house_numbers),      cmocka_unit_test(address_keys),
        cmocka_unit_test(phone_numbers),      cmocka_unit_test(email_addresses),
        cmocka_unit_test(input_length_limit),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
