/* Restoring a backup into the embedded database, under its data directory's lock: into a
 * database of its own first, so a failure leaves "bb" as it was. */
#include "bb/cluster.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "cluster/cluster.h"
#include "db/backup.h"
#include "db/db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESTORE_DB "bb_restore"

/* DROP ... IF EXISTS says when there was nothing to drop: not for the user. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_to(const char *data_dir, const char *dbname, char *err, size_t len)
{
    char *ci = bb_cluster_conninfo(data_dir, dbname);
    PGconn *conn = ci ? PQconnectdb(ci) : NULL;

    free(ci);
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        snprintf(err, len, _("cannot connect to the embedded server: %s"),
                 conn ? PQerrorMessage(conn) : _("out of memory"));
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, quiet, NULL);
    return conn;
}

/* Runs a fixed statement; *value (may be NULL) gets the first row's first column. */
static int run_sql(PGconn *conn, const char *sql, char **value, char *err, size_t len)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = BB_OK;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        snprintf(err, len, "%s", PQerrorMessage(conn));
        err[strcspn(err, "\n")] = '\0';
        rc = BB_EDB;
    } else if (value != NULL) {
        *value =
            PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? strdup(PQgetvalue(res, 0, 0)) : NULL;
    }
    PQclear(res);
    return rc;
}

/* Empty: no organisation and no audit record (a new database has neither). A database
 * without bb's tables (one that is not bb's) counts as empty only when it has no table. */
static int check_empty(const char *data_dir, const char *file, char *err, size_t len)
{
    PGconn *conn = connect_to(data_dir, BB_CLUSTER_DB, err, len);
    char *bb_tables = NULL, *used = NULL;
    int rc = conn ? BB_OK : BB_ECONN;

    if (rc == BB_OK)
        rc = run_sql(conn,
                     "SELECT to_regclass('public.organisation') IS NOT NULL"
                     " AND to_regclass('public.audit_log') IS NOT NULL",
                     &bb_tables, err, len);
    if (rc == BB_OK && bb_tables != NULL && strcmp(bb_tables, "t") == 0)
        rc = run_sql(conn,
                     "SELECT EXISTS (SELECT FROM public.organisation)"
                     " OR EXISTS (SELECT FROM public.audit_log)",
                     &used, err, len);
    else if (rc == BB_OK)
        rc = run_sql(conn, "SELECT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public')",
                     &used, err, len);
    if (rc == BB_OK && used != NULL && strcmp(used, "t") == 0) {
        snprintf(err, len,
                 _("the embedded database is not empty (it holds an organisation or audit "
                   "records): %s is restored only into a new one; nothing was changed (use "
                   "another data directory, --data-dir or BB_DATA_DIR)"),
                 file);
        rc = BB_ECONFLICT;
    }
    free(bb_tables);
    free(used);
    PQfinish(conn);
    return rc;
}

/* The restored database takes the place of "bb", which is empty (checked) and must have no
 * other session: DROP DATABASE refuses one. */
static int swap_in(PGconn *admin, const char *file, char *err, size_t len)
{
    char why[512];

    if (run_sql(admin, "DROP DATABASE IF EXISTS " BB_CLUSTER_DB, NULL, why, sizeof why) != BB_OK ||
        run_sql(admin, "ALTER DATABASE " RESTORE_DB " RENAME TO " BB_CLUSTER_DB, NULL, why,
                sizeof why) != BB_OK) {
        snprintf(err, len,
                 _("%s was restored, but cannot take the place of the empty database: %s "
                   "(close bbtui and other bbctl commands, then try again)"),
                 file, why);
        return BB_EDB;
    }
    return BB_OK;
}

/* The login roles of the restored users that this server lacks (they belong to the server,
 * not to the database, so a backup has none). */
static int missing_roles(const char *data_dir, char **out, char *err, size_t len)
{
    PGconn *conn = connect_to(data_dir, BB_CLUSTER_DB, err, len);
    int rc = conn ? BB_OK : BB_ECONN;

    if (rc == BB_OK)
        rc = run_sql(conn,
                     "SELECT string_agg(u.db_role, ', ' ORDER BY u.db_role) FROM public.bb_user u"
                     " WHERE u.db_role IS NOT NULL AND u.status <> 'revoked'"
                     " AND NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = u.db_role)",
                     out, err, len);
    PQfinish(conn);
    return rc;
}

int bb_db__restore_locked(const char *data_dir, void *arg, char *err, size_t len)
{
    bb_restore_job *job = arg;
    char *ci = bb_cluster_conninfo(data_dir, RESTORE_DB), why[768];
    PGconn *admin = NULL;
    int rc;

    /* A new cluster gets database "bb" and bb's roles first: the archive's objects name them. */
    if ((rc = bb_db__embedded_ensure(data_dir, NULL, err, len)) != BB_OK ||
        (rc = check_empty(data_dir, job->file, err, len)) != BB_OK)
        goto done;
    if ((admin = connect_to(data_dir, "postgres", err, len)) == NULL || ci == NULL) {
        rc = ci ? BB_ECONN : BB_ENOMEM;
        goto done;
    }
    if ((rc = run_sql(admin, "DROP DATABASE IF EXISTS " RESTORE_DB, NULL, why, sizeof why)) ||
        (rc = run_sql(admin, "CREATE DATABASE " RESTORE_DB " TEMPLATE template0", NULL, why,
                      sizeof why))) {
        snprintf(err, len, _("cannot make a database to restore %s into: %s"), job->file, why);
        goto done;
    }
    if ((rc = bb_db__run_restore(job->file, ci, why, sizeof why)) != BB_OK) {
        snprintf(err, len, _("cannot restore %s: %s; the embedded database is unchanged"),
                 job->file, why);
        goto drop;
    }
    if ((rc = swap_in(admin, job->file, err, len)) != BB_OK)
        goto drop;
    rc = missing_roles(data_dir, &job->missing_roles, err, len);
    goto done;
drop:
    run_sql(admin, "DROP DATABASE IF EXISTS " RESTORE_DB, NULL, why, sizeof why);
done:
    PQfinish(admin);
    free(ci);
    return rc;
}
