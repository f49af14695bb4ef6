/* Helpers of the registry's database tests: a fresh database with one organisation and a
 * handle on it, quick creates, a fingerprint of every registry table, and raw SQL. */
#ifndef BB_REGTEST_H
#define BB_REGTEST_H

#include "dbtest.h"

typedef struct regt {
    char *ci;    /* connection string of the test's database */
    bb_ctx *ctx; /* handle with the organisation chosen */
    char *org_id;
} regt;

/* A new database with organisation "Welzijn Oost" (and area "Noord": 1000-1099). */
regt *regt_new(void);
void regt_free(regt *t);

/* Creates a case (types comma-separated) and returns it; fails the test on error. */
bb_case *regt_case(regt *t, const char *reported, const char *source, const char *types);

/* Moves c (updated in place) to status; fails the test on error. */
void regt_move(regt *t, bb_case **c, const char *status);

/* md5 over every row of every registry table: equal before and after = nothing written. */
char *regt_fingerprint(regt *t);

/* Runs sql on a plain connection; returns the SQLSTATE of its error (free()), or NULL when it
 * succeeded. */
char *regt_sql_error(const char *ci, const char *sql);

/* Asserts that the handle's message contains every given string (NULL-terminated). */
void regt_msg_has(bb_ctx *ctx, ...);
#define MSG_HAS(ctx, ...) regt_msg_has(ctx, __VA_ARGS__, (const char *)NULL)

/* Today as YYYY-MM-DD, and the current year's case number with sequence seq. */
void regt_today(char out[11]);
void regt_number(char out[24], int seq);

#endif
