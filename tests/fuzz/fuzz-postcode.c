/* Fuzz target: postcodes, house numbers and the address key (bb_norm__postcode,
 * bb_norm__house_number and bb_norm__address of lib/crypto/normalize.c), and the registry's
 * own postcode check (bb_fields__postcode, lib/fields/parse.c), which must agree with them.
 * Input: the postcode on the first line, the house number on the second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "crypto/normalize.h"
#include "fuzz.h"
#include "fields/fields.h"

/* "1234AB": four digits, the first not 0, two capitals. */
static void check_postcode(const char *pc)
{
    bb_ctx ctx;
    int digits;

    FUZZ_CHECK(strlen(pc) == 6 && pc[0] != '0' && strspn(pc, "0123456789") == 4);
    FUZZ_CHECK(bb_fuzz_only(pc + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    /* What the normaliser makes of it, the registry takes, with the same digits. */
    bb_fuzz_ctx(&ctx);
    FUZZ_CHECK(bb_fields__postcode(&ctx, "postcode", pc, &digits) == BB_OK);
    FUZZ_CHECK(digits == atoi(pc) && digits >= 1000 && digits <= 9999);
}

/* "12", "12A", "12-1", "99999BIS": 1..99999 without leading zeros, then at most six capitals
 * and digits, a '-' before an addition that starts with a digit. */
static void check_house_number(const char *hn)
{
    size_t num = strspn(hn, "0123456789"), add;

    FUZZ_CHECK(num >= 1 && num <= 5 && hn[0] != '0');
    add = strlen(hn + num);
    if (hn[num] == '-') {
        FUZZ_CHECK(add >= 2 && add <= 7 && hn[num + 1] >= '0' && hn[num + 1] <= '9');
        FUZZ_CHECK(bb_fuzz_only(hn + num + 1, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    } else if (add > 0) {
        FUZZ_CHECK(add <= 6 && bb_fuzz_only(hn + num, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        FUZZ_CHECK(!(hn[num] >= '0' && hn[num] <= '9'));
    }
}

/* The registry's check takes "1234 AB" and "1234AB" only: each of those the normaliser takes
 * too, to the same postcode. */
static void check_registry(const char *in, const char *pc)
{
    bb_ctx ctx;
    int digits;

    bb_fuzz_ctx(&ctx);
    if (bb_fields__postcode(&ctx, "postcode", in, &digits) != BB_OK) {
        FUZZ_CHECK(ctx.errmsg[0] != '\0' && bb_fuzz_printable(ctx.errmsg));
        return;
    }
    FUZZ_CHECK(pc != NULL && digits == atoi(pc));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *f[2], *buf = bb_fuzz_fields(data, size, f, 2, 0);
    char *pc = NULL, *hn = NULL, *addr = NULL, unset, *got = &unset, want[32];
    int rc;

    if (buf == NULL)
        return 0;
    pc = bb_fuzz_normalise(bb_norm__postcode, f[0]);
    if (pc != NULL)
        check_postcode(pc);
    check_registry(f[0], pc);
    hn = f[1] != NULL ? bb_fuzz_normalise(bb_norm__house_number, f[1]) : NULL;
    if (hn != NULL)
        check_house_number(hn);
    /* The address key is the two joined, and exists exactly when both do. */
    rc = bb_norm__address(f[0], f[1], &got);
    if (pc != NULL && hn != NULL) {
        snprintf(want, sizeof want, "%s %s", pc, hn);
        FUZZ_CHECK(rc == BB_OK && strcmp(got, want) == 0);
        addr = got;
    } else {
        FUZZ_CHECK(rc == BB_EINVAL && got == &unset);
    }
    bb_norm__free(addr);
    bb_norm__free(pc);
    bb_norm__free(hn);
    free(buf);
    return 0;
}
