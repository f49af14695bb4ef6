/* Helpers of the registry's database tests: a fresh database with one organisation and an
 * unlocked handle on it, quick creates, a fingerprint of every registry table, and raw SQL. */
#ifndef BB_REGTEST_H
#define BB_REGTEST_H

#include "dbtest.h"

/* The first user of the test organisation and their passphrase. */
#define REGT_LOGIN "coordinator"
#define REGT_PASS  "correct horse battery staple"

typedef struct regt {
    char *ci;    /* connection string of the test's database */
    bb_ctx *ctx; /* handle unlocked as REGT_LOGIN, with the organisation chosen */
    char *org_id;
} regt;

/* A new database with organisation "Welzijn Oost" made by bb_init (its keys, and REGT_LOGIN as
 * administrator and coordinator), and area "Noord": 1000-1099. Its Argon2id is the tests'
 * cheap one (dbt_require_server). Pins go to a private file of the process. */
regt *regt_new(void);
void regt_free(regt *t);

/* Creates a case (types comma-separated) with a melder (so it may go to the intake) and
 * returns it; fails the test on error. */
bb_case *regt_case(regt *t, const char *reported, const char *source, const char *types);

/* regt_case without the melder. */
bb_case *regt_case_bare(regt *t, const char *reported, const char *source, const char *types);

/* Adds a party to case number with role, name and optionally an address (postcode and house
 * number, either may be NULL) and phone; returns its number in the case. */
int regt_party(regt *t, const char *number, const char *role, const char *name,
               const char *postcode, const char *house_number, const char *phone);

/* Dates for the pipeline's steps before a later start status (bb_volunteer_new.steps), all
 * in 2020, and how many a start status needs (0 for NULL or aangemeld). */
extern const char *const regt_steps[4];
size_t regt_n_steps(const char *status);

/* Adds a volunteer (name, postcode, house number or NULL, status or NULL, capacity or -1),
 * a later status with regt_steps before it; fails the test on error. */
bb_volunteer *regt_volunteer(regt *t, const char *name, const char *postcode,
                             const char *house_number, const char *status, int capacity);

/* In a forked child: a new handle of its own connection on t's database, with the unlocked
 * keys the child inherited from t->ctx (so it needs no Argon2id run of its own). */
bb_ctx *regt_child_handle(regt *t);

/* Moves c (updated in place) to status; fails the test on error. */
void regt_move(regt *t, bb_case **c, const char *status);

/* md5 over every row of every registry table: equal before and after = nothing written. */
char *regt_fingerprint(regt *t);

/* Runs sql as dbt_connect_owner does; returns the SQLSTATE of its error (free()), or NULL when it
 * succeeded. */
char *regt_sql_error(const char *ci, const char *sql);

/* The same with another field of the error (PG_DIAG_MESSAGE_PRIMARY, ...). */
char *regt_sql_error_field(const char *ci, const char *sql, int field);

/* Asserts that the handle's message contains every given string (NULL-terminated). */
void regt_msg_has(bb_ctx *ctx, ...);
#define MSG_HAS(ctx, ...) regt_msg_has(ctx, __VA_ARGS__, (const char *)NULL)

/* Today as YYYY-MM-DD, and the current year's case number with sequence seq. */
void regt_today(char out[11]);
void regt_number(char out[24], int seq);

#endif
