/* Shared by the fuzz targets (tests/fuzz/fuzz-*.c): the entry point libFuzzer and the replay
 * driver call, checks that hold in every build, and the input cut into strings. */
#ifndef BB_FUZZ_H
#define BB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/handle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that must hold: on failure prints where and aborts, which libFuzzer reports as a
 * crash and saves the input. Not assert(): it must not vanish under NDEBUG. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            bb_fuzz_fail(__FILE__, __LINE__, #cond);                                               \
    } while (0)

_Noreturn void bb_fuzz_fail(const char *file, int line, const char *what);

/* The input as at most max strings, one per line ('\n'); lines past max stay in the last one.
 * fields[i] is NULL for a line that is missing or, when empty_is_null, empty. A NUL byte ends
 * its field early, as it would in C. Returns the buffer that holds them (free() it), or NULL
 * when out of memory. */
char *bb_fuzz_fields(const uint8_t *data, size_t size, char **fields, size_t max,
                     int empty_is_null);

/* The whole input as one string (up to its first NUL byte); free() it. NULL when out of memory. */
char *bb_fuzz_string(const uint8_t *data, size_t size);

/* A handle that can take error messages and nothing else (no connection): what the parsers
 * need. */
void bb_fuzz_ctx(bb_ctx *ctx);

/* Runs normaliser fn (lib/crypto/normalize.h) on in and checks what every one promises: BB_OK
 * with a printable result that fn leaves as it is (normalising twice gives the same as once),
 * or BB_EINVAL with *out untouched. Returns the result (bb_norm__free it) or NULL. */
char *bb_fuzz_normalise(int (*fn)(const char *in, char **out), const char *in);

/* The whole input through bb_fuzz_normalise, then check(input, result) on a result. */
void bb_fuzz_normalise_input(const uint8_t *data, size_t size,
                             int (*fn)(const char *in, char **out),
                             void (*check)(const char *in, const char *out));

/* 1 when s is safe to show on a terminal: valid UTF-8 without C0, DEL or C1 controls. */
int bb_fuzz_printable(const char *s);

/* 1 when s is made only of the bytes in set (and not empty). */
int bb_fuzz_only(const char *s, const char *set);

#endif
