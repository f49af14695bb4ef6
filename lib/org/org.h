/* The organisation's areas, for the records that name one (cases, volunteers). Not public. */
#ifndef BB_ORG_ORG_H
#define BB_ORG_ORG_H

#include "base/handle.h"

#include <stddef.h>

/* BB_OK when the organisation has an area called name; BB_EINVAL naming it otherwise. */
int bb_fields__area_exists(bb_ctx *ctx, const char *org, const char *name);

/* The area whose postcode ranges hold the 4-digit postcode digits into out ("" when none). */
int bb_fields__area_for(bb_ctx *ctx, const char *org, int digits, char *out, size_t size);

#endif
