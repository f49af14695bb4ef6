/* Reading case rows, shared by case.c and case-update.c. Not public. */
#ifndef BB_CASE_ROW_H
#define BB_CASE_ROW_H

#include "bb/case.h"
#include "reg.h"

/* The columns bb_case__from_row() reads, in its order, from bb_case AS c. Dates go through
 * to_char so that the server's DateStyle cannot change what we parse. */
#define BB_CASE_COLS                                                                               \
    "c.id, c.year, c.seq, to_char(c.reported_on, 'YYYY-MM-DD'), c.source,"                         \
    " c.conflict_types::text, coalesce(c.area, ''), c.status, coalesce(c.outcome, ''),"            \
    " coalesce(to_char(c.closed_on, 'YYYY-MM-DD'), ''),"                                           \
    " coalesce(to_char(c.reported_back_on, 'YYYY-MM-DD'), ''),"                                    \
    " coalesce(c.intake_suitable::int, -1), c.version,"                                            \
    " to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                 \
    " to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Fills c from row r of res, whose first columns are BB_CASE_COLS starting at column col. */
void bb_case__from_row(const PGresult *res, int r, int col, bb_case *c);

/* Copies row r (BB_CASE_COLS at column 0) into a new case for *out; BB_ENOMEM if none. */
int bb_case__new_from_row(bb_ctx *ctx, const PGresult *res, int r, bb_case **out);

#endif
