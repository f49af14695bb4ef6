/* Pairing (koppeling): two volunteers for a case, and suggestions for which two. The rules:
 * two different volunteers, both active (status "actief", which the pipeline reaches through
 * "gecertificeerd"), each under their capacity (open cases paired to them), and neither
 * living at the postcode of a party of the case (a neighbour, or the very address). The last
 * rule compares personal data through blind indexes, so pairing needs an unlocked handle. */
#ifndef BB_PAIRING_H
#define BB_PAIRING_H

#include "bb/case.h"
#include "bb/common.h"
#include "bb/ctx.h"
#include "bb/registry.h"
#include <stddef.h>

/* Pairs volunteers v1 and v2 ("V-0003", "v3" or "3") to a case, replacing an earlier pair, in
 * one transaction. expected_version is the case's version the caller saw (BB_ECONFLICT naming
 * what changed otherwise). A closed case is not paired. BB_EINVAL names the volunteer and the
 * rule refused (same volunteer twice, not active, at capacity, lives at a party's postcode or
 * address: said without the address), BB_ENOTFOUND an unknown case or volunteer, BB_EDENIED a
 * locked handle. *out (may be NULL) gets the case as stored afterwards. On error nothing is
 * written. */
BB_API int bb_case_assign(bb_ctx *ctx, const char *number, long long expected_version,
                          const char *v1, const char *v2, bb_case **out);

/* One volunteer of a suggested pair, with what counted. */
typedef struct bb_pair_member {
    char number[BB_NUMBER_SIZE];
    char area[BB_AREA_SIZE]; /* "" when none */
    int same_area;           /* 1 when the volunteer's area is the case's */
    int preferred;           /* how many of the case's conflict types the volunteer prefers */
    int load;                /* open cases paired to the volunteer now */
    int capacity;
} bb_pair_member;

typedef struct bb_pair {
    bb_pair_member member[2];
} bb_pair;

/* Why an active volunteer is not in any suggested pair. */
enum bb_pair_exclusion {
    BB_PAIR_AT_CAPACITY = 1, /* as many open cases as their capacity */
    BB_PAIR_NEAR_PARTY = 2,  /* lives at the postcode of a party of the case */
    BB_PAIR_AT_PARTY = 3,    /* lives at the very address of a party of the case */
};

typedef struct bb_pair_excluded {
    char number[BB_NUMBER_SIZE];
    enum bb_pair_exclusion why;
} bb_pair_excluded;

typedef struct bb_pair_list {
    bb_pair *items; /* best first */
    size_t n;
    bb_pair_excluded *excluded; /* active volunteers left out, by number */
    size_t n_excluded;
} bb_pair_list;

/* Ranks the pairs of active volunteers that the rules allow for a case: first the pairs with
 * more volunteers in the case's area, then more overlap between the case's conflict types and
 * the volunteers' preferred ones, then the lowest combined load, then the most spare capacity,
 * then by number. At most max pairs (1..100; 0 means 5) into *out (bb_pair_list_free), with
 * the active volunteers the rules left out and why. Needs an unlocked handle. BB_ENOTFOUND
 * for an unknown case; BB_EINVAL for a closed one. */
BB_API int bb_case_suggest(bb_ctx *ctx, const char *number, int max, bb_pair_list **out);

/* Frees a suggestion list; NULL-safe. */
BB_API void bb_pair_list_free(bb_pair_list *list);

#endif
