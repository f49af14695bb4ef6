/* Fuzz target: the registry's input checks (lib/fields/check.c): text fields, the quoting of
 * values in messages, keys of the category lists and lists of them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bb/error.h"
#include "crypto/normalize.h"
#include "fuzz.h"
#include "fields/fields.h"

#define N_VOCABS (BB_VOCAB_INTAKE_REASON + 1)

/* Checked with both messages; they agree, and what is taken is clean. Two UTF-8 decoders must
 * agree too: the registry's and the normaliser's. */
static void check_text(const char *value, size_t max)
{
    bb_ctx ctx, quiet;
    size_t len = strlen(value);
    int rc, valid = bb_norm__utf8_valid(value, len);

    bb_fuzz_ctx(&ctx);
    bb_fuzz_ctx(&quiet);
    rc = bb_fields__text(&ctx, "note", value, max);
    FUZZ_CHECK(bb_fields__text_quiet(&quiet, "note", value, max) == rc);
    if (rc == BB_OK) {
        FUZZ_CHECK(len > 0 && valid && bb_fuzz_printable(value));
        FUZZ_CHECK(!isspace((unsigned char)value[0]) && !isspace((unsigned char)value[len - 1]));
        return;
    }
    FUZZ_CHECK(rc == BB_EINVAL && bb_fuzz_printable(ctx.errmsg) && bb_fuzz_printable(quiet.errmsg));
    if (strstr(quiet.errmsg, "not valid UTF-8") != NULL)
        FUZZ_CHECK(!valid);
    else if (!valid)
        FUZZ_CHECK(strstr(quiet.errmsg, "control character") != NULL);
}

/* A quoted value fits its buffer and is safe on a terminal; a clean short value stays as it
 * is. */
static void check_quote(const char *value)
{
    static const size_t sizes[] = {1, 2, 4, 8, 9, 12, 40, 200};
    char q[201];
    bb_ctx ctx;

    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        memset(q, 'x', sizeof q);
        bb_fields__quote(value, q, sizes[i]);
        FUZZ_CHECK(memchr(q, '\0', sizes[i]) != NULL && q[sizes[i]] == 'x');
        FUZZ_CHECK(bb_fuzz_printable(q));
    }
    bb_fuzz_ctx(&ctx);
    if (bb_fields__text(&ctx, "note", value, 40) == BB_OK && strchr(value, '\\') == NULL)
        FUZZ_CHECK(strcmp(q, value) == 0);
}

/* A key is taken exactly when it is one of its list's, and every key fits BB_KEY_SIZE. */
static void check_key(bb_vocab v, const char *value)
{
    const char *const *k = bb_vocab_keys(v);
    bb_ctx ctx;
    int listed = 0;

    for (; *k != NULL; k++) {
        FUZZ_CHECK(strlen(*k) < BB_KEY_SIZE);
        listed |= strcmp(*k, value) == 0;
    }
    bb_fuzz_ctx(&ctx);
    if (bb_fields__key(&ctx, v, value) == BB_OK)
        FUZZ_CHECK(listed && strlen(value) < BB_KEY_SIZE);
    else
        FUZZ_CHECK(!listed && bb_fuzz_printable(ctx.errmsg));
}

/* The value cut at ',' as a list of keys: a list that is taken becomes an array literal that
 * splits back into the same keys. */
static void check_keys(bb_vocab v, char *list)
{
    const char *keys[BB_TYPES_MAX + 2];
    char pg[BB_TYPES_MAX * BB_KEY_SIZE + 4], back[BB_TYPES_MAX][BB_KEY_SIZE];
    size_t n = 0, m;
    bb_ctx ctx;

    for (char *s = list; n < BB_TYPES_MAX + 2 && s != NULL; n++) {
        keys[n] = s;
        s = strchr(s, ',');
        if (s != NULL)
            *s++ = '\0';
    }
    bb_fuzz_ctx(&ctx);
    if (bb_fields__keys(&ctx, v, keys, n, true, pg, sizeof pg) != BB_OK)
        return;
    FUZZ_CHECK(n <= BB_TYPES_MAX && pg[0] == '{' && pg[strlen(pg) - 1] == '}');
    bb_fields__split_keys(pg, back, BB_TYPES_MAX, &m);
    FUZZ_CHECK(m == n);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(strcmp(back[i], keys[i]) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = bb_fuzz_string(data, size), *list = NULL, split[4][BB_KEY_SIZE];
    size_t n;

    if (in == NULL)
        return 0;
    check_text(in, BB_NOTE_MAX);
    check_text(in, 12);
    check_quote(in);
    for (int v = 0; v < N_VOCABS; v++) {
        check_key((bb_vocab)v, in);
        free(list);
        list = strdup(in);
        if (list != NULL)
            check_keys((bb_vocab)v, list);
    }
    /* Splitting whatever comes from the database stays inside its room. */
    bb_fields__split_keys(in, split, 4, &n);
    FUZZ_CHECK(n <= 4);
    free(list);
    free(in);
    return 0;
}
