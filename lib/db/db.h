/* Talking to PostgreSQL: parameterised queries, error mapping, transactions with retry,
 * reconnecting after a lost connection. Every SQL value goes through parameters. */
#ifndef BB_DB_H
#define BB_DB_H

#include "base/handle.h"

#include <stddef.h>
#include <stdint.h>

/* Makes sure the handle has a working connection, reconnecting (and, for the embedded
 * cluster, starting the server) when it was lost. BB_ECONN on failure. */
int bb_db__ready(bb_ctx *ctx);

/* Runs sql with n text parameters (NULL entries are SQL NULL). On success *out (may be NULL
 * when the caller wants no rows) gets the result, which the caller frees with PQclear().
 * On error nothing is returned and the handle holds the message; the status maps SQLSTATE:
 * 23505 BB_EEXISTS, 40001/40P01 BB_EBUSY, 42501 BB_EDENIED, 22xxx/23xxx BB_EINVAL,
 * lost connection BB_ECONN, anything else BB_EDB. */
int bb_db__exec(bb_ctx *ctx, PGresult **out, const char *sql, int n, const char *const *params);

/* bb_db__exec with per-parameter lengths and formats (1 = binary, for bytea values); lengths
 * and formats may be NULL for all-text parameters. */
int bb_db__exec_bin(bb_ctx *ctx, PGresult **out, const char *sql, int n,
                    const char *const *params, const int *lengths, const int *formats);

/* Copies a bytea value of a text-format result into a new buffer (free()). */
int bb_db__bytea(bb_ctx *ctx, const PGresult *res, int row, int col, uint8_t **out, size_t *len);

/* Runs a statement that returns no rows. */
int bb_db__cmd(bb_ctx *ctx, const char *sql, int n, const char *const *params);

/* Body of a transaction: returns BB_OK to commit, anything else to roll back. */
typedef int (*bb_txn_fn)(bb_ctx *ctx, void *arg);

/* Runs fn inside BEGIN ... COMMIT at the given isolation ("READ COMMITTED", "SERIALIZABLE").
 * A serialization failure or deadlock (in fn or at COMMIT) rolls back and runs fn again, up
 * to the handle's retry limit, then returns BB_EBUSY. Any other failure rolls back and is
 * returned as is. A lost connection is never retried here (the COMMIT may have happened);
 * creates carry client UUIDs so the caller's retry is safe. Inside a transaction that is
 * already open (a public function called from another's transaction body) fn runs under a
 * savepoint instead: its failure undoes its own part and is returned to the outer body. */
int bb_db__txn(bb_ctx *ctx, const char *isolation, bb_txn_fn fn, void *arg);

/* Maps a SQLSTATE to a status code (exposed for tests). */
int bb_db__status_for_sqlstate(const char *sqlstate);

/* Tells the database who acts and from which program (session settings read by the audit
 * triggers); again after every (re)connect (db/session.c). */
int bb_db__apply_session(bb_ctx *ctx);

/* Records the user who acts and the proof of their keys (len bytes; NULLs: nobody, after
 * locking), and tells the database. */
int bb_db__set_acting(bb_ctx *ctx, const char *user_id, const uint8_t *proof, size_t len);

/* Runs a trusted multi-statement script (compiled-in migrations only; never user data). */
int bb_db__script(bb_ctx *ctx, const char *sql);

/* A bb_cluster__ready_fn: creates database "bb" of the embedded cluster if missing and brings
 * a database without bb's tables to the current schema (which makes bb's roles). An existing
 * schema is left alone: upgrades are `bbctl db migrate`'s decision. arg is unused. */
int bb_db__embedded_ensure(const char *data_dir, void *arg, char *err, size_t len);

#endif
