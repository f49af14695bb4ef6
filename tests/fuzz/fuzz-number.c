/* Fuzz target: case numbers, volunteer numbers and client ids (bb_fields__case_number,
 * bb_fields__volunteer_number of lib/fields/parse.c, bb_fields__uuid of lib/fields/check.c).
 * What is taken formats into its buffer and parses back to the same. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "fuzz.h"
#include "fields/fields.h"

/* A refusal says why, in a message safe for a terminal. */
static void check_refusal(const bb_ctx *ctx, int rc)
{
    FUZZ_CHECK(rc == BB_EINVAL && ctx->errmsg[0] != '\0' && bb_fuzz_printable(ctx->errmsg));
}

static void check_case_number(const char *value)
{
    char num[BB_NUMBER_SIZE + 1];
    bb_ctx ctx;
    int year, seq, y2, s2, rc;

    bb_fuzz_ctx(&ctx);
    rc = bb_fields__case_number(&ctx, "case", value, &year, &seq);
    if (rc != BB_OK) {
        check_refusal(&ctx, rc);
        return;
    }
    FUZZ_CHECK(year >= 0 && year <= 9999 && seq >= 1 && seq <= 9999999);
    num[BB_NUMBER_SIZE] = 'x'; /* the formatter must stay inside BB_NUMBER_SIZE */
    bb_fields__format_case_number(num, year, seq);
    FUZZ_CHECK(num[BB_NUMBER_SIZE] == 'x' && strlen(num) < BB_NUMBER_SIZE);
    FUZZ_CHECK(bb_fields__case_number(&ctx, "case", num, &y2, &s2) == BB_OK && y2 == year &&
               s2 == seq);
}

static void check_volunteer_number(const char *value)
{
    char num[BB_NUMBER_SIZE + 1];
    bb_ctx ctx;
    int n, n2, rc;

    bb_fuzz_ctx(&ctx);
    rc = bb_fields__volunteer_number(&ctx, "volunteer", value, &n);
    if (rc != BB_OK) {
        check_refusal(&ctx, rc);
        return;
    }
    FUZZ_CHECK(n >= 1 && n <= 9999999);
    num[BB_NUMBER_SIZE] = 'x';
    bb_fields__format_volunteer_number(num, n);
    FUZZ_CHECK(num[BB_NUMBER_SIZE] == 'x' && strlen(num) < BB_NUMBER_SIZE);
    FUZZ_CHECK(bb_fields__volunteer_number(&ctx, "volunteer", num, &n2) == BB_OK && n2 == n);
}

/* A UUID in text form comes back lower-cased, the same otherwise. */
static void check_uuid(const char *value)
{
    char id[BB_UUID_SIZE], again[BB_UUID_SIZE];
    bb_ctx ctx;
    int rc;

    bb_fuzz_ctx(&ctx);
    rc = bb_fields__uuid(&ctx, value, id);
    if (rc != BB_OK) {
        check_refusal(&ctx, rc);
        return;
    }
    FUZZ_CHECK(strlen(value) == 36 && strlen(id) == 36 && strcasecmp(id, value) == 0);
    for (int i = 0; i < 36; i++)
        FUZZ_CHECK(i == 8 || i == 13 || i == 18 || i == 23
                       ? id[i] == '-'
                       : isxdigit((unsigned char)id[i]) && !isupper((unsigned char)id[i]));
    FUZZ_CHECK(bb_fields__uuid(&ctx, id, again) == BB_OK && strcmp(id, again) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = bb_fuzz_string(data, size);

    if (in == NULL)
        return 0;
    check_case_number(in);
    check_volunteer_number(in);
    check_uuid(in);
    free(in);
    return 0;
}
