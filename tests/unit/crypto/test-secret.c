/* Unit tests of lib/crypto/secret.c: secret-key memory and core-dump hygiene. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cmocka.h>

#include "bb/error.h"
#include "crypto/secret.h"

static void new_secret_is_zero(void **state)
{
    bb_secret *s = NULL;
    const uint8_t *p;
    uint8_t zero[32] = {0};

    assert_int_equal(bb_secret__new(32, &s), BB_OK);
    assert_non_null(s);
    assert_int_equal(bb_secret__len(s), 32);
    p = bb_secret__read(s);
    assert_non_null(p);
    assert_memory_equal(p, zero, sizeof(zero));
    bb_secret__release(s);
    bb_secret__free(s);
}

static void bad_sizes_are_refused(void **state)
{
    bb_secret *s = (bb_secret *)(uintptr_t)0x1;

    assert_int_equal(bb_secret__new(0, &s), BB_EINVAL);
    assert_int_equal(bb_secret__new(4097, &s), BB_EINVAL);
    assert_int_equal(bb_secret__random(0, &s), BB_EINVAL);
    assert_int_equal(bb_secret__from_bytes(NULL, 32, &s), BB_EINVAL);
    assert_ptr_equal(s, (bb_secret *)(uintptr_t)0x1); /* untouched on error */
    assert_int_equal(bb_secret__new(32, NULL), BB_EINVAL);
}

static void from_bytes_and_equal(void **state)
{
    uint8_t raw[32];
    bb_secret *a = NULL, *b = NULL, *c = NULL;
    const uint8_t *p;

    for (size_t i = 0; i < sizeof(raw); i++)
        raw[i] = (uint8_t)i;
    assert_int_equal(bb_secret__from_bytes(raw, sizeof(raw), &a), BB_OK);
    assert_int_equal(bb_secret__from_bytes(raw, sizeof(raw), &b), BB_OK);
    assert_int_equal(bb_secret__random(32, &c), BB_OK);
    p = bb_secret__read(a);
    assert_memory_equal(p, raw, sizeof(raw));
    bb_secret__release(a);
    assert_true(bb_secret__equal(a, b));
    assert_true(bb_secret__equal(a, a));
    assert_false(bb_secret__equal(a, c));
    assert_false(bb_secret__equal(a, NULL));
    bb_secret__free(a);
    bb_secret__free(b);
    bb_secret__free(c);
}

static void random_keys_differ(void **state)
{
    bb_secret *a = NULL, *b = NULL;

    assert_int_equal(bb_secret__random(32, &a), BB_OK);
    assert_int_equal(bb_secret__random(32, &b), BB_OK);
    assert_false(bb_secret__equal(a, b));
    bb_secret__free(a);
    bb_secret__free(b);
}

static void nested_read_write_release(void **state)
{
    bb_secret *s = NULL;
    uint8_t *w;
    const uint8_t *r1, *r2;

    assert_int_equal(bb_secret__new(16, &s), BB_OK);
    r1 = bb_secret__read(s);
    w = bb_secret__write(s); /* widening inside a read */
    assert_non_null(r1);
    assert_ptr_equal(r1, w);
    w[0] = 0x42;
    r2 = bb_secret__read(s);
    assert_int_equal(r2[0], 0x42);
    bb_secret__release(s);
    bb_secret__release(s);
    bb_secret__release(s);
    bb_secret__release(s); /* one too many is harmless */
    r1 = bb_secret__read(s);
    assert_int_equal(r1[0], 0x42);
    bb_secret__release(s);
    bb_secret__free(s);
    bb_secret__free(NULL);
    assert_null(bb_secret__read(NULL));
    assert_int_equal(bb_secret__len(NULL), 0);
}

/* Idle key memory is not readable: touching it without bb_secret__read faults. */
static void idle_memory_is_not_readable(void **state)
{
    bb_secret *s = NULL;
    const volatile uint8_t *p;
    pid_t pid;
    int status = 0;

    assert_int_equal(bb_secret__random(32, &s), BB_OK);
    p = bb_secret__read(s);
    bb_secret__release(s);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit none = {0, 0};

        setrlimit(RLIMIT_CORE, &none); /* the expected crash leaves no core file */
        signal(SIGSEGV, SIG_DFL);      /* cmocka's handler would catch it */
        signal(SIGBUS, SIG_DFL);
        _exit(p[0] == 0x5a ? 3 : 4);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_true(WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS);
    bb_secret__free(s);
}

/* Run in a child so the test process itself keeps its limits. */
static void core_dumps_are_disabled(void **state)
{
    pid_t pid = fork();
    int status = 0;

    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit rl;
        int ok = bb_crypto__disable_core_dumps() == BB_OK && getrlimit(RLIMIT_CORE, &rl) == 0 &&
                 rl.rlim_cur == 0 && rl.rlim_max == 0;
#if defined(__linux__)
        ok = ok && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
#endif
        _exit(ok ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_secret_is_zero),        cmocka_unit_test(bad_sizes_are_refused),
        cmocka_unit_test(from_bytes_and_equal),      cmocka_unit_test(random_keys_differ),
        cmocka_unit_test(nested_read_write_release), cmocka_unit_test(idle_memory_is_not_readable),
        cmocka_unit_test(core_dumps_are_disabled),
    };

    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
