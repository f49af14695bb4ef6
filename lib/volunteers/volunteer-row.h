/* Reading volunteer rows, shared by volunteer.c and volunteer-edit.c. Not public. */
#ifndef BB_VOLUNTEER_ROW_H
#define BB_VOLUNTEER_ROW_H

#include "bb/volunteer.h"
#include "fields/fields.h"

/* The columns bb_volunteer__from_row reads, of "volunteer v" (BB_VOLUNTEER_NCOLS). */
#define BB_VOLUNTEER_COLS                                                                          \
    "v.id, v.number, coalesce(v.area, ''), v.status, to_char(v.status_since, 'YYYY-MM-DD'),"       \
    " v.capacity, v.preferred_types::text, v.version,"                                             \
    " to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                 \
    " CASE WHEN v.status = 'gestopt' THEN volunteer_resume_status(v.id) ELSE '' END"

#define BB_VOLUNTEER_NCOLS 10

/* Fills v from row r of res (BB_VOLUNTEER_COLS from column 0). */
void bb_volunteer__from_row(const PGresult *res, int r, bb_volunteer *v);

/* Row 0 of res into a new volunteer for *out, or BB_ENOTFOUND naming what when there is none. */
int bb_volunteer__one_row(bb_ctx *ctx, const PGresult *res, const char *what, bb_volunteer **out);

#endif
