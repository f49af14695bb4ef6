/* The embedded cluster's lifecycle: create and start, status, stop, crash, stale pid file,
 * two processes starting it at once, directories it cannot use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbtest.h"

static int setup(void **state)
{
    *state = dbt_tempdir("cluster");
    return 0;
}

static int teardown(void **state)
{
    dbt_remove_cluster(*state);
    free(*state);
    return 0;
}

static void start_ok(const char *dir)
{
    char err[1024];
    int rc = bb_cluster_start(dir, err, sizeof err);
    if (rc != BB_OK)
        fail_msg("bb_cluster_start: %s", err);
}

static bb_cluster_status status_of(const char *dir)
{
    bb_cluster_status st;
    char err[512];
    assert_int_equal(bb_cluster_status_get(dir, &st, err, sizeof err), BB_OK);
    return st;
}

static char *query_cluster(const char *dir, const char *sql)
{
    char *ci = bb_cluster_conninfo(dir, "bb");
    char *v = dbt_query(ci, sql);
    free(ci);
    return v;
}

static void start_status_stop(void **state)
{
    const char *dir = *state;
    bb_cluster_status st = status_of(dir);
    char err[512], *v, want[16];
    pid_t pid;

    assert_false(st.initialised);
    assert_false(st.running);
    bb_cluster_status_clear(&st);

    start_ok(dir);
    st = status_of(dir);
    assert_true(st.initialised);
    assert_true(st.running);
    assert_true(st.pid > 0);
    assert_non_null(strstr(st.socket_dir, dir));
    pid = st.pid;
    bb_cluster_status_clear(&st);

    /* A new cluster is at the current schema. */
    v = query_cluster(dir, "SELECT max(version) FROM bb_schema_migration");
    snprintf(want, sizeof want, "%d", bb_schema_known_count());
    assert_string_equal(v, want);
    free(v);
    /* No TCP port: the server listens on the socket only. */
    v = query_cluster(dir, "SHOW listen_addresses");
    assert_string_equal(v, "");
    free(v);

    start_ok(dir); /* already running: same server */
    st = status_of(dir);
    assert_int_equal(st.pid, pid);
    bb_cluster_status_clear(&st);

    assert_int_equal(bb_cluster_stop(dir, err, sizeof err), BB_OK);
    st = status_of(dir);
    assert_true(st.initialised);
    assert_false(st.running);
    bb_cluster_status_clear(&st);
    assert_int_equal(bb_cluster_stop(dir, err, sizeof err), BB_OK); /* stopping twice is fine */
}

static void recovers_after_a_crash(void **state)
{
    const char *dir = *state;
    bb_cluster_status st;
    char *v;

    start_ok(dir);
    free(query_cluster(dir, "INSERT INTO organisation (name) VALUES ('kept across a crash')"));
    st = status_of(dir);
    assert_int_equal(kill(-st.pid, SIGKILL), 0); /* the server and all its backends */
    bb_cluster_status_clear(&st);

    start_ok(dir);
    st = status_of(dir);
    assert_true(st.running);
    bb_cluster_status_clear(&st);
    v = query_cluster(dir, "SELECT name FROM organisation");
    assert_string_equal(v, "kept across a crash");
    free(v);
}

static void stale_pid_file_of_another_process_is_ignored(void **state)
{
    const char *dir = *state;
    char err[512], path[4096];
    pid_t other = fork();
    FILE *f;
    int status;

    assert_true(other >= 0);
    if (other == 0) {
        pause(); /* a live process that is not PostgreSQL */
        _exit(0);
    }
    start_ok(dir);
    assert_int_equal(bb_cluster_stop(dir, err, sizeof err), BB_OK);
    snprintf(path, sizeof path, "%s/pg/postmaster.pid", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%ld\n%s/pg\n1700000000\n5432\n%s/run\n\n  1234  5\nready\n", (long)other, dir,
            dir);
    fclose(f);

    start_ok(dir);
    bb_cluster_status st = status_of(dir);
    assert_true(st.running);
    assert_int_not_equal(st.pid, other);
    bb_cluster_status_clear(&st);
    assert_int_equal(kill(other, 0), 0); /* and it left the other process alone */
    kill(other, SIGTERM);
    waitpid(other, &status, 0);
}

static int count_in_log(const char *dir, const char *needle)
{
    char path[4096], line[1024];
    FILE *f;
    int n = 0;

    snprintf(path, sizeof path, "%s/log/postgresql.log", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL)
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

static void two_processes_starting_at_once_start_one_server(void **state)
{
    const char *dir = *state;
    pid_t kids[2];
    int status;

    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            char err[1024];
            int rc = bb_cluster_start(dir, err, sizeof err);
            if (rc != BB_OK)
                fprintf(stderr, "child %d: %s\n", i, err);
            _exit(rc == BB_OK ? 0 : 1);
        }
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(count_in_log(dir, "database system is ready to accept connections"), 1);
    assert_int_equal(count_in_log(dir, "lock file"), 0);
}

static void too_long_a_path_is_refused_clearly(void **state)
{
    char dir[300], err[1024];

    snprintf(dir, sizeof dir, "%s/%0200d", (const char *)*state, 0);
    assert_int_equal(bb_cluster_start(dir, err, sizeof err), BB_ESETUP);
    assert_non_null(strstr(err, "too long"));
}

static void unreachable_directory_is_refused_clearly(void **state)
{
    char parent[4096], dir[4200], err[1024];

    if (geteuid() != 0)
        skip(); /* only root runs the server as another account */
    snprintf(parent, sizeof parent, "%s/closed", (const char *)*state);
    assert_int_equal(mkdir(parent, 0700), 0);
    snprintf(dir, sizeof dir, "%s/data", parent);
    assert_int_equal(bb_cluster_start(dir, err, sizeof err), BB_ESETUP);
    assert_non_null(strstr(err, "cannot reach"));
    assert_non_null(strstr(err, parent));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(start_status_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(recovers_after_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_pid_file_of_another_process_is_ignored, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(two_processes_starting_at_once_start_one_server, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(too_long_a_path_is_refused_clearly, setup, teardown),
        cmocka_unit_test_setup_teardown(unreachable_directory_is_refused_clearly, setup,
                                        teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
