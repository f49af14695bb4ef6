/* The TLS policy of connections (lib/tls.h): which hosts are local, when verify-full is added,
 * and when a weaker sslmode is refused or allowed. No server needed: it is decided before
 * connecting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "db/tls.h"

static void clean_env(void)
{
    unsetenv("PGHOST");
    unsetenv("PGHOSTADDR");
    unsetenv("PGSSLMODE");
    unsetenv("BB_ALLOW_INSECURE_TLS");
}

static void local_hosts(void **state)
{
    (void)state;
    const char *local[] = {NULL,        "",          "/run/postgresql",
                           "@abstract", "localhost", "LocalHost",
                           "127.0.0.1", "::1",       "localhost,/tmp"};
    const char *remote[] = {
        "db.example.org",        "127.0.0.2", "10.0.0.5", "localhost,db.example.org",
        "localhost.example.org", "::2"};

    for (size_t i = 0; i < sizeof local / sizeof *local; i++)
        assert_true(bb_tls__local(local[i]));
    for (size_t i = 0; i < sizeof remote / sizeof *remote; i++)
        assert_false(bb_tls__local(remote[i]));
}

/* plan() on conninfo; returns its status, *mode the default it adds. */
static int plan(const char *conninfo, bool allowed, const char **mode, char *msg)
{
    bb_ctx ctx = {0};
    int rc = bb_tls__plan(&ctx, conninfo, allowed, mode);

    strcpy(msg, ctx.errmsg);
    return rc;
}

static void remote_without_sslmode_gets_verify_full(void **state)
{
    const char *mode = NULL;
    char msg[BB_ERRMSG_SIZE];

    (void)state;
    clean_env();
    assert_int_equal(plan("host=db.example.org dbname=bb", false, &mode, msg), BB_OK);
    assert_string_equal(mode, "verify-full");
    assert_int_equal(plan("postgresql://bb@db.example.org:5433/bb", false, &mode, msg), BB_OK);
    assert_string_equal(mode, "verify-full");
    setenv("PGHOST", "db.example.org", 1);
    assert_int_equal(plan("", false, &mode, msg), BB_OK);
    assert_string_equal(mode, "verify-full");
    clean_env();
    /* Local: libpq's own default stays. hostaddr decides where the connection goes. */
    assert_int_equal(plan("host=/run/postgresql dbname=bb", false, &mode, msg), BB_OK);
    assert_null(mode);
    assert_int_equal(plan("host=db.example.org hostaddr=127.0.0.1", false, &mode, msg), BB_OK);
    assert_null(mode);
    assert_int_equal(plan("host=localhost hostaddr=192.0.2.7", false, &mode, msg), BB_OK);
    assert_string_equal(mode, "verify-full");
}

static void weaker_sslmode_is_refused_unless_allowed(void **state)
{
    static const char *const weak[] = {"disable", "allow", "prefer", "require", "verify-ca"};
    const char *mode = NULL;
    char msg[BB_ERRMSG_SIZE], ci[128];

    (void)state;
    clean_env();
    for (size_t i = 0; i < sizeof weak / sizeof *weak; i++) {
        snprintf(ci, sizeof ci, "host=db.example.org sslmode=%s", weak[i]);
        assert_int_equal(plan(ci, false, &mode, msg), BB_EDENIED);
        assert_non_null(strstr(msg, "needs sslmode=verify-full"));
        assert_non_null(strstr(msg, "db.example.org"));
        assert_int_equal(plan(ci, true, &mode, msg), BB_OK);
        assert_null(mode); /* the explicit mode stays */
    }
    assert_int_equal(plan("host=db.example.org sslmode=verify-full", false, &mode, msg), BB_OK);
    assert_null(mode);
    setenv("PGSSLMODE", "require", 1);
    assert_int_equal(plan("host=db.example.org", false, &mode, msg), BB_EDENIED);
    clean_env();
    assert_int_equal(plan("host=localhost sslmode=disable", false, &mode, msg), BB_OK);
}

static void allowance_by_option_or_environment(void **state)
{
    (void)state;
    clean_env();
    assert_false(bb_tls__allowed_insecure(0));
    assert_true(bb_tls__allowed_insecure(1));
    setenv("BB_ALLOW_INSECURE_TLS", "1", 1);
    assert_true(bb_tls__allowed_insecure(0));
    setenv("BB_ALLOW_INSECURE_TLS", "yes", 1);
    assert_false(bb_tls__allowed_insecure(0));
    clean_env();
}

static void malformed_connection_string(void **state)
{
    const char *mode = NULL;
    char msg[BB_ERRMSG_SIZE];

    (void)state;
    assert_int_equal(plan("host=db.example.org sslmode", false, &mode, msg), BB_EINVAL);
    assert_non_null(strstr(msg, "connection string:"));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_hosts),
        cmocka_unit_test(remote_without_sslmode_gets_verify_full),
        cmocka_unit_test(weaker_sslmode_is_refused_unless_allowed),
        cmocka_unit_test(allowance_by_option_or_environment),
        cmocka_unit_test(malformed_connection_string),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
