/* Shared insides of practices, referrals, follow-up and signals (lib/registry/). Not public. */
#ifndef BB_REFERRAL_INT_H
#define BB_REFERRAL_INT_H

#include "fields/fields.h"

#include <stdbool.h>

/* Parses an amount in euros ("85", "85.5", "85.50", "85,50") into cents, from 0 to max_cents.
 * BB_EINVAL names the field and the value otherwise. */
int bb_ref__euros(bb_ctx *ctx, const char *field, const char *value, long long max_cents,
                  long long *cents);

/* Parses hours in quarters ("3", "3.5", "3,75", "0.25") into quarters of an hour, from 0 to
 * BB_HOURS_MAX_QUARTERS. BB_EINVAL names the field and the value otherwise. */
int bb_ref__hours(bb_ctx *ctx, const char *field, const char *value, int *quarters);

/* Checks that value is one of keys (NULL-terminated); BB_EINVAL naming field, value and the
 * keys otherwise. what names the list in the message ("referral reason"). */
int bb_ref__one_of(bb_ctx *ctx, const char *field, const char *what, const char *const *keys,
                   const char *value);

/* A date YYYY-MM-DD from 2000 on, in the future too (signals look ahead). */
int bb_ref__any_date(bb_ctx *ctx, const char *field, const char *value, char out[BB_DATE_SIZE]);

/* Looks up the case with this number for a write: its id, status and report date, its row
 * locked when lock. BB_ENOTFOUND when the organisation has no such case. */
typedef struct bb_ref_case {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    char status[BB_KEY_SIZE];
    char reported_on[BB_DATE_SIZE];
    long long version;
} bb_ref_case;
int bb_ref__case(bb_ctx *ctx, const char *org, const char *number, bool lock, bb_ref_case *out);

#endif
