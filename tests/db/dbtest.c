#include "dbtest.h"
#include "crypto/keys.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *env_or_die(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        fprintf(stderr, "%s is not set: run the database tests through scripts/test\n", name);
        exit(77);
    }
    return v;
}

void dbt_require_server(void)
{
    env_or_die("BB_TEST_PGHOST");
    env_or_die("BB_TEST_TEMPLATE");
    bb_keys__test_cheap_pwhash(BB_TEST_PWHASH_MIN);
}

static char *conninfo_for(const char *dbname)
{
    char *s = NULL;
    if (asprintf(&s, "host='%s' user='%s' dbname='%s'", env_or_die("BB_TEST_PGHOST"),
                 env_or_die("BB_TEST_PGUSER"), dbname) < 0)
        abort();
    return s;
}

static void admin_exec(const char *sql)
{
    char *ci = conninfo_for("postgres");
    PGconn *c = PQconnectdb(ci);
    PGresult *r = NULL;

    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot reach the test server: %s", PQerrorMessage(c));
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    free(ci);
}

char *dbt_create_db(int empty)
{
    static int counter;
    char name[64], sql[256];

    snprintf(name, sizeof name, "t_%ld_%d", (long)getpid(), ++counter);
    /* FILE_COPY copies the files: for a small template it costs the server a third of what
     * PostgreSQL 15's default, WAL_LOG, does. */
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", name,
             empty ? "template0" : env_or_die("BB_TEST_TEMPLATE"));
    admin_exec(sql);
    return conninfo_for(name);
}

void dbt_drop_db(char *conninfo)
{
    char sql[256];
    const char *db = strstr(conninfo, "dbname='");

    if (db != NULL) {
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)",
                 (int)strcspn(db + 8, "'"), db + 8);
        admin_exec(sql);
    }
    free(conninfo);
}

bb_ctx *dbt_open(const char *conninfo)
{
    bb_open_options opts = {.conninfo = conninfo};
    bb_ctx *ctx = NULL;
    int rc = bb_open(&ctx, &opts);

    if (rc != BB_OK)
        fail_msg("bb_open(%s): %s", conninfo, bb_errmsg(ctx));
    return ctx;
}

PGconn *dbt_connect_owner(const char *conninfo)
{
    const char *keys[] = {"dbname", "options", NULL};
    const char *values[] = {conninfo, "-c bb.act_as_owner=on", NULL};

    return PQconnectdbParams(keys, values, 1);
}

char *dbt_query(const char *conninfo, const char *sql)
{
    PGconn *c = dbt_connect_owner(conninfo);
    PGresult *r;
    char *v = NULL;

    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect: %s", PQerrorMessage(c));
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        v = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(c);
    return v;
}

char *dbt_tempdir(const char *tag)
{
    const char *root = getenv("BB_TEST_TMPDIR");
    char *path = NULL;

    if (asprintf(&path, "%s/%s.XXXXXX", root && *root ? root : "/tmp", tag) < 0)
        abort();
    if (mkdtemp(path) == NULL)
        fail_msg("mkdtemp %s failed", path);
    /* The server account must pass through it when we are root. */
    chmod(path, 0711);
    return path;
}

void dbt_remove_cluster(const char *data_dir)
{
    char err[512], *cmd = NULL;

    bb_cluster_stop(data_dir, err, sizeof err);
    if (asprintf(&cmd, "rm -rf '%s'", data_dir) >= 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", data_dir);
    free(cmd);
}
