/* Reading case rows, shared by case.c and case-update.c. Not public. */
#ifndef BB_CASE_ROW_H
#define BB_CASE_ROW_H

#include "bb/case.h"
#include "fields/fields.h"

/* The columns bb_case__from_row() reads, in its order, from bb_case AS c. Dates go through
 * to_char so that the server's DateStyle cannot change what we parse. */
#define BB_CASE_COLS                                                                               \
    "c.id, c.year, c.seq, to_char(c.reported_on, 'YYYY-MM-DD'), c.source,"                         \
    " c.conflict_types::text, coalesce(c.area, ''), c.status, coalesce(c.outcome, ''),"            \
    " coalesce(to_char(c.closed_on, 'YYYY-MM-DD'), ''),"                                           \
    " coalesce(to_char(c.reported_back_on, 'YYYY-MM-DD'), ''),"                                    \
    " coalesce(c.intake_suitable::int, -1), c.version,"                                            \
    " to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                 \
    " to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                 \
    " coalesce(c.intake_reason, ''), coalesce(to_char(c.intake_on, 'YYYY-MM-DD'), ''),"            \
    " coalesce((SELECT number FROM volunteer WHERE id = c.volunteer1_id), 0),"                     \
    " coalesce((SELECT number FROM volunteer WHERE id = c.volunteer2_id), 0),"                     \
    " c.data_key_id IS NULL"

/* Fills c from row r of res, whose first columns are BB_CASE_COLS starting at column col. */
void bb_case__from_row(const PGresult *res, int r, int col, bb_case *c);

/* Copies row r (BB_CASE_COLS at column 0) into a new case for *out; BB_ENOMEM if none. */
int bb_case__new_from_row(bb_ctx *ctx, const PGresult *res, int r, bb_case **out);

/* Locks the organisation's case `number` (FOR UPDATE) and reads it into *out; BB_EINVAL for
 * a malformed number, BB_ENOTFOUND when there is none. */
int bb_case__lock(bb_ctx *ctx, const char *org, const char *number, bb_case *out);

/* The optimistic-locking check of a change: BB_OK when c is at expected, else the
 * BB_ECONFLICT message naming what changed since. */
int bb_case__check_version(bb_ctx *ctx, const bb_case *c, long long expected);

/* Stores note (NULL: none) as the note of the newest event of case c, under its data key. */
int bb_case__note_last_event(bb_ctx *ctx, const bb_case *c, const char *note);

/* Looks up the case with this number for a write: its id, status and report date, its row
 * locked when lock. BB_ENOTFOUND when the organisation has no such case. */
typedef struct bb_case_ref {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    char status[BB_KEY_SIZE];
    char reported_on[BB_DATE_SIZE];
    long long version;
} bb_case_ref;
int bb_case__lookup(bb_ctx *ctx, const char *org, const char *number, bool lock, bb_case_ref *out);

/* Whether moving from status from to status to begins the intake (to is past intake, from is
 * not): asks the database's bb_case_past_intake, the one definition (cases/workflow.c). */
int bb_case__begins_intake(bb_ctx *ctx, const char *from, const char *to, bool *begins);

/* BB_OK when case case_id (number: its number, for the message) has a melder; BB_EINVAL
 * saying so otherwise. */
int bb_case__melder_check(bb_ctx *ctx, const char *case_id, const char *number);

#endif
