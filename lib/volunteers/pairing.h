/* Shared insides of pairing (pairing.c, pairing-suggest.c). Not public. */
#ifndef BB_PAIRING_INT_H
#define BB_PAIRING_INT_H

#include "bb/pairing.h"
#include "fields/fields.h"

/* For each of the n volunteers (ids), whether they live where a party of case case_id lives:
 * why[i] becomes BB_PAIR_AT_PARTY (same address), BB_PAIR_NEAR_PARTY (same postcode) or stays
 * 0. The parties' postcodes and house numbers are decrypted and looked up in the volunteers'
 * blind indexes; each index match is confirmed by decrypting the volunteer's indexed value.
 * Needs an unlocked handle. */
int bb_pair__near(bb_ctx *ctx, const char *case_id, const char *const *ids, size_t n, int *why);

#endif
