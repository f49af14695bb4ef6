/* How many open cases each volunteer of a list is paired to: the load that the pairing rules
 * hold against a volunteer's capacity (bb/pairing.h), for lists that show both. */
#ifndef BB_VOLUNTEER_LOAD_H
#define BB_VOLUNTEER_LOAD_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/volunteer.h"

/* loads[i] gets the number of open (not closed) cases paired to list->items[i], in one query.
 * loads has room for list->n. */
BB_API int bb_volunteer_loads(bb_ctx *ctx, const bb_volunteer_list *list, int *loads);

#endif
