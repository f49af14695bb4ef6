/* Fuzz target: normalisation of a person's name (bb_norm__name, lib/crypto/normalize.c). */
#include <string.h>

#include "fields/norm-name.h"
#include "fuzz.h"

/* The form docs/security.md promises: no ASCII capitals or other white space than single
 * spaces, none at either end or beside '-'. Folding never makes a name longer. */
static void check_name(const char *in, const char *n)
{
    size_t len = strlen(n);

    FUZZ_CHECK(len <= strlen(in));
    FUZZ_CHECK(n[0] != ' ' && n[len - 1] != ' ');
    for (size_t i = 0; i < len; i++) {
        FUZZ_CHECK(!(n[i] >= 'A' && n[i] <= 'Z'));
        FUZZ_CHECK(n[i] == ' ' || !(n[i] >= '\t' && n[i] <= '\r'));
        if (n[i] == ' ')
            FUZZ_CHECK(n[i + 1] != ' ' && n[i + 1] != '-' && n[i - 1] != '-');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bb_fuzz_normalise_input(data, size, bb_norm__name, check_name);
    return 0;
}
