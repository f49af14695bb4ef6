/* Helpers for database tests: a fresh database per test, cloned from the migrated template
 * that scripts/test (tests/harness/pg-server) prepared, and private temporary directories. */
#ifndef BB_DBTEST_H
#define BB_DBTEST_H

#include <bb.h>
#include <libpq-fe.h>

/* Exits 77 (meson's "skipped") with a message when no test server is configured. Then makes
 * every passphrase key of this process cheap (bb_keys__test_cheap_pwhash, which only the test
 * build has): a fixture's bb_init or unlock costs no Argon2id MODERATE run. A test that checks
 * the real parameters turns it off around what it checks. */
void dbt_require_server(void);

/* Creates a new database from the template (or empty, from template0, when empty != 0) and
 * returns its libpq connection string (free()). Aborts the test program on failure. */
char *dbt_create_db(int empty);

/* Drops a database made by dbt_create_db(); frees conninfo. */
void dbt_drop_db(char *conninfo);

/* Opens a bb handle on conninfo; fails the test when it cannot. */
bb_ctx *dbt_open(const char *conninfo);

/* Runs SQL on conninfo as dbt_connect_owner does and returns the first value of the first
 * row as a new string (free()), or NULL when no row; fails the test on an error. */
char *dbt_query(const char *conninfo, const char *sql);

/* A connection of its own, as a database administrator who changes rows by hand on purpose
 * (bb.act_as_owner, schema/functions/acts.sql): the tests' tamperer and fixture maker. */
PGconn *dbt_connect_owner(const char *conninfo);

/* A new private directory under the test run's temporary root, passable for the server
 * account when running as root. Returns a new string (free()). */
char *dbt_tempdir(const char *tag);

/* Stops any server in data_dir and removes the directory. */
void dbt_remove_cluster(const char *data_dir);

#endif
