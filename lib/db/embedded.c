/* The embedded database: the server (cluster/) plus database "bb" at the current schema. */
#include "bb/cluster.h"
#include "bb/ctx.h"
#include "bb/error.h"
#include "bb/schema.h"
#include "base/i18n.h"
#include "cluster/cluster.h"
#include "db/db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

int bb_db__embedded_ensure(const char *data_dir, void *arg, char *err, size_t len)
{
    char *admin = bb_cluster_conninfo(data_dir, "postgres");
    PGconn *conn = admin ? PQconnectdb(admin) : NULL;
    PGresult *res = NULL;
    bb_open_options opts = {0};
    bb_schema_info info;
    bb_ctx *ctx = NULL;
    int rc = BB_ECONN;

    (void)arg;
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        snprintf(err, len, _("cannot connect to the embedded server: %s"),
                 conn ? PQerrorMessage(conn) : _("out of memory"));
        goto done;
    }
    res = PQexec(conn, "SELECT 1 FROM pg_database WHERE datname = '" BB_CLUSTER_DB "'");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 0) {
        PQclear(res);
        res = PQexec(conn, "CREATE DATABASE " BB_CLUSTER_DB);
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
        snprintf(err, len, _("cannot create the database: %s"), PQerrorMessage(conn));
        goto done;
    }
    free(admin);
    admin = bb_cluster_conninfo(data_dir, BB_CLUSTER_DB);
    opts.conninfo = admin;
    if (admin == NULL || (rc = bb_open(&ctx, &opts)) != BB_OK)
        goto ctx_error;
    if ((rc = bb_schema_info_get(ctx, &info)) == BB_OK && info.applied == 0)
        rc = bb_schema_migrate(ctx, NULL);
ctx_error:
    if (rc != BB_OK)
        snprintf(err, len, "%s", ctx ? bb_errmsg(ctx) : bb_strerror(rc));
done:
    bb_close(ctx);
    PQclear(res);
    PQfinish(conn);
    free(admin);
    return rc;
}

int bb_cluster_start(const char *data_dir, char *errbuf, size_t errlen)
{
    return bb_cluster__run(data_dir, bb_db__embedded_ensure, NULL, errbuf, errlen);
}
