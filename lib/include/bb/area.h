/* Areas (villages, neighbourhoods) of an organisation and the postcode ranges that belong to
 * them, for deriving a volunteer's or case's area from a postcode. */
#ifndef BB_AREA_H
#define BB_AREA_H

#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

typedef struct bb_area {
    char name[BB_AREA_SIZE];
    char *postcodes; /* "1000-1099,1200": the 4-digit parts, "" when none */
    long long version;
} bb_area;

typedef struct bb_area_list {
    bb_area *items;
    size_t n;
} bb_area_list;

/* All areas of the organisation, by name, into *out (bb_area_list_free). An organisation has
 * tens of areas, so this is one load, not a page. */
BB_API int bb_area_list_get(bb_ctx *ctx, bb_area_list **out);

/* Frees an area list; NULL-safe. */
BB_API void bb_area_list_free(bb_area_list *list);

/* Creates area name, or replaces its postcode ranges, in one transaction. postcodes is a
 * comma-separated list of 4-digit postcodes and ranges ("1000-1099,1200"), "" for none, NULL
 * to keep an existing area's ranges. BB_EINVAL names a bad name or range, or the area a range
 * overlaps with; nothing is written then. */
BB_API int bb_area_set(bb_ctx *ctx, const char *name, const char *postcodes);

/* Renames area name to new_name in one transaction, keeping its postcode ranges; the cases and
 * volunteers in it follow. BB_EINVAL names a bad or unknown name, or a new name already taken
 * (nothing is written then). */
BB_API int bb_area_rename(bb_ctx *ctx, const char *name, const char *new_name);

/* The area whose ranges hold postcode ("1234 AB" or "1234AB") into *name (free()), NULL when
 * none does. BB_EINVAL names a malformed postcode. */
BB_API int bb_area_for_postcode(bb_ctx *ctx, const char *postcode, char **name);

#endif
