/* The labels bbtui shows for libbb's category keys, and its date and case-number helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "labels.h"

static void every_key_has_a_label(void **state)
{
    (void)state;
    for (int v = 0; bb_vocab_keys((bb_vocab)v) != NULL; v++) { /* every list libbb has */
        const char *const *keys = bb_vocab_keys((bb_vocab)v);
        for (; *keys != NULL; keys++) {
            const char *label = tui_label((bb_vocab)v, *keys);
            if (strcmp(label, *keys) == 0 && strcmp(*keys, "intake") != 0)
                fail_msg("list %d: key '%s' has no label", v, *keys);
        }
    }
}

static void labels_within_a_list_differ(void **state)
{
    (void)state;
    for (int v = 0; bb_vocab_keys((bb_vocab)v) != NULL; v++) {
        const char *const *keys = bb_vocab_keys((bb_vocab)v);
        for (size_t a = 0; keys[a] != NULL; a++)
            for (size_t b = a + 1; keys[b] != NULL; b++)
                assert_string_not_equal(tui_label((bb_vocab)v, keys[a]),
                                        tui_label((bb_vocab)v, keys[b]));
    }
}

static void unknown_keys_are_shown_as_they_are(void **state)
{
    (void)state;
    assert_string_equal(tui_label(BB_VOCAB_STATUS, "nieuw"), "nieuw");
    assert_string_equal(tui_label(BB_VOCAB_STATUS, NULL), "");
    assert_string_equal(tui_label(BB_VOCAB_SOURCE, "politie"), "Police");
}

static void days_between_dates(void **state)
{
    (void)state;
    assert_int_equal(tui_days_between("2024-02-28", "2024-03-01"), 2); /* leap year */
    assert_int_equal(tui_days_between("2023-12-31", "2024-01-01"), 1);
    assert_int_equal(tui_days_between("2024-03-01", "2024-03-01"), 0);
    assert_int_equal(tui_days_between("2000-01-01", "2024-01-01"), 8766);
    assert_int_equal(tui_days_between("gisteren", "2024-01-01"), 0);
}

static void local_time_of_utc(void **state)
{
    char out[32];

    (void)state;
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    tui_local_time("2024-03-01T10:12:00Z", out, sizeof out);
    assert_string_equal(out, "2024-03-01 11:12");
    tui_local_time("2024-07-01T10:12:00Z", out, sizeof out);
    assert_string_equal(out, "2024-07-01 12:12");
    tui_local_time("kapot", out, sizeof out);
    assert_string_equal(out, "kapot");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_has_a_label),
        cmocka_unit_test(labels_within_a_list_differ),
        cmocka_unit_test(unknown_keys_are_shown_as_they_are),
        cmocka_unit_test(days_between_dates),
        cmocka_unit_test(local_time_of_utc),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
