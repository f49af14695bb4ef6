/* The handle's insides, shared by lib/ files. Not public. */
#ifndef BB_CTX_INTERNAL_H
#define BB_CTX_INTERNAL_H

#include "bb/ctx.h"
#include "base/field-names.h"
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdbool.h>

#define BB_ERRMSG_SIZE 1024

struct bb_keychain;

struct bb_ctx {
    PGconn *conn;
    char *conninfo;  /* resolved connection string ("" = libpq's environment) */
    char *data_dir;  /* embedded cluster's data directory, NULL for any other database */
    const char *tls_default; /* "verify-full" when libbb adds it (lib/tls.h), else NULL */
    bool allow_insecure_tls; /* a weaker sslmode to a remote server was allowed */
    int max_retries; /* serialization failure / deadlock retries per transaction */
    bb_log_fn log;
    void *log_data;
    struct bb_keychain *keys; /* NULL while locked (lib/keys) */
    /* Set by keys/ with keys: drops them, so that bb_close need not know keys/. */
    void (*forget_keys)(struct bb_ctx *ctx);
    char program[32]; /* for audit records: bbctl, bbtui, ... */
    /* Who acts, for the database (schema/functions/acts.sql): the unlocked user's id and the
     * proof of their keys in hex; "" while locked. Wiped by bb_lock and bb_close. */
    char act_user[37];
    char act_proof[65];
    char org_id[37]; /* current organisation (UUID text), "" when none chosen */
    char server_version[32];
    char sqlstate[6];
    char errmsg[BB_ERRMSG_SIZE];
    char errfield[BB_ERRFIELD_SIZE]; /* the field key errmsg is about, "" when none */
};

/* Sets the handle's message (printf-style) and returns status, so callers can
 * `return bb_ctx__fail(ctx, BB_EINVAL, ...)`. Clears the SQLSTATE. */
int bb_ctx__fail(bb_ctx *ctx, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears the handle's message and SQLSTATE before a new public call. */
void bb_ctx__clear(bb_ctx *ctx);

/* Sends a line to the log callback, if any. */
/* The current organisation's id, or BB_EINVAL on the handle when none is chosen. */
int bb_ctx__org(bb_ctx *ctx, const char **org_id);

void bb_ctx__log(bb_ctx *ctx, enum bb_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
