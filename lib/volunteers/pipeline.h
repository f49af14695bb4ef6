/* The volunteer pipeline inside libbb, shared by volunteer.c and pipeline.c. Not public. */
#ifndef BB_VOLUNTEER_PIPELINE_H
#define BB_VOLUNTEER_PIPELINE_H

#include "bb/volunteer.h"

#define BB_VOLUNTEER__STEPS 5

/* aangemeld, in_opleiding, gecertificeerd, actief, gestopt: a new volunteer's path. */
extern const char *const bb_volunteer__pipeline[BB_VOLUNTEER__STEPS];

/* A status's position on that path (NULL: aangemeld, 0). */
int bb_volunteer__index(const char *status);

/* Checks in->steps against in->status (one date per step before it) and their order, ending
 * with since; dates gets the checked dates. BB_EINVAL names the field and the values. */
int bb_volunteer__check_steps(bb_ctx *ctx, const bb_volunteer_new *in, const char *since,
                              char dates[][BB_DATE_SIZE]);

/* Moves a volunteer just added as aangemeld along the path to position k, each step on its
 * date (dates[1..k-1], then since), so the database records each. */
int bb_volunteer__walk(bb_ctx *ctx, const char *id, int k, char dates[][BB_DATE_SIZE],
                       const char *since);

/* Fails ctx with (and returns) BB_EINVAL: cur cannot go to status to, naming the steps it can take.
 */
int bb_volunteer__refusal(bb_ctx *ctx, const bb_volunteer *cur, const char *to);

#endif
