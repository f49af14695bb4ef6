#include "db/db.h"
#include "bb/cluster.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "db/tls.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int bb_db__status_for_sqlstate(const char *s)
{
    if (s == NULL || strlen(s) != 5)
        return BB_EDB;
    if (strcmp(s, "23505") == 0)
        return BB_EEXISTS;
    if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0)
        return BB_EBUSY;
    if (strcmp(s, "42501") == 0 || strncmp(s, "BBA", 3) == 0)
        return BB_EDENIED; /* BBA..: who acts (schema/functions/acts.sql) */
    if (strncmp(s, "08", 2) == 0 || strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 ||
        strcmp(s, "57P03") == 0)
        return BB_ECONN;
    if (strncmp(s, "22", 2) == 0 || strncmp(s, "23", 2) == 0)
        return BB_EINVAL;
    return BB_EDB;
}

/* libpq's messages end in a newline; the handle's message is one line. */
static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = '\0';
}

static int lost_connection(bb_ctx *ctx)
{
    int rc = bb_ctx__fail(ctx, BB_ECONN, _("the connection to the database was lost: %s"),
                          PQerrorMessage(ctx->conn));
    chomp(ctx->errmsg);
    bb_ctx__log(ctx, BB_LOG_WARNING, "%s", ctx->errmsg);
    return rc;
}

static void notice_to_log(void *arg, const char *message)
{
    bb_ctx__log(arg, BB_LOG_DEBUG, "%s", message);
}

static int connect_now(bb_ctx *ctx)
{
    if (ctx->data_dir != NULL) {
        char err[512];
        int rc = bb_cluster_start(ctx->data_dir, err, sizeof err);
        if (rc != BB_OK)
            return bb_ctx__fail(ctx, BB_ECONN, _("embedded database: %s"), err);
    }
    if (ctx->conn == NULL) {
        /* Later entries override earlier ones: the keepalive defaults come first, so the
         * string may set its own; an sslmode after it only where it gave none (tls.c). The
         * defaults notice a dead network within about 30 seconds on a TCP connection (idle:
         * 10 + 4 * 5 s of probes; sending: tcp_user_timeout) instead of hanging a screen for
         * the system's two hours, and give up connecting to a host that does not answer
         * after 10 s (per host of a list); a Unix socket ignores them. */
        const char *const keys[] = {"keepalives",       "keepalives_idle",  "keepalives_interval",
                                    "keepalives_count", "tcp_user_timeout", "connect_timeout",
                                    "dbname",           "sslmode",          NULL};
        const char *const values[] = {
            "1", "10", "5", "4", "30000", "10", ctx->conninfo, ctx->tls_default, NULL};
        ctx->conn = PQconnectdbParams(keys, values, 1);
    } else
        PQreset(ctx->conn);
    if (ctx->conn == NULL)
        return bb_ctx__fail(ctx, BB_ENOMEM, _("out of memory while connecting"));
    if (PQstatus(ctx->conn) != CONNECTION_OK) {
        int rc = bb_ctx__fail(ctx, BB_ECONN, _("cannot connect to the database: %s"),
                              PQerrorMessage(ctx->conn));
        chomp(ctx->errmsg);
        return rc;
    }
    if (ctx->data_dir == NULL) {
        int rc = bb_tls__check(ctx, ctx->conn, ctx->allow_insecure_tls);
        if (rc != BB_OK) {
            PQfinish(ctx->conn);
            ctx->conn = NULL;
            return rc;
        }
    }
    /* libpq prints notices to stderr by default; libbb never prints. */
    PQsetNoticeProcessor(ctx->conn, notice_to_log, ctx);
    /* Identify ourselves in pg_stat_activity; ignore failure, it is cosmetic. */
    PQclear(PQexec(ctx->conn, "SET application_name = 'bb'"));
    /* Who acts, for the audit triggers: again after every reconnect. */
    return bb_db__apply_session(ctx);
}

int bb_db__ready(bb_ctx *ctx)
{
    if (ctx->conn != NULL && PQstatus(ctx->conn) == CONNECTION_OK)
        return BB_OK;
    if (ctx->conn != NULL)
        bb_ctx__log(ctx, BB_LOG_INFO, "%s", _("reconnecting to the database"));
    return connect_now(ctx);
}

static int result_error(bb_ctx *ctx, PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    int status;

    if (PQstatus(ctx->conn) != CONNECTION_OK)
        return lost_connection(ctx);
    status = bb_db__status_for_sqlstate(state);
    if (primary == NULL)
        primary = PQresultErrorMessage(res);
    if (state != NULL && strcmp(state, "BBA01") == 0) { /* said in the user's words */
        primary = _("nobody acts: a change needs a user of this organisation who has unlocked "
                    "with their passphrase");
        detail = NULL;
    } else if (state != NULL && strcmp(state, "BBA02") == 0) {
        primary = _("the user who acts is not of this organisation: nothing was changed");
        detail = NULL;
    }
    bb_ctx__fail(ctx, status, "%s%s%s (SQLSTATE %s)", primary, detail ? ": " : "",
                 detail ? detail : "", state ? state : "?????");
    chomp(ctx->errmsg);
    if (state != NULL)
        snprintf(ctx->sqlstate, sizeof ctx->sqlstate, "%s", state);
    return status;
}

