/* bbctl's JSON writer (cmd/jw.c, on jansson): what it writes for every kind of value, text that
 * needs escaping, a jsonb object's text taken as an object; and a string that is not valid
 * UTF-8 fails the whole document: nothing written, the key named, the process failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jw.h"

/* What the writer wrote into a memory stream, as a string (free()). */
static char *written(void (*fill)(json_out *j))
{
    char *text = NULL;
    size_t size = 0;
    json_out j = {.f = open_memstream(&text, &size)};

    assert_non_null(j.f);
    fill(&j);
    fclose(j.f);
    return text;
}

static void every_kind(json_out *j)
{
    jw_open(j, '{');
    jw_str(j, "quote", "a \"b\" \\ c\n\x01");
    jw_str(j, "dutch", "één café");
    jw_str_or_null(j, "none", "");
    jw_int(j, "n", -12);
    jw_real(j, "hours", 3.25);
    jw_bool(j, "yes", true);
    jw_key_open(j, "list", '[');
    jw_int(j, NULL, 1);
    jw_null(j, NULL);
    jw_open(j, '{');
    jw_str(j, "k", "v");
    jw_close(j, '}');
    jw_close(j, ']');
    jw_object_text(j, "detail", " {\"field\": \"phone\", \"n\": 2} ");
    jw_object_text(j, "text", "not {an object");
    jw_close(j, '}');
}

static void writes_every_kind_of_value(void **state)
{
    char *text = written(every_kind);

    (void)state;
    assert_string_equal(text, "{\"quote\":\"a \\\"b\\\" \\\\ c\\n\\u0001\",\"dutch\":\"één café\","
                              "\"none\":null,\"n\":-12,\"hours\":3.25,\"yes\":true,"
                              "\"list\":[1,null,{\"k\":\"v\"}],\"detail\":{\"field\":\"phone\","
                              "\"n\":2},\"text\":\"not {an object\"}\n");
    free(text);
}

static void invalid(json_out *j)
{
    jw_open(j, '{');
    jw_str(j, "fine", "ok");
    jw_str(j, "name", "Els\xff de Bruijn");
    jw_close(j, '}');
}

/* In a child: the document goes nowhere, standard error names the key, the exit is a failure. */
static void invalid_utf8_fails_the_document(void **state)
{
    int out[2], err[2], status;
    char buf[512] = "", msg[512] = "";
    pid_t pid;

    (void)state;
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        json_out j = {.f = stdout};
        invalid(&j);
        _exit(0); /* not reached: the document fails */
    }
    close(out[1]);
    close(err[1]);
    assert_true(read(out[0], buf, sizeof buf - 1) == 0);
    assert_true(read(err[0], msg, sizeof msg - 1) > 0);
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), JW_FAILURE);
    assert_non_null(strstr(msg, "name is not valid UTF-8"));
    close(out[0]);
    close(err[0]);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_every_kind_of_value),
        cmocka_unit_test(invalid_utf8_fails_the_document),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
