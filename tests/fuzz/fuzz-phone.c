/* Fuzz target: normalisation of phone numbers to E.164 (bb_norm__phone,
 * lib/crypto/normalize.c). */
#include <string.h>

#include "crypto/normalize.h"
#include "fuzz.h"

/* The input's digits, without the "(0)" that international notation allows. */
static void input_digits(const char *in, char *d, size_t cap)
{
    size_t n = 0;

    for (; *in != '\0' && n + 1 < cap; in++) {
        if (strncmp(in, "(0)", 3) == 0)
            in += 2;
        else if (*in >= '0' && *in <= '9')
            d[n++] = *in;
    }
    d[n] = '\0';
}

/* "+31" and nine digits, the first not 0, for a Dutch number; else "+" and 7..15 digits, the
 * first not 0 and not the Netherlands' 31. Nothing is made up or reordered: a Dutch number
 * ends in the input's last nine digits, another is the input's digits after any "00". */
static void check_phone(const char *in, const char *p)
{
    char d[BB_NORM_MAX_INPUT + 1];
    size_t n = strlen(p + 1), nd;

    FUZZ_CHECK(p[0] == '+' && bb_fuzz_only(p + 1, "0123456789") && p[1] != '0');
    input_digits(in, d, sizeof d);
    nd = strlen(d);
    if (strncmp(p + 1, "31", 2) == 0)
        FUZZ_CHECK(n == 11 && p[3] != '0' && nd >= 9 && strcmp(d + nd - 9, p + 3) == 0);
    else
        FUZZ_CHECK(n >= 7 && n <= 15 && strcmp(strncmp(d, "00", 2) == 0 ? d + 2 : d, p + 1) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bb_fuzz_normalise_input(data, size, bb_norm__phone, check_phone);
    return 0;
}
