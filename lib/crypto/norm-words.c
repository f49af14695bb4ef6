/* The words of a normalised name. */
#include "crypto/norm-words.h"
#include "bb/error.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

static int is_word_break(char c)
{
    return c == ' ' || c == '-' || c == '\'' || c == '.' || c == ',';
}

/* Whether word w[0..n) is among the first `count` words in buf. */
static int seen(const char *buf, size_t count, const char *w, size_t n)
{
    for (size_t i = 0; i < count; i++, buf += strlen(buf) + 1)
        if (strlen(buf) == n && memcmp(buf, w, n) == 0)
            return 1;
    return 0;
}

int bb_norm__split(const char *normalized, char **out, size_t *size, size_t *n)
{
    char *buf = NULL;
    size_t o = 0, count = 0, i = 0, len = 0;
    int rc = normalized == NULL || out == NULL || size == NULL || n == NULL ? BB_EINVAL : BB_OK;

    if (rc == BB_OK && (buf = malloc((len = strlen(normalized)) + 1)) == NULL)
        rc = BB_ENOMEM;
    while (rc == BB_OK && i < len && count < BB_NORM_MAX_WORDS) {
        size_t start = i;

        while (i < len && !is_word_break(normalized[i]))
            i++;
        if (i > start && !seen(buf, count, normalized + start, i - start)) {
            memcpy(buf + o, normalized + start, i - start);
            o += i - start;
            buf[o++] = '\0';
            count++;
        }
        i++;
    }
    if (rc == BB_OK && count == 0)
        rc = BB_EINVAL; /* only punctuation */
    if (rc == BB_OK) {
        *out = buf;
        *size = len + 1;
        *n = count;
        buf = NULL;
    }
    bb_norm__free_words(buf, len + 1);
    return rc;
}

void bb_norm__free_words(char *words, size_t size)
{
    if (words == NULL)
        return;
    sodium_memzero(words, size);
    free(words);
}
