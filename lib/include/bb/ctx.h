/* The libbb handle: one connection to the database, its last error and its log callback. */
#ifndef BB_CTX_H
#define BB_CTX_H

#include "bb/common.h"

typedef struct bb_ctx bb_ctx;

enum bb_log_level { BB_LOG_DEBUG, BB_LOG_INFO, BB_LOG_WARNING, BB_LOG_ERROR };

/* Receives libbb's log lines; libbb never prints. msg is borrowed for the call only. */
typedef void (*bb_log_fn)(void *data, enum bb_log_level level, const char *msg);

/* How to reach the database. All fields may be NULL/0. */
typedef struct bb_open_options {
    /* libpq connection string or URI; NULL: BB_DATABASE_URL, then libpq's PGSERVICE/PGHOST,
     * then the embedded cluster in the data directory. */
    const char *conninfo;
    /* Data directory of the embedded cluster; NULL: BB_DATA_DIR or the default
     * (see bb_cluster_default_dir()). */
    const char *data_dir;
    bb_log_fn log;
    void *log_data;
    /* 1: allow an explicit sslmode weaker than verify-full to a server that is not local
     * (also BB_ALLOW_INSECURE_TLS=1); it is logged as a warning. Without an sslmode such a
     * connection gets verify-full (docs/admin.md, "TLS"). */
    int allow_insecure_tls;
} bb_open_options;

/* Opens a handle and connects. With no connection configured, the embedded cluster is created
 * and started on demand. On success *out is a new handle (free with bb_close). On error *out
 * still gets a handle when memory allowed, so bb_errmsg() can say why; close it too. */
BB_API int bb_open(bb_ctx **out, const bb_open_options *opts);

/* Closes the connection and frees the handle. NULL-safe. */
BB_API void bb_close(bb_ctx *ctx);

/* Detailed message of the last failure on this handle ("" if none); borrowed until the next
 * call on the handle. Includes the SQLSTATE where the database gave one. */
BB_API const char *bb_errmsg(const bb_ctx *ctx);

/* The field key the last failure's message is about ("postcode", "melder.name"; "" when it
 * names none); borrowed. The message itself names the field in the user's language. */
BB_API const char *bb_errfield(const bb_ctx *ctx);

/* SQLSTATE of the last database error on this handle ("" if none); borrowed. */
BB_API const char *bb_sqlstate(const bb_ctx *ctx);

/* 1 if this handle uses the embedded cluster, 0 otherwise. */
BB_API int bb_is_embedded(const bb_ctx *ctx);

/* Data directory of the embedded cluster this handle uses, or NULL; borrowed. */
BB_API const char *bb_data_dir(const bb_ctx *ctx);

/* Checks the connection with a round trip, reconnecting first if it was lost.
 * Returns BB_OK, or BB_ECONN with the reason in bb_errmsg(). */
BB_API int bb_ping(bb_ctx *ctx);

/* Version of the connected server, such as "15.18"; borrowed, NULL when not connected. */
BB_API const char *bb_server_version(bb_ctx *ctx);

/* Sets how often a transaction that failed on a serialization failure or deadlock is run again
 * before BB_EBUSY is returned (default 5). */
BB_API void bb_set_max_retries(bb_ctx *ctx, int retries);

/* Names the program in audit records ("bbctl", "bbtui"); default "libbb". */
BB_API void bb_set_program(bb_ctx *ctx, const char *program);

#endif
