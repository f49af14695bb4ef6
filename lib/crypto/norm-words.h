/* The words of a normalised name (lib/fields/norm-name.h makes the normal form), for the word
 * blind indexes (internal). Here, below lib/keys, because rotating the blind-index key splits
 * the kept normal forms again. */
#ifndef BB_CRYPTO_NORM_WORDS_H
#define BB_CRYPTO_NORM_WORDS_H

#include <stddef.h>

/* Most words of one name that get a word index; more are ignored (and not searchable). */
#define BB_NORM_MAX_WORDS 16

/* Splits normalised text at ' ', '-', '\'', '.' and ',': each word once, in order, at most
 * BB_NORM_MAX_WORDS. On success *out is one new allocation holding the words, each
 * NUL-terminated, one after the other, *size its size (for bb_norm__free_words) and *n the
 * number of words. BB_EINVAL for NULL or text without a word, BB_ENOMEM; *out unchanged. */
int bb_norm__split(const char *normalized, char **out, size_t *size, size_t *n);

/* Wipes and frees words from bb_norm__split. NULL-safe. */
void bb_norm__free_words(char *words, size_t size);

#endif