int bb_db__exec(bb_ctx *ctx, PGresult **out, const char *sql, int n, const char *const *params)
{
    return bb_db__exec_bin(ctx, out, sql, n, params, NULL, NULL);
}

int bb_db__exec_bin(bb_ctx *ctx, PGresult **out, const char *sql, int n, const char *const *params,
                    const int *lengths, const int *formats)
{
    PGresult *res = NULL;
    int rc = bb_db__ready(ctx);
    ExecStatusType st;

    if (out != NULL)
        *out = NULL;
    if (rc != BB_OK)
        goto done;
    res = PQexecParams(ctx->conn, sql, n, NULL, params, lengths, formats, 0);
    if (res == NULL) {
        rc = PQstatus(ctx->conn) != CONNECTION_OK
                 ? lost_connection(ctx)
                 : bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
        goto done;
    }
    st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        rc = result_error(ctx, res);
        goto done;
    }
    if (out != NULL) {
        *out = res;
        res = NULL;
    }
done:
    PQclear(res);
    return rc;
}

int bb_db__cmd(bb_ctx *ctx, const char *sql, int n, const char *const *params)
{
    return bb_db__exec(ctx, NULL, sql, n, params);
}

/* Waits a little longer after each failed attempt, with jitter, so two clients that keep
 * colliding drift apart. */
static void backoff(int attempt)
{
    long ms = (5L << (attempt < 6 ? attempt : 6)) + (rand() % 10);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void rollback(bb_ctx *ctx)
{
    if (ctx->conn != NULL && PQstatus(ctx->conn) == CONNECTION_OK)
        PQclear(PQexec(ctx->conn, "ROLLBACK"));
}

/* fn inside a transaction that is already open: a savepoint, so a failure undoes fn's part
 * only and the caller's transaction decides (and retries) the whole. */
static int nested_txn(bb_ctx *ctx, bb_txn_fn fn, void *arg)
{
    int rc = bb_db__cmd(ctx, "SAVEPOINT bb_nested", 0, NULL);

    if (rc == BB_OK)
        rc = fn(ctx, arg);
    if (rc == BB_OK)
        return bb_db__cmd(ctx, "RELEASE SAVEPOINT bb_nested", 0, NULL);
    if (ctx->conn != NULL && PQstatus(ctx->conn) == CONNECTION_OK)
        PQclear(PQexec(ctx->conn, "ROLLBACK TO SAVEPOINT bb_nested"));
    return rc;
}

int bb_db__txn(bb_ctx *ctx, const char *isolation, bb_txn_fn fn, void *arg)
{
    char begin[64];
    int rc = BB_OK;

    if (ctx->conn != NULL && PQtransactionStatus(ctx->conn) != PQTRANS_IDLE &&
        PQtransactionStatus(ctx->conn) != PQTRANS_UNKNOWN)
        return nested_txn(ctx, fn, arg);
    snprintf(begin, sizeof begin, "BEGIN ISOLATION LEVEL %s", isolation);
    for (int attempt = 0; attempt <= ctx->max_retries; attempt++) {
        if (attempt > 0) {
            bb_ctx__log(ctx, BB_LOG_DEBUG, "retrying transaction (attempt %d)", attempt + 1);
            backoff(attempt);
        }
        rc = bb_db__cmd(ctx, begin, 0, NULL);
        if (rc != BB_OK)
            return rc;
        rc = fn(ctx, arg);
        if (rc == BB_OK)
            rc = bb_db__cmd(ctx, "COMMIT", 0, NULL);
        if (rc == BB_OK)
            return BB_OK;
        rollback(ctx);
        if (rc != BB_EBUSY)
            return rc;
    }
    return bb_ctx__fail(ctx, BB_EBUSY,
                        _("the transaction kept colliding with others; gave up after %d "
                          "attempts (last: %s)"),
                        ctx->max_retries + 1, ctx->sqlstate);
}

int bb_db__script(bb_ctx *ctx, const char *sql)
{
    PGresult *res;
    int rc = bb_db__ready(ctx);

    if (rc != BB_OK)
        return rc;
    res = PQexec(ctx->conn, sql);
    if (res == NULL)
        return lost_connection(ctx);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = result_error(ctx, res);
    PQclear(res);
    return rc;
}

int bb_db__bytea(bb_ctx *ctx, const PGresult *res, int row, int col, uint8_t **out, size_t *len)
{
    size_t n = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(res, row, col), &n);
    uint8_t *copy = raw ? malloc(n ? n : 1) : NULL;

    if (copy == NULL) {
        PQfreemem(raw);
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    }
    memcpy(copy, raw, n);
    PQfreemem(raw);
    *out = copy;
    *len = n;
    return BB_OK;
}
