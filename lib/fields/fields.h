/* What every record's fields must be, for the domain folders above: input checks whose
 * messages name the field and value, numbers, dates, amounts, keys, and small row helpers.
 * Not public. */
#ifndef BB_FIELDS_H
#define BB_FIELDS_H

#include "bb/registry.h"
#include "base/handle.h"

#include <stdbool.h>
#include <stddef.h>

/* A page size when the caller gives 0, and the largest one allowed. */
#define BB_REG_PAGE_DEFAULT 50
#define BB_REG_PAGE_MAX     1000

/* Writes value into out (size bytes) so that it is safe in a message shown on a terminal:
 * valid UTF-8 without control characters stays, anything else becomes \xHH; long values are
 * cut with "...". NULL becomes "(null)". */
void bb_fields__quote(const char *value, char *out, size_t size);

/* Checks a text field: present, valid UTF-8, no control characters or terminal escape
 * sequences (C0, DEL, C1, bidirectional overrides), no leading or trailing spaces, 1 to
 * max_chars characters. BB_EINVAL naming field and value otherwise. */
int bb_fields__text(bb_ctx *ctx, const char *field, const char *value, size_t max_chars);

/* bb_fields__text for personal data: the message names the field and the problem, never the
 * value (it would land in terminals, logs and bug reports). */
int bb_fields__text_quiet(bb_ctx *ctx, const char *field, const char *value, size_t max_chars);

/* bb_fields__text_quiet for a free-text note: it may have several lines, split by line feeds
 * (\n); every other control character (\r too) is refused. */
int bb_fields__note(bb_ctx *ctx, const char *field, const char *value, size_t max_chars);

/* Checks that value is a key of list v; BB_EINVAL naming the field, the value and the keys
 * expected otherwise (also for NULL: a missing value). */
int bb_fields__key(bb_ctx *ctx, bb_vocab v, const char *value);

/* The one word of candidates (ending with NULL) close to word: the closest within a
 * Damerau-Levenshtein distance of 2 (and less than word's length), else the only one that
 * begins with word; NULL when none or several are that close. The same for bbctl's commands
 * and options (bb_closest). */
const char *bb_fields__closest(const char *word, const char *const *candidates);

/* Adds "; did you mean 'KEY'?" to ctx's message when one of keys is close to value (as
 * bb_fields__closest finds it); returns status, so `return bb_fields__suggest(ctx, fail(...),
 * ...)`. */
int bb_fields__suggest(bb_ctx *ctx, int status, const char *value, const char *const *keys);

/* Checks a list of keys of v: 1 (or 0 when may_be_empty) to BB_TYPES_MAX, each known, none
 * twice. Writes them as a PostgreSQL array literal ("{a,b}") into pg (size bytes). */
int bb_fields__keys(bb_ctx *ctx, bb_vocab v, const char *const *keys, size_t n, bool may_be_empty,
                    char *pg, size_t size);

/* Splits a PostgreSQL array of keys ("{a,b}") or a comma list ("a,b") into out. */
void bb_fields__split_keys(const char *s, char out[][BB_KEY_SIZE], size_t max, size_t *n);

/* Today's date on this machine, YYYY-MM-DD: what the user calls today. */
void bb_fields__today(char out[BB_DATE_SIZE]);

/* Checks a date: YYYY-MM-DD, a real calendar day, from 2000 on, not after today. NULL means
 * today when may_default, else it is missing. out gets the date. */
int bb_fields__date(bb_ctx *ctx, const char *field, const char *value, bool may_default,
                    char out[BB_DATE_SIZE]);

/* A client UUID: checked and lower-cased into out, or a new one when value is NULL. */
int bb_fields__uuid(bb_ctx *ctx, const char *value, char out[BB_UUID_SIZE]);

/* Parses a case number "BB-2024-0007" (the prefix in any case) into year and seq. */
int bb_fields__case_number(bb_ctx *ctx, const char *field, const char *value, int *year, int *seq);
/* Reads a case number as people type it: "BB-2024-0007" (prefix in any case, leading zeros
 * optional), "2024-7", or "7" (then *year is 0: this year's). Blanks around it are ignored;
 * years 2000 to 9999, numbers 1 to 9999999. False for anything else. Pure: no handle. */
bool bb_fields__case_number_short(const char *in, int *year, int *seq);
void bb_fields__format_case_number(char out[BB_NUMBER_SIZE], int year, int seq);

/* Parses a volunteer number "V-0003", "v3" or "3". */
int bb_fields__volunteer_number(bb_ctx *ctx, const char *field, const char *value, int *number);
void bb_fields__format_volunteer_number(char out[BB_NUMBER_SIZE], int number);

/* Parses a Dutch postcode "1234 AB" / "1234AB" and gives its 4-digit part. */
int bb_fields__postcode(bb_ctx *ctx, const char *field, const char *value, int *digits);

/* Copies src into dst (size bytes), cutting if needed; NULL copies as "". */
void bb_fields__copy(char *dst, size_t size, const char *src);

/* A page size from the caller's limit (0: default), or BB_EINVAL naming it. */
int bb_fields__limit(bb_ctx *ctx, int limit, int *out);

/* Parses an amount in euros ("85", "85.5", "85.50", "85,50") into cents, from 0 to max_cents.
 * BB_EINVAL names the field and the value otherwise. */
int bb_fields__euros(bb_ctx *ctx, const char *field, const char *value, long long max_cents,
                     long long *cents);

/* Parses hours in quarters ("3", "3.5", "3,75", "0.25") into quarters of an hour, from 0 to
 * BB_HOURS_MAX_QUARTERS. BB_EINVAL names the field and the value otherwise. */
int bb_fields__hours(bb_ctx *ctx, const char *field, const char *value, int *quarters);

/* Checks that value is one of keys (NULL-terminated); BB_EINVAL naming field, value and the
 * keys otherwise. what names the list in the message ("referral reason"). */
int bb_fields__one_of(bb_ctx *ctx, const char *field, const char *what, const char *const *keys,
                      const char *value);

/* A date YYYY-MM-DD from 2000 on, in the future too (signals look ahead). */
int bb_fields__any_date(bb_ctx *ctx, const char *field, const char *value, char out[BB_DATE_SIZE]);

/* Builds the BB_ECONFLICT message for a row of table tbl (what: its name for the user, such as
 * "case BB-2024-0007") that is at current_version, not the caller's expected_version: the
 * fields changed since, from row_revision. Returns BB_ECONFLICT (or a database error). */
int bb_fields__conflict(bb_ctx *ctx, const char *tbl, const char *id, const char *what,
                        long long expected_version, long long current_version);

#endif
