/* bbtui(1) documents every key of the keymap table (tui/request.h): each key that reaches an
 * action, named as the help screen names it, is in a .B or .BR line of the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

#define MAX_TOKENS 512

static char tokens[MAX_TOKENS][64];
static int n_tokens;

/* The key names of the page's .B and .BR lines ("F6", "m", "Ctrl-S"), with roff's \- as -. */
static void read_page(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];

    if (f == NULL)
        fail_msg("cannot open %s", path);
    while (fgets(line, sizeof line, f) != NULL) {
        char *p, *sep;
        if (strncmp(line, ".BR ", 4) != 0 && strncmp(line, ".B ", 3) != 0)
            continue;
        p = line + (line[2] == 'R' ? 4 : 3);
        p[strcspn(p, "\n")] = '\0';
        for (; p != NULL && n_tokens < MAX_TOKENS; p = sep ? sep + 6 : NULL) {
            char *out = tokens[n_tokens++];
            size_t o = 0;
            sep = strstr(p, " \", \" ");
            for (char *q = p; *q && q != sep && o < 63; q++)
                if (!(q[0] == '\\' && q[1] == '-'))
                    out[o++] = *q;
            out[o] = '\0';
        }
    }
    fclose(f);
}

static bool on_page(const char *name)
{
    for (int i = 0; i < n_tokens; i++)
        if (strcmp(tokens[i], name) == 0)
            return true;
    return false;
}

static void every_key_of_the_keymap_is_on_the_man_page(void **state)
{
    (void)state;
    read_page(BBTUI_MAN);
    assert_true(n_tokens > 20);
    for (int r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++) {
        const tui_req_info *ri = tui_req_get((enum tui_request)r);
        int keys[3] = {ri->fkey ? TUI_FN(KEY_F(ri->fkey)) : 0, ri->key, ri->alt};
        for (int k = 0; k < 3; k++) {
            char buf[32];
            const char *name;
            if (keys[k] == 0)
                continue;
            name = tui_key_name(keys[k], buf, sizeof buf);
            if (!on_page(name))
                fail_msg("key %s of '%s' is not in bbtui(1)", name, ri->help);
        }
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_of_the_keymap_is_on_the_man_page),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
