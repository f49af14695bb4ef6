/* Fuzz target: normalisation of e-mail addresses (bb_norm__email, lib/crypto/normalize.c). */
#include <string.h>

#include "crypto/normalize.h"
#include "fuzz.h"

/* One '@' with something on both sides, no white space, controls or ASCII capitals, and the
 * input's characters otherwise: trimming never adds. */
static void check_email(const char *in, const char *e)
{
    const char *at = strchr(e, '@');

    FUZZ_CHECK(at != NULL && at != e && at[1] != '\0' && strchr(at + 1, '@') == NULL);
    FUZZ_CHECK(strlen(e) <= strlen(in));
    for (const char *p = e; *p != '\0'; p++)
        FUZZ_CHECK((unsigned char)*p > ' ' && *p != 0x7f && !(*p >= 'A' && *p <= 'Z'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bb_fuzz_normalise_input(data, size, bb_norm__email, check_email);
    return 0;
}
